// Networks of any depth: per-layer settings are given for every layer or derived by the documented
// rule [first hidden, later hidden, output] — never borrowed from the output layer.
import { beforeAll, describe, expect, it } from "vitest";
import { Agent } from "../../bindings/training/agent";
import { defaultHyperparameters, expandPerLayer, planNetworks } from "../../bindings/rules/algorithms";
import { loadCore } from "../../bindings/core/core";
import { makeEnv } from "../../bindings/envs/registry";
import { ConfigurationError } from "../../bindings/errors";

beforeAll(async () => {
  await loadCore();
});

describe("per-layer settings", () => {
  it("three values mean [first hidden, later hidden, output] at any depth; hidden.length + 1 values are taken as given", () => {
    expect(expandPerLayer([1, 2, 3], 1)).toEqual([1, 3]);
    expect(expandPerLayer([1, 2, 3], 2)).toEqual([1, 2, 3]);
    expect(expandPerLayer([1, 2, 3], 4)).toEqual([1, 2, 2, 2, 3]);
    expect(expandPerLayer([1, 2, 3, 4, 5], 4)).toEqual([1, 2, 3, 4, 5]);
  });

  it("a third hidden layer takes the second hidden layer's rate, variance and temperature, not the output's", () => {
    const h = { ...defaultHyperparameters("map-prop", "CartPole-v1"), hidden: [16, 8, 8] };
    h.temperature = [1, 3, 2];
    const plan = planNetworks("map-prop", h, 2, false);
    expect(plan.actor.map((l) => l.size)).toEqual([16, 8, 8, 2]);
    expect(plan.actor[2].learningRate).toEqual({ start: h.actorLearningRate.start[1], end: h.actorLearningRate.end[1] });
    expect(plan.actor[2].variance).toBe(h.actorVariance[1]);
    expect(plan.critic[2].learningRate).toEqual({ start: h.criticLearningRate.start[1], end: h.criticLearningRate.end[1] });
    expect(plan.actor[3].learningRate).toEqual({ start: h.actorLearningRate.start[2], end: h.actorLearningRate.end[2] });
    expect(plan.actor[3].temperature).toBe(2);
    const wm = planNetworks("weight-max", { ...defaultHyperparameters("weight-max", "CartPole-v1"), hidden: [16, 8, 8], temperature: [1, 3, 2] }, 2, false);
    expect(wm.actor.map((l) => l.temperature)).toEqual([1, 3, 3, 2]);
  });

  it("one value per layer sets each layer", () => {
    const h = { ...defaultHyperparameters("weight-max", "CartPole-v1"), hidden: [16, 8, 8] };
    h.actorLearningRate = { start: [0.1, 0.2, 0.3, 0.4], end: [0.01, 0.02, 0.03, 0.04] };
    const plan = planNetworks("weight-max", h, 2, false);
    expect(plan.actor.map((l) => l.learningRate)).toEqual([0.1, 0.2, 0.3, 0.4].map((start, k) => ({ start, end: [0.01, 0.02, 0.03, 0.04][k] })));
  });

  it("any other length is a ConfigurationError that says which lengths fit", () => {
    const env = makeEnv("CartPole-v1");
    expect(() => Agent.create({ algorithm: "map-prop", env, hidden: [16, 8, 8], hyperparameters: { actorVariance: [0.1, 0.1] } })).toThrow(ConfigurationError);
    expect(() => Agent.create({ algorithm: "map-prop", env, hidden: [16, 8, 8], hyperparameters: { actorVariance: [0.1, 0.1] } })).toThrow(
      /actorVariance must be 3 numbers \[first hidden layer, later hidden layers, output\] or one per layer \(4 for 3 hidden layers and the output\)/,
    );
  });

  it.each(["map-prop", "weight-max", "backprop"] as const)("%s trains a 16-8-8 network", (algorithm) => {
    const env = makeEnv("CartPole-v1", { seed: 0 });
    const agent = Agent.create({ algorithm, env, hidden: [16, 8, 8], seed: 0 });
    expect(agent.actor.layerCount).toBe(4);
    const before = Array.from(agent.actor.buffer(2, "weights"));
    let observation = env.reset({ seed: 0 }).observation;
    for (let t = 0; t < 200; t++) {
      const step = env.step(agent.act(observation).action);
      agent.learn(step);
      observation = step.terminated || step.truncated ? env.reset().observation : step.observation;
    }
    expect(Array.from(agent.actor.buffer(2, "weights"))).not.toEqual(before);
    agent.dispose();
  });
});

describe("hidden unit types", () => {
  const env = makeEnv("CartPole-v1", { seed: 0 });

  it.each([
    ["map-prop", "bernoulli", /gradient descent on the energy, which needs continuous \(Gaussian\) units/],
    ["map-prop", "relu", /deterministic ReLU units have no distribution to settle/],
    ["weight-max", "relu", /need stochastic units/],
    ["reinforce", "relu", /need stochastic units/],
    ["backprop", "bernoulli", /ste-backprop/],
    ["ste-backprop", "gaussian", /use backprop with units "gaussian"/],
  ] as const)("%s refuses %s units with a ConfigurationError that says why", (algorithm, units, why) => {
    expect(() => Agent.create({ algorithm, env, units })).toThrow(ConfigurationError);
    expect(() => Agent.create({ algorithm, env, units })).toThrow(why);
  });

  it.each([["weight-max", "gaussian"], ["reinforce", "gaussian"], ["backprop", "gaussian"], ["weight-max-traces", "gaussian"]] as const)(
    "%s on %s hidden units: the actor's hidden layers are of that kind, and it learns and checkpoints",
    (algorithm, units) => {
      const agent = Agent.create({ algorithm, env, units, seed: 4 });
      const hidden = agent.actor.spec.layers.slice(0, -1);
      expect(hidden.every((l) => l.unit === "gaussian" && l.activation === "softplus")).toBe(true);
      // A Weight Max config has no hidden variances: the task's MAP propagation ones are used.
      expect(hidden.map((l) => l.variance)).toEqual([0.03, 0.1]);
      const before = Array.from(agent.actor.buffer(0, "weights"));
      let observation = env.reset({ seed: 4 }).observation;
      for (let t = 0; t < 300; t++) {
        const step = env.step(agent.act(observation).action);
        agent.learn(step);
        observation = step.terminated || step.truncated ? env.reset().observation : step.observation;
      }
      expect(Array.from(agent.actor.buffer(0, "weights"))).not.toEqual(before);
      const restored = Agent.load(agent.save());
      expect(restored.actor.spec.layers[0].unit).toBe("gaussian");
      expect(Buffer.compare(restored.save(), agent.save())).toBe(0);
      restored.dispose();
      agent.dispose();
    },
  );

  it("the rule's own units are the default, and checkpoints of default agents do not record them", () => {
    const agent = Agent.create({ algorithm: "weight-max", env, units: "bernoulli" });
    expect(agent.actor.spec.layers[0].unit).toBe("bernoulli");
    const plain = Agent.create({ algorithm: "weight-max", env });
    expect(Buffer.compare(agent.save(), plain.save())).toBe(0);
    agent.dispose();
    plain.dispose();
  });
});
