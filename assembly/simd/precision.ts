// The core's floating-point type. Everything numeric in the core is written in terms of
// `Float` and the generic v128 operations, so one source gives both builds: this file says f32
// for build/core.wasm (four lanes per vector, the fast default) and scripts/build-wasm.mjs
// compiles a copy that says f64 for build/core64.wasm (the reference implementations' precision).
export type Float = f32;

/** Floats per v128. */
// @ts-ignore: decorator
@inline export const LANES: i32 = <i32>(16 / sizeof<Float>());
/** log2 of the bytes of one Float. */
// @ts-ignore: decorator
@inline export const FLOAT_SHIFT: usize = alignof<Float>();
