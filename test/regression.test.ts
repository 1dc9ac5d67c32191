// The scalar regression task (ALGORITHMS.md §8.7) and MAP propagation trained on it as map_prop's
// main_pre.py does.
import { beforeAll, describe, expect, it } from "vitest";
import { supervisedTask, trainRegression } from "../bindings/bandit";
import { loadCore } from "../bindings/core";
import { REGRESSION_W0, REGRESSION_W1, ScalarRegression, regressionTarget } from "../bindings/envs/regression";
import { StateError, ValueError } from "../bindings/errors";

describe("ScalarRegression", () => {
  it("computes y = ReLU(ReLU(x·W0)·W1)", () => {
    // x = e_4 picks row 4 of W0: ReLU keeps its positive entries, which are then weighted by W1.
    const x = [0, 0, 0, 0, 1, 0, 0, 0];
    const expected = Math.max(0, REGRESSION_W0[4].reduce((s, w, j) => s + Math.max(w, 0) * REGRESSION_W1[j], 0));
    expect(regressionTarget(x)).toBeCloseTo(expected, 12);
    expect(regressionTarget(x.map((v) => -v))).toBeCloseTo(Math.max(0, REGRESSION_W0[4].reduce((s, w, j) => s + Math.max(-w, 0) * REGRESSION_W1[j], 0)), 12);
  });

  it("draws standard normal inputs and scores answers by −(A − y)²", () => {
    const task = new ScalarRegression({ batch: 5000, seed: 2 });
    const x = task.sample();
    const mean = x.reduce((a, b) => a + b, 0) / x.length;
    const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / x.length;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(variance).toBeGreaterThan(0.97);
    expect(variance).toBeLessThan(1.03);
    const y = task.targets;
    expect([...task.reward(y)].every((r) => r === 0)).toBe(true);
    expect(task.reward(y.map((v) => v + 2))[0]).toBe(-4);
    expect(() => task.reward([1])).toThrow(ValueError);
    expect(() => new ScalarRegression().reward([0])).toThrow(StateError);
  });
});

describe("trainRegression", () => {
  beforeAll(async () => {
    await loadCore({ precision: "float32" });
  });

  it("MAP propagation with the gated signal y − μ reduces the squared error (64k samples, float32, seed 0)", () => {
    const r = trainRegression({ samples: 64_000, seed: 0, precision: "float32", curvePoints: 4 });
    expect(r.samples).toBe(64_000); // 500 batches of 128
    expect(r.rewardCurve[0]).toBeLessThan(-0.5);
    expect(r.rewardCurve[3]).toBeGreaterThan(-0.4);
    expect(r.rewardCurve[3]).toBeGreaterThan(r.rewardCurve[0] + 0.4);
  });

  it("is registered as a supervised task for the CLI and the grid (map-prop only)", () => {
    const entry = supervisedTask("Regression")!;
    expect(entry.algorithms).toEqual(["map-prop"]);
    expect(entry.defaultSamples("map-prop")).toBe(1_000_000);
    expect(() => entry.train({ algorithm: "weight-max" })).toThrow(/algorithm must be map-prop/);
    expect(supervisedTask("toString")).toBeUndefined();
  });
});
