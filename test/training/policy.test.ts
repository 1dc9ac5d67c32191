// Acting without learning: `agent.act(observation, { learn: false })` and frozen policies.
import { beforeAll, describe, expect, it } from "vitest";
import { Agent } from "../../bindings/training/agent";
import { algorithms } from "../../bindings/rules/algorithms";
import { CheckpointError } from "../../bindings/core/checkpoint";
import { loadCore, precisions } from "../../bindings/core/core";
import { type EnvironmentId, makeEnv } from "../../bindings/envs/registry";
import { ConfigurationError, ShapeError } from "../../bindings/errors";
import { Policy } from "../../bindings/training/policy";
import { activation, affine, sigmoid } from "../helpers";

beforeAll(async () => {
  for (const precision of precisions) await loadCore({ precision });
});

/** A trained-for-a-while agent on CartPole and the observation it would act on next. */
function trainedAgent(algorithm: (typeof algorithms)[number], steps = 400, precision: "float32" | "float64" = "float64", envId: EnvironmentId = "CartPole-v1") {
  const env = makeEnv(envId, { seed: 1 });
  const agent = Agent.create({ algorithm, env, seed: 1, precision });
  let observation = env.reset({ seed: 1 }).observation;
  for (let t = 0; t < steps; t++) {
    const step = env.step(agent.act(observation).action);
    agent.learn(step);
    observation = step.terminated || step.truncated ? env.reset().observation : step.observation;
  }
  return { env, agent, observation };
}

describe("acting without learning", () => {
  it.each(algorithms)("%s: 10,000 frozen actions leave every byte of the agent's state unchanged", (algorithm) => {
    const { env, agent, observation: first } = trainedAgent(algorithm);
    const before = agent.save();
    let observation = first;
    for (let t = 0; t < 10_000; t++) {
      const step = env.step(agent.act(observation, { learn: false, greedy: t % 2 === 0 }).action);
      observation = step.terminated || step.truncated ? env.reset().observation : step.observation;
    }
    // The checkpoint holds weights, biases, Adam moments and step counts, traces, unit values,
    // RNG states, the schedule position and the pending outcome.
    expect(Buffer.compare(agent.save(), before)).toBe(0);
    agent.dispose();
  });

  it.each(["map-prop", "weight-max", "async-map-prop"] as const)("%s: frozen actions between learning steps do not change what is learned", (algorithm) => {
    const run = (interleave: boolean) => {
      const env = makeEnv("CartPole-v1", { seed: 2 });
      const probe = makeEnv("CartPole-v1", { seed: 9 });
      const agent = Agent.create({ algorithm, env, seed: 2 });
      let observation = env.reset({ seed: 2 }).observation;
      const probeObservation = probe.reset({ seed: 9 }).observation;
      for (let t = 0; t < 300; t++) {
        if (interleave) agent.act(probeObservation, { learn: false });
        const step = env.step(agent.act(observation).action);
        agent.learn(step);
        observation = step.terminated || step.truncated ? env.reset().observation : step.observation;
      }
      const bytes = agent.save();
      agent.dispose();
      return bytes;
    };
    expect(Buffer.compare(run(true), run(false))).toBe(0);
  });

  it("greedy actions need learn: false, and bad options are typed errors", () => {
    const { agent, observation } = trainedAgent("reinforce", 10);
    expect(() => agent.act(observation, { greedy: true })).toThrow(ConfigurationError);
    expect(() => agent.act([1, 2], { learn: false })).toThrow(ShapeError);
    agent.dispose();
  });
});

describe("Policy", () => {
  it.each(precisions)("a CartPole policy file is small, loads anywhere, and acts as the policy it was saved from (%s)", (precision) => {
    const { agent, observation } = trainedAgent("weight-max", 400, precision);
    const policy = agent.policy({ seed: 5 });
    const bytes = policy.save();
    expect(bytes.length).toBeLessThan(precision === "float32" ? 12_000 : 22_000); // 2,466 weights and biases
    const loaded = Policy.load(bytes, { seed: 5 });
    // A Node Buffer (what readFileSync gives) loads the same: its slices are views into a shared pool.
    expect(Policy.load(Buffer.from(bytes), { seed: 5 }).layers.map((l) => Array.from(l.bias))).toEqual(policy.layers.map((l) => Array.from(l.bias)));
    expect(loaded.algorithm).toBe("weight-max");
    expect(loaded.env.id).toBe("CartPole-v1");
    const actions = (p: Policy) => Array.from({ length: 200 }, (_, k) => p.act(observation.map((x) => x * (1 + k / 100)), { greedy: k % 3 === 0 }).action);
    expect(actions(loaded)).toEqual(actions(policy));
    // The weights are the agent's exactly (float32 ones widen exactly to float64).
    expect(loaded.layers.map((l) => Array.from(l.weights))).toEqual(policy.layers.map((l) => Array.from(l.weights)));
    agent.dispose();
  });

  it("a policy is a snapshot: the agent learning later does not change it", () => {
    const { env, agent, observation } = trainedAgent("reinforce", 50);
    const policy = agent.policy();
    const weights = Array.from(policy.layers[0].weights);
    const step = env.step(agent.act(observation).action);
    agent.learn(step);
    agent.act(step.observation);
    expect(Array.from(policy.layers[0].weights)).toEqual(weights);
    expect(Array.from(agent.policy().layers[0].weights)).not.toEqual(weights);
    agent.dispose();
  });

  it("greedy: every unit takes its most probable value (an independent float64 forward pass)", () => {
    for (const algorithm of ["weight-max", "map-prop", "backprop"] as const) {
      const { agent } = trainedAgent(algorithm, 300);
      const policy = agent.policy();
      for (let k = 0; k < 50; k++) {
        const observation = [Math.sin(k), Math.cos(3 * k) * 2, 0.2 * Math.sin(7 * k), Math.cos(k) * 1.5];
        let x: number[] = observation;
        for (const layer of policy.layers.slice(0, -1)) {
          const a = affine(x, layer.inputs, layer.weights, layer.bias, layer.units, layer.units);
          x = a.map((v) => (layer.unit === "bernoulli" ? (sigmoid(v / layer.temperature) > 0.5 ? 1 : 0) : activation(layer.activation, v)));
        }
        const out = policy.layers[policy.layers.length - 1];
        const logits = affine(x, out.inputs, out.weights, out.bias, out.units, out.units).map((z) => z / out.temperature);
        if (out.fixedZeroLogit) logits.push(0);
        expect(policy.act(observation, { greedy: true }).action, `${algorithm} observation ${k}`).toBe(logits.indexOf(Math.max(...logits)));
      }
      agent.dispose();
    }
  });

  it("sampled: actions follow the output's softmax over many draws", () => {
    const { agent, observation } = trainedAgent("backprop", 200); // deterministic hidden units: one distribution
    const policy = agent.policy({ seed: 3 });
    const out = policy.layers[policy.layers.length - 1];
    let x: number[] = Array.from(observation);
    for (const layer of policy.layers.slice(0, -1)) x = affine(x, layer.inputs, layer.weights, layer.bias, layer.units, layer.units).map((v) => Math.max(v, 0));
    const logit = affine(x, out.inputs, out.weights, out.bias, out.units, out.units)[0] / out.temperature;
    const p0 = Math.exp(logit) / (Math.exp(logit) + 1);
    const n = 20_000;
    let zeros = 0;
    for (let k = 0; k < n; k++) if (policy.act(observation).action === 0) zeros++;
    expect(Math.abs(zeros / n - p0)).toBeLessThan(4 * Math.sqrt((p0 * (1 - p0)) / n) + 1e-3);
    agent.dispose();
  });

  it("continuous actions stay inside the action space's bounds", () => {
    const { agent, observation } = trainedAgent("map-prop", 200, "float64", "MountainCarContinuous-v0");
    const policy = agent.policy();
    for (const greedy of [true, false]) {
      const action = policy.act(observation, { greedy }).action as Float64Array;
      expect(action).toHaveLength(1);
      expect(Math.abs(action[0])).toBeLessThanOrEqual(1);
    }
    agent.dispose();
  });

  it("damaged files and agent checkpoints are CheckpointErrors that say what to do", () => {
    const { agent } = trainedAgent("reinforce", 10);
    const bytes = agent.policy().save();
    const damaged = bytes.slice();
    damaged[100] ^= 1;
    expect(() => Policy.load(damaged)).toThrow(CheckpointError);
    expect(() => Policy.load(agent.save())).toThrow(/an agent checkpoint: load it with Agent.load and call agent.policy\(\)/);
    agent.dispose();
  });
});
