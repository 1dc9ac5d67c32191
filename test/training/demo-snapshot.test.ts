// The demo worker's view of the team (examples/demo/snapshot.js), checked in Node against the
// agent it reads: values and weights are the network's, MAP settling lowers the energy, Weight
// Maximization gives hidden units rewards of their own, REINFORCE gives every unit the TD error.
// And what the page says about a team (team.js) and a task (tasks.js) matches the agent the
// workers build and the environment it acts in.
import { beforeAll, describe, expect, it } from "vitest";
import { Agent } from "../../bindings/training/agent";
import { loadCore } from "../../bindings/core/core";
import { makeEnv } from "../../bindings/envs/registry";
import { Network } from "../../bindings/core/network";
// @ts-expect-error: plain JS module of the demo, without type declarations
import { SettlingReplay, energy, networkSnapshot } from "../../examples/demo/snapshot.js";
// @ts-expect-error: plain JS module of the demo, without type declarations
import { describeTeam } from "../../examples/demo/team.js";
// @ts-expect-error: plain JS module of the demo, without type declarations
import { tasks } from "../../examples/demo/tasks.js";
import { algorithms } from "../../bindings/rules/algorithms";
import { loadLunarLander } from "../../bindings/envs/physics";

beforeAll(async () => {
  await loadCore();
});

/** An agent trained for `steps` CartPole steps, and the observation it last acted on. */
function trained(algorithm: "map-prop" | "weight-max" | "reinforce", steps: number) {
  const env = makeEnv("CartPole-v1", { seed: 3 });
  const agent = Agent.create({ algorithm, env, seed: 3 });
  let observation = env.reset({ seed: 3 }).observation;
  let acted = observation;
  for (let k = 0; k < steps; k++) {
    acted = observation;
    const step = env.step(agent.act(observation).action);
    agent.learn(step);
    if (step.terminated || step.truncated) {
      acted = step.observation;
      observation = env.reset().observation;
    } else observation = step.observation;
  }
  return { agent, acted };
}

describe("networkSnapshot", () => {
  it("copies every layer's values and unpadded weights of the actor", () => {
    const { agent, acted } = trained("map-prop", 50);
    const snap = networkSnapshot(agent.actor, acted);
    expect(Array.from(snap.input)).toEqual(Array.from(acted, Math.fround));
    expect(snap.layers.map((l: { values: Float32Array }) => l.values.length)).toEqual([64, 32, 2]);
    for (let l = 0; l < 3; l++) {
      const { inputs, units, stride } = agent.actor.shape(l);
      const padded = agent.actor.buffer(l, "weights");
      expect(snap.layers[l].weights.length).toBe(inputs * units);
      // Spot checks across the row padding.
      for (const [i, j] of [[0, 0], [inputs - 1, units - 1], [Math.floor(inputs / 2), units - 1]]) {
        expect(snap.layers[l].weights[i * units + j]).toBe(Math.fround(padded[i * stride + j]));
      }
      expect(Array.from(snap.layers[l].values)).toEqual(Array.from(agent.actor.buffer(l, "values").subarray(0, units), Math.fround));
    }
    expect(snap.layers[2].unit).toBe("categorical");
    // The output's values are the one-hot of the action taken.
    expect(snap.layers[2].values[0] + snap.layers[2].values[1]).toBe(1);
    agent.dispose();
  });

  it("REINFORCE: every unit of every layer received the same reward, the TD error", () => {
    const { agent, acted } = trained("reinforce", 40);
    const snap = networkSnapshot(agent.actor, acted);
    const delta = agent.lastTdError;
    expect(delta).not.toBe(0);
    for (const layer of snap.layers) for (const r of layer.rewards) expect(r).toBe(Math.fround(delta));
    agent.dispose();
  });

  it("Weight Maximization: the output gets the TD error, hidden units rewards of their own", () => {
    const { agent, acted } = trained("weight-max", 40);
    const snap = networkSnapshot(agent.actor, acted);
    const delta = agent.lastTdError;
    expect(snap.layers[2].rewards[0]).toBe(Math.fround(delta));
    for (const layer of snap.layers.slice(0, 2)) {
      // A silent Bernoulli unit has no trace (its input to every weight is 0), so no reward;
      // the units that fired each have their own.
      const nonzero = Array.from(layer.rewards as Float32Array).filter((r) => r !== 0);
      expect(nonzero.length).toBeGreaterThan(3);
      expect(new Set(nonzero).size).toBe(nonzero.length);
      expect(nonzero.some((r) => r !== Math.fround(delta))).toBe(true);
    }
    agent.dispose();
  });
});

describe("settlingReplay (MAP propagation)", () => {
  it("lowers the energy over the sweeps, leaves the agent untouched and follows the agent's weights", () => {
    const { agent, acted } = trained("map-prop", 300);
    const before = Buffer.from(agent.save());
    const replay = new SettlingReplay(agent, Agent);
    const { energies, hidden } = replay.run(acted);
    expect(energies.length).toBe(21);
    expect(hidden.length).toBe(2);
    expect(hidden[0].length).toBe(21);
    expect(energies[20]).toBeLessThan(energies[0] * 0.5);
    // Every sweep lowers it (a gradient step of size ½σ² on a quadratic-dominated energy).
    for (let s = 1; s < 21; s++) expect(energies[s]).toBeLessThanOrEqual(energies[s - 1] * (1 + 1e-9));
    // The values moved from their sample.
    expect(hidden[0][20]).not.toEqual(hidden[0][0]);
    // The replay ran on a copy: the agent's state is what it was, byte for byte.
    expect(Buffer.from(agent.save()).equals(before)).toBe(true);
    // After more training the copy settles with the agent's new weights.
    const weightsThen = Float64Array.from(agent.actor.buffer(0, "weights"));
    for (let k = 0; k < 5; k++) agent.act(acted);
    expect(Float64Array.from(agent.actor.buffer(0, "weights"))).not.toEqual(weightsThen);
    const again = replay.run(acted);
    expect(again.energies[20]).toBeLessThan(again.energies[0]);
    for (let l = 0; l < 3; l++) {
      expect(Float64Array.from(replay.copy.actor.buffer(l, "weights"))).toEqual(Float64Array.from(agent.actor.buffer(l, "weights")));
      expect(Float64Array.from(replay.copy.actor.buffer(l, "bias"))).toEqual(Float64Array.from(agent.actor.buffer(l, "bias")));
    }
    replay.dispose();
    agent.dispose();
  });

  it("energy() is ½Σ(v−μ)²/σ² over the hidden units plus −log p(action)", () => {
    const { agent } = trained("map-prop", 20);
    const net = agent.actor;
    let expected = 0;
    for (let l = 0; l < 2; l++) {
      const v = net.buffer(l, "values"), m = net.buffer(l, "mean");
      for (let j = 0; j < net.shape(l).units; j++) expected += (v[j] - m[j]) ** 2 / (2 * net.spec.layers[l].variance!);
    }
    expected -= Math.log(net.buffer(2, "mean")[net.actions()[0]]);
    expect(energy(net)).toBeCloseTo(expected, 12);
    agent.dispose();
  });

  it("energy() of an output with a fixed zero logit takes the last class's probability as what the others leave", () => {
    const net = new Network({
      inputSize: 3, seed: 5,
      layers: [{ size: 6, unit: "gaussian", variance: 0.2, learningRate: 0 }, { size: 2, unit: "categorical", fixedZeroLogit: true, learningRate: 0 }],
    });
    net.setInput([0.4, -1, 0.3]);
    net.forward();
    let hidden = 0;
    const v = net.buffer(0, "values"), m = net.buffer(0, "mean");
    for (let j = 0; j < 6; j++) hidden += (v[j] - m[j]) ** 2 / (2 * 0.2);
    const p = net.buffer(1, "mean");
    net.actions()[0] = 2; // the fixed logit's class
    expect(energy(net)).toBeCloseTo(hidden - Math.log(1 - p[0] - p[1]), 12);
    net.actions()[0] = 1;
    expect(energy(net)).toBeCloseTo(hidden - Math.log(p[1]), 12);
    net.dispose();
  });
});

describe("the page's words for teams and tasks", () => {
  const ids = ["CartPole-v1", "Acrobot-v1", "MountainCarContinuous-v0", "LunarLander-v2"] as const;

  it("describeTeam gives every rule on every task the actor Agent.create builds, and the rule's critic", async () => {
    await loadLunarLander();
    for (const id of ids) {
      const env = makeEnv(id, { seed: 0 });
      for (const algorithm of algorithms) {
        const team = describeTeam(algorithm, env);
        const agent = Agent.create({ algorithm, env, seed: 0 });
        const label = `${algorithm} on ${id}`;
        expect(team.layers.map((l: { size: number }) => l.size), label).toEqual(agent.actor.spec.layers.map((l) => l.size));
        expect(team.layers.map((l: { unit: string }) => l.unit), label).toEqual(agent.actor.spec.layers.map((l) => l.unit));
        const hidden = agent.actor.spec.layers[0].unit;
        expect(team.actor, label).toMatch(new RegExp(`^${env.observationSpace.shape[0]} inputs → ${agent.actor.spec.layers.slice(0, -1).map((l) => l.size).join(" → ")} ` +
          `${{ bernoulli: "Bernoulli", gaussian: "Gaussian", deterministic: "deterministic" }[hidden as "bernoulli" | "gaussian" | "deterministic"]}`));
        // A MAP critic has Gaussian hidden units; a value network deterministic ones.
        const criticUnits = agent.critic.spec.layers[0].unit;
        expect(team.critic, label).toMatch(criticUnits === "gaussian" ? /^a MAP-propagation critic: .*Gaussian units/ : /^a value network: .*deterministic/);
        if (agent.actor.spec.layers.at(-1)!.fixedZeroLogit) expect(team.actor, label).toMatch(/fixed zero logit/);
        agent.dispose();
      }
    }
  });

  it("names every input and every action of each task", async () => {
    await loadLunarLander();
    for (const id of [...ids, "LunarLander-v3", "LunarLanderContinuous-v2", "LunarLanderContinuous-v3"] as const) {
      const env = makeEnv(id, { seed: 0 });
      expect(tasks[id].inputs.length, id).toBe(env.observationSpace.shape[0]);
      const actions = env.actionSpace.kind === "discrete" ? env.actionSpace.n : env.actionSpace.shape[0];
      expect(tasks[id].actions.length, id).toBe(actions);
    }
  });
});
