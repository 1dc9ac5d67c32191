import { boxMullerv, cosTurnsf32v, expv, logf32v, sigmoidv, softplusv, softplusWithSlope } from "../kernels/simdmath";

const slopeOut = heap.alloc(16);
function slopeOf(x: v128): v128 {
  softplusWithSlope(x, slopeOut);
  return v128.load(slopeOut);
}
function softplusOf(x: v128): v128 {
  return softplusWithSlope(x, slopeOut);
}

/** Largest relative error of a vector function against a float64 reference over [lo, hi]. */
function worstRelativeError(f: (x: v128) => v128, reference: (x: f64) => f64, lo: f64, hi: f64, n: i32): f64 {
  let worst: f64 = 0;
  for (let k = 0; k < n; k += 4) {
    const x0 = <f32>(lo + ((hi - lo) * k) / n);
    const x1 = <f32>(lo + ((hi - lo) * (k + 1)) / n);
    const x2 = <f32>(lo + ((hi - lo) * (k + 2)) / n);
    const x3 = <f32>(lo + ((hi - lo) * (k + 3)) / n);
    const y = f(f32x4(x0, x1, x2, x3));
    worst = Math.max(worst, relative(f32x4.extract_lane(y, 0), reference(x0)));
    worst = Math.max(worst, relative(f32x4.extract_lane(y, 1), reference(x1)));
    worst = Math.max(worst, relative(f32x4.extract_lane(y, 2), reference(x2)));
    worst = Math.max(worst, relative(f32x4.extract_lane(y, 3), reference(x3)));
  }
  return worst;
}

function relative(got: f32, want: f64): f64 {
  if (want == 0) return Math.abs(<f64>got);
  return Math.abs((<f64>got - want) / want);
}

/** Largest |f(x) − reference(x)| / max(1, |reference(x)|) over float32 points x = lo + (hi − lo)·k/n. */
function worstError(f: (x: v128) => v128, reference: (x: f64) => f64, lo: f64, hi: f64, n: i32): f64 {
  let worst: f64 = 0;
  for (let k = 0; k < n; k += 4) {
    const x = f32x4(<f32>(lo + ((hi - lo) * k) / n), <f32>(lo + ((hi - lo) * (k + 1)) / n), <f32>(lo + ((hi - lo) * (k + 2)) / n), <f32>(lo + ((hi - lo) * (k + 3)) / n));
    const y = f(x);
    for (let lane = 0; lane < 4; lane++) {
      const xi = <f64>(lane == 0 ? f32x4.extract_lane(x, 0) : lane == 1 ? f32x4.extract_lane(x, 1) : lane == 2 ? f32x4.extract_lane(x, 2) : f32x4.extract_lane(x, 3));
      const yi = <f64>(lane == 0 ? f32x4.extract_lane(y, 0) : lane == 1 ? f32x4.extract_lane(y, 1) : lane == 2 ? f32x4.extract_lane(y, 2) : f32x4.extract_lane(y, 3));
      const want = reference(xi);
      worst = Math.max(worst, Math.abs(yi - want) / Math.max(1, Math.abs(want)));
    }
  }
  return worst;
}

function cosTurns64(t: f64): f64 {
  return Math.cos(2 * Math.PI * t);
}

// Box–Muller with the second uniform fixed at 1/8 (cos = √½) and the first swept over the
// uniforms' grid (multiples of 2^-24, where 1 − first is exact).
function boxMullerOfFirst(first: v128): v128 {
  const onGrid = f32x4.mul(f32x4.floor(f32x4.mul(first, f32x4.splat(16777216))), f32x4.splat(5.9604644775390625e-8));
  return boxMullerv(onGrid, f32x4.splat(0.125));
}
function boxMuller64OfFirst(first: f64): f64 {
  const onGrid = Math.floor(first * 16777216) * 5.9604644775390625e-8;
  return Math.sqrt(-2 * Math.log(1 - onGrid)) * Math.SQRT1_2;
}

function sigmoid64(x: f64): f64 {
  if (x >= 20) return 1;
  if (x <= -20) return 0;
  return 1 / (1 + Math.exp(-x));
}

function softplus64(x: f64): f64 {
  if (x > 30) return x;
  if (x < -30) return 0;
  return Math.log1p(Math.exp(x));
}

describe("vectorised math accuracy (float32 has 6e-8 relative resolution)", () => {
  test("exp over [-80, 80] within 3e-7 relative", () => {
    expect(worstRelativeError(expv, Math.exp, -80, 80, 400000)).toBeLessThan(3e-7);
  });
  test("sigmoid over [-25, 25] within 3e-7 relative, saturating exactly", () => {
    expect(worstRelativeError(sigmoidv, sigmoid64, -25, 25, 400000)).toBeLessThan(3e-7);
    const y = sigmoidv(f32x4(20, -20, 25, -1e30));
    expect(f32x4.extract_lane(y, 0)).toBe(1);
    expect(f32x4.extract_lane(y, 1)).toBe(0);
    expect(f32x4.extract_lane(y, 2)).toBe(1);
    expect(f32x4.extract_lane(y, 3)).toBe(0);
  });
  test("softplus over [-35, 35] within 3e-7 relative, with the reference's cut-offs", () => {
    expect(worstRelativeError(softplusv, softplus64, -35, 35, 400000)).toBeLessThan(3e-7);
    const y = softplusv(f32x4(31, -31, 1e30, 0));
    expect(f32x4.extract_lane(y, 0)).toBe(31);
    expect(f32x4.extract_lane(y, 1)).toBe(0);
    expect(f32x4.extract_lane(y, 2)).toBe(1e30);
    expect(<f64>f32x4.extract_lane(y, 3)).toBeCloseTo(Math.LN2, 6);
  });

  test("fused softplus and slope agree with softplus and sigmoid over [-35, 35]", () => {
    expect(worstRelativeError(softplusOf, softplus64, -35, 35, 400000)).toBeLessThan(3e-7);
    expect(worstRelativeError(slopeOf, sigmoid64, -35, 35, 400000)).toBeLessThan(3e-7);
  });

  test("log over [2^-24, 1] within 3e-7 relative (measured 1.97e-7), also next to 1 (the smallest uniforms)", () => {
    expect(worstRelativeError(logf32v, Math.log, 1.0 / 4096, 1, 400000)).toBeLessThan(3e-7);
    expect(worstRelativeError(logf32v, Math.log, 5.9604644775390625e-8, 1.0 / 4096, 400000)).toBeLessThan(3e-7);
    const nearOne = logf32v(f32x4(1, <f32>(1 - 5.9604644775390625e-8), <f32>(1 - 1.1920928955078125e-7), <f32>5.9604644775390625e-8));
    expect(f32x4.extract_lane(nearOne, 0)).toBe(0);
    expect(relative(f32x4.extract_lane(nearOne, 1), Math.log(1 - 5.9604644775390625e-8))).toBeLessThan(3e-7);
    expect(relative(f32x4.extract_lane(nearOne, 2), Math.log(1 - 1.1920928955078125e-7))).toBeLessThan(3e-7);
    expect(relative(f32x4.extract_lane(nearOne, 3), Math.log(5.9604644775390625e-8))).toBeLessThan(3e-7);
  });

  test("cos of turns over [0, 1) within 2.5e-7 absolute (measured 1.97e-7), right where cos is ±1 or 0", () => {
    expect(worstError(cosTurnsf32v, cosTurns64, 0, 1, 400000)).toBeLessThan(2.5e-7);
    const y = cosTurnsf32v(f32x4(0, 0.5, 0.25, 0.75));
    expect(Math.abs(<f64>f32x4.extract_lane(y, 0) - 1)).toBeLessThan(1.2e-7);
    expect(Math.abs(<f64>f32x4.extract_lane(y, 1) + 1)).toBeLessThan(1.2e-7);
    expect(Math.abs(<f64>f32x4.extract_lane(y, 2))).toBeLessThan(1e-7);
    expect(Math.abs(<f64>f32x4.extract_lane(y, 3))).toBeLessThan(1e-7);
  });

  test("Box–Muller normals within 3e-7 of float64 (relative beyond 1; measured 2.0e-7) over the first uniform's range", () => {
    expect(worstError(boxMullerOfFirst, boxMuller64OfFirst, 0, 1 - 5.9604644775390625e-8, 400000)).toBeLessThan(3e-7);
  });
});
