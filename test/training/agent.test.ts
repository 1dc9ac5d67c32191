// The actor–critic loop's bookkeeping (docs/learning-rules.md): TD errors, terminal and truncated
// transitions, the extra iteration per episode end, trace clearing, and typed errors.
import { beforeAll, describe, expect, it } from "vitest";
import { Agent } from "../../bindings/training/agent";
import { algorithms } from "../../bindings/rules/algorithms";
import { loadCore } from "../../bindings/core/core";
import type { Environment, StepResult } from "../../bindings/envs/environment";
import { makeEnv } from "../../bindings/envs/registry";
import { ConfigurationError, DivergenceError, ShapeError, ValueError } from "../../bindings/errors";

beforeAll(async () => {
  await loadCore();
});

/** A walk of `length` steps with reward 1 per step; a smaller time limit truncates it. */
class Corridor implements Environment {
  readonly id = "CartPole-v1"; // borrows CartPole's default hyper-parameters
  readonly observationSpace = { kind: "box" as const, shape: [4], low: [-1, -1, -1, -1], high: [1, 1, 1, 1] };
  readonly actionSpace = { kind: "discrete" as const, n: 2 };
  state = [0];
  constructor(readonly length: number, readonly maxEpisodeSteps: number) {}
  private observe(): Float64Array {
    const t = this.state[0] / this.length;
    return Float64Array.of(t, 1 - t, t * t, 0.5);
  }
  reset() {
    this.state = [0];
    return { observation: this.observe(), info: {} };
  }
  step(): StepResult {
    this.state = [this.state[0] + 1];
    const terminated = this.state[0] >= this.length;
    return { observation: this.observe(), reward: 1, terminated, truncated: !terminated && this.state[0] >= this.maxEpisodeSteps, info: {} };
  }
}

describe.each(["map-prop", "weight-max"] as const)("%s agent loop", (algorithm) => {
  const gamma = 0.98;

  it("uses δ = r + γV(s') − V(s), no bootstrap at termination, δ = 0 at episode starts", () => {
    const env = new Corridor(3, 100);
    const agent = Agent.create({ algorithm, env, seed: 1 });
    let observation = env.reset().observation;
    const values: number[] = [];
    const deltas: number[] = [];
    const record = () => {
      values.push(agent.lastValue);
      deltas.push(agent.lastTdError);
    };
    for (let episode = 0; episode < 2; episode++) {
      for (;;) {
        const { action } = agent.act(observation);
        record();
        const step = env.step();
        void action;
        agent.learn(step);
        if (step.terminated) {
          record(); // the extra iteration on the terminal observation
          break;
        }
        observation = step.observation;
      }
      observation = env.reset().observation;
    }
    // Iterations: episode 1 = s0 s1 s2 s3(terminal); episode 2 starts with a reset iteration.
    expect(deltas[0]).toBe(0); // nothing to learn yet
    expect(deltas[1]).toBeCloseTo(1 + gamma * values[1] - values[0], 4);
    expect(deltas[2]).toBeCloseTo(1 + gamma * values[2] - values[1], 4);
    expect(deltas[3]).toBeCloseTo(1 - values[2], 4); // terminal: no bootstrap
    expect(deltas[4]).toBe(0); // fresh reset after a terminal observation
    expect(deltas[5]).toBeCloseTo(1 + gamma * values[5] - values[4], 4);
    agent.dispose();
  });

  it("drops the final transition of a time-limit truncation", () => {
    const env = new Corridor(10, 2);
    const agent = Agent.create({ algorithm, env, seed: 2 });
    const observation = env.reset().observation;
    agent.act(observation);
    const first = env.step();
    agent.learn(first);
    agent.act(first.observation);
    const second = env.step();
    expect(second.truncated).toBe(true);
    agent.learn(second); // runs the extra iteration with the truncated transition
    expect(agent.lastTdError).toBe(0);
    agent.dispose();
  });

  it("clears traces when an episode starts", () => {
    const env = new Corridor(3, 100);
    const agent = Agent.create({ algorithm, env, seed: 3 });
    let observation = env.reset().observation;
    const criticOutputTrace = () => agent.critic.buffer(agent.critic.layerCount - 1, "traceBias")[0];
    for (let k = 0; k < 3; k++) {
      agent.act(observation);
      const step = env.step();
      agent.learn(step);
      observation = step.observation;
    }
    const accumulated = criticOutputTrace();
    agent.act(env.reset().observation);
    const fresh = criticOutputTrace();
    if (algorithm === "weight-max") {
      // Deterministic linear critic output: each step adds exactly 1 to its bias trace.
      expect(accumulated).toBeGreaterThan(1.5);
      expect(fresh).toBe(1);
    } else {
      // Gated MAP critic output: each step adds exactly 1/σ² = 10.
      expect(accumulated).toBeGreaterThan(15);
      expect(fresh).toBeCloseTo(10, 3);
    }
    agent.dispose();
  });
});

describe("agent configuration and input errors", () => {
  const env = new Corridor(3, 100);

  it("every algorithm builds and acts", () => {
    for (const algorithm of algorithms) {
      const agent = Agent.create({ algorithm, env, seed: 0 });
      const { action } = agent.act(env.reset().observation);
      expect([0, 1]).toContain(action);
      agent.dispose();
    }
  });

  it("rejects unknown algorithms, bad seeds and bad observations with typed errors", () => {
    expect(() => Agent.create({ algorithm: "sgd" as never, env })).toThrow(ConfigurationError);
    expect(() => Agent.create({ algorithm: "sgd" as never, env })).toThrow(/algorithm must be one of map-prop, async-map-prop, weight-max/);
    expect(() => Agent.create({ algorithm: "map-prop", env, seed: -1 })).toThrow(/seed must be an integer/);
    const agent = Agent.create({ algorithm: "map-prop", env });
    expect(() => agent.act([1, 2])).toThrow(ShapeError);
    expect(() => agent.act([1, 2, 3, NaN])).toThrow(ValueError);
    expect(() => agent.act([1, 2, 3, NaN])).toThrow(/observation\[3\] must be finite/);
    // Reading a buffer by a misspelt name or a missing layer fails instead of returning another buffer.
    expect(() => agent.actor.buffer(0, "pot" as never)).toThrow(/name must be one of weights, bias, .*potentials.*; got "pot"/);
    expect(() => agent.actor.buffer(9, "weights")).toThrow(/layer must be an integer in \[0, 3\); got 9/);
    agent.dispose();
    expect(() => agent.act([0, 0, 0, 0])).toThrow(/disposed/);
    // The outcome is written into the core's memory: after dispose that must throw, not write into freed memory.
    expect(() => agent.learn({ observation: new Float64Array(4), reward: 1, terminated: false, truncated: false })).toThrow(/disposed/);
  });
});

describe("asynchronous MAP propagation's experimental variants", () => {
  /** 200 steps on the corridor; every weight and trace both networks end with. */
  function learned(hyperparameters: object): number[] {
    const env = new Corridor(5, 100);
    const agent = Agent.create({ algorithm: "async-map-prop", env, seed: 3, hyperparameters });
    let observation = env.reset().observation;
    for (let t = 0; t < 200; t++) {
      const step = env.step();
      agent.act(observation);
      agent.learn(step);
      observation = step.terminated || step.truncated ? env.reset().observation : step.observation;
    }
    const out = [agent.actor, agent.critic].flatMap((net) =>
      Array.from({ length: net.layerCount }, (_, l) => [...net.buffer(l, "weights"), ...net.buffer(l, "traceWeights")]).flat());
    agent.dispose();
    return out;
  }

  it("naming the defaults changes nothing; each variant changes what is learned, and stays finite", () => {
    const base = learned({});
    expect(learned({ asyncTraces: "every", asyncCriticFactor: "gate" })).toEqual(base);
    const last = learned({ asyncTraces: "last" });
    const advantage = learned({ asyncCriticFactor: "advantage" });
    for (const variant of [last, advantage]) {
      expect(variant.every(Number.isFinite)).toBe(true);
      expect(variant).not.toEqual(base);
    }
    expect(last).not.toEqual(advantage);
  });

  it("rejects unknown variant values, naming the field", () => {
    const env = new Corridor(5, 100);
    expect(() => Agent.create({ algorithm: "async-map-prop", env, hyperparameters: { asyncTraces: "first" as never } })).toThrow(ConfigurationError);
    expect(() => Agent.create({ algorithm: "async-map-prop", env, hyperparameters: { asyncTraces: "first" as never } })).toThrow(/asyncTraces must be "every" or "last" or "notebook"; got "first"/);
    expect(() => Agent.create({ algorithm: "async-map-prop", env, hyperparameters: { asyncCriticFactor: 1 as never } })).toThrow(/asyncCriticFactor must be "gate" or "advantage"/);
  });
});

describe("divergence", () => {
  const huge = { start: [1e300, 1e300, 1e300], end: [1e300, 1e300, 1e300] } as never;
  it.each([
    ["actor", { actorLearningRate: huge }],
    ["critic", { criticLearningRate: huge }],
  ])("a %s that blows up stops training with a DivergenceError naming the step, network, layer and quantity", (network, hyperparameters) => {
    const env = makeEnv("CartPole-v1", { seed: 0 });
    const agent = Agent.create({ algorithm: "map-prop", env, seed: 0, hyperparameters });
    let observation = env.reset({ seed: 0 }).observation;
    let error: unknown;
    try {
      for (let t = 0; t < 2000; t++) {
        const step = env.step(agent.act(observation).action);
        agent.learn(step);
        observation = step.terminated || step.truncated ? env.reset().observation : step.observation;
      }
    } catch (e) {
      error = e;
    }
    agent.dispose();
    expect(error).toBeInstanceOf(DivergenceError);
    const d = error as DivergenceError;
    expect(d.network).toBe(network);
    expect(d.step).toBeGreaterThan(0);
    expect(d.message).toMatch(new RegExp(`^Training diverged at step ${d.step}: ${network} layer ${d.layer} (weights|bias|potentials|values|traceWeights|TD error) became non-finite$`));
  });
});
