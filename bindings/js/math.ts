// assembly/simdmath.ts and assembly/activation.ts, one lane at a time. SIMD lanes are
// independent, so a scalar loop over them computes the same numbers as long as each operation
// rounds like its Wasm counterpart: in the float32 build every result goes through Math.fround,
// and exp, log1p, log and cos are the same polynomials evaluated in the same order; the float64 build
// calls AssemblyScript's NativeMath per lane, so this calls the bit-exact port of it.
import type { Precision } from "../core.js";
import * as native from "./nativemath.js";

export const LINEAR = 0;
export const SOFTPLUS = 1;
export const RELU = 2;
export const LOGISTIC = 3;

export type FloatArray = Float32Array | Float64Array;

/** The arithmetic of one build: float32 (four lanes) or float64 (two lanes). */
export interface FloatMath {
  readonly single: boolean;
  /** Floats per v128 (precision.ts LANES). */
  readonly lanes: 2 | 4;
  /** log2 of the bytes of one float (precision.ts FLOAT_SHIFT). */
  readonly shift: 2 | 3;
  /** Rounds a double to the build's Float (a no-op in float64). */
  readonly fr: (x: number) => number;
  /** The sum of a vector's lanes as the Wasm's vsum adds them: (l0 + l2) + (l1 + l3). */
  readonly sum4: (a0: number, a1: number, a2: number, a3: number) => number;
  /** e^x as the build computes it (softmax's exponentials). */
  readonly exp: (x: number) => number;
  readonly sigmoid: (x: number) => number;
  /** A standard normal from two uniforms in [0, 1) (simdmath.ts boxMullerv). */
  readonly boxMuller: (first: number, second: number) => number;
  /** f(x) for an activation kind; f'(x) is stored at F[slope]. */
  readonly activateWithSlope: (kind: number, x: number, F: FloatArray, slope: number) => number;
}

// float32 exp: x = n·ln2 + r (ln2 in two parts), e^r by a degree-7 polynomial, 2^n from bits.
const fround = Math.fround;
const LOG2E = fround(1.4426950408889634);
const LN2_HI = fround(0.693359375);
const LN2_LO = fround(-2.12194440e-4);

/** c[0]·x^(n−1) + … + c[n−1] by Horner's rule, rounding to float32 after every step as the Wasm's lanes do. */
function horner32(c: readonly number[], x: number): number {
  let p = c[0];
  for (let k = 1; k < c.length; k++) p = fround(fround(p * x) + c[k]);
  return p;
}

/** exp's polynomial coefficients, highest power first. */
const EXP_POLY = [1.98756915e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1].map(fround);
/** 2^n for n in [−126, 127] at index n + 126, built from exponent bits as the Wasm does. */
const POW2 = (() => {
  const bits = new Int32Array(254);
  for (let n = -126; n <= 127; n++) bits[n + 126] = (n + 127) << 23;
  return Float64Array.from(new Float32Array(bits.buffer));
})();

function exp32(x: number): number {
  x = Math.min(Math.max(x, -87), 88);
  const n = native.nearest(fround(x * LOG2E));
  if (n !== n) return NaN; // trunc_sat(NaN) is 0, so the Wasm returns NaN · 1
  let r = fround(x - fround(n * LN2_HI));
  r = fround(r - fround(n * LN2_LO));
  const p = horner32(EXP_POLY, r);
  const r2 = fround(r * r);
  const er = fround(fround(fround(p * r2) + r) + 1);
  return fround(er * POW2[n + 126]);
}

// float32 log(1 + t), t in [−0.3, 1]: 2·atanh(s), s = t / (2 + t), odd series to s^13.
const ATANH_POLY = [1.0 / 13, 1.0 / 11, 1.0 / 9, 1.0 / 7, 1.0 / 5, 1.0 / 3, 1].map(fround);

function log1pUnit32(t: number): number {
  const s = fround(t / fround(t + 2));
  const s2 = fround(s * s);
  return fround(2 * fround(s * horner32(ATANH_POLY, s2)));
}

// float32 log of a positive normal number: x = 2^e·m with m in [√½, √2), e·ln2 + log(1 + (m − 1)).
const SQRT2 = fround(1.4142135623730951);
const word = new Float32Array(1);
const wordBits = new Int32Array(word.buffer);

function log32(x: number): number {
  word[0] = x;
  const bits = wordBits[0];
  let e = (bits >>> 23) - 127;
  wordBits[0] = (bits & 0x007fffff) | 0x3f800000;
  let m = word[0];
  if (m > SQRT2) {
    m = fround(m * 0.5);
    e += 1;
  }
  return fround(fround(e * LN2_HI) + fround(fround(e * LN2_LO) + log1pUnit32(fround(m - 1))));
}

// float32 cos(2πt) = sin(2πy), y = ¼ − |t − round(t)|, by the Taylor series in y to y^13.
const SIN_TURNS_POLY = [
  3.8199525848482803, -15.094642576822984, 42.058693944897634, -76.70585975306136, 81.60524927607504, -41.341702240399755, 6.283185307179586,
].map(fround);

function cosTurns32(t: number): number {
  const y = fround(0.25 - Math.abs(fround(t - native.nearest(t))));
  const y2 = fround(y * y);
  return fround(y * horner32(SIN_TURNS_POLY, y2));
}

const boxMuller32 = (first: number, second: number): number =>
  fround(fround(Math.sqrt(fround(-2 * log32(fround(1 - first))))) * cosTurns32(second));

/** float64: NativeMath, as the reference. */
const boxMuller64 = (first: number, second: number): number => Math.sqrt(-2 * native.log(1 - first)) * native.cos(6.283185307179586 * second);

function makeFloatMath(
  single: boolean,
  fr: (x: number) => number,
  exp: (x: number) => number,
  log1pUnit: (t: number) => number,
  boxMuller: (first: number, second: number) => number,
): FloatMath {
  // The cut-offs are the reference implementation's: σ is exactly 0 or 1 beyond ±20, softplus
  // is x above 30 and 0 below −30. Comparisons with NaN are false, so NaN flows through as in Wasm.
  const sigmoid = (x: number): number => {
    const s = fr(1 / fr(1 + exp(-x)));
    return x >= 20 ? 1 : x <= -20 ? 0 : s;
  };

  // softplus and its slope σ from one exponential, t = e^−|x|.
  const softplusWithSlope = (x: number, F: FloatArray, slope: number): number => {
    const t = exp(-Math.abs(x));
    const onePlusT = fr(1 + t);
    const s = fr((x >= 0 ? 1 : t) / onePlusT);
    F[slope] = x >= 20 ? 1 : x <= -20 ? 0 : s;
    const y = fr(Math.max(x, 0) + log1pUnit(t));
    return x > 30 ? x : x < -30 ? 0 : y;
  };

  const activateWithSlope = (kind: number, x: number, F: FloatArray, slope: number): number => {
    if (kind === SOFTPLUS) return softplusWithSlope(x, F, slope);
    if (kind === RELU) {
      F[slope] = x < 0 ? 0 : 1; // ReLU'(0) = 1, as in the reference
      return Math.max(x, 0);
    }
    if (kind === LOGISTIC) {
      const s = sigmoid(x);
      F[slope] = fr(s * fr(1 - s));
      return s;
    }
    F[slope] = 1;
    return x;
  };

  return {
    single,
    lanes: single ? 4 : 2,
    shift: single ? 2 : 3,
    fr,
    // float64 vectors have two lanes; a2 and a3 are unused (zero) there.
    sum4: single ? (a0, a1, a2, a3) => fround(fround(a0 + a2) + fround(a1 + a3)) : (a0, a1) => a0 + a1,
    exp,
    sigmoid,
    boxMuller,
    activateWithSlope,
  };
}

export function floatMath(precision: Precision): FloatMath {
  return precision === "float32"
    ? makeFloatMath(true, fround, exp32, log1pUnit32, boxMuller32)
    : makeFloatMath(false, (x) => x, native.exp, native.log1p, boxMuller64);
}
