// The scalar regression task (docs/environments.md) and MAP propagation trained on it as map_prop's
// main_pre.py does.
import { beforeAll, describe, expect, it } from "vitest";
import { trainRegression } from "../../bindings/training/bandit";
import { findTask } from "../../bindings/training/tasks";
import { loadCore } from "../../bindings/core/core";
import { REGRESSION_W0, REGRESSION_W1, ScalarRegression, regressionTarget } from "../../bindings/envs/regression";
import { StateError, ValueError } from "../../bindings/errors";

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

  it("is a task for the CLI and the grid (map-prop only), with one result shape", () => {
    const task = findTask("Regression");
    expect([task.unit, task.algorithms]).toEqual(["samples", ["map-prop"]]);
    expect(task.referenceBudget("map-prop")).toBe(1_000_000);
    expect(task.refuses("weight-max")).toMatch(/algorithm must be one of map-prop on Regression/);
    expect(task.inapplicable({ hidden: [8] })).toMatch(/hidden does not apply to Regression/);
    const run = task.run({ algorithm: "map-prop", seed: 0, budget: 1_280, precision: "float32" });
    expect(run.returns).toHaveLength(10); // the mean reward of each tenth of 10 updates
    expect(run.steps).toBe(1_280);
    expect(run.average).toBeCloseTo(run.returns.reduce((a, b) => a + b, 0) / 10, 12);
    expect(() => findTask("toString")).toThrow(/Unknown task "toString"/);
  });
});
