/**
 * Loading the Wasm core. The module is compiled with AssemblyScript's `raw` bindings: the host
 * passes a compiled `WebAssembly.Module`, so the same code works where compiling bytes is
 * forbidden (Cloudflare Workers). Buffers are exchanged as pointer views into linear memory,
 * never copied per step; views are re-created whenever memory grows.
 *
 * Two builds of the same source exist: "float64" (build/core64.wasm, the reference
 * implementations' arithmetic, the default) and "float32" (build/core.wasm, four SIMD lanes,
 * about twice as fast).
 *
 * Three backends provide them: "wasm" (the default); "wasm-scalar", the same kernels compiled
 * without SIMD (build/core-scalar.wasm, build/core64-scalar.wasm: the benchmarks' measure of what
 * SIMD is worth); and "js", the same AssemblyScript sources compiled to JavaScript
 * (tools/js-core/; glue in bindings/core/js/) that computes the same numbers as "wasm", for
 * checking the Wasm kernels against and for hosts without WebAssembly SIMD, where "wasm" falls
 * back to it.
 */
import { instantiate } from "../../build/core.js";
import { ConfigurationError, StateError, describe } from "../errors.js";
import { nodeBuiltin } from "./host.js";
import { inlinedCore, packagedCoreUrl } from "../packaged-cores.js";
import type { RawExports } from "./raw-exports.js";
import { DEFAULT_PRECISION, backends, precisions, type Backend, type FloatArray, type Precision } from "./variants.js";

export { DEFAULT_PRECISION, backends, precisions, type Backend, type FloatArray, type Precision } from "./variants.js";
export type { RawExports } from "./raw-exports.js";

/**
 * A loaded core of one precision and backend: its raw exports and views of its memory. `loadCore`
 * makes one; agents and networks run on it.
 */
export class Core {
  /** Bytes per float in this build. */
  readonly floatBytes: 4 | 8;
  private viewsBuffer: ArrayBuffer;
  private floatView: FloatArray;
  private i32View: Int32Array;
  private u32View: Uint32Array;

  constructor(
    readonly raw: RawExports,
    readonly precision: Precision,
    /** The compiled module, which worker threads can instantiate again without compiling. */
    readonly module?: WebAssembly.Module,
    /** Which implementation runs the core: the SIMD or scalar Wasm module, or the core compiled to JavaScript. */
    readonly backend: Backend = "wasm",
  ) {
    this.floatBytes = precision === "float64" ? 8 : 4;
    this.viewsBuffer = raw.memory.buffer;
    this.floatView = this.makeFloatView();
    this.i32View = new Int32Array(this.viewsBuffer);
    this.u32View = new Uint32Array(this.viewsBuffer);
  }

  private makeFloatView(): FloatArray {
    return this.precision === "float64" ? new Float64Array(this.viewsBuffer) : new Float32Array(this.viewsBuffer);
  }

  private refresh(): void {
    if (this.raw.memory.buffer !== this.viewsBuffer) {
      this.viewsBuffer = this.raw.memory.buffer;
      this.floatView = this.makeFloatView();
      this.i32View = new Int32Array(this.viewsBuffer);
      this.u32View = new Uint32Array(this.viewsBuffer);
    }
  }

  /** The whole memory as floats of this build; index = pointer / floatBytes. Valid until the next allocation. */
  get memoryFloats(): FloatArray {
    this.refresh();
    return this.floatView;
  }

  get i32(): Int32Array {
    this.refresh();
    return this.i32View;
  }

  get u32(): Uint32Array {
    this.refresh();
    return this.u32View;
  }

  /** The float at byte address `pointer` of the core's memory, in the core's precision. */
  readFloat(ptr: number): number {
    return this.memoryFloats[ptr / this.floatBytes];
  }

  /** Writes `value` at byte address `pointer` of the core's memory, rounded to the core's precision. */
  writeFloat(ptr: number, value: number): void {
    this.memoryFloats[ptr / this.floatBytes] = value;
  }

  /** A view of `length` floats at `ptr`; valid until the next allocation. */
  floats(ptr: number, length: number): FloatArray {
    return this.precision === "float64" ? new Float64Array(this.raw.memory.buffer, ptr, length) : new Float32Array(this.raw.memory.buffer, ptr, length);
  }

  /** Bytes of linear memory in use by the module (grows, never shrinks). */
  get memoryBytes(): number {
    return this.raw.memory.buffer.byteLength;
  }
}

/** Where to load a core from: a compiled module, bytes, a URL, a fetch Response, or a path. */
export type CoreSource = WebAssembly.Module | BufferSource | URL | Response | string;

/** Options of `loadCore`. */
export interface LoadOptions {
  /** "float64" (default: the reference implementations' arithmetic) or "float32" (faster). */
  precision?: Precision;
  /** The compiled module, its bytes, a URL or a Response; by default the packaged `.wasm`. */
  source?: CoreSource;
  /**
   * "wasm" (default), "wasm-scalar" (the same kernels without SIMD; sums of lanes round
   * differently) or "js", the core compiled to JavaScript: the same results as "wasm", several times slower.
   * Where WebAssembly SIMD is unavailable "wasm" falls back to "js" with a warning.
   */
  backend?: Backend;
}

/** Loaded cores by backend and precision. */
const loaded = new Map<string, Core>();
const key = (backend: Backend, precision: Precision) => `${backend}:${precision}`;

/** The smallest module using a v128 instruction (i8x16.splat); it validates only where SIMD is supported. */
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () -> v128
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0x00, 0xfd, 0x0f, 0x0b, // code: i32.const 0; i8x16.splat; end
]);

/** Whether this host can run the Wasm core (WebAssembly with the SIMD proposal). */
export function wasmSimdSupported(): boolean {
  try {
    return typeof WebAssembly === "object" && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

let detectSimd: () => boolean = wasmSimdSupported;

/**
 * Replaces the SIMD detector `loadCore` consults (tests use it to simulate hosts without SIMD);
 * returns the previous one.
 */
export function setSimdDetector(detector: () => boolean): () => boolean {
  const previous = detectSimd;
  detectSimd = detector;
  return previous;
}

/** Compiles the file at `url`: read from disk in Node, fetched elsewhere (Deno fetches file: URLs too). */
async function compileUrl(url: URL): Promise<WebAssembly.Module> {
  if (url.protocol === "file:") {
    const fs = nodeBuiltin<{ readFileSync(path: URL): Uint8Array }>("fs");
    if (fs) return WebAssembly.compile(fs.readFileSync(url) as BufferSource);
    const response = await fetch(url);
    return WebAssembly.compile(await response.arrayBuffer());
  }
  const response = await fetch(url);
  if (!response.ok) throw new ConfigurationError(`source: fetching the core from ${url.href} failed with HTTP ${response.status}; pass the file's URL, bytes or compiled module as \`source\``);
  return WebAssembly.compileStreaming(response);
}

async function compile(source: CoreSource | undefined, precision: Precision, backend: Backend): Promise<WebAssembly.Module> {
  if (source instanceof WebAssembly.Module) return source;
  if (source === undefined && backend === "wasm") {
    try {
      return await compileUrl(packagedCoreUrl(precision, backend));
    } catch (error) {
      // The packaged file is not where the bundle expects it (or import.meta.url is unusable):
      // fall back to the copy inlined in the library, and fail with the original error only if that fails too.
      try {
        return await WebAssembly.compile((await inlinedCore(precision)) as BufferSource);
      } catch {
        throw error;
      }
    }
  }
  if (source === undefined || source instanceof URL || typeof source === "string") {
    return compileUrl(source === undefined ? packagedCoreUrl(precision, backend) : new URL(source, packagedCoreUrl(precision, backend)));
  }
  if (typeof Response !== "undefined" && source instanceof Response) return WebAssembly.compileStreaming(source);
  return WebAssembly.compile(source as BufferSource);
}

/**
 * Loads a core (once per backend and precision) and returns it. On Cloudflare Workers pass the
 * imported module as `source`, since Workers forbid compiling bytes.
 */
export async function loadCore(options: LoadOptions = {}): Promise<Core> {
  const precision = options.precision ?? DEFAULT_PRECISION;
  if (!precisions.includes(precision)) throw new ConfigurationError(`precision must be one of ${precisions.join(", ")}; got ${describe(precision)}`);
  const backend = options.backend ?? "wasm";
  if (!backends.includes(backend)) throw new ConfigurationError(`backend must be one of ${backends.join(", ")}; got ${describe(backend)}`);
  const existing = loaded.get(key(backend, precision));
  if (existing && (options.source === undefined || existing.backend === "js")) return existing;
  if (backend === "js" || (backend === "wasm" && !detectSimd())) {
    if (backend === "wasm") console.warn(`coagent: WebAssembly SIMD is not available here; the ${precision} core runs on the JS backend (same results, slower)`);
    let core = loaded.get(key("js", precision));
    if (!core) {
      const { createJsCore } = await import("./js/exports.js");
      core = new Core(createJsCore(precision), precision, undefined, "js");
      loaded.set(key("js", precision), core);
    }
    // After a fallback, code asking for the default backend (getCore(precision)) gets this core.
    loaded.set(key(backend, precision), core);
    return core;
  }
  const module = await compile(options.source, precision, backend);
  const core = new Core(await instantiate(module, {}), precision, module, backend);
  loaded.set(key(backend, precision), core);
  return core;
}

/** A loaded core; throws if `loadCore` has not completed for that precision and backend. */
export function getCore(precision: Precision = DEFAULT_PRECISION, backend: Backend = "wasm"): Core {
  const core = loaded.get(key(backend, precision));
  if (!core) {
    const hint = backend === "wasm" ? `{ precision: "${precision}" }` : `{ precision: "${precision}", backend: "${backend}" }`;
    throw new StateError(`The ${precision} ${backend} core is not loaded; call \`await loadCore(${hint})\` first`);
  }
  return core;
}
