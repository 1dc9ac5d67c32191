/**
 * Loading the Wasm core. The module is compiled with AssemblyScript's `raw` bindings: the host
 * passes a compiled `WebAssembly.Module`, so the same code works where compiling bytes is
 * forbidden (Cloudflare Workers). Buffers are exchanged as pointer views into linear memory,
 * never copied per step; views are re-created whenever memory grows.
 */
import { instantiate } from "../build/core.js";
import { StateError } from "./errors.js";

type RawExports = Awaited<ReturnType<typeof instantiate>>;

export class Core {
  private viewsBuffer: ArrayBuffer;
  private f32View: Float32Array;
  private i32View: Int32Array;
  private u32View: Uint32Array;

  constructor(readonly raw: RawExports) {
    this.viewsBuffer = raw.memory.buffer;
    this.f32View = new Float32Array(this.viewsBuffer);
    this.i32View = new Int32Array(this.viewsBuffer);
    this.u32View = new Uint32Array(this.viewsBuffer);
  }

  private refresh(): void {
    if (this.raw.memory.buffer !== this.viewsBuffer) {
      this.viewsBuffer = this.raw.memory.buffer;
      this.f32View = new Float32Array(this.viewsBuffer);
      this.i32View = new Int32Array(this.viewsBuffer);
      this.u32View = new Uint32Array(this.viewsBuffer);
    }
  }

  /** The whole memory as float32; index = pointer / 4. Valid until the next allocation. */
  get f32(): Float32Array {
    this.refresh();
    return this.f32View;
  }

  get i32(): Int32Array {
    this.refresh();
    return this.i32View;
  }

  get u32(): Uint32Array {
    this.refresh();
    return this.u32View;
  }

  /** A float32 view of `length` floats at `ptr`; valid until the next allocation. */
  floats(ptr: number, length: number): Float32Array {
    return new Float32Array(this.raw.memory.buffer, ptr, length);
  }

  /** Bytes of linear memory in use by the module (grows, never shrinks). */
  get memoryBytes(): number {
    return this.raw.memory.buffer.byteLength;
  }
}

export type CoreSource = WebAssembly.Module | BufferSource | URL | Response | string;

let current: Core | undefined;

const defaultLocation = new URL("../build/core.wasm", import.meta.url);

async function compile(source: CoreSource | undefined): Promise<WebAssembly.Module> {
  if (source instanceof WebAssembly.Module) return source;
  if (source === undefined || source instanceof URL || typeof source === "string") {
    const url = source === undefined ? defaultLocation : new URL(source, defaultLocation);
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
 * Loads the core once and returns it. `source` may be a compiled module (required on
 * Cloudflare Workers), bytes, a URL or a Response; by default the `.wasm` shipped beside
 * the package is read (Node) or fetched (browsers).
 */
export async function loadCore(source?: CoreSource): Promise<Core> {
  if (current && source === undefined) return current;
  current = new Core(await instantiate(await compile(source), {}));
  return current;
}

/** The loaded core; throws if `loadCore` has not completed. */
export function getCore(): Core {
  if (!current) throw new StateError("The Wasm core is not loaded; call `await loadCore()` first");
  return current;
}
