/**
 * Loading the Wasm core. The module is compiled with AssemblyScript's `raw` bindings: the host
 * passes a compiled `WebAssembly.Module`, so the same code works where compiling bytes is
 * forbidden (Cloudflare Workers). Buffers are exchanged as pointer views into linear memory,
 * never copied per step; views are re-created whenever memory grows.
 *
 * Two builds of the same source exist: "float64" (build/core64.wasm, the reference
 * implementations' arithmetic, the default) and "float32" (build/core.wasm, four SIMD lanes,
 * two to four times as fast).
 */
import { instantiate } from "../build/core.js";
import { ConfigurationError, StateError, describe } from "./errors.js";

type RawExports = Awaited<ReturnType<typeof instantiate>>;

export const precisions = ["float32", "float64"] as const;
export type Precision = (typeof precisions)[number];
export type FloatArray = Float32Array | Float64Array;

/** Float64 is the references' arithmetic; float32 is the fast option. */
export const DEFAULT_PRECISION: Precision = "float64";

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

  readFloat(ptr: number): number {
    return this.memoryFloats[ptr / this.floatBytes];
  }

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

export type CoreSource = WebAssembly.Module | BufferSource | URL | Response | string;

export interface LoadOptions {
  /** "float64" (default: the reference implementations' arithmetic) or "float32" (faster). */
  precision?: Precision;
  /** The compiled module, its bytes, a URL or a Response; by default the packaged `.wasm`. */
  source?: CoreSource;
}

const loaded = new Map<Precision, Core>();

const defaultLocation = (precision: Precision) => new URL(precision === "float64" ? "../build/core64.wasm" : "../build/core.wasm", import.meta.url);

async function compile(source: CoreSource | undefined, precision: Precision): Promise<WebAssembly.Module> {
  if (source instanceof WebAssembly.Module) return source;
  if (source === undefined || source instanceof URL || typeof source === "string") {
    const url = source === undefined ? defaultLocation(precision) : new URL(source, defaultLocation(precision));
    if (url.protocol === "file:") {
      const { readFile } = await import("node:fs/promises");
      return WebAssembly.compile(await readFile(url));
    }
    return WebAssembly.compileStreaming(fetch(url));
  }
  if (typeof Response !== "undefined" && source instanceof Response) return WebAssembly.compileStreaming(source);
  return WebAssembly.compile(source as BufferSource);
}

/**
 * Loads a core (once per precision) and returns it. On Cloudflare Workers pass the imported
 * module as `source`, since Workers forbid compiling bytes.
 */
export async function loadCore(options: LoadOptions = {}): Promise<Core> {
  const precision = options.precision ?? DEFAULT_PRECISION;
  if (!precisions.includes(precision)) throw new ConfigurationError(`precision must be one of ${precisions.join(", ")}; got ${describe(precision)}`);
  const existing = loaded.get(precision);
  if (existing && options.source === undefined) return existing;
  const module = await compile(options.source, precision);
  const core = new Core(await instantiate(module, {}), precision, module);
  loaded.set(precision, core);
  return core;
}

/** A loaded core; throws if `loadCore` has not completed for that precision. */
export function getCore(precision: Precision = DEFAULT_PRECISION): Core {
  const core = loaded.get(precision);
  if (!core) throw new StateError(`The ${precision} Wasm core is not loaded; call \`await loadCore({ precision: "${precision}" })\` first`);
  return core;
}
