// AssemblyScript's NativeMath exp, log1p and log for both lanes of an f64x2 at once, bit for bit.
// The float64 core is the reference arithmetic: its results must equal what NativeMath gives lane
// by lane (the scalar builds and the JS core call NativeMath, and the golden hashes pin whole
// training runs). So each function here is NativeMath's own algorithm, as compiled into the
// release cores (asconfig.json: optimizeLevel 3, shrinkLevel 0, which selects the table-driven
// exp_lut and log_lut of std/assembly/util/math.ts, and fdlibm's log1p of std/assembly/math.ts):
// the same operations in the same order on the same constants and table entries. Wasm has no
// fused multiply–add, and f64x2 add/sub/mul/div round each lane exactly as the scalar
// instructions do, so every lane's result is NativeMath's. Branches of the main path are computed
// both ways and selected per lane (or skipped when no lane takes them); arguments outside it
// (NaN, infinities, overflow and underflow ranges, zero and subnormals for log) send the whole
// vector to the scalar NativeMath calls, which the kernels (softplus, sigmoid, softmax,
// Box–Muller) rarely meet. Checked over millions of arguments by test/core/nativemath-vector.test.ts.
//
// Constants are two-lane pairs in memory, loaded where used: V8 rebuilds a v128.const from
// immediates at every use (three or four instructions, and Turbofan does not hoist them out of
// the kernels' loops), while a load from a fixed address is one instruction off the vector units.
// With v128.const the two-lane log1p was slower than two scalar calls (8.4 against 7.4 ns per
// value); with loads it takes 5.5.
import { EXP_TABLE, LOG_TABLE1, LOG_TABLE2 } from "./nativemath-tables";

/** The constant at p (a two-lane pair below). */
// @ts-ignore: decorator
@inline function k(p: usize): v128 { return v128.load(p); }

// @ts-ignore: decorator
@lazy const ONE = memory.data<f64>([1.0, 1.0]);
// @ts-ignore: decorator
@lazy const HALF = memory.data<f64>([0.5, 0.5]);
// @ts-ignore: decorator
@lazy const TWO = memory.data<f64>([2.0, 2.0]);
// @ts-ignore: decorator
@lazy const INFINITY = memory.data<f64>([Infinity, Infinity]);
/** 1.5·2^52: adding it rounds a double to an integer and leaves it in the low significand bits. */
// @ts-ignore: decorator
@lazy const SHIFT = memory.data<u64>([0x4338000000000000, 0x4338000000000000]);

/** Each lane's low 32 bits, as signed integers, converted exactly to f64 (an int's <f64>). */
// @ts-ignore: decorator
@inline function i64LowToF64(v: v128): v128 {
  return f64x2.convert_low_i32x4_s(v128.shuffle<i32>(v, v, 0, 2, 0, 2));
}

/** The first doubles of two table pairs (loaded as a and b), as lanes 0 and 1. */
// @ts-ignore: decorator
@inline function firsts(a: v128, b: v128): v128 { return v128.shuffle<f64>(a, b, 0, 2); }
/** The second doubles of two table pairs. */
// @ts-ignore: decorator
@inline function seconds(a: v128, b: v128): v128 { return v128.shuffle<f64>(a, b, 1, 3); }

// ---- exp ------------------------------------------------------------------------------------
// exp_lut: x = k·ln2/N + r with N = 128, exp(x) = 2^(k/N)·exp(r), 2^(k/N) from EXP_TABLE.
// @ts-ignore: decorator
@lazy const EXP_INV_LN2_N = memory.data<f64>([reinterpret<f64>(0x3FF71547652B82FE) * 128, reinterpret<f64>(0x3FF71547652B82FE) * 128]);
// @ts-ignore: decorator
@lazy const EXP_NEG_LN2_HI_N = memory.data<u64>([0xBF762E42FEFA0000, 0xBF762E42FEFA0000]);
// @ts-ignore: decorator
@lazy const EXP_NEG_LN2_LO_N = memory.data<u64>([0xBD0CF79ABC9E3B3A, 0xBD0CF79ABC9E3B3A]);
// @ts-ignore: decorator
@lazy const EXP_C2 = memory.data<u64>([0x3FDFFFFFFFFFFDBD, 0x3FDFFFFFFFFFFDBD]);
// @ts-ignore: decorator
@lazy const EXP_C3 = memory.data<u64>([0x3FC555555555543C, 0x3FC555555555543C]);
// @ts-ignore: decorator
@lazy const EXP_C4 = memory.data<u64>([0x3FA55555CF172B91, 0x3FA55555CF172B91]);
// @ts-ignore: decorator
@lazy const EXP_C5 = memory.data<u64>([0x3F81111167A4D017, 0x3F81111167A4D017]);
/** exp_lut's main path is 2^-54 ≤ |x| < 512 (its test 0x3C9 ≤ abstop < 0x408). */
// @ts-ignore: decorator
@lazy const EXP_LIMIT = memory.data<f64>([512, 512]);
// @ts-ignore: decorator
@lazy const EXP_TINY = memory.data<u64>([0x3C90000000000000, 0x3C90000000000000]); // 2^-54
// @ts-ignore: decorator
@lazy const EXP_INDEX = memory.data<u64>([127, 127]);

/**
 * e^x per lane, bit-identical to NativeMath.exp. Below 2^-54 in magnitude the result is exactly
 * 1; |x| ≥ 512, ±∞ and NaN (overflow, underflow and the scaled special case) go to the scalar call.
 */
// @ts-ignore: decorator
@inline export function expf64x2(x: v128): v128 {
  const ax = f64x2.abs(x);
  if (!i64x2.all_true(f64x2.lt(ax, k(EXP_LIMIT)))) {
    return f64x2.replace_lane(f64x2.splat(Math.exp(f64x2.extract_lane(x, 0))), 1, Math.exp(f64x2.extract_lane(x, 1)));
  }
  const z = f64x2.mul(k(EXP_INV_LN2_N), x);
  let kd = f64x2.add(z, k(SHIFT));
  const ki = kd;
  kd = f64x2.sub(kd, k(SHIFT));
  const r = f64x2.add(f64x2.add(x, f64x2.mul(kd, k(EXP_NEG_LN2_HI_N))), f64x2.mul(kd, k(EXP_NEG_LN2_LO_N)));
  // T[idx] (tail) and T[idx + 1] (scale bits without k's exponent) are adjacent: one load per lane.
  const offsets = i64x2.shl(v128.and(ki, k(EXP_INDEX)), 4);
  const pair0 = v128.load(EXP_TABLE + <usize>i64x2.extract_lane(offsets, 0));
  const pair1 = v128.load(EXP_TABLE + <usize>i64x2.extract_lane(offsets, 1));
  const tail = firsts(pair0, pair1);
  const scale = i64x2.add(seconds(pair0, pair1), i64x2.shl(ki, 52 - 7));
  const r2 = f64x2.mul(r, r);
  // tail + r + r2·(C2 + r·C3) + r2·r2·(C4 + r·C5)
  const tmp = f64x2.add(
    f64x2.add(f64x2.add(tail, r), f64x2.mul(r2, f64x2.add(k(EXP_C2), f64x2.mul(r, k(EXP_C3))))),
    f64x2.mul(f64x2.mul(r2, r2), f64x2.add(k(EXP_C4), f64x2.mul(r, k(EXP_C5)))),
  );
  const y = f64x2.add(scale, f64x2.mul(scale, tmp));
  return v128.bitselect(k(ONE), y, f64x2.lt(ax, k(EXP_TINY)));
}

// ---- log1p ----------------------------------------------------------------------------------
// fdlibm (musl log1p.c): 1 + x = 2^k·(1 + f) with √2/2 ≤ 1 + f < √2, c corrects the rounding of
// 1 + x, log(1 + f) = f − hfsq + s·(hfsq + R(z)) with s = f/(2 + f).
// @ts-ignore: decorator
@lazy const LN2_HI = memory.data<u64>([0x3FE62E42FEE00000, 0x3FE62E42FEE00000]);
// @ts-ignore: decorator
@lazy const LN2_LO = memory.data<u64>([0x3DEA39EF35793C76, 0x3DEA39EF35793C76]);
// @ts-ignore: decorator
@lazy const LG1 = memory.data<u64>([0x3FE5555555555593, 0x3FE5555555555593]);
// @ts-ignore: decorator
@lazy const LG2 = memory.data<u64>([0x3FD999999997FA04, 0x3FD999999997FA04]);
// @ts-ignore: decorator
@lazy const LG3 = memory.data<u64>([0x3FD2492494229359, 0x3FD2492494229359]);
// @ts-ignore: decorator
@lazy const LG4 = memory.data<u64>([0x3FCC71C51D8E78AF, 0x3FCC71C51D8E78AF]);
// @ts-ignore: decorator
@lazy const LG5 = memory.data<u64>([0x3FC7466496CB03DE, 0x3FC7466496CB03DE]);
// @ts-ignore: decorator
@lazy const LG6 = memory.data<u64>([0x3FC39A09D078C69F, 0x3FC39A09D078C69F]);
// @ts-ignore: decorator
@lazy const LG7 = memory.data<u64>([0x3FC2F112DF3E5244, 0x3FC2F112DF3E5244]);
// @ts-ignore: decorator
@lazy const MINUS_ONE = memory.data<f64>([-1.0, -1.0]);
/** |x| < 2^-53: log1p returns x (high word of |x| below 0x3CA00000). */
// @ts-ignore: decorator
@lazy const LOG1P_TINY = memory.data<u64>([0x3CA0000000000000, 0x3CA0000000000000]);
/**
 * The k = 0 branch is x < 0x3FDA827A'00000000 and x > −0x3FD2BEC5'00000000 (the source's high-word
 * tests hx < 0x3FDA827A, and hx ≤ 0xBFD2BEC4 for negative x), as double comparisons.
 */
// @ts-ignore: decorator
@lazy const LOG1P_K0_ABOVE = memory.data<u64>([0x3FDA827A00000000, 0x3FDA827A00000000]);
// @ts-ignore: decorator
@lazy const LOG1P_K0_BELOW = memory.data<u64>([0xBFD2BEC500000000, 0xBFD2BEC500000000]);
/** 1 + x at which k reaches 2 and 54: hu = high word + 0x95F62 reaches 0x40100000, 0x43500000. */
// @ts-ignore: decorator
@lazy const LOG1P_K2 = memory.data<u64>([0x4006A09E00000000, 0x4006A09E00000000]);
// @ts-ignore: decorator
@lazy const LOG1P_K54 = memory.data<u64>([0x4346A09E00000000, 0x4346A09E00000000]);
/** 0x3FF00000 − 0x3FE6A09E in the high word: moves √2/2 to 1 so the exponent field is k. */
// @ts-ignore: decorator
@lazy const LOG1P_OFFSET = memory.data<u64>([0x00095F6200000000, 0x00095F6200000000]);
// @ts-ignore: decorator
@lazy const SIGNIFICAND = memory.data<u64>([0x000FFFFFFFFFFFFF, 0x000FFFFFFFFFFFFF]);
// @ts-ignore: decorator
@lazy const LOG1P_BASE = memory.data<u64>([0x3FE6A09E00000000, 0x3FE6A09E00000000]);
// @ts-ignore: decorator
@lazy const EXPONENT_BIAS = memory.data<u64>([0x3FF, 0x3FF]);

/**
 * log(1 + x) per lane, bit-identical to NativeMath.log1p. The main path is −1 < x < ∞; there
 * a lane takes one of NativeMath's three branches: |x| < 2^-53 returns x; the k = 0 branch uses
 * f = x, c = 0; the rest reduce 1 + x. Both reductions are computed and each lane keeps its own.
 */
// @ts-ignore: decorator
@inline export function log1pf64x2(x: v128): v128 {
  if (!i64x2.all_true(v128.and(f64x2.gt(x, k(MINUS_ONE)), f64x2.lt(x, k(INFINITY))))) {
    return f64x2.replace_lane(f64x2.splat(Math.log1p(f64x2.extract_lane(x, 0))), 1, Math.log1p(f64x2.extract_lane(x, 1)));
  }
  const kZero = v128.and(f64x2.lt(x, k(LOG1P_K0_ABOVE)), f64x2.gt(x, k(LOG1P_K0_BELOW)));
  // The k ≥ 1 branch. Adding the offset to the 64-bit lane adds it to the high word mod 2^32,
  // as the source's u32 addition does (the carry out of the lane is dropped).
  const uf = f64x2.add(k(ONE), x);
  const u = i64x2.add(uf, k(LOG1P_OFFSET));
  const kInt = i64x2.sub(i64x2.shr_u(u, 52), k(EXPONENT_BIAS));
  let c = v128.bitselect(
    f64x2.sub(k(ONE), f64x2.sub(uf, x)),
    f64x2.sub(x, f64x2.sub(uf, k(ONE))),
    f64x2.ge(uf, k(LOG1P_K2)),
  );
  c = f64x2.div(c, uf);
  c = v128.andnot(c, f64x2.ge(uf, k(LOG1P_K54))); // c = 0 for k ≥ 54
  const fk = f64x2.sub(i64x2.add(v128.and(u, k(SIGNIFICAND)), k(LOG1P_BASE)), k(ONE));
  // Each lane's branch: k = 0 has f = x, c = 0, dk = 0.
  const f = v128.bitselect(x, fk, kZero);
  c = v128.andnot(c, kZero);
  const dk = v128.andnot(i64LowToF64(kInt), kZero);
  const hfsq = f64x2.mul(f64x2.mul(k(HALF), f), f);
  const s = f64x2.div(f, f64x2.add(k(TWO), f));
  const z = f64x2.mul(s, s);
  const w = f64x2.mul(z, z);
  const t1 = f64x2.mul(w, f64x2.add(k(LG2), f64x2.mul(w, f64x2.add(k(LG4), f64x2.mul(w, k(LG6))))));
  const t2 = f64x2.mul(z, f64x2.add(k(LG1), f64x2.mul(w, f64x2.add(k(LG3), f64x2.mul(w, f64x2.add(k(LG5), f64x2.mul(w, k(LG7))))))));
  const r = f64x2.add(t2, t1);
  // s·(hfsq + r) + (dk·ln2_lo + c) − hfsq + f + dk·ln2_hi, left to right.
  let y = f64x2.add(f64x2.mul(s, f64x2.add(hfsq, r)), f64x2.add(f64x2.mul(dk, k(LN2_LO)), c));
  y = f64x2.add(f64x2.add(f64x2.sub(y, hfsq), f), f64x2.mul(dk, k(LN2_HI)));
  return v128.bitselect(x, y, f64x2.lt(f64x2.abs(x), k(LOG1P_TINY)));
}

// ---- log ------------------------------------------------------------------------------------
// log_lut (musl log.c): near 1 a polynomial in r = x − 1; elsewhere x = 2^k·z, z/c − 1 = r with
// c from the table (one of N = 128 subintervals), log x = k·ln2 + log c + log1p(r).
// @ts-ignore: decorator
@lazy const LOG_B0 = memory.data<u64>([0xBFE0000000000000, 0xBFE0000000000000]);
// @ts-ignore: decorator
@lazy const LOG_B1 = memory.data<u64>([0x3FD5555555555577, 0x3FD5555555555577]);
// @ts-ignore: decorator
@lazy const LOG_B2 = memory.data<u64>([0xBFCFFFFFFFFFFDCB, 0xBFCFFFFFFFFFFDCB]);
// @ts-ignore: decorator
@lazy const LOG_B3 = memory.data<u64>([0x3FC999999995DD0C, 0x3FC999999995DD0C]);
// @ts-ignore: decorator
@lazy const LOG_B4 = memory.data<u64>([0xBFC55555556745A7, 0xBFC55555556745A7]);
// @ts-ignore: decorator
@lazy const LOG_B5 = memory.data<u64>([0x3FC24924A344DE30, 0x3FC24924A344DE30]);
// @ts-ignore: decorator
@lazy const LOG_B6 = memory.data<u64>([0xBFBFFFFFA4423D65, 0xBFBFFFFFA4423D65]);
// @ts-ignore: decorator
@lazy const LOG_B7 = memory.data<u64>([0x3FBC7184282AD6CA, 0x3FBC7184282AD6CA]);
// @ts-ignore: decorator
@lazy const LOG_B8 = memory.data<u64>([0xBFB999EB43B068FF, 0xBFB999EB43B068FF]);
// @ts-ignore: decorator
@lazy const LOG_B9 = memory.data<u64>([0x3FB78182F7AFD085, 0x3FB78182F7AFD085]);
// @ts-ignore: decorator
@lazy const LOG_B10 = memory.data<u64>([0xBFB5521375D145CD, 0xBFB5521375D145CD]);
// @ts-ignore: decorator
@lazy const LOG_A0 = memory.data<u64>([0xBFE0000000000001, 0xBFE0000000000001]);
// @ts-ignore: decorator
@lazy const LOG_A1 = memory.data<u64>([0x3FD555555551305B, 0x3FD555555551305B]);
// @ts-ignore: decorator
@lazy const LOG_A2 = memory.data<u64>([0xBFCFFFFFFFEB4590, 0xBFCFFFFFFFEB4590]);
// @ts-ignore: decorator
@lazy const LOG_A3 = memory.data<u64>([0x3FC999B324F10111, 0x3FC999B324F10111]);
// @ts-ignore: decorator
@lazy const LOG_A4 = memory.data<u64>([0xBFC55575E506C89F, 0xBFC55575E506C89F]);
// @ts-ignore: decorator
@lazy const LOG_LN2_HI = memory.data<u64>([0x3FE62E42FEFA3800, 0x3FE62E42FEFA3800]);
// @ts-ignore: decorator
@lazy const LOG_LN2_LO = memory.data<u64>([0x3D2EF35793C76730, 0x3D2EF35793C76730]);
// @ts-ignore: decorator
@lazy const TWO_P27 = memory.data<u64>([0x41A0000000000000, 0x41A0000000000000]);
/** The near-1 range [0x3FEE000000000000, 0x3FF1090000000000) (ix − LO < HI − LO unsigned). */
// @ts-ignore: decorator
@lazy const LOG_NEAR_LO = memory.data<u64>([0x3FEE000000000000, 0x3FEE000000000000]);
// @ts-ignore: decorator
@lazy const LOG_NEAR_HI = memory.data<u64>([0x3FF1090000000000, 0x3FF1090000000000]);
/** The main path starts at the smallest normal, 2^-1022. */
// @ts-ignore: decorator
@lazy const SMALLEST_NORMAL = memory.data<u64>([0x0010000000000000, 0x0010000000000000]);
/** The subintervals' origin 0x1.6p-1. */
// @ts-ignore: decorator
@lazy const LOG_OFF = memory.data<u64>([0x3FE6000000000000, 0x3FE6000000000000]);
// @ts-ignore: decorator
@lazy const EXPONENT_FIELD = memory.data<u64>([0xFFF0000000000000, 0xFFF0000000000000]);

/** The near-1 branch of log_lut. */
// @ts-ignore: decorator
@inline function logNearOne(x: v128): v128 {
  const r = f64x2.sub(x, k(ONE));
  const r2 = f64x2.mul(r, r);
  const r3 = f64x2.mul(r2, r);
  // r3·(B1 + r·B2 + r2·B3 + r3·(B4 + r·B5 + r2·B6 + r3·(B7 + r·B8 + r2·B9 + r3·B10)))
  let p = f64x2.add(f64x2.add(f64x2.add(k(LOG_B7), f64x2.mul(r, k(LOG_B8))), f64x2.mul(r2, k(LOG_B9))), f64x2.mul(r3, k(LOG_B10)));
  p = f64x2.add(f64x2.add(f64x2.add(k(LOG_B4), f64x2.mul(r, k(LOG_B5))), f64x2.mul(r2, k(LOG_B6))), f64x2.mul(r3, p));
  p = f64x2.add(f64x2.add(f64x2.add(k(LOG_B1), f64x2.mul(r, k(LOG_B2))), f64x2.mul(r2, k(LOG_B3))), f64x2.mul(r3, p));
  const y = f64x2.mul(r3, p);
  // r split into rhi (its high bits) + rlo so that rhi² is exact.
  let w = f64x2.mul(r, k(TWO_P27));
  const rhi = f64x2.sub(f64x2.add(r, w), w);
  const rlo = f64x2.sub(r, rhi);
  w = f64x2.mul(f64x2.mul(rhi, rhi), k(LOG_B0));
  const hi = f64x2.add(r, w);
  let lo = f64x2.add(f64x2.sub(r, hi), w);
  lo = f64x2.add(lo, f64x2.mul(f64x2.mul(k(LOG_B0), rlo), f64x2.add(rhi, r)));
  return f64x2.add(f64x2.add(y, lo), hi);
}

/**
 * log(x) per lane, bit-identical to NativeMath.log. The main path is positive normal finite x;
 * zero, subnormals, negatives, ∞ and NaN go to the scalar call. Lanes in [0x1.ep-1, 0x1.109p0)
 * take log_lut's near-1 polynomial (computed only when a lane needs it), the others its table.
 */
// @ts-ignore: decorator
@inline export function logf64x2(x: v128): v128 {
  if (!i64x2.all_true(v128.and(f64x2.ge(x, k(SMALLEST_NORMAL)), f64x2.lt(x, k(INFINITY))))) {
    return f64x2.replace_lane(f64x2.splat(Math.log(f64x2.extract_lane(x, 0))), 1, Math.log(f64x2.extract_lane(x, 1)));
  }
  // x = 2^k·z with z in [0x1.6p-1, 0x1.6p0); i picks z's subinterval.
  const tmp = i64x2.sub(x, k(LOG_OFF));
  const offsets = i64x2.shl(v128.and(i64x2.shr_u(tmp, 52 - 7), k(EXP_INDEX)), 4);
  const z = i64x2.sub(x, v128.and(tmp, k(EXPONENT_FIELD)));
  const o0 = <usize>i64x2.extract_lane(offsets, 0);
  const o1 = <usize>i64x2.extract_lane(offsets, 1);
  const a0 = v128.load(LOG_TABLE1 + o0);
  const a1 = v128.load(LOG_TABLE1 + o1);
  const b0 = v128.load(LOG_TABLE2 + o0);
  const b1 = v128.load(LOG_TABLE2 + o1);
  const invc = firsts(a0, a1);
  const logc = seconds(a0, a1);
  const r = f64x2.mul(f64x2.sub(f64x2.sub(z, firsts(b0, b1)), seconds(b0, b1)), invc);
  // k = tmp >> 52 (arithmetic); its low word is the i32 to convert.
  const kd = i64LowToF64(i64x2.shr_s(tmp, 52));
  const w = f64x2.add(f64x2.mul(kd, k(LOG_LN2_HI)), logc);
  const hi = f64x2.add(w, r);
  const lo = f64x2.add(f64x2.add(f64x2.sub(w, hi), r), f64x2.mul(kd, k(LOG_LN2_LO)));
  const r2 = f64x2.mul(r, r);
  // lo + r2·A0 + r·r2·(A1 + r·A2 + r2·(A3 + r·A4)) + hi
  const q = f64x2.add(f64x2.add(k(LOG_A1), f64x2.mul(r, k(LOG_A2))), f64x2.mul(r2, f64x2.add(k(LOG_A3), f64x2.mul(r, k(LOG_A4)))));
  const y = f64x2.add(f64x2.add(f64x2.add(lo, f64x2.mul(r2, k(LOG_A0))), f64x2.mul(f64x2.mul(r, r2), q)), hi);
  const nearOne = v128.and(f64x2.ge(x, k(LOG_NEAR_LO)), f64x2.lt(x, k(LOG_NEAR_HI)));
  if (!v128.any_true(nearOne)) return y;
  return v128.bitselect(logNearOne(x), y, nearOne);
}

