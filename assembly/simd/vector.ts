// The vector operations every kernel is written in. This file is the SIMD build's: a `Vec` is
// one v128 holding LANES floats. scripts/build-wasm.mjs swaps in vector-scalar.ts (a `Vec` is
// one Float) to compile the same kernels without SIMD, for measuring what SIMD is worth.
// Lane-wise operations round exactly as the scalar ones do, so both builds agree bit for bit
// except where lanes are summed (`vsum`), which reorders additions.
import { Float, LANES } from "./precision";
import { expf64x2, log1pf64x2, logf64x2 } from "./nativemath-vector";

export type Vec = v128;
export type Mask = v128;

/** Floats per Vec: how far a kernel's loop index moves per step. */
// @ts-ignore: decorator
@inline export const STEP: i32 = LANES;
/** Bytes per Vec. */
// @ts-ignore: decorator
@inline export const STEP_BYTES: usize = 16;

// @ts-ignore: decorator
@inline export function vload(p: usize): Vec { return v128.load(p); }
// @ts-ignore: decorator
@inline export function vstore(p: usize, v: Vec): void { v128.store(p, v); }
// @ts-ignore: decorator
@inline export function vsplat(x: Float): Vec { return v128.splat<Float>(x); }
// @ts-ignore: decorator
@inline export function vadd(a: Vec, b: Vec): Vec { return v128.add<Float>(a, b); }
// @ts-ignore: decorator
@inline export function vsub(a: Vec, b: Vec): Vec { return v128.sub<Float>(a, b); }
// @ts-ignore: decorator
@inline export function vmul(a: Vec, b: Vec): Vec { return v128.mul<Float>(a, b); }
// @ts-ignore: decorator
@inline export function vdiv(a: Vec, b: Vec): Vec { return v128.div<Float>(a, b); }
// @ts-ignore: decorator
@inline export function vsqrt(a: Vec): Vec { return v128.sqrt<Float>(a); }
// @ts-ignore: decorator
@inline export function vneg(a: Vec): Vec { return v128.neg<Float>(a); }
// @ts-ignore: decorator
@inline export function vabs(a: Vec): Vec { return v128.abs<Float>(a); }
// @ts-ignore: decorator
@inline export function vmax(a: Vec, b: Vec): Vec { return v128.max<Float>(a, b); }
/**
 * b < a ? b : a — min except for NaN and signed zeros (Wasm's pmin, one machine instruction;
 * f32x4.min is a sequence that orders NaNs and zeros). Use where those cases cannot differ.
 */
// @ts-ignore: decorator
@inline export function vpmin(a: Vec, b: Vec): Vec { return v128.pmin<Float>(a, b); }
/** a < b ? b : a — max except for NaN and signed zeros (Wasm's pmax). */
// @ts-ignore: decorator
@inline export function vpmax(a: Vec, b: Vec): Vec { return v128.pmax<Float>(a, b); }
/** Round to the nearest integer, ties to even. */
// @ts-ignore: decorator
@inline export function vnearest(a: Vec): Vec { return v128.nearest<Float>(a); }
// @ts-ignore: decorator
@inline export function vlt(a: Vec, b: Vec): Mask { return v128.lt<Float>(a, b); }
// @ts-ignore: decorator
@inline export function vle(a: Vec, b: Vec): Mask { return v128.le<Float>(a, b); }
// @ts-ignore: decorator
@inline export function vgt(a: Vec, b: Vec): Mask { return v128.gt<Float>(a, b); }
// @ts-ignore: decorator
@inline export function vge(a: Vec, b: Vec): Mask { return v128.ge<Float>(a, b); }
/** Per lane: `ifTrue` where `mask` is set, otherwise `ifFalse`. */
// @ts-ignore: decorator
@inline export function vselect(ifTrue: Vec, ifFalse: Vec, mask: Mask): Vec { return v128.bitselect(ifTrue, ifFalse, mask); }

/** The sum of a vector's lanes: (l0 + l2) + (l1 + l3) in float32, l0 + l1 in float64. */
// @ts-ignore: decorator
@inline export function vsum(v: Vec): Float {
  if (sizeof<Float>() == 8) return <Float>(f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1));
  const h = v128.add<f32>(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  return <Float>(f32x4.extract_lane(h, 0) + f32x4.extract_lane(h, 1));
}

/**
 * Stores the lane sums of four vectors at out[0..3], each added as vsum adds, with shuffles
 * across the four instead of a lane extraction per sum.
 */
// @ts-ignore: decorator
@inline export function vstoreSums4(out: usize, a0: Vec, a1: Vec, a2: Vec, a3: Vec): void {
  if (sizeof<Float>() == 8) {
    v128.store(out, v128.add<f64>(v128.shuffle<f64>(a0, a1, 0, 2), v128.shuffle<f64>(a0, a1, 1, 3)));
    v128.store(out, v128.add<f64>(v128.shuffle<f64>(a2, a3, 0, 2), v128.shuffle<f64>(a2, a3, 1, 3)), 16);
    return;
  }
  // [a0₀+a0₂, a1₀+a1₂, a0₁+a0₃, a1₁+a1₃], the same for a2 and a3, then the pairs added.
  const s01 = v128.add<f32>(v128.shuffle<f32>(a0, a1, 0, 4, 1, 5), v128.shuffle<f32>(a0, a1, 2, 6, 3, 7));
  const s23 = v128.add<f32>(v128.shuffle<f32>(a2, a3, 0, 4, 1, 5), v128.shuffle<f32>(a2, a3, 2, 6, 3, 7));
  v128.store(out, v128.add<f32>(v128.shuffle<f32>(s01, s23, 0, 1, 4, 5), v128.shuffle<f32>(s01, s23, 2, 3, 6, 7)));
}

/**
 * 2^n for n in the float32 exponent range, from t = n + 1.5·2^23, whose low significand bits
 * hold n (float32 only): the bits of t are 0x4B400000 + n.
 */
// @ts-ignore: decorator
@inline export function vpow2OfShiftedf32(t: Vec): Vec {
  return i32x4.shl(i32x4.add(t, i32x4.splat(127 - 0x4b400000)), 23);
}

/** e^x per lane, bit-identical to NativeMath (float64 only): both lanes at once. */
// @ts-ignore: decorator
@inline export function vexp64(x: Vec): Vec { return expf64x2(x); }

/** log(x) per lane, bit-identical to NativeMath (float64 only): both lanes at once. */
// @ts-ignore: decorator
@inline export function vlog64(x: Vec): Vec { return logf64x2(x); }

/** cos(x) per lane by NativeMath (float64 only). */
// @ts-ignore: decorator
@inline export function vcos64(x: Vec): Vec {
  return f64x2.replace_lane(f64x2.splat(Math.cos(f64x2.extract_lane(x, 0))), 1, Math.cos(f64x2.extract_lane(x, 1)));
}

/** The unbiased binary exponent of each positive normal lane, as a float (float32 only). */
// @ts-ignore: decorator
@inline export function vexponentf32(x: Vec): Vec {
  return f32x4.convert_i32x4_s(i32x4.sub(i32x4.shr_u(x, 23), i32x4.splat(127)));
}

/** Each lane's significand as a number in [1, 2) (float32 only). */
// @ts-ignore: decorator
@inline export function vsignificandf32(x: Vec): Vec {
  return v128.or(v128.and(x, i32x4.splat(0x007fffff)), i32x4.splat(0x3f800000));
}

/** The lanes 0, 2, 4, … of the 2·STEP floats at p (with vloadOdds: a run of pairs, split). */
// @ts-ignore: decorator
@inline export function vloadEvens(p: usize): Vec {
  if (sizeof<Float>() == 8) return v128.shuffle<f64>(v128.load(p), v128.load(p, 16), 0, 2);
  return v128.shuffle<f32>(v128.load(p), v128.load(p, 16), 0, 2, 4, 6);
}

/** The lanes 1, 3, 5, … of the 2·STEP floats at p. */
// @ts-ignore: decorator
@inline export function vloadOdds(p: usize): Vec {
  if (sizeof<Float>() == 8) return v128.shuffle<f64>(v128.load(p), v128.load(p, 16), 1, 3);
  return v128.shuffle<f32>(v128.load(p), v128.load(p, 16), 1, 3, 5, 7);
}

/** Lane 0. */
// @ts-ignore: decorator
@inline export function vfirst(v: Vec): Float {
  if (sizeof<Float>() == 8) return <Float>f64x2.extract_lane(v, 0);
  return <Float>f32x4.extract_lane(v, 0);
}

/** log(1 + x) per lane, bit-identical to NativeMath (float64 only): both lanes at once. */
// @ts-ignore: decorator
@inline export function vlog1p64(x: Vec): Vec { return log1pf64x2(x); }
