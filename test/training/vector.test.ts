// Batches of environments: VectorEnv's next-step autoreset against single environments, and a
// batched Agent against the single-environment loop it generalises (bit for bit at batch 1), the
// JS port, its checkpoints, its typed errors, and its learning at batch 16.
import { beforeAll, describe, expect, it } from "vitest";
import { Agent } from "../../bindings/training/agent";
import { type Algorithm } from "../../bindings/rules/algorithms";
import { type Core, loadCore } from "../../bindings/core/core";
import { makeEnv } from "../../bindings/envs/registry";
import { VectorEnv, makeVectorEnv } from "../../bindings/envs/vector";
import { ConfigurationError, ShapeError, StateError, ValueError } from "../../bindings/errors";
import { train } from "../../bindings/training/train";

let wasm: Core;
let js: Core;
beforeAll(async () => {
  wasm = await loadCore({ precision: "float64" });
  js = await loadCore({ precision: "float64", backend: "js" });
});

/** Episode returns of a single-environment agent, in the order the episodes end. */
function singleReturns(algorithm: Algorithm, episodes: number): number[] {
  const env = makeEnv("CartPole-v1", { seed: 5 });
  const agent = Agent.create({ algorithm, env, seed: 7 });
  let observation = env.reset({ seed: 5 }).observation;
  const returns: number[] = [];
  let total = 0;
  while (returns.length < episodes) {
    const { action } = agent.act(observation);
    const step = env.step(action);
    agent.learn(step);
    total += step.reward;
    if (step.terminated || step.truncated) {
      returns.push(total);
      total = 0;
      observation = env.reset().observation;
    } else {
      observation = step.observation;
    }
  }
  agent.dispose();
  return returns;
}

/** Drives a batched agent on a VectorEnv for `iterations` or until `episodes` have ended; returns their returns and the actions taken. */
function driveBatch(agent: Agent, venv: VectorEnv, state: { observations: Float64Array[] }, iterations: number, episodes = Infinity) {
  const returns: number[] = [];
  const actions: unknown[] = [];
  const totals = new Float64Array(venv.count);
  for (let i = 0; i < iterations && returns.length < episodes; i++) {
    const chosen = agent.actBatch(state.observations).actions;
    actions.push(...chosen);
    const step = venv.step(chosen);
    agent.learnBatch(step);
    for (let b = 0; b < venv.count; b++) {
      totals[b] += step.rewards[b];
      if (step.terminated[b] || step.truncated[b]) {
        returns.push(totals[b]);
        totals[b] = 0;
      }
    }
    state.observations = step.observations;
  }
  return { returns, actions };
}

describe("VectorEnv", () => {
  it("seeds copy k with seed + k and resets an ended copy on the next step, ignoring its action", () => {
    const venv = makeVectorEnv("CartPole-v1", { count: 3, seed: 10 });
    const { observations } = venv.reset({ seed: 10 });
    observations.forEach((o, k) => expect(Array.from(o)).toEqual(Array.from(makeEnv("CartPole-v1").reset({ seed: 10 + k }).observation)));
    // Pushing right ends every copy within a few dozen steps.
    let step = venv.step([1, 1, 1]);
    for (let t = 0; t < 200 && !step.terminated[0]; t++) step = venv.step([1, 1, 1]);
    expect(step.terminated[0]).toBe(true);
    const final = Array.from(step.observations[0]);
    const next = venv.step([1, 1, 1]);
    expect(next.rewards[0]).toBe(0);
    expect([next.terminated[0], next.truncated[0]]).toEqual([false, false]);
    expect(Array.from(next.observations[0])).not.toEqual(final);
    // A reset CartPole state lies in ±0.05.
    expect(Math.max(...Array.from(next.observations[0], Math.abs))).toBeLessThanOrEqual(0.05);
    expect(venv.envs[0].state).toEqual(Array.from(next.observations[0]));
  });

  it("rejects bad arguments with typed errors", () => {
    expect(() => makeVectorEnv("CartPole-v1", { count: 0 })).toThrow(ConfigurationError);
    expect(() => makeVectorEnv("CartPole-v1", { count: 1.5 })).toThrow(/count must be a positive integer/);
    expect(() => makeVectorEnv("Pong", { count: 2 })).toThrow(ConfigurationError);
    expect(() => makeVectorEnv("CartPole-v1", { count: 2 }).step([0])).toThrow(ShapeError);
    expect(() => new VectorEnv([makeEnv("CartPole-v1"), makeEnv("Acrobot-v1")])).toThrow(/envs\[1\] must be another CartPole-v1/);
    expect(() => new VectorEnv([])).toThrow(ConfigurationError);
  });
});

describe("a batched Agent", () => {
  it.each(["map-prop", "weight-max", "async-map-prop"] as const)("%s at batch 1 on a VectorEnv repeats the single-environment run exactly", (algorithm) => {
    const venv = makeVectorEnv("CartPole-v1", { count: 1, seed: 5 });
    const agent = Agent.create({ algorithm, env: venv, seed: 7, batch: 1 });
    const state = venv.reset({ seed: 5 });
    const { returns } = driveBatch(agent, venv, state, Infinity, 15);
    expect(returns).toEqual(singleReturns(algorithm, 15));
    agent.dispose();
  });

  it.each(["map-prop", "weight-max"] as const)("%s at batch 8: the JS port takes the same 2,400 actions", (algorithm) => {
    const run = (core: Core) => {
      const venv = makeVectorEnv("CartPole-v1", { count: 8, seed: 1 });
      const agent = Agent.create({ algorithm, env: venv, seed: 2, batch: 8 }, core);
      const out = driveBatch(agent, venv, venv.reset({ seed: 1 }), 300);
      agent.dispose();
      return out;
    };
    const a = run(wasm);
    const b = run(js);
    expect(a.returns.length).toBeGreaterThan(8); // episodes ended and restarted along the way
    expect(b.actions).toEqual(a.actions);
  });

  it("continues bit for bit from a checkpoint taken right after an episode ended", () => {
    // Two identical VectorEnvs step in lockstep, so the restored agent can be replayed on the twin.
    const venv = makeVectorEnv("CartPole-v1", { count: 4, seed: 3 });
    const twin = makeVectorEnv("CartPole-v1", { count: 4, seed: 3 });
    twin.reset({ seed: 3 });
    const agent = Agent.create({ algorithm: "weight-max", env: venv, seed: 4, batch: 4 });
    let observations = venv.reset({ seed: 3 }).observations;
    let ended = false;
    while (!ended) {
      const { actions } = agent.actBatch(observations);
      const step = venv.step(actions);
      twin.step(actions);
      agent.learnBatch(step);
      observations = step.observations;
      ended = step.terminated.some(Boolean); // a pending terminal transition is now part of the state
    }
    const restored = Agent.load(agent.save());
    expect(restored.batch).toBe(4);
    const first = driveBatch(agent, venv, { observations }, 200);
    const second = driveBatch(restored, twin, { observations }, 200);
    expect(second.actions).toEqual(first.actions);
    expect(second.returns).toEqual(first.returns);
    agent.dispose();
    restored.dispose();
  });

  it("rejects single-environment calls, wrong batch sizes and outcomes that skip the reset", () => {
    const venv = makeVectorEnv("CartPole-v1", { count: 2, seed: 0 });
    const agent = Agent.create({ algorithm: "reinforce", env: venv, batch: 2 });
    const { observations } = venv.reset({ seed: 0 });
    expect(() => agent.act(observations[0])).toThrow(StateError);
    expect(() => agent.act(observations[0])).toThrow(/steps 2 environments; use actBatch/);
    expect(() => agent.actBatch([observations[0]])).toThrow(ShapeError);
    expect(() => agent.actBatch([observations[0], [1, 2]])).toThrow(/observations\[1\] must have 4 numbers/);
    expect(() => agent.learnBatch({ rewards: [1], terminated: [false, false], truncated: [false, false] })).toThrow(/outcome.rewards must hold one entry per environment \(2\)/);
    agent.actBatch(observations);
    agent.learnBatch({ rewards: [1, 1], terminated: [true, false], truncated: [false, false] });
    agent.actBatch(observations);
    // Environment 0 ended: its next outcome must be its reset, as next-step autoreset gives it.
    expect(() => agent.learnBatch({ rewards: [1, 1], terminated: [false, false], truncated: [false, false] })).toThrow(ValueError);
    expect(() => agent.learnBatch({ rewards: [1, 1], terminated: [false, false], truncated: [false, false] })).toThrow(/environment 0 ended its episode/);
    expect(() => Agent.create({ algorithm: "reinforce", env: venv, batch: 0 })).toThrow(ConfigurationError);
    agent.dispose();
  });

  it("train({ batch }) counts episodes as they end in any copy, and CartPole steps as its rewards", () => {
    const reports: number[] = [];
    const run = train({ env: "CartPole-v1", algorithm: "weight-max", episodes: 40, batch: 4, seed: 1, onEpisode: (r) => reports.push(r.episode) });
    expect(run.episodeReturns).toHaveLength(40);
    expect(reports).toEqual(Array.from({ length: 40 }, (_, k) => k + 1));
    // Every counted step earns CartPole's reward 1; unfinished episodes add at most 500 steps per copy.
    const rewarded = run.episodeReturns.reduce((a, b) => a + b, 0);
    expect(run.steps).toBeGreaterThanOrEqual(rewarded);
    expect(run.steps).toBeLessThan(rewarded + 4 * 500);
    expect(train({ env: "CartPole-v1", algorithm: "weight-max", episodes: 40, batch: 4, seed: 1 }).episodeReturns).toEqual(run.episodeReturns);
    expect(() => train({ env: makeEnv("CartPole-v1"), algorithm: "weight-max", episodes: 2, batch: 2 })).toThrow(ConfigurationError);
  });

  it("learns CartPole with 16 environments (MAP propagation, float64, seed 0)", () => {
    const venv = makeVectorEnv("CartPole-v1", { count: 16, seed: 0 });
    const agent = Agent.create({ algorithm: "map-prop", env: venv, seed: 0, batch: 16 });
    const { returns } = driveBatch(agent, venv, venv.reset({ seed: 0 }), 4000);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(returns.slice(0, 100))).toBeLessThan(25);
    expect(mean(returns.slice(-50))).toBeGreaterThan(200);
    agent.dispose();
  }, 120_000);
});
