// The scalar build's vector operations (see vector.ts): a `Vec` is one Float and every
// operation the plain Wasm instruction, so the kernels compile without SIMD. Not part of the
// SIMD builds; scripts/build-wasm.mjs compiles it in place of vector.ts for build/core-scalar.wasm.
import { Float } from "./precision";

export type Vec = Float;
export type Mask = bool;

// @ts-ignore: decorator
@inline export const STEP: i32 = 1;
// @ts-ignore: decorator
@inline export const STEP_BYTES: usize = sizeof<Float>();

// @ts-ignore: decorator
@inline export function vload(p: usize): Vec { return load<Float>(p); }
// @ts-ignore: decorator
@inline export function vstore(p: usize, v: Vec): void { store<Float>(p, v); }
// @ts-ignore: decorator
@inline export function vsplat(x: Float): Vec { return x; }
// @ts-ignore: decorator
@inline export function vadd(a: Vec, b: Vec): Vec { return a + b; }
// @ts-ignore: decorator
@inline export function vsub(a: Vec, b: Vec): Vec { return a - b; }
// @ts-ignore: decorator
@inline export function vmul(a: Vec, b: Vec): Vec { return a * b; }
// @ts-ignore: decorator
@inline export function vdiv(a: Vec, b: Vec): Vec { return a / b; }
// @ts-ignore: decorator
@inline export function vsqrt(a: Vec): Vec { return sqrt<Float>(a); }
// @ts-ignore: decorator
@inline export function vneg(a: Vec): Vec { return -a; }
// @ts-ignore: decorator
@inline export function vabs(a: Vec): Vec { return abs<Float>(a); }
// @ts-ignore: decorator
@inline export function vmax(a: Vec, b: Vec): Vec { return max<Float>(a, b); }
// @ts-ignore: decorator
@inline export function vpmin(a: Vec, b: Vec): Vec { return select<Float>(b, a, b < a); }
// @ts-ignore: decorator
@inline export function vpmax(a: Vec, b: Vec): Vec { return select<Float>(b, a, a < b); }
// @ts-ignore: decorator
@inline export function vnearest(a: Vec): Vec { return nearest<Float>(a); }
// @ts-ignore: decorator
@inline export function vlt(a: Vec, b: Vec): Mask { return a < b; }
// @ts-ignore: decorator
@inline export function vle(a: Vec, b: Vec): Mask { return a <= b; }
// @ts-ignore: decorator
@inline export function vgt(a: Vec, b: Vec): Mask { return a > b; }
// @ts-ignore: decorator
@inline export function vge(a: Vec, b: Vec): Mask { return a >= b; }
// @ts-ignore: decorator
@inline export function vselect(ifTrue: Vec, ifFalse: Vec, mask: Mask): Vec { return select<Float>(ifTrue, ifFalse, mask); }
// @ts-ignore: decorator
@inline export function vsum(v: Vec): Float { return v; }
// @ts-ignore: decorator
@inline export function vstoreSums4(out: usize, a0: Vec, a1: Vec, a2: Vec, a3: Vec): void {
  store<Float>(out, a0);
  store<Float>(out, a1, sizeof<Float>());
  store<Float>(out, a2, 2 * sizeof<Float>());
  store<Float>(out, a3, 3 * sizeof<Float>());
}

// @ts-ignore: decorator
@inline export function vpow2OfShiftedf32(t: Vec): Vec {
  return <Float>reinterpret<f32>((reinterpret<i32>(<f32>t) + (127 - 0x4b400000)) << 23);
}

// @ts-ignore: decorator
@inline export function vexp64(x: Vec): Vec { return <Float>Math.exp(<f64>x); }
// @ts-ignore: decorator
@inline export function vlog1p64(x: Vec): Vec { return <Float>Math.log1p(<f64>x); }
// @ts-ignore: decorator
@inline export function vlog64(x: Vec): Vec { return <Float>Math.log(<f64>x); }
// @ts-ignore: decorator
@inline export function vcos64(x: Vec): Vec { return <Float>Math.cos(<f64>x); }
// @ts-ignore: decorator
@inline export function vexponentf32(x: Vec): Vec { return <Float>((reinterpret<i32>(<f32>x) >>> 23) - 127); }
// @ts-ignore: decorator
@inline export function vsignificandf32(x: Vec): Vec { return <Float>reinterpret<f32>((reinterpret<i32>(<f32>x) & 0x007fffff) | 0x3f800000); }
// @ts-ignore: decorator
@inline export function vloadEvens(p: usize): Vec { return load<Float>(p); }
// @ts-ignore: decorator
@inline export function vloadOdds(p: usize): Vec { return load<Float>(p + sizeof<Float>()); }
// @ts-ignore: decorator
@inline export function vfirst(v: Vec): Float { return v; }
