// Vectorised f32x4 exp, sigmoid and softplus. Pure Wasm arithmetic (no host Math), so results
// are bit-identical in every engine. Accuracy is checked against float64 Math in
// assembly/__tests__/simdmath.spec.ts.

// exp: x = n·ln2 + r with |r| ≤ ln2/2, ln2 split in two parts so n·ln2 is exact enough;
// e^r by a degree-7 Taylor/minimax-style polynomial; 2^n built in the exponent bits.
// @ts-ignore: decorator
@inline const LOG2E: f32 = 1.4426950408889634;
// @ts-ignore: decorator
@inline const LN2_HI: f32 = 0.693359375;
// @ts-ignore: decorator
@inline const LN2_LO: f32 = -2.12194440e-4;

// @ts-ignore: decorator
@inline export function expv(x: v128): v128 {
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

/** sigmoid with the reference's saturation: exactly 1 for x ≥ 20 and 0 for x ≤ −20. */
// @ts-ignore: decorator
@inline export function sigmoidv(x: v128): v128 {
  const s = f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), expv(f32x4.neg(x))));
  const high = f32x4.ge(x, f32x4.splat(20));
  const low = f32x4.le(x, f32x4.splat(-20));
  return v128.bitselect(f32x4.splat(1), v128.andnot(s, low), high);
}

/** softplus with the reference's cut-offs: x for x > 30, 0 for x < −30. */
// @ts-ignore: decorator
@inline export function softplusv(x: v128): v128 {
  const t = expv(f32x4.neg(f32x4.abs(x)));
  const y = f32x4.add(f32x4.max(x, f32x4.splat(0)), log1pUnit(t));
  const high = f32x4.gt(x, f32x4.splat(30));
  const low = f32x4.lt(x, f32x4.splat(-30));
  return v128.bitselect(x, v128.andnot(y, low), high);
}

/**
 * softplus(x) and its slope sigmoid(x) from one exponential (t = e^−|x| serves both), with
 * the same cut-offs as softplusv and sigmoidv. Returns softplus; writes the slope to `slope`.
 */
// @ts-ignore: decorator
@inline export function softplusWithSlope(x: v128, slope: usize): v128 {
  const t = expv(f32x4.neg(f32x4.abs(x)));
  const onePlusT = f32x4.add(f32x4.splat(1), t);
  const positive = f32x4.ge(x, f32x4.splat(0));
  let s = f32x4.div(v128.bitselect(f32x4.splat(1), t, positive), onePlusT);
  s = v128.bitselect(f32x4.splat(1), v128.andnot(s, f32x4.le(x, f32x4.splat(-20))), f32x4.ge(x, f32x4.splat(20)));
  v128.store(slope, s);
  const y = f32x4.add(f32x4.max(x, f32x4.splat(0)), log1pUnit(t));
  return v128.bitselect(x, v128.andnot(y, f32x4.lt(x, f32x4.splat(-30))), f32x4.gt(x, f32x4.splat(30)));
}
