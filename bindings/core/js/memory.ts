// The JS core's linear memory: one ArrayBuffer that plays the part of Wasm memory, so the
// bindings' pointer arithmetic and typed-array views work unchanged. Like Wasm memory, growing
// replaces `buffer` with a bigger one and detaches the old one, so a stale view fails loudly
// (length 0) instead of silently reading old data.

/** Allocations are aligned like v128 loads in the Wasm core. */
const ALIGN = 16;
/** Wasm's initial memory (asconfig.json: 16 pages of 64 KiB). */
const INITIAL_BYTES = 16 * 65536;
/** Address 0 is the null pointer, so nothing is ever placed there. */
const FIRST_ADDRESS = ALIGN;
/** wasm32's limit (65,536 pages): records hold pointers as u32. */
const MAX_BYTES = 2 ** 32;

export class Heap {
  buffer: ArrayBuffer;
  u8!: Uint8Array;
  i32!: Int32Array;
  u32!: Uint32Array;
  f32!: Float32Array;
  f64!: Float64Array;
  /** `raw.memory`: what the bindings see of this heap. */
  readonly memory: { readonly buffer: ArrayBuffer };
  private top = FIRST_ADDRESS;
  private readonly sizes = new Map<number, number>();
  /** Freed blocks by size: networks of one shape are created and disposed again and again. */
  private readonly freeLists = new Map<number, number[]>();

  constructor(bytes = INITIAL_BYTES) {
    this.buffer = new ArrayBuffer(bytes);
    this.makeViews();
    const heap = this;
    this.memory = {
      get buffer() {
        return heap.buffer;
      },
    };
  }

  private makeViews(): void {
    this.u8 = new Uint8Array(this.buffer);
    this.i32 = new Int32Array(this.buffer);
    this.u32 = new Uint32Array(this.buffer);
    this.f32 = new Float32Array(this.buffer);
    this.f64 = new Float64Array(this.buffer);
  }

  /** `bytes` of zeroed memory at a 16-byte aligned address. */
  alloc(bytes: number): number {
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    let ptr = this.freeLists.get(size)?.pop();
    if (ptr === undefined) {
      if (this.top + size > this.buffer.byteLength) this.grow(this.top + size);
      ptr = this.top;
      this.top += size;
    }
    this.sizes.set(ptr, size);
    this.u8.fill(0, ptr, ptr + size);
    return ptr;
  }

  /** Returns a block to the allocator; anything that is not a live block is ignored. */
  free(ptr: number): void {
    const size = this.sizes.get(ptr);
    if (size === undefined) return;
    this.sizes.delete(ptr);
    let list = this.freeLists.get(size);
    if (!list) this.freeLists.set(size, (list = []));
    list.push(ptr);
  }

  private grow(minBytes: number): void {
    if (minBytes > MAX_BYTES) throw new RangeError(`out of memory: the core's heap cannot grow beyond 4 GiB (${minBytes} bytes needed)`);
    let bytes = this.buffer.byteLength;
    while (bytes < minBytes) bytes = Math.min(2 * bytes, MAX_BYTES);
    const old = this.buffer;
    const next = new ArrayBuffer(bytes);
    new Uint8Array(next).set(new Uint8Array(old));
    this.buffer = next;
    this.makeViews();
    // Detach the old buffer as memory.grow does.
    structuredClone(old, { transfer: [old] });
  }
}
