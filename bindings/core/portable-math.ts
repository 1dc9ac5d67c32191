// The Math functions a run's arithmetic depends on, computed by the library itself so that every
// JavaScript engine gives the same bits. ECMAScript leaves Math.sin, Math.cos, Math.hypot, … to
// the engine ("implementation-approximated"), and engines differ: Node 20's V8 (11.3) computes
// sin and cos with its port of fdlibm, while the V8 in current Chromium, Deno and workerd uses a
// glibc-derived sine and cosine that round differently for about one argument in a hundred. One
// differing bit in a CartPole angle is enough to make a long run take another path.
//
// Each function below is bit-for-bit the value Node 20 returns — the results committed in docs/
// were produced there — and is checked against it on millions of arguments
// (test/core/portable-math.test.ts). They use only +, −, ×, ÷, comparisons, bit access to doubles and
// Math.sqrt, abs, floor and trunc, which IEEE 754 and ECMAScript pin down in every engine.
// exp, log and log1p (for Gaussian draws and exported policies) are fdlibm's too, with V8's
// one deviation (exp(1) is Math.E).
//
// sin and cos follow fdlibm 5.3 (Sun Microsystems, 1993), as V8's src/base/ieee754.cc does:
//   1. reduce x to r = y0 + y1 with |r| ≤ π/4 and x = n·π/2 + r, carrying r in two doubles
//      (y1 is the rounding error of y0), with π/2 split into pieces so the subtraction is exact;
//   2. evaluate the sine or cosine polynomial of r chosen by n mod 4, with the sign n gives.

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer); // little-endian: [low word, high word], as everywhere in the bindings

/** A double from its high and low 32-bit words. */
function fromWords(hi: number, lo: number): number {
  u32[1] = hi;
  u32[0] = lo;
  return f64[0];
}

/** The high word (sign, exponent and top 20 bits of the significand) of a double, as a signed int32. */
function highWord(x: number): number {
  f64[0] = x;
  return u32[1] | 0;
}

function lowWord(x: number): number {
  f64[0] = x;
  return u32[0];
}

/** 2^n for an integer n in the normal range [-1022, 1023], exactly. */
function twoTo(n: number): number {
  return fromWords((n + 1023) << 20, 0);
}

// ─── the polynomial kernels on [-π/4, π/4] ──────────────────────────────────────────────────────

// sin(r) ≈ r + r³·(S1 + r²·S2 + … + r¹⁰·S6) (a Remez minimax polynomial, error < 2^-58).
const S1 = fromWords(0xbfc55555, 0x55555549);
const S2 = fromWords(0x3f811111, 0x1110f8a6);
const S3 = fromWords(0xbf2a01a0, 0x19c161d5);
const S4 = fromWords(0x3ec71de3, 0x57b1fe7d);
const S5 = fromWords(0xbe5ae5e6, 0x8a2b9ceb);
const S6 = fromWords(0x3de5d93a, 0x5acfd57c);

/**
 * sin(x + y) for |x + y| ≤ π/4, where y is the tail of a reduced argument. With hasTail false, y
 * is 0 and the cheaper form is used; with it, the first-order correction y·cos(x) ≈ y − x²·y/2 is
 * folded in.
 */
function sinKernel(x: number, y: number, hasTail: boolean): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix < 0x3e400000 && (x | 0) === 0) return x; // |x| < 2^-27: sin x = x to the last bit
  const z = x * x;
  const v = z * x;
  const r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  if (!hasTail) return x + v * (S1 + z * r);
  return x - ((z * (0.5 * y - v * r) - y) - v * S1);
}

// cos(r) ≈ 1 − r²/2 + r⁴·(C1 + r²·C2 + … + r¹⁰·C6).
const C1 = fromWords(0x3fa55555, 0x5555554c);
const C2 = fromWords(0xbf56c16c, 0x16c15177);
const C3 = fromWords(0x3efa01a0, 0x19cb1590);
const C4 = fromWords(0xbe927e4f, 0x809c52ad);
const C5 = fromWords(0x3e21ee9e, 0xbdb4b1c4);
const C6 = fromWords(0xbda8fae9, 0xbe8838d4);

/**
 * cos(x + y) for |x + y| ≤ π/4. 1 − x²/2 loses bits when x²/2 is large, so above |x| = 0.3 a
 * quarter of x² (qx, or 0.28125 above 0.78125) is subtracted from 1 exactly first and the rest
 * afterwards.
 */
function cosKernel(x: number, y: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix < 0x3e400000 && (x | 0) === 0) return 1; // |x| < 2^-27
  const z = x * x;
  const r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  if (ix < 0x3fd33333) return 1 - (0.5 * z - (z * r - x * y)); // |x| < 0.3
  const qx = ix > 0x3fe90000 ? 0.28125 : fromWords(ix - 0x00200000, 0); // x²/4 with x's top bits only
  const hz = 0.5 * z - qx;
  const a = 1 - qx;
  return a - (hz - (z * r - x * y));
}

// ─── argument reduction: x = n·π/2 + (y0 + y1) ──────────────────────────────────────────────────

// π/2 as PIO2_1 + PIO2_2 + PIO2_3 + PIO2_3T, each of the first three with 33 significant bits, so
// n·PIO2_k is exact for n < 2^20; PIO2_kT is the remainder after piece k.
const PIO2_1 = fromWords(0x3ff921fb, 0x54400000);
const PIO2_1T = fromWords(0x3dd0b461, 0x1a626331);
const PIO2_2 = fromWords(0x3dd0b461, 0x1a600000);
const PIO2_2T = fromWords(0x3ba3198a, 0x2e037073);
const PIO2_3 = fromWords(0x3ba3198a, 0x2e000000);
const PIO2_3T = fromWords(0x397b839a, 0x252049c1);
const INV_PIO2 = fromWords(0x3fe45f30, 0x6dc9c883); // 2/π

/**
 * High words of n·π/2 for n = 1 … 32: an argument whose high word equals one of them is close
 * enough to that multiple for the subtraction to cancel many bits, so reduction takes the slow
 * path for it.
 */
const NEAR_MULTIPLE_HIGH_WORDS = [
  0x3ff921fb, 0x400921fb, 0x4012d97c, 0x401921fb, 0x401f6a7a, 0x4022d97c, 0x4025fdbb, 0x402921fb,
  0x402c463a, 0x402f6a7a, 0x4031475c, 0x4032d97c, 0x40346b9c, 0x4035fdbb, 0x40378fdb, 0x403921fb,
  0x403ab41b, 0x403c463a, 0x403dd85a, 0x403f6a7a, 0x40407e4c, 0x4041475c, 0x4042106c, 0x4042d97c,
  0x4043a28c, 0x40446b9c, 0x404534ac, 0x4045fdbb, 0x4046c6cb, 0x40478fdb, 0x404858eb, 0x404921fb,
];

/** The reduced argument: x = n·π/2 + y0 + y1 (n's low bits are what sin and cos need). */
const reduced = { y0: 0, y1: 0 };

/** Reduces x (finite, |x| > π/4) into `reduced` and returns n. */
function reduceHalfPi(x: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix < 0x4002d97c) {
    // |x| < 3π/4: n = ±1. One 33-bit piece of π/2 suffices, two when x is within 2^-20 of π/2.
    const sign = hx > 0 ? 1 : -1;
    let z = x - sign * PIO2_1;
    if (ix !== 0x3ff921fb) {
      reduced.y0 = z - sign * PIO2_1T;
      reduced.y1 = (z - reduced.y0) - sign * PIO2_1T;
    } else {
      z -= sign * PIO2_2;
      reduced.y0 = z - sign * PIO2_2T;
      reduced.y1 = (z - reduced.y0) - sign * PIO2_2T;
    }
    return sign;
  }
  if (ix <= 0x413921fb) return reduceMedium(x, hx, ix); // |x| ≤ 2^19·π/2
  return reduceLarge(x, hx, ix);
}

/**
 * Cody–Waite reduction for |x| ≤ 2^19·π/2: subtract n·π/2 piece by piece, taking a further piece
 * only when the leading bits cancelled (the exponent of y0 fell more than 16, then 49, below x's).
 */
function reduceMedium(x: number, hx: number, ix: number): number {
  const t0 = Math.abs(x);
  const n = (t0 * INV_PIO2 + 0.5) | 0;
  const fn = n;
  let r = t0 - fn * PIO2_1;
  let w = fn * PIO2_1T;
  let y0 = r - w;
  if (!(n < 32 && ix !== NEAR_MULTIPLE_HIGH_WORDS[n - 1])) {
    const exponent = ix >> 20;
    if (exponent - ((highWord(y0) >> 20) & 0x7ff) > 16) {
      let t = r;
      w = fn * PIO2_2;
      r = t - w;
      w = fn * PIO2_2T - ((t - r) - w);
      y0 = r - w;
      if (exponent - ((highWord(y0) >> 20) & 0x7ff) > 49) {
        t = r;
        w = fn * PIO2_3;
        r = t - w;
        w = fn * PIO2_3T - ((t - r) - w);
        y0 = r - w;
      }
    }
  }
  const y1 = (r - y0) - w;
  if (hx < 0) {
    reduced.y0 = -y0;
    reduced.y1 = -y1;
    return -n;
  }
  reduced.y0 = y0;
  reduced.y1 = y1;
  return n;
}

// 2/π in 24-bit chunks: chunk k holds bits 24k+1 … 24k+24 after the binary point (396 bits,
// enough for every double).
const TWO_OVER_PI = [
  0xa2f983, 0x6e4e44, 0x1529fc, 0x2757d1, 0xf534dd, 0xc0db62, 0x95993c, 0x439041, 0xfe5163, 0xabdebb, 0xc561b7,
  0x246e3a, 0x424dd2, 0xe00649, 0x2eea09, 0xd1921c, 0xfe1deb, 0x1cb129, 0xa73ee8, 0x8235f5, 0x2ebb44, 0x84e99c,
  0x7026b4, 0x5f7e41, 0x3991d6, 0x398353, 0x39f49c, 0x845f8b, 0xbdf928, 0x3b1ff8, 0x97ffde, 0x05980f, 0xef2f11,
  0x8b5a0a, 0x6d1f6d, 0x367ecf, 0x27cb09, 0xb74f46, 0x3f669e, 0x5fea2d, 0x7527ba, 0xc7ebe5, 0xf17b3d, 0x0739f7,
  0x8a5292, 0xea6bfb, 0x5fb11f, 0x8d5d08, 0x560330, 0x46fc7b, 0x6babf0, 0xcfbc20, 0x9af436, 0x1da9e3, 0x91615e,
  0xe61b08, 0x659985, 0x5f14a0, 0x68408d, 0xffd880, 0x4d7327, 0x310606, 0x1556ca, 0x73a8c9, 0x60e27b, 0xc08c6b,
];

// π/2 in 24-bit pieces, for turning the fraction back into radians.
const PIO2_PIECES = [
  fromWords(0x3ff921fb, 0x40000000), fromWords(0x3e74442d, 0x00000000), fromWords(0x3cf84698, 0x80000000),
  fromWords(0x3b78cc51, 0x60000000), fromWords(0x39f01b83, 0x80000000), fromWords(0x387a2520, 0x40000000),
  fromWords(0x36e38222, 0x80000000), fromWords(0x3569f31d, 0x00000000),
];
const TWO24 = 16777216;
const TWO_MINUS24 = 5.9604644775390625e-8;
const TERMS = 4; // fdlibm's jk for double precision (prec = 2): chunks of 2/π beyond the needed ones

/**
 * Payne–Hanek reduction for |x| > 2^19·π/2 (fdlibm's __ieee754_rem_pio2 large branch and
 * __kernel_rem_pio2 at prec 2): x is split into three 24-bit integers scaled by 2^e0, multiplied
 * by just the chunks of 2/π that matter (earlier ones give whole multiples of 4, which sin and cos
 * ignore), the integer part n and the fraction are separated, and the fraction times π/2 is
 * summed back into y0 + y1.
 */
function reduceLarge(x: number, hx: number, ix: number): number {
  // z = |x| scaled to [2^23, 2^24); then three 24-bit digits of it.
  const e0 = (ix >> 20) - 1046;
  let z = fromWords(ix - (e0 << 20), lowWord(x));
  const digits = [0, 0, 0];
  for (let i = 0; i < 2; i++) {
    digits[i] = z | 0;
    z = (z - digits[i]) * TWO24;
  }
  digits[2] = z;
  let count = 3;
  while (digits[count - 1] === 0) count--;

  const jk = TERMS;
  const jp = jk;
  const jx = count - 1;
  const jv = Math.max(0, Math.trunc((e0 - 3) / 24)); // the first chunk of 2/π that matters
  let q0 = e0 - 24 * (jv + 1); // the exponent of the product's chunk jz
  const f: number[] = [];
  for (let i = 0, j = jv - jx; i <= jx + jk; i++, j++) f[i] = j < 0 ? 0 : TWO_OVER_PI[j];
  const q: number[] = [];
  for (let i = 0; i <= jk; i++) {
    let fw = 0;
    for (let j = 0; j <= jx; j++) fw += digits[j] * f[jx + i - j];
    q[i] = fw;
  }

  let jz = jk;
  const iq: number[] = [];
  let n = 0;
  let ih = 0;
  for (;;) {
    // Distil q[] into 24-bit integers iq[], lowest first.
    let i = 0;
    let j = jz;
    z = q[jz];
    for (; j > 0; i++, j--) {
      const fw = Math.trunc(TWO_MINUS24 * z);
      iq[i] = Math.trunc(z - TWO24 * fw);
      z = q[j - 1] + fw;
    }
    // n = the integer part mod 8; z = the fraction.
    z *= twoTo(q0);
    z -= 8 * Math.floor(z * 0.125);
    n = Math.trunc(z);
    z -= n;
    ih = 0;
    if (q0 > 0) {
      const top = iq[jz - 1] >> (24 - q0);
      n += top;
      iq[jz - 1] -= top << (24 - q0);
      ih = iq[jz - 1] >> (23 - q0);
    } else if (q0 === 0) {
      ih = iq[jz - 1] >> 23;
    } else if (z >= 0.5) {
      ih = 2;
    }
    let carry = 0;
    if (ih > 0) {
      // The fraction is ≥ 1/2: take n + 1 and the fraction 1 − q, negated at the end.
      n += 1;
      for (let k = 0; k < jz; k++) {
        const digit = iq[k];
        if (carry === 0) {
          if (digit !== 0) {
            carry = 1;
            iq[k] = 0x1000000 - digit;
          }
        } else {
          iq[k] = 0xffffff - digit;
        }
      }
      if (q0 === 1) iq[jz - 1] &= 0x7fffff;
      else if (q0 === 2) iq[jz - 1] &= 0x3fffff;
      if (ih === 2) {
        z = 1 - z;
        if (carry !== 0) z -= twoTo(q0);
      }
    }
    // All chunks below the guard ones zero: the fraction is tiny, so take more chunks of 2/π.
    if (z === 0) {
      let any = 0;
      for (let k = jz - 1; k >= jk; k--) any |= iq[k];
      if (any === 0) {
        let more = 1;
        while (iq[jk - more] === 0) more++;
        for (let k = jz + 1; k <= jz + more; k++) {
          f[jx + k] = TWO_OVER_PI[jv + k];
          let fw = 0;
          for (let m = 0; m <= jx; m++) fw += digits[m] * f[jx + k - m];
          q[k] = fw;
        }
        jz += more;
        continue;
      }
    }
    break;
  }

  // Drop zero chunks, or split the remaining fraction into 24-bit chunks.
  if (z === 0) {
    jz -= 1;
    q0 -= 24;
    while (iq[jz] === 0) {
      jz--;
      q0 -= 24;
    }
  } else {
    z *= twoTo(-q0);
    if (z >= TWO24) {
      const fw = Math.trunc(TWO_MINUS24 * z);
      iq[jz] = Math.trunc(z - TWO24 * fw);
      jz += 1;
      q0 += 24;
      iq[jz] = fw;
    } else {
      iq[jz] = Math.trunc(z);
    }
  }

  // The fraction's chunks as doubles, then times π/2 (fq[k] collects the products of order k).
  let fw = twoTo(q0);
  for (let i = jz; i >= 0; i--) {
    q[i] = fw * iq[i];
    fw *= TWO_MINUS24;
  }
  const fq: number[] = [];
  for (let i = jz; i >= 0; i--) {
    fw = 0;
    for (let k = 0; k <= jp && k <= jz - i; k++) fw += PIO2_PIECES[k] * q[i + k];
    fq[jz - i] = fw;
  }
  // y0 = the sum, smallest first; y1 = what rounding the sum lost.
  fw = 0;
  for (let i = jz; i >= 0; i--) fw += fq[i];
  let y0 = ih === 0 ? fw : -fw;
  fw = fq[0] - fw;
  for (let i = 1; i <= jz; i++) fw += fq[i];
  let y1 = ih === 0 ? fw : -fw;
  n &= 7;
  if (hx < 0) {
    y0 = -y0;
    y1 = -y1;
    n = -n;
  }
  reduced.y0 = y0;
  reduced.y1 = y1;
  return n;
}

// ─── the functions ──────────────────────────────────────────────────────────────────────────────

/** Math.sin as Node 20 computes it (fdlibm's s_sin.c). */
export function sin(x: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return sinKernel(x, 0, false); // |x| ≤ π/4 (also ±0 and subnormals)
  if (ix >= 0x7ff00000) return x - x; // NaN or ±∞: NaN
  const n = reduceHalfPi(x);
  const { y0, y1 } = reduced;
  switch (n & 3) {
    case 0: return sinKernel(y0, y1, true);
    case 1: return cosKernel(y0, y1);
    case 2: return -sinKernel(y0, y1, true);
    default: return -cosKernel(y0, y1);
  }
}

/** Math.cos as Node 20 computes it (fdlibm's s_cos.c). */
export function cos(x: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return cosKernel(x, 0);
  if (ix >= 0x7ff00000) return x - x;
  const n = reduceHalfPi(x);
  const { y0, y1 } = reduced;
  switch (n & 3) {
    case 0: return cosKernel(y0, y1);
    case 1: return -sinKernel(y0, y1, true);
    case 2: return -cosKernel(y0, y1);
    default: return sinKernel(y0, y1, true);
  }
}

/**
 * Math.hypot(x, y) as V8 computes it (src/builtins/math.tq): both scaled by the larger magnitude,
 * their squares summed with Kahan compensation, the root scaled back. Not the correctly rounded
 * hypot other engines may use.
 */
export function hypot(x: number, y: number): number {
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  if (ax === Infinity || ay === Infinity) return Infinity;
  if (ax !== ax || ay !== ay) return NaN;
  const max = Math.max(ax, ay);
  if (max === 0) return 0;
  // Kahan summation of (ax/max)² and (ay/max)², in that order.
  const first = ax / max;
  const second = ay / max;
  const sum1 = first * first; // 0 + summand, with no compensation yet
  const compensation = (sum1 - 0) - first * first;
  const summand = second * second - compensation;
  const sum = sum1 + summand;
  return Math.sqrt(sum) * max;
}

// ─── exp, log and log1p (fdlibm's e_exp.c, e_log.c and s_log1p.c, as V8's ieee754.cc) ───────────

const LN2_HI = fromWords(0x3fe62e42, 0xfee00000); // ln 2 to 32 bits: k·LN2_HI is exact for |k| < 2^11
const LN2_LO = fromWords(0x3dea39ef, 0x35793c76); // ln 2 − LN2_HI
const TWO54 = 18014398509481984;

// exp(r) ≈ 1 + r + r²/2 + …, through the rational form R(r²) = r − r²·(P1 + r²·P2 + … + r⁸·P5).
const P1 = fromWords(0x3fc55555, 0x5555553e);
const P2 = fromWords(0xbf66c16c, 0x16bebd93);
const P3 = fromWords(0x3f11566a, 0xaf25de2c);
const P4 = fromWords(0xbebbbd41, 0xc5d26bf1);
const P5 = fromWords(0x3e663769, 0x72bea4d0);
const EXP_OVERFLOW = fromWords(0x40862e42, 0xfefa39ef); // 709.78…: exp overflows above
const EXP_UNDERFLOW = fromWords(0xc0874910, 0xd52d3051); // −745.13…: exp underflows below
const INV_LN2 = fromWords(0x3ff71547, 0x652b82fe);

/**
 * Math.exp as Node 20 computes it: x = k·ln 2 + r with |r| ≤ ln2/2 (r carried as hi − lo),
 * exp(r) from the rational approximation, then scaled by 2^k.
 */
export function exp(x: number): number {
  const high = highWord(x);
  const negative = high < 0;
  const hx = high & 0x7fffffff;
  if (hx >= 0x40862e42) {
    // |x| ≥ 709.78: NaN, ±∞, overflow or underflow.
    if (hx >= 0x7ff00000) return ((hx & 0xfffff) | lowWord(x)) !== 0 ? x + x : negative ? 0 : x;
    if (x > EXP_OVERFLOW) return Infinity;
    if (x < EXP_UNDERFLOW) return 0;
  }
  let hi = 0;
  let lo = 0;
  let k = 0;
  if (hx > 0x3fd62e42) {
    // |x| > ln2/2
    if (hx < 0x3ff0a2b2) {
      // and < 1.5·ln2: k = ±1. V8 returns Math.E for exp(1), where this path is one ulp above.
      if (x === 1) return Math.E;
      hi = negative ? x + LN2_HI : x - LN2_HI;
      lo = negative ? -LN2_LO : LN2_LO;
      k = negative ? -1 : 1;
    } else {
      k = (INV_LN2 * x + (negative ? -0.5 : 0.5)) | 0;
      const t = k;
      hi = x - t * LN2_HI; // exact: t·LN2_HI has at most 43 significant bits
      lo = t * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    return 1 + x; // |x| < 2^-28
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - ((lo - (x * c) / (2 - c)) - hi);
  // y·2^k, exactly (in two steps where 2^k alone would not be a normal double).
  if (k >= -1021) return k === 1024 ? y * 2 * twoTo(1023) : y * twoTo(k);
  return y * twoTo(k + 1000) * twoTo(-1000);
}

// log(1 + f) = f − f²/2 + s·(f²/2 + R(s²)) with s = f/(2 + f), R a minimax polynomial.
const LG1 = fromWords(0x3fe55555, 0x55555593);
const LG2 = fromWords(0x3fd99999, 0x9997fa04);
const LG3 = fromWords(0x3fd24924, 0x94229359);
const LG4 = fromWords(0x3fcc71c5, 0x1d8e78af);
const LG5 = fromWords(0x3fc74664, 0x96cb03de);
const LG6 = fromWords(0x3fc39a09, 0xd078c69f);
const LG7 = fromWords(0x3fc2f112, 0xdf3e5244);

/** Math.log as Node 20 computes it: x = 2^k·(1 + f) with √2/2 ≤ 1 + f < √2, log x = k·ln 2 + log(1 + f). */
export function log(x: number): number {
  let hx = highWord(x);
  let k = 0;
  if (hx < 0x00100000) {
    // x < 2^-1022: zero, negative or subnormal
    if (((hx & 0x7fffffff) | lowWord(x)) === 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO54; // scale the subnormal up
    hx = highWord(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000; // set when the significand is ≥ √2: take x/2 instead
  x = fromWords(hx | (i ^ 0x3ff00000), lowWord(x));
  k += i >> 20;
  const f = x - 1;
  if ((0x000fffff & (2 + hx)) < 3) {
    // |f| < 2^-20
    if (f === 0) return k === 0 ? 0 : k * LN2_HI + k * LN2_LO;
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    return k === 0 ? f - R : k * LN2_HI - ((R - k * LN2_LO) - f);
  }
  const s = f / (2 + f);
  const dk = k;
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const R = t2 + t1;
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    // 1 + f far enough from 1 that f²/2 is worth separating
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + R)) : dk * LN2_HI - ((hfsq - (s * (hfsq + R) + dk * LN2_LO)) - f);
  }
  return k === 0 ? f - s * (f - R) : dk * LN2_HI - ((s * (f - R) - dk * LN2_LO) - f);
}

/**
 * Math.log1p as Node 20 computes it: as log, on u = 1 + x, plus a correction c for the rounding
 * of 1 + x, so that small x keep all their bits.
 */
export function log1p(x: number): number {
  const hx = highWord(x);
  const ax = hx & 0x7fffffff;
  let k = 1;
  let f = 0;
  let hu = 0;
  let c = 0;
  if (hx < 0x3fda827a) {
    // 1 + x < √2
    if (ax >= 0x3ff00000) return x === -1 ? -Infinity : NaN; // x ≤ −1
    if (ax < 0x3e200000) return ax < 0x3c900000 ? x : x - x * x * 0.5; // |x| < 2^-29
    if (hx > 0 || hx <= (0xbfd2bec4 | 0)) {
      // √2/2 ≤ 1 + x < √2: no reduction needed
      k = 0;
      f = x;
      hu = 1;
    }
  }
  if (hx >= 0x7ff00000) return x + x;
  if (k !== 0) {
    let u: number;
    if (hx < 0x43400000) {
      u = 1 + x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = k > 0 ? 1 - (u - x) : x - (u - 1); // what rounding 1 + x lost
      c /= u;
    } else {
      u = x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = 0;
    }
    hu &= 0x000fffff;
    if (hu < 0x6a09e) {
      u = fromWords(hu | 0x3ff00000, lowWord(u)); // u in [1, √2)
    } else {
      k += 1;
      u = fromWords(hu | 0x3fe00000, lowWord(u)); // u/2 in [√2/2, 1)
      hu = (0x00100000 - hu) >> 2;
    }
    f = u - 1;
  }
  const hfsq = 0.5 * f * f;
  if (hu === 0) {
    // |f| < 2^-20
    if (f === 0) {
      if (k === 0) return 0;
      c += k * LN2_LO;
      return k * LN2_HI + c;
    }
    const R = hfsq * (1 - 0.66666666666666666 * f);
    return k === 0 ? f - R : k * LN2_HI - ((R - (k * LN2_LO + c)) - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const R = z * (LG1 + z * (LG2 + z * (LG3 + z * (LG4 + z * (LG5 + z * (LG6 + z * LG7))))));
  return k === 0 ? f - (hfsq - s * (hfsq + R)) : k * LN2_HI - ((hfsq - (s * (hfsq + R) + (k * LN2_LO + c))) - f);
}
