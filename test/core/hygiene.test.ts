// Resource hygiene: disposed networks and agents give their Wasm memory back.
import { beforeAll, describe, expect, it } from "vitest";
import { Agent } from "../../bindings/training/agent";
import { getCore, loadCore, precisions } from "../../bindings/core/core";
import { makeEnv } from "../../bindings/envs/registry";
import { StateError } from "../../bindings/errors";
import { Network } from "../../bindings/core/network";

beforeAll(async () => {
  for (const precision of precisions) await loadCore({ precision });
});

describe.each(precisions)("memory (%s)", (precision) => {
  it("10,000 agent create/use/dispose cycles leave memory unchanged after the first hundred", () => {
    const core = getCore(precision);
    const env = makeEnv("CartPole-v1");
    let after100 = 0;
    for (let k = 0; k < 10_000; k++) {
      const agent = Agent.create({ algorithm: k % 3 === 0 ? "map-prop" : k % 3 === 1 ? "weight-max" : "backprop", env, seed: k, precision });
      agent.act([0.01, 0, -0.01, 0]);
      agent.learn({ observation: new Float64Array(4), reward: 1, terminated: k % 2 === 0, truncated: false });
      // Symbol.dispose is what `using agent = ...` calls.
      agent[Symbol.dispose]();
      if (k === 99) after100 = core.memoryBytes;
    }
    expect(core.memoryBytes).toBe(after100);
  });

  it("networks of changing sizes reuse freed memory", () => {
    const core = getCore(precision);
    let after100 = 0;
    for (let k = 0; k < 2_000; k++) {
      const net = new Network({ inputSize: 3 + (k % 7), layers: [{ size: 8 + (k % 13), unit: "gaussian", variance: 0.1, learningRate: 0.01 }, { size: 2, unit: "categorical", learningRate: 0.01 }], seed: k, batch: 1 + (k % 4) }, 0, core);
      net.forward();
      net.dispose();
      if (k === 99) after100 = core.memoryBytes;
    }
    expect(core.memoryBytes).toBe(after100);
  });
});

describe("disposal", () => {
  it("is idempotent, and a disposed agent refuses to work with a StateError", () => {
    const agent = Agent.create({ algorithm: "map-prop", env: makeEnv("CartPole-v1") });
    agent.dispose();
    agent.dispose();
    expect(() => agent.act([0, 0, 0, 0])).toThrow(StateError);
    expect(() => agent.save()).toThrow(/disposed/);
  });
});
