import { seedStream, nextUint32, uniform, drawUniforms } from "../kernels/random";
import { boxMullerv } from "../kernels/simdmath";

const state = heap.alloc(16);

describe("xoshiro128** stream", () => {
  test("matches the reference sequence of bindings/core/random.ts for seed 42", () => {
    // Values produced by the TypeScript twin (test/random.test.ts checks the same numbers).
    seedStream(state, 42);
    expect(nextUint32(state)).toBe(<u32>2837322924);
    expect(nextUint32(state)).toBe(<u32>544945897);
  });

  test("the same seed gives the same stream, different seeds differ", () => {
    seedStream(state, 7);
    const a = nextUint32(state);
    seedStream(state, 7);
    expect(nextUint32(state)).toBe(a);
    seedStream(state, 8);
    expect(nextUint32(state)).not.toBe(a);
  });

  test("drawUniforms writes the same numbers as one uniform() after another, and leaves the stream where they would", () => {
    const copy = heap.alloc(16);
    const dst = heap.alloc(512 * 4);
    seedStream(state, 9);
    seedStream(copy, 9);
    for (let run = 0; run < 3; run++) {
      const n = run == 0 ? 1 : run == 1 ? 7 : 512;
      drawUniforms(state, dst, n);
      for (let k = 0; k < n; k++) expect(load<f32>(dst + (<usize>k << 2))).toBe(uniform(copy));
    }
    expect(nextUint32(state)).toBe(nextUint32(copy));
    heap.free(copy);
    heap.free(dst);
  });

  test("uniform draws lie in [0, 1) with mean 1/2 and variance 1/12", () => {
    seedStream(state, 1);
    const n = 200000;
    let sum: f64 = 0;
    let sq: f64 = 0;
    let low: f32 = 1;
    let high: f32 = 0;
    for (let k = 0; k < n; k++) {
      const u = uniform(state);
      sum += u;
      sq += <f64>u * u;
      low = min(low, u);
      high = max(high, u);
    }
    const mean = sum / n;
    expect(low).toBeGreaterThanOrEqual(0);
    expect(high).toBeLessThan(1);
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(sq / n - mean * mean - 1.0 / 12)).toBeLessThan(0.002);
  });

  test("uniform draws fill ten equal bins evenly (chi-square, 9 d.o.f.)", () => {
    seedStream(state, 2);
    const bins = new StaticArray<i32>(10);
    const n = 100000;
    for (let k = 0; k < n; k++) bins[<i32>(uniform(state) * 10)]++;
    let chi: f64 = 0;
    for (let k = 0; k < 10; k++) chi += Math.pow(<f64>bins[k] - n / 10, 2) / (n / 10);
    expect(chi).toBeLessThan(27.9); // p = 0.001
  });

  test("normal draws (Box–Muller on pairs of uniforms) have mean 0, variance 1 and normal tails", () => {
    seedStream(state, 3);
    const n = 200000;
    let sum: f64 = 0;
    let sq: f64 = 0;
    let beyond2: i32 = 0;
    for (let k = 0; k < n; k += 4) {
      const first = f32x4(uniform(state), uniform(state), uniform(state), uniform(state));
      const z4 = boxMullerv(first, f32x4(uniform(state), uniform(state), uniform(state), uniform(state)));
      for (let lane = 0; lane < 4; lane++) {
        const z = <f64>(lane == 0 ? f32x4.extract_lane(z4, 0) : lane == 1 ? f32x4.extract_lane(z4, 1) : lane == 2 ? f32x4.extract_lane(z4, 2) : f32x4.extract_lane(z4, 3));
        sum += z;
        sq += z * z;
        if (Math.abs(z) > 2) beyond2++;
      }
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.01);
    expect(Math.abs(sq / n - 1)).toBeLessThan(0.015);
    // P(|Z| > 2) = 0.0455
    expect(Math.abs(<f64>beyond2 / n - 0.0455)).toBeLessThan(0.003);
  });
});
