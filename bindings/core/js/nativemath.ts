// The float64 functions of AssemblyScript's NativeMath that the core calls (exp, log, log1p, cos,
// pow), ported operation for operation from std/assembly/math.ts and util/math.ts (AssemblyScript
// 0.27, release build: the table-driven variants). They are not interchangeable with the host's
// Math: V8's Math.exp, Math.log and Math.pow differ from these in the last bit for about one
// argument in ten, which would make the float64 JS core drift from the Wasm one by an ulp at a
// time. With these ports the two agree bit for bit.
//
// 64-bit integer steps are done on the two 32-bit halves of a double (little-endian, as
// everywhere in the bindings). Wasm has no fused multiply–add, and neither does JavaScript, so
// every floating-point expression below rounds exactly as its Wasm counterpart does.
import { EXP_TABLE, LOG_TABLE1, LOG_TABLE2, POW_LOG_TABLE } from "./nativemath-tables.js";

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** A double from its high and low words. */
function fromWords(hi: number, lo: number): number {
  u32[1] = hi;
  u32[0] = lo;
  return f64[0];
}

const EXP_WORDS = new Uint32Array(EXP_TABLE.buffer);

// exp_lut (musl exp.c): x = k·ln2/N + r, exp(x) = 2^(k/N) · exp(r), N = 128.
const EXP_N = 128;
const INV_LN2_N = fromWords(0x3ff71547, 0x652b82fe) * EXP_N;
const NEG_LN2_HI_N = fromWords(0xbf762e42, 0xfefa0000);
const NEG_LN2_LO_N = fromWords(0xbd0cf79a, 0xbc9e3b3a);
const SHIFT = fromWords(0x43380000, 0); // 0x1.8p52: adding it rounds to an integer in the low bits
const C2 = fromWords(0x3fdfffff, 0xfffffdbd);
const C3 = fromWords(0x3fc55555, 0x5555543c);
const C4 = fromWords(0x3fa55555, 0xcf172b91);
const C5 = fromWords(0x3f811111, 0x67a4d017);
const TWO_P1009 = fromWords(0x7f000000, 0);
const TWO_M1022 = fromWords(0x00100000, 0);

/**
 * scale · (1 + tmp) where scale's exponent (in sbits) may have overflowed or be subnormal;
 * `kiLo` is the low word of the reduction's k (its sign bit says which way).
 */
function specialCase(tmp: number, sbitsHi: number, sbitsLo: number, kiLo: number): number {
  if (!(kiLo & 0x80000000)) {
    const scale = fromWords((sbitsHi - (1009 << 20)) >>> 0, sbitsLo);
    return TWO_P1009 * (scale + scale * tmp);
  }
  const hi = (sbitsHi + (1022 << 20)) >>> 0;
  const scale = fromWords(hi, sbitsLo);
  let y = scale + scale * tmp;
  if (Math.abs(y) < 1.0) {
    // Rounds y to the subnormal precision once, not twice (as musl does).
    const one = y < 0 || Object.is(y, -0) ? -1.0 : 1.0;
    let lo = scale - y + scale * tmp;
    const h = one + y;
    lo = one - h + y + lo;
    y = h + lo - one;
    if (y === 0) y = hi & 0x80000000 ? -0 : 0;
  }
  return y * TWO_M1022;
}

/** exp(x + xtail) · (−1 if signBias); the shared core of exp and pow. */
function expInline(x: number, xtail: number, signBias: number, forPow: boolean): number {
  f64[0] = x;
  const hx = u32[1];
  let abstop = (hx >>> 20) & 0x7ff;
  if (((abstop - 0x3c9) >>> 0) >= 0x03f) {
    if (((abstop - 0x3c9) >>> 0) >= 0x80000000) return forPow && signBias ? -1.0 : 1.0; // tiny x
    if (abstop >= 0x409) {
      const negative = (hx & 0x80000000) !== 0;
      if (forPow) {
        // uflow / oflow: ±0x1p-767² or ±0x1p769², which underflow or overflow on purpose.
        const y = negative ? fromWords(0x10000000, 0) : fromWords(0x70000000, 0);
        return (signBias ? -y : y) * y;
      }
      if (hx === 0xfff00000 && u32[0] === 0) return 0; // exp(-inf)
      if (abstop >= 0x7ff) return 1.0 + x; // +inf, NaN
      return negative ? 0 : Infinity;
    }
    abstop = 0; // large |x|: scale needs special care below
  }
  const z = INV_LN2_N * x;
  let kd = z + SHIFT;
  f64[0] = kd;
  const kiLo = u32[0];
  kd -= SHIFT;
  let r = x + kd * NEG_LN2_HI_N + kd * NEG_LN2_LO_N;
  if (forPow) r += xtail;
  const idx = (kiLo & (EXP_N - 1)) << 1;
  const tail = EXP_TABLE[idx];
  // sbits = T[idx + 1] + ((ki + signBias) << 45): only the high word changes.
  const sbitsLo = EXP_WORDS[2 * (idx + 1)];
  const sbitsHi = (EXP_WORDS[2 * (idx + 1) + 1] + ((kiLo + signBias) << 13)) >>> 0;
  const r2 = r * r;
  const tmp = tail + r + r2 * (C2 + r * C3) + r2 * r2 * (C4 + r * C5);
  if (abstop === 0) return specialCase(tmp, sbitsHi, sbitsLo, kiLo);
  const scale = fromWords(sbitsHi, sbitsLo);
  return scale + scale * tmp;
}

export function exp(x: number): number {
  return expInline(x, 0, 0, false);
}

// log_lut (musl log.c)
const LOG_N = 128;
const B = [
  fromWords(0xbfe00000, 0x00000000), fromWords(0x3fd55555, 0x55555577), fromWords(0xbfcfffff, 0xfffffdcb),
  fromWords(0x3fc99999, 0x9995dd0c), fromWords(0xbfc55555, 0x556745a7), fromWords(0x3fc24924, 0xa344de30),
  fromWords(0xbfbfffff, 0xa4423d65), fromWords(0x3fbc7184, 0x282ad6ca), fromWords(0xbfb999eb, 0x43b068ff),
  fromWords(0x3fb78182, 0xf7afd085), fromWords(0xbfb55213, 0x75d145cd),
];
const [B0, B1, B2, B3, B4, B5, B6, B7, B8, B9, B10] = B;
const A0 = fromWords(0xbfe00000, 0x00000001);
const A1 = fromWords(0x3fd55555, 0x5551305b);
const A2 = fromWords(0xbfcfffff, 0xffeb4590);
const A3 = fromWords(0x3fc999b3, 0x24f10111);
const A4 = fromWords(0xbfc55575, 0xe506c89f);
const LN2_HI = fromWords(0x3fe62e42, 0xfefa3800);
const LN2_LO = fromWords(0x3d2ef357, 0x93c76730);
const TWO_P27 = fromWords(0x41a00000, 0);
const TWO_P52 = fromWords(0x43300000, 0);
const LOG_NEAR_ONE_LO = fromWords(0x3fee0000, 0);
const LOG_NEAR_ONE_HI = fromWords(0x3ff10900, 0);

export function log(x: number): number {
  // The table is too coarse near 1, where log(x) is tiny: a polynomial in x − 1 instead.
  // (ix − LO < HI − LO as unsigned 64-bit integers is this range test for every double.)
  if (x >= LOG_NEAR_ONE_LO && x < LOG_NEAR_ONE_HI) {
    const r = x - 1.0;
    const r2 = r * r;
    const r3 = r2 * r;
    const y = r3 * (B1 + r * B2 + r2 * B3 + r3 * (B4 + r * B5 + r2 * B6 + r3 * (B7 + r * B8 + r2 * B9 + r3 * B10)));
    let w = r * TWO_P27;
    const rhi = r + w - w;
    const rlo = r - rhi;
    w = rhi * rhi * B0;
    const hi = r + w;
    let lo = r - hi + w;
    lo += B0 * rlo * (rhi + r);
    return y + lo + hi;
  }
  f64[0] = x;
  let hi = u32[1];
  let lo = u32[0];
  const top = hi >>> 16;
  if (((top - 0x0010) >>> 0) >= 0x7ff0 - 0x0010) {
    if (x === 0) return -1.0 / (x * x);
    if (x === Infinity) return x;
    if (top & 0x8000 || (top & 0x7ff0) === 0x7ff0) return (x - x) / (x - x);
    // subnormal: normalise
    f64[0] = x * TWO_P52;
    hi = (u32[1] - (52 << 20)) >>> 0;
    lo = u32[0];
  }
  // x = 2^k z with z in [0x1.6p-1, 0x1.6p0); tmp = ix − 0x3FE6000000000000.
  const tmpHi = (hi - 0x3fe60000) | 0;
  const i = (tmpHi >>> (52 - 7 - 32)) & (LOG_N - 1);
  const k = tmpHi >> 20;
  const z = fromWords((hi - (tmpHi & 0xfff00000)) >>> 0, lo);
  const invc = LOG_TABLE1[2 * i];
  const logc = LOG_TABLE1[2 * i + 1];
  const chi = LOG_TABLE2[2 * i];
  const clo = LOG_TABLE2[2 * i + 1];
  const r = (z - chi - clo) * invc;
  const kd = k;
  const w = kd * LN2_HI + logc;
  const h = w + r;
  const l = w - h + r + kd * LN2_LO;
  const r2 = r * r;
  return l + r2 * A0 + r * r2 * (A1 + r * A2 + r2 * (A3 + r * A4)) + h;
}

// log1p (musl log1p.c, fdlibm's algorithm)
const FD_LN2_HI = fromWords(0x3fe62e42, 0xfee00000);
const FD_LN2_LO = fromWords(0x3dea39ef, 0x35793c76);
const LG1 = fromWords(0x3fe55555, 0x55555593);
const LG2 = fromWords(0x3fd99999, 0x9997fa04);
const LG3 = fromWords(0x3fd24924, 0x94229359);
const LG4 = fromWords(0x3fcc71c5, 0x1d8e78af);
const LG5 = fromWords(0x3fc74664, 0x96cb03de);
const LG6 = fromWords(0x3fc39a09, 0xd078c69f);
const LG7 = fromWords(0x3fc2f112, 0xdf3e5244);

export function log1p(x: number): number {
  f64[0] = x;
  const hx = u32[1];
  let k = 1;
  let c = 0.0;
  let f = 0.0;
  if (hx < 0x3fda827a || hx >>> 31) {
    if (hx >= 0xbff00000) {
      if (x === -1) return x / 0.0;
      return (x - x) / 0.0;
    }
    if (((hx << 1) >>> 0) < ((0x3ca00000 << 1) >>> 0)) return x;
    if (hx <= 0xbfd2bec4) {
      k = 0;
      c = 0;
      f = x;
    }
  } else if (hx >= 0x7ff00000) return x;
  if (k) {
    const uf = 1 + x;
    f64[0] = uf;
    let hu = u32[1];
    const lo = u32[0];
    hu = (hu + (0x3ff00000 - 0x3fe6a09e)) >>> 0;
    k = (hu >>> 20) - 0x3ff;
    if (k < 54) {
      c = k >= 2 ? 1 - (uf - x) : x - (uf - 1);
      c /= uf;
    } else c = 0;
    hu = (hu & 0x000fffff) + 0x3fe6a09e;
    f = fromWords(hu, lo) - 1;
  }
  const hfsq = 0.5 * f * f;
  const s = f / (2.0 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const r = t2 + t1;
  const dk = k;
  return s * (hfsq + r) + (dk * FD_LN2_LO + c) - hfsq + f + dk * FD_LN2_HI;
}

// cos (musl cos.c with __cos, __sin and the Cody–Waite part of __rem_pio2)
const COS_C = [
  fromWords(0x3fa55555, 0x5555554c), fromWords(0xbf56c16c, 0x16c15177), fromWords(0x3efa01a0, 0x19cb1590),
  fromWords(0xbe927e4f, 0x809c52ad), fromWords(0x3e21ee9e, 0xbdb4b1c4), fromWords(0xbda8fae9, 0xbe8838d4),
];
const [CC1, CC2, CC3, CC4, CC5, CC6] = COS_C;
const SIN_S = [
  fromWords(0xbfc55555, 0x55555549), fromWords(0x3f811111, 0x1110f8a6), fromWords(0xbf2a01a0, 0x19c161d5),
  fromWords(0x3ec71de3, 0x57b1fe7d), fromWords(0xbe5ae5e6, 0x8a2b9ceb), fromWords(0x3de5d93a, 0x5acfd57c),
];
const [S1, S2, S3, S4, S5, S6] = SIN_S;
const PIO2_1 = fromWords(0x3ff921fb, 0x54400000);
const PIO2_1T = fromWords(0x3dd0b461, 0x1a626331);
const PIO2_2 = fromWords(0x3dd0b461, 0x1a600000);
const PIO2_2T = fromWords(0x3ba3198a, 0x2e037073);
const PIO2_3 = fromWords(0x3ba3198a, 0x2e000000);
const PIO2_3T = fromWords(0x397b839a, 0x252049c1);
const INV_PIO2 = fromWords(0x3fe45f30, 0x6dc9c883);

function cosKernel(x: number, y: number): number {
  const z = x * x;
  let w = z * z;
  const r = z * (CC1 + z * (CC2 + z * CC3)) + w * w * (CC4 + z * (CC5 + z * CC6));
  const hz = 0.5 * z;
  w = 1.0 - hz;
  return w + (((1.0 - w) - hz) + (z * r - x * y));
}

function sinKernel(x: number, y: number): number {
  const z = x * x;
  const w = z * z;
  const r = S2 + z * (S3 + z * S4) + z * w * (S5 + z * S6);
  const v = z * x;
  return x - ((z * (0.5 * y - v * r) - y) - v * S1);
}

/**
 * Round half to even (Wasm's `nearest`); Math.round rounds halves up. For |v| < 2^31, which is
 * all the callers need (cos reduces only below 2^20·π/2, float32 exp clamps to ±128).
 */
export function nearest(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r & 1 ? r - 1 : r;
}

const highWord = (x: number): number => {
  f64[0] = x;
  return u32[1];
};

export function cos(x: number): number {
  f64[0] = x;
  const sign = u32[1] >>> 31;
  const ix = u32[1] & 0x7fffffff;
  if (ix <= 0x3fe921fb) {
    if (ix < 0x3e46a09e) return 1.0;
    return cosKernel(x, 0);
  }
  if (ix >= 0x7ff00000) return x - x;
  let n: number;
  let y0: number;
  let y1: number;
  if (ix < 0x4002d97c) {
    // |x| < 3π/4: one subtraction of π/2
    let z: number;
    if (!sign) {
      z = x - PIO2_1;
      if (ix !== 0x3ff921fb) {
        y0 = z - PIO2_1T;
        y1 = (z - y0) - PIO2_1T;
      } else {
        z -= PIO2_2;
        y0 = z - PIO2_2T;
        y1 = (z - y0) - PIO2_2T;
      }
      n = 1;
    } else {
      z = x + PIO2_1;
      if (ix !== 0x3ff921fb) {
        y0 = z + PIO2_1T;
        y1 = (z - y0) + PIO2_1T;
      } else {
        z += PIO2_2;
        y0 = z + PIO2_2T;
        y1 = (z - y0) + PIO2_2T;
      }
      n = -1;
    }
  } else if (ix < 0x413921fb) {
    // Cody–Waite reduction, up to three steps
    const q = nearest(x * INV_PIO2);
    let r = x - q * PIO2_1;
    let w = q * PIO2_1T;
    const j = ix >>> 20;
    y0 = r - w;
    let i = j - ((highWord(y0) >>> 20) & 0x7ff);
    if (i > 16) {
      let t = r;
      w = q * PIO2_2;
      r = t - w;
      w = q * PIO2_2T - ((t - r) - w);
      y0 = r - w;
      i = j - ((highWord(y0) >>> 20) & 0x7ff);
      if (i > 49) {
        t = r;
        w = q * PIO2_3;
        r = t - w;
        w = q * PIO2_3T - ((t - r) - w);
        y0 = r - w;
      }
    }
    y1 = (r - y0) - w;
    n = q | 0;
  } else {
    // |x| ≥ 2^20·π/2 needs Payne–Hanek reduction, which is not ported: the core only takes the
    // cosine of 2π·u with u in [0, 1).
    return Math.cos(x);
  }
  const v = n & 1 ? sinKernel(y0, y1) : cosKernel(y0, y1);
  return (n + 1) & 2 ? -v : v;
}

// pow (NativeMath.pow's shortcuts, then pow_lut: musl pow.c)
const POW_N = 128;
const PA0 = fromWords(0xbfe00000, 0);
const PA1 = fromWords(0xbfe55555, 0x55555560);
const PA2 = fromWords(0x3fe00000, 0x00000006);
const PA3 = fromWords(0x3fe99999, 0x9959554e);
const PA4 = fromWords(0xbfe55555, 0x5529a47a);
const PA5 = fromWords(0xbff2495b, 0x9b4845e9);
const PA6 = fromWords(0x3ff0002b, 0x8b263fc3);
const SIGN_BIAS = 0x800 << 7;

/** 0 if y is not an integer, 1 if odd, 2 if even; y finite and non-zero, given by its words. */
function checkInt(hi: number, lo: number): number {
  const e = (hi >>> 20) & 0x7ff;
  if (e < 0x3ff) return 0;
  if (e > 0x3ff + 52) return 2;
  const bit = 0x3ff + 52 - e; // the units bit's position in the 64-bit pattern
  if (bit >= 32) {
    const m = 2 ** (bit - 32);
    if (lo !== 0 || (hi & (m - 1)) !== 0) return 0;
    return hi & m ? 1 : 2;
  }
  const m = 2 ** bit;
  if ((lo >>> 0) % m !== 0) return 0;
  return Math.floor((lo >>> 0) / m) & 1 ? 1 : 2;
}

let logTail = 0;

/** log(x) as hi + logTail with ~15 extra bits; x given by the words of a positive normal double. */
function logInline(hi: number, lo: number): number {
  const tmpHi = (hi - 0x3fe69555) | 0;
  const i = (tmpHi >>> 13) & (POW_N - 1);
  const k = tmpHi >> 20;
  const izHi = (hi - (tmpHi & 0xfff00000)) >>> 0;
  const z = fromWords(izHi, lo);
  const kd = k;
  const invc = POW_LOG_TABLE[4 * i];
  const logc = POW_LOG_TABLE[4 * i + 2];
  const logctail = POW_LOG_TABLE[4 * i + 3];
  // zhi: z rounded to its high 32 bits
  const zhi = fromWords((lo >>> 0) >= 0x80000000 ? (izHi + 1) >>> 0 : izHi, 0);
  const zlo = z - zhi;
  const rhi = zhi * invc - 1.0;
  const rlo = zlo * invc;
  const r = rhi + rlo;
  const t1 = kd * LN2_HI + logc;
  const t2 = t1 + r;
  const lo1 = kd * LN2_LO + logctail;
  const lo2 = t1 - t2 + r;
  const ar = PA0 * r;
  const ar2 = r * ar;
  const ar3 = r * ar2;
  const arhi = PA0 * rhi;
  const arhi2 = rhi * arhi;
  const h = t2 + arhi2;
  const lo3 = rlo * (ar + arhi);
  const lo4 = t2 - h + arhi2;
  const p = ar3 * (PA1 + r * PA2 + ar2 * (PA3 + r * PA4 + ar2 * (PA5 + r * PA6)));
  const l = lo1 + lo2 + lo3 + lo4 + p;
  const y = h + l;
  logTail = h - y + l;
  return y;
}

const isZeroInfNaN = (v: number): boolean => v === 0 || !Number.isFinite(v);

export function pow(x: number, y: number): number {
  if (Math.abs(y) <= 2) {
    if (y === 2.0) return x * x;
    if (y === 0.5) return x !== -Infinity ? Math.abs(Math.sqrt(x)) : Infinity;
    if (y === -1.0) return 1 / x;
    if (y === 1.0) return x;
    if (y === 0.0) return 1.0;
  }
  let signBias = 0;
  f64[0] = x;
  let ixHi = u32[1];
  let ixLo = u32[0];
  f64[0] = y;
  const iyHi = u32[1];
  const iyLo = u32[0];
  const topx = ixHi >>> 20;
  const topy = iyHi >>> 20;
  if (((topx - 0x001) >>> 0) >= 0x7ff - 0x001 || ((topy & 0x7ff) - 0x3be) >>> 0 >= 0x43e - 0x3be) {
    if (isZeroInfNaN(y)) {
      if (y === 0) return 1.0;
      if (x === 1) return NaN; // JS semantics (C gives 1)
      if (Number.isNaN(x) || Number.isNaN(y)) return x + y;
      if (Math.abs(x) === 1) return NaN; // (±1)^±inf, JS semantics
      if ((Math.abs(x) < 1) === !(iyHi >>> 31)) return 0;
      return y * y;
    }
    if (isZeroInfNaN(x)) {
      let x2 = x * x;
      if (ixHi >>> 31 && checkInt(iyHi, iyLo) === 1) x2 = -x2;
      return iyHi >>> 31 ? 1 / x2 : x2;
    }
    if (ixHi >>> 31) {
      const yint = checkInt(iyHi, iyLo);
      if (yint === 0) return (x - x) / (x - x);
      if (yint === 1) signBias = SIGN_BIAS;
      ixHi &= 0x7fffffff;
    }
    if (((topy & 0x7ff) - 0x3be) >>> 0 >= 0x43e - 0x3be) {
      if (ixHi === 0x3ff00000 && ixLo === 0) return 1;
      if ((topy & 0x7ff) < 0x3be) return 1;
      const above = ixHi > 0x3ff00000 || (ixHi === 0x3ff00000 && ixLo > 0);
      return above === topy < 0x800 ? Infinity : 0;
    }
    if ((topx & 0x7ff) === 0) {
      // subnormal x: normalise, keeping the exponent's sign in the (now unused) sign bit
      f64[0] = x * TWO_P52;
      ixHi = ((u32[1] & 0x7fffffff) - (52 << 20)) >>> 0;
      ixLo = u32[0];
    }
  }
  const hi = logInline(ixHi, ixLo);
  const lo = logTail;
  const yhi = fromWords(iyHi, iyLo & 0xf8000000);
  const ylo = y - yhi;
  f64[0] = hi;
  const lhi = fromWords(u32[1], u32[0] & 0xf8000000);
  const llo = hi - lhi + lo;
  const ehi = yhi * lhi;
  const elo = ylo * lhi + y * llo;
  return expInline(ehi, elo, signBias, true);
}
