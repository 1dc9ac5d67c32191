// The k-bit multiplexer (docs/environments.md) and the references' bandit training on it.
import { beforeAll, describe, expect, it } from "vitest";
import { banditAlgorithms, defaultMultiplexerSamples, supervisedTasks, trainMultiplexer } from "../../bindings/training/bandit";
import { rules } from "../../bindings/rules";
import type { LearningRule } from "../../bindings/rules/rule";
import { weightMax } from "../../bindings/rules/weight-max";
import { loadCore } from "../../bindings/core/core";
import { Multiplexer } from "../../bindings/envs/multiplexer";
import { ConfigurationError, StateError, ValueError } from "../../bindings/errors";

/** The selected data bit, written from the definition: address bits read most significant first. */
function expectedTarget(bits: ArrayLike<number>, k: number): number {
  let address = 0;
  for (let j = 0; j < k; j++) if (bits[j] === 1) address += 2 ** (k - 1 - j);
  return bits[k + address];
}

describe("Multiplexer", () => {
  it("has k address bits and 2^k data bits, each ±1", () => {
    const task = new Multiplexer({ addressBits: 4, batch: 3, seed: 1 });
    expect(task.inputSize).toBe(20);
    expect(new Multiplexer({ addressBits: 5 }).inputSize).toBe(37);
    const inputs = task.sample();
    expect(inputs).toHaveLength(60);
    expect([...inputs].every((v) => v === 1 || v === -1)).toBe(true);
  });

  it("targets the data bit the address selects, and rewards ±1", () => {
    const task = new Multiplexer({ addressBits: 3, batch: 64, seed: 7 });
    const inputs = task.sample();
    const targets = task.targets;
    for (let b = 0; b < 64; b++) expect(targets[b]).toBe(expectedTarget(inputs.subarray(b * 11, (b + 1) * 11), 3));
    expect([...task.reward(targets)]).toEqual(new Array(64).fill(1));
    expect([...task.reward(targets.map((t) => -t))]).toEqual(new Array(64).fill(-1));
  });

  it("draws fair bits: the target is +1 about half the time and every address occurs", () => {
    const task = new Multiplexer({ addressBits: 2, batch: 4000, seed: 3 });
    const inputs = task.sample();
    const plus = [...task.targets].filter((t) => t === 1).length;
    expect(plus / 4000).toBeGreaterThan(0.46);
    expect(plus / 4000).toBeLessThan(0.54);
    const addresses = new Set<number>();
    for (let b = 0; b < 4000; b++) addresses.add((inputs[b * 6] === 1 ? 2 : 0) + (inputs[b * 6 + 1] === 1 ? 1 : 0));
    expect(addresses.size).toBe(4);
  });

  it("reproduces its samples from a seed", () => {
    const a = new Multiplexer({ seed: 11, batch: 5 });
    const b = new Multiplexer({ seed: 11, batch: 5 });
    expect(a.sample()).toEqual(b.sample());
    expect(a.sample()).not.toEqual(new Multiplexer({ seed: 12, batch: 5 }).sample());
  });

  it("works as a one-step Environment: action 1 answers +1, every episode terminates", () => {
    const env = new Multiplexer({ addressBits: 2 });
    const { observation } = env.reset({ seed: 5 });
    const target = expectedTarget(observation, 2);
    const step = env.step(target === 1 ? 1 : 0);
    expect(step.reward).toBe(1);
    expect(step.terminated).toBe(true);
    env.reset();
    env.state = [1, -1, -1, -1, 1, -1]; // address 10₂ = 2 selects data bit 2 (index 4), which is +1
    expect(env.step(0).reward).toBe(-1);
    expect(env.step(1).reward).toBe(1);
  });

  it("rejects bad arguments with typed errors", () => {
    expect(() => new Multiplexer({ addressBits: 0 })).toThrow(/addressBits must be an integer in \[1, 8\]/);
    expect(() => new Multiplexer({ batch: 0 })).toThrow(ValueError);
    expect(() => new Multiplexer().reward([1])).toThrow(StateError);
    const task = new Multiplexer({ batch: 2 });
    task.sample();
    expect(() => task.reward([1])).toThrow(/actions must have 2 values/);
    expect(() => task.reward([1, 0])).toThrow(/actions\[1\] must be -1 or \+1/);
    expect(() => task.reset()).toThrow(/needs batch 1/);
    expect(() => new Multiplexer().step(2)).toThrow(ValueError);
    expect(() => (new Multiplexer().state = [1, 1])).toThrow(/state must be 20 values/);
  });
});

describe("trainMultiplexer", () => {
  beforeAll(async () => {
    await loadCore({ precision: "float32" });
    await loadCore({ precision: "float64" });
  });

  it("Weight Max learns the 4-bit multiplexer far faster than REINFORCE (100k samples, seed 0)", () => {
    const wm = trainMultiplexer({ algorithm: "weight-max", samples: 100_000, seed: 0, curvePoints: 4 });
    const reinforce = trainMultiplexer({ algorithm: "reinforce", samples: 100_000, seed: 0, curvePoints: 4 });
    expect(wm.samples).toBe(100_000);
    expect(wm.rewardCurve).toHaveLength(4);
    expect(wm.samplesPerPoint).toBe(25_000);
    expect(wm.averageReward).toBeCloseTo(wm.rewardCurve.reduce((a, b) => a + b, 0) / 4, 12);
    expect(wm.rewardCurve[3]).toBeGreaterThan(0.3);
    expect(wm.rewardCurve[3]).toBeGreaterThan(wm.rewardCurve[0] + 0.1);
    expect(reinforce.averageReward).toBeLessThan(0.1);
    expect(wm.averageReward).toBeGreaterThan(5 * Math.max(reinforce.averageReward, 0.01));
  });

  it("MAP propagation learns the 5-bit multiplexer in batches of 128 (64k samples, float32, seed 0)", () => {
    const progress: number[] = [];
    const map = trainMultiplexer({ algorithm: "map-prop", samples: 64_000, seed: 0, precision: "float32", curvePoints: 2, onProgress: (p) => progress.push(p.samples) });
    expect(map.samples).toBe(64_000);
    expect(progress).toHaveLength(500);
    expect(progress.at(-1)).toBe(64_000);
    expect(map.rewardCurve[1]).toBeGreaterThan(0.15);
    expect(map.rewardCurve[1]).toBeGreaterThan(map.rewardCurve[0] + 0.05);
  });

  it("is reproducible from its seed and validates its options", () => {
    const a = trainMultiplexer({ algorithm: "weight-max", samples: 2000, seed: 4, curvePoints: 10 });
    const b = trainMultiplexer({ algorithm: "weight-max", samples: 2000, seed: 4, curvePoints: 10 });
    expect(a.rewardCurve).toEqual(b.rewardCurve);
    expect(() => trainMultiplexer({ algorithm: "backprop" as never })).toThrow(ConfigurationError);
    expect(() => trainMultiplexer({ algorithm: "async-map-prop" as never })).toThrow(/algorithm must be one of map-prop, weight-max, reinforce for the multiplexer; got "async-map-prop"/);
    expect(() => trainMultiplexer({ algorithm: "weight-max", samples: 0 })).toThrow(/samples must be a positive integer/);
  });
});

describe("the supervised tasks read the rules' declarations", () => {
  it("a task accepts exactly the rules that declare a driver for it, in the registry's order", () => {
    expect(banditAlgorithms).toEqual(rules.filter((rule: LearningRule) => rule.supervised?.Multiplexer).map((rule) => rule.name));
    expect(banditAlgorithms).toEqual(["map-prop", "weight-max", "reinforce"]);
    expect(supervisedTasks.Regression.algorithms).toEqual(["map-prop"]);
    expect(defaultMultiplexerSamples("map-prop")).toBe(4_000_000);
    expect(defaultMultiplexerSamples("reinforce")).toBe(800_000);
  });

  it("the step follows the declaration: Weight Max's exponent comes from its settings", () => {
    const trained = () => trainMultiplexer({ algorithm: "weight-max", samples: 3000, seed: 1, curvePoints: 3 }).rewardCurve;
    const declared = weightMax.settings.find((s) => s.name === "weightMaxExponent") as { default: number };
    const original = declared.default;
    const before = trained();
    try {
      // The declaration is the one source: changing its default changes the supervised run.
      (declared as { default: number }).default = 3;
      expect(trained()).not.toEqual(before);
    } finally {
      (declared as { default: number }).default = original;
    }
    expect(trained()).toEqual(before);
  });
});
