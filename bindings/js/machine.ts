// What every kernel works on: the heap, the build's arithmetic, and the records (Layer, Network,
// Agent) that live in the heap at the Wasm's layout, because the bindings address some of their
// fields directly (checkpoints copy Adam step counts and the agent's loop counter in place).
import type { Precision } from "../core.js";
import { type FloatArray, type FloatMath, floatMath } from "./math.js";
import { Heap } from "./memory.js";

export class Machine {
  readonly heap = new Heap();
  readonly math: FloatMath;
  readonly floatBytes: 4 | 8;

  constructor(readonly precision: Precision) {
    this.math = floatMath(precision);
    this.floatBytes = this.math.single ? 4 : 8;
  }

  /** The heap as Floats of this build (index = pointer >> shift); valid until the next allocation. */
  get F(): FloatArray {
    return this.math.single ? this.heap.f32 : this.heap.f64;
  }

  /** assembly/layer.ts allocFloats: zeroed room for n Floats. */
  allocFloats(n: number): number {
    return this.heap.alloc(n * this.floatBytes);
  }
}

/** Field types of an @unmanaged AssemblyScript class on wasm32. */
export type FieldType = "i32" | "usize" | "Float" | "f64";

export interface Layout<N extends string> {
  readonly offsets: Readonly<Record<N, number>>;
  readonly types: Readonly<Record<N, FieldType>>;
  /** The fields in order, for reading a whole record. */
  readonly fields: readonly (readonly [N, FieldType, number])[];
  /** offsetof<T>(): bytes of the record. */
  readonly size: number;
}

/** Offsets as AssemblyScript assigns them: fields in order, each aligned to its own size. */
export function layout<N extends string>(fields: readonly (readonly [N, FieldType])[], floatBytes: 4 | 8): Layout<N> {
  const offsets = {} as Record<N, number>;
  const types = {} as Record<N, FieldType>;
  const list: [N, FieldType, number][] = [];
  let at = 0;
  for (const [name, type] of fields) {
    const bytes = type === "f64" || (type === "Float" && floatBytes === 8) ? 8 : 4;
    at = Math.ceil(at / bytes) * bytes;
    offsets[name] = at;
    types[name] = type;
    list.push([name, type, at]);
    at += bytes;
  }
  return { offsets, types, fields: list, size: at };
}

/** A record read out of the heap into a plain object, plus its address. */
export type Fields<N extends string> = { [K in N]: number } & { readonly ptr: number };

export function readRecord<N extends string>(m: Machine, shape: Layout<N>, ptr: number): Fields<N> {
  const out = { ptr } as Fields<N>;
  const { i32, u32, f64 } = m.heap;
  const F = m.F;
  const sh = m.math.shift;
  for (const [name, type, offset] of shape.fields) {
    const at = ptr + offset;
    (out as Record<N, number>)[name] = type === "i32" ? i32[at >>> 2] : type === "usize" ? u32[at >>> 2] : type === "f64" ? f64[at >>> 3] : F[at >>> sh];
  }
  return out;
}

export function readField<N extends string>(m: Machine, shape: Layout<N>, ptr: number, name: N): number {
  const at = ptr + shape.offsets[name];
  switch (shape.types[name]) {
    case "i32": return m.heap.i32[at >>> 2];
    case "usize": return m.heap.u32[at >>> 2];
    case "f64": return m.heap.f64[at >>> 3];
    default: return m.F[at >>> m.math.shift];
  }
}

export function writeField<N extends string>(m: Machine, shape: Layout<N>, ptr: number, name: N, value: number): void {
  const at = ptr + shape.offsets[name];
  switch (shape.types[name]) {
    case "i32": m.heap.i32[at >>> 2] = value; break;
    case "usize": m.heap.u32[at >>> 2] = value; break;
    case "f64": m.heap.f64[at >>> 3] = value; break;
    default: m.F[at >>> m.math.shift] = value;
  }
}
