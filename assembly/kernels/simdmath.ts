// Vectorised exp, sigmoid, softplus and the Box–Muller transform. Pure Wasm arithmetic (no host
// Math), so results are bit-identical in every engine. The float32 build uses polynomial
// approximations (per lane); the float64 build evaluates NativeMath, exactly as the float64
// reference would: exp, log1p and log on both lanes at once with results bit-identical to the
// scalar calls (assembly/simd/nativemath-vector.ts), cos one lane at a time.
// Accuracy is checked against float64 Math in assembly/__tests__/simdmath.spec.ts.
import { Float } from "../simd/precision";
import {
  Vec, vabs, vadd, vcos64, vdiv, vexp64, vexponentf32, vfirst, vge, vgt, vle, vlog1p64, vlog64, vlt, vmul, vnearest, vneg, vpmax,
  vpmin, vpow2OfShiftedf32, vselect, vsignificandf32, vsplat, vsqrt, vstore, vsub,
} from "../simd/vector";

const FLOAT32 = sizeof<Float>() == 4;

// exp: x = n·ln2 + r with |r| ≤ ln2/2, ln2 split in two parts so n·ln2 is exact enough;
// e^r by a degree-7 polynomial; 2^n built in the exponent bits.
// @ts-ignore: decorator
@inline const LOG2E: f32 = 1.4426950408889634;
// @ts-ignore: decorator
@inline const LN2_HI: f32 = 0.693359375;
// @ts-ignore: decorator
@inline const LN2_LO: f32 = -2.12194440e-4;
// @ts-ignore: decorator
@inline const ROUNDER: f32 = 12582912.0;

// @ts-ignore: decorator
@inline export function expv(x: Vec): Vec {
  if (!FLOAT32) return vexp64(x);
  x = vpmin(vpmax(x, vsplat(-87.0)), vsplat(88.0));
  // Adding 1.5·2^23 rounds x·log2(e) to an integer n (ties to even) and leaves n in the low bits.
  const shifted = vadd(vmul(x, vsplat(LOG2E)), vsplat(ROUNDER));
  const n = vsub(shifted, vsplat(ROUNDER));
  let r = vsub(x, vmul(n, vsplat(LN2_HI)));
  r = vsub(r, vmul(n, vsplat(LN2_LO)));
  // e^r − 1 − r = r²·(1/2 + r/6 + r²/24 + …), Horner form
  let p = vsplat(<Float>1.9875691500e-4);
  p = vadd(vmul(p, r), vsplat(<Float>1.3981999507e-3));
  p = vadd(vmul(p, r), vsplat(<Float>8.3334519073e-3));
  p = vadd(vmul(p, r), vsplat(<Float>4.1665795894e-2));
  p = vadd(vmul(p, r), vsplat(<Float>1.6666665459e-1));
  p = vadd(vmul(p, r), vsplat(<Float>5.0000001201e-1));
  const r2 = vmul(r, r);
  const er = vadd(vadd(vmul(p, r2), r), vsplat(1));
  return vmul(er, vpow2OfShiftedf32(shifted));
}

/** e^x of one number, by expv. */
export function expFloat(x: Float): Float {
  return vfirst(expv(vsplat(x)));
}

/** log(1 + t) for t in [−0.3, 1]: 2·atanh(s) with s = t / (2 + t), |s| ≤ 1/3, odd series to s^13. */
// @ts-ignore: decorator
@inline function log1pUnit(t: Vec): Vec {
  if (!FLOAT32) return vlog1p64(t);
  const s = vdiv(t, vadd(t, vsplat(2)));
  const s2 = vmul(s, s);
  let q = vsplat(<Float>(1.0 / 13));
  q = vadd(vmul(q, s2), vsplat(<Float>(1.0 / 11)));
  q = vadd(vmul(q, s2), vsplat(<Float>(1.0 / 9)));
  q = vadd(vmul(q, s2), vsplat(<Float>(1.0 / 7)));
  q = vadd(vmul(q, s2), vsplat(<Float>(1.0 / 5)));
  q = vadd(vmul(q, s2), vsplat(<Float>(1.0 / 3)));
  q = vadd(vmul(q, s2), vsplat(1));
  return vmul(vsplat(2), vmul(s, q));
}

/** sigmoid with the reference's saturation: exactly 1 for x ≥ 20 and 0 for x ≤ −20. */
// @ts-ignore: decorator
@inline export function sigmoidv(x: Vec): Vec {
  const s = vdiv(vsplat(1), vadd(vsplat(1), expv(vneg(x))));
  return vselect(vsplat(1), vselect(vsplat(0), s, vle(x, vsplat(-20))), vge(x, vsplat(20)));
}

/** softplus with the reference's cut-offs: x for x > 30, 0 for x < −30. */
// @ts-ignore: decorator
@inline export function softplusv(x: Vec): Vec {
  const y = vadd(vpmax(x, vsplat(0)), log1pUnit(expv(vneg(vabs(x)))));
  return vselect(x, vselect(vsplat(0), y, vlt(x, vsplat(-30))), vgt(x, vsplat(30)));
}

/**
 * softplus(x) and its slope sigmoid(x) from one exponential (t = e^−|x| serves both), with
 * the same cut-offs as softplusv and sigmoidv. Returns softplus; writes the slope to `slope`.
 */
// @ts-ignore: decorator
@inline export function softplusWithSlope(x: Vec, slope: usize): Vec {
  const t = expv(vneg(vabs(x)));
  let s = vdiv(vselect(vsplat(1), t, vge(x, vsplat(0))), vadd(vsplat(1), t));
  s = vselect(vsplat(1), vselect(vsplat(0), s, vle(x, vsplat(-20))), vge(x, vsplat(20)));
  vstore(slope, s);
  const y = vadd(vpmax(x, vsplat(0)), log1pUnit(t));
  return vselect(x, vselect(vsplat(0), y, vlt(x, vsplat(-30))), vgt(x, vsplat(30)));
}

// log for Box–Muller (float32): x = 2^e·m with m in [√½, √2), log x = e·ln2 + log(1 + (m − 1)).
// m − 1 is exact, so log x keeps its relative accuracy near x = 1 (small uniforms).
// @ts-ignore: decorator
@inline const SQRT2: f32 = 1.4142135623730951;

/** Natural log of positive normal float32 lanes (float32 only; exported for its accuracy test). */
// @ts-ignore: decorator
@inline export function logf32v(x: Vec): Vec {
  let e = vexponentf32(x);
  let m = vsignificandf32(x);
  const fold = vgt(m, vsplat(SQRT2));
  m = vselect(vmul(m, vsplat(0.5)), m, fold);
  e = vselect(vadd(e, vsplat(1)), e, fold);
  return vadd(vmul(e, vsplat(LN2_HI)), vadd(vmul(e, vsplat(LN2_LO)), log1pUnit(vsub(m, vsplat(1)))));
}

// cos(2πt): with a = |t − round(t)| in [0, ½] and y = ¼ − a (exact), cos(2πt) = sin(2πy),
// |2πy| ≤ π/2, by its Taylor series in y to y^13 (truncation below 7e-10).
// @ts-ignore: decorator
@inline const S0: f32 = 6.283185307179586;
// @ts-ignore: decorator
@inline const S1: f32 = -41.341702240399755;
// @ts-ignore: decorator
@inline const S2: f32 = 81.60524927607504;
// @ts-ignore: decorator
@inline const S3: f32 = -76.70585975306136;
// @ts-ignore: decorator
@inline const S4: f32 = 42.058693944897634;
// @ts-ignore: decorator
@inline const S5: f32 = -15.094642576822984;
// @ts-ignore: decorator
@inline const S6: f32 = 3.8199525848482803;

/** cos(2π·t) for t in turns (float32 only; exported for its accuracy test). */
// @ts-ignore: decorator
@inline export function cosTurnsf32v(t: Vec): Vec {
  const y = vsub(vsplat(0.25), vabs(vsub(t, vnearest(t))));
  const y2 = vmul(y, y);
  let p = vsplat(S6);
  p = vadd(vmul(p, y2), vsplat(S5));
  p = vadd(vmul(p, y2), vsplat(S4));
  p = vadd(vmul(p, y2), vsplat(S3));
  p = vadd(vmul(p, y2), vsplat(S2));
  p = vadd(vmul(p, y2), vsplat(S1));
  p = vadd(vmul(p, y2), vsplat(S0));
  return vmul(y, p);
}

/**
 * Standard normals from pairs of uniforms in [0, 1), Box–Muller's cosine branch:
 * sqrt(−2·log(1 − first))·cos(2π·second). 1 − first is exact and in (0, 1], so the log is finite.
 */
// @ts-ignore: decorator
@inline export function boxMullerv(first: Vec, second: Vec): Vec {
  if (!FLOAT32) {
    const radius = vsqrt(vmul(vsplat(-2), vlog64(vsub(vsplat(1), first))));
    return vmul(radius, vcos64(vmul(vsplat(<Float>6.283185307179586), second)));
  }
  return vmul(vsqrt(vmul(vsplat(-2), logf32v(vsub(vsplat(1), first)))), cosTurnsf32v(second));
}
