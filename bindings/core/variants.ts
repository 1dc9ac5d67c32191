/** The builds of the core a program can load: two precisions, three backends. */

/** The two builds of the core: float32 (four SIMD lanes) and float64 (two; the default). */
export const precisions = ["float32", "float64"] as const;
/** One of `precisions`. */
export type Precision = (typeof precisions)[number];
/** A view of the core's floats in its precision. */
export type FloatArray = Float32Array | Float64Array;

/** Float64 is the references' arithmetic; float32 is the fast option. */
export const DEFAULT_PRECISION: Precision = "float64";

/** What runs a core: Wasm with SIMD (default), Wasm without SIMD, or the TypeScript twin. */
export const backends = ["wasm", "wasm-scalar", "js"] as const;
/** One of `backends`. */
export type Backend = (typeof backends)[number];
