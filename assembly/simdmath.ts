// Vectorised exp, sigmoid and softplus. Pure Wasm arithmetic (no host Math), so results are
// bit-identical in every engine. The float32 build uses polynomial approximations (four lanes);
// the float64 build evaluates NativeMath per lane, exactly as the float64 reference would.
// Accuracy is checked against float64 Math in assembly/__tests__/simdmath.spec.ts.
import { Float } from "./precision";

const FLOAT32 = sizeof<Float>() == 4;

// exp: x = n·ln2 + r with |r| ≤ ln2/2, ln2 split in two parts so n·ln2 is exact enough;
// e^r by a degree-7 polynomial; 2^n built in the exponent bits.
// @ts-ignore: decorator
@inline const LOG2E: f32 = 1.4426950408889634;
// @ts-ignore: decorator
@inline const LN2_HI: f32 = 0.693359375;
// @ts-ignore: decorator
@inline const LN2_LO: f32 = -2.12194440e-4;

/** A scalar f64 function applied to both lanes of an f64x2 vector. */
// @ts-ignore: decorator
@inline function perLane64(x: v128, f: (x: f64) => f64): v128 {
  return f64x2.replace_lane(f64x2.splat(f(f64x2.extract_lane(x, 0))), 1, f(f64x2.extract_lane(x, 1)));
}

// @ts-ignore: decorator
@inline export function expv(x: v128): v128 {
  if (!FLOAT32) return perLane64(x, (v: f64): f64 => Math.exp(v));
  x = f32x4.min(f32x4.max(x, f32x4.splat(-87.0)), f32x4.splat(88.0));
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(LOG2E)));
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(LN2_LO)));
  // e^r − 1 − r = r²·(1/2 + r/6 + r²/24 + …), Horner form
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  const r2 = f32x4.mul(r, r);
  const er = f32x4.add(f32x4.add(f32x4.mul(p, r2), r), f32x4.splat(1));
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(er, scale);
}

/** log(1 + t) for t in [0, 1]: 2·atanh(s) with s = t / (2 + t) ≤ 1/3, odd series to s^13. */
// @ts-ignore: decorator
@inline function log1pUnit(t: v128): v128 {
  if (!FLOAT32) return perLane64(t, (v: f64): f64 => Math.log1p(v));
  const s = f32x4.div(t, f32x4.add(t, f32x4.splat(2)));
  const s2 = f32x4.mul(s, s);
  let q = f32x4.splat(<f32>(1.0 / 13));
  q = f32x4.add(f32x4.mul(q, s2), f32x4.splat(<f32>(1.0 / 11)));
  q = f32x4.add(f32x4.mul(q, s2), f32x4.splat(<f32>(1.0 / 9)));
  q = f32x4.add(f32x4.mul(q, s2), f32x4.splat(<f32>(1.0 / 7)));
  q = f32x4.add(f32x4.mul(q, s2), f32x4.splat(<f32>(1.0 / 5)));
  q = f32x4.add(f32x4.mul(q, s2), f32x4.splat(<f32>(1.0 / 3)));
  q = f32x4.add(f32x4.mul(q, s2), f32x4.splat(1));
  return f32x4.mul(f32x4.splat(2), f32x4.mul(s, q));
}

/** The sum of a vector's lanes. */
// @ts-ignore: decorator
@inline export function horizontalSum(v: v128): Float {
  if (!FLOAT32) return <Float>(f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1));
  return <Float>(f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

/** sigmoid with the reference's saturation: exactly 1 for x ≥ 20 and 0 for x ≤ −20. */
// @ts-ignore: decorator
@inline export function sigmoidv(x: v128): v128 {
  const s = v128.div<Float>(v128.splat<Float>(1), v128.add<Float>(v128.splat<Float>(1), expv(v128.neg<Float>(x))));
  const high = v128.ge<Float>(x, v128.splat<Float>(20));
  const low = v128.le<Float>(x, v128.splat<Float>(-20));
  return v128.bitselect(v128.splat<Float>(1), v128.andnot(s, low), high);
}

/** softplus with the reference's cut-offs: x for x > 30, 0 for x < −30. */
// @ts-ignore: decorator
@inline export function softplusv(x: v128): v128 {
  const t = expv(v128.neg<Float>(v128.abs<Float>(x)));
  const y = v128.add<Float>(v128.max<Float>(x, v128.splat<Float>(0)), log1pUnit(t));
  const high = v128.gt<Float>(x, v128.splat<Float>(30));
  const low = v128.lt<Float>(x, v128.splat<Float>(-30));
  return v128.bitselect(x, v128.andnot(y, low), high);
}

/**
 * softplus(x) and its slope sigmoid(x) from one exponential (t = e^−|x| serves both), with
 * the same cut-offs as softplusv and sigmoidv. Returns softplus; writes the slope to `slope`.
 */
// @ts-ignore: decorator
@inline export function softplusWithSlope(x: v128, slope: usize): v128 {
  const t = expv(v128.neg<Float>(v128.abs<Float>(x)));
  const onePlusT = v128.add<Float>(v128.splat<Float>(1), t);
  const positive = v128.ge<Float>(x, v128.splat<Float>(0));
  let s = v128.div<Float>(v128.bitselect(v128.splat<Float>(1), t, positive), onePlusT);
  s = v128.bitselect(v128.splat<Float>(1), v128.andnot(s, v128.le<Float>(x, v128.splat<Float>(-20))), v128.ge<Float>(x, v128.splat<Float>(20)));
  v128.store(slope, s);
  const y = v128.add<Float>(v128.max<Float>(x, v128.splat<Float>(0)), log1pUnit(t));
  return v128.bitselect(x, v128.andnot(y, v128.lt<Float>(x, v128.splat<Float>(-30))), v128.gt<Float>(x, v128.splat<Float>(30)));
}
