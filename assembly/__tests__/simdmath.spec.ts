import { expv, sigmoidv, softplusv, softplusWithSlope } from "../simdmath";

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
});
