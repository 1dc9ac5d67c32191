// The ablation axes (bindings/rules/axes.ts, docs/learning-rules.md#ablation-axes): a rule is a
// preset of settling, critic, actor update and traces; naming a rule's own part changes nothing,
// naming another changes that part and nothing else, an undefined combination is refused with
// the reason before any work, and a checkpoint restores the axes it ran with.
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { Agent } from "../../bindings/training/agent";
import { ConfigurationError } from "../../bindings/errors";
import { algorithms, defaultHyperparameters, hyperparametersFor, planNetworks, settingsOf, type Hyperparameters } from "../../bindings/rules/algorithms";
import { axisNames, partsOf, settingsForParts } from "../../bindings/rules/axes";
import { rules, ruleNamed } from "../../bindings/rules";
import { resolvedSettings } from "../../bindings/rules/overrides";
import { capabilitiesOf } from "../../bindings/rules/rule";
import { Capability, CriticKind } from "../../bindings/core/interface";
import { loadCore } from "../../bindings/core/core";
import { train, type TrainCheckpoint, type TrainOptions } from "../../bindings/training/train";
import { makeEnv } from "../../bindings/envs/registry";

beforeAll(async () => {
  await loadCore({ precision: "float64" });
});

type Algorithm = (typeof algorithms)[number];

/** `steps` learning steps on CartPole: a hash of the actions and of every weight learned. */
function run(algorithm: Algorithm, hyperparameters: Partial<Hyperparameters> = {}, steps = 300, agent?: Agent): { hash: string; agent: Agent; actions: number[] } {
  const env = makeEnv("CartPole-v1", { seed: 3 });
  const learner = agent ?? Agent.create({ algorithm, env, seed: 3, hyperparameters, hidden: [8, 4] });
  const actions: number[] = [];
  let { observation } = env.reset({ seed: 3 });
  for (let k = 0; k < steps; k++) {
    const action = learner.act(observation).action as number;
    actions.push(action);
    const step = env.step(action);
    learner.learn(step);
    observation = step.terminated || step.truncated ? env.reset().observation : step.observation;
  }
  const hash = createHash("sha256").update(JSON.stringify(actions));
  for (const net of [learner.actor, learner.critic]) for (let l = 0; l < net.layerCount; l++) hash.update(Float64Array.from(net.buffer(l, "weights")).join(","));
  return { hash: hash.digest("hex"), agent: learner, actions };
}

describe("a rule is a preset of the axes", () => {
  it.each(rules.map((rule) => [rule.name, rule] as const))("%s: the settings of its own parts are the settings it declares", (_, rule) => {
    const names = (settings: readonly { name: string }[]) => settings.map((s) => s.name).sort();
    expect(names(settingsForParts(partsOf(rule)))).toEqual(names(rule.settings));
  });

  it("settingsOf with the axes: what a run of those parts takes (and a checkpoint of it must record)", () => {
    const names = (h?: Partial<Hyperparameters>) => settingsOf("weight-max", h).map((s) => s.name);
    expect(names({})).toEqual(names());
    expect(new Set(names({ critic: "map" }))).toEqual(new Set([...names(), "criticVariance", "settleSteps", "settleRate"]));
    expect(settingsOf("discrete-map-prop", { critic: "value", settling: "none" }).map((s) => s.name)).not.toContain("criticVariance");
    expect(settingsOf("discrete-map-prop", { critic: "value", settling: "none" }).map((s) => s.name)).not.toContain("searchLimit");
  });

  it.each(["map-prop", "weight-max", "discrete-map-prop", "backprop"] as const)("%s: naming every axis as the rule's own runs bit for bit as the default", (algorithm) => {
    const rule = ruleNamed(algorithm);
    const own = Object.fromEntries(axisNames.map((axis) => [axis, rule[axis]])) as Partial<Hyperparameters>;
    const [byDefault, named] = [run(algorithm), run(algorithm, own)];
    expect(named.hash).toBe(byDefault.hash);
    byDefault.agent.dispose();
    named.agent.dispose();
  });

  it("the run's settings name every axis, given or the rule's", () => {
    expect(resolvedSettings("discrete-map-prop", "CartPole-v1", {})).toMatchObject({ settling: "bernoulli", critic: "map", actorUpdate: "reinforce", traces: "local" });
    expect(resolvedSettings("discrete-map-prop", "CartPole-v1", { critic: "value" })).toMatchObject({ settling: "bernoulli", critic: "value" });
    expect(resolvedSettings("backprop@gaussian", "CartPole-v1", {})).toMatchObject({ settling: "none", traces: "backprop" });
  });
});

describe("an overridden axis changes that part and nothing else", () => {
  const plan = (algorithm: Algorithm, overrides: Partial<Hyperparameters> = {}) =>
    planNetworks(algorithm, { ...hyperparametersFor(algorithm, "CartPole-v1", ruleNamed(algorithm).hiddenUnits, overrides), ...overrides }, 2, false);

  it("critic=value on discrete-map-prop: Weight Max's value critic, discrete-map-prop's actor", () => {
    const [discrete, weightMax, ablated] = [plan("discrete-map-prop"), plan("weight-max"), plan("discrete-map-prop", { critic: "value" })];
    expect(ablated.critic).toEqual(weightMax.critic);
    expect(ablated.criticKind).toBe(CriticKind.backprop);
    expect(ablated.actor).toEqual(discrete.actor);
    expect(ablated.capabilities).toBe(discrete.capabilities);
    const h = resolvedSettings("discrete-map-prop", "CartPole-v1", { critic: "value" });
    const [wm, dm] = [defaultHyperparameters("weight-max", "CartPole-v1"), defaultHyperparameters("discrete-map-prop", "CartPole-v1")];
    expect([h.criticLearningRate, h.criticLambda]).toEqual([wm.criticLearningRate, wm.criticLambda]);
    expect([h.actorLearningRate, h.temperature, h.actorLambda, h.adamEpsilon, h.settleSteps]).toEqual([dm.actorLearningRate, dm.temperature, dm.actorLambda, dm.adamEpsilon, dm.settleSteps]);
  });

  it("critic=map on weight-max: MAP propagation's critic on the task, settled settleSteps (20) sweeps", () => {
    const [weightMax, mapProp, ablated] = [plan("weight-max"), plan("map-prop"), plan("weight-max", { critic: "map" })];
    expect(ablated.critic).toEqual(mapProp.critic);
    expect(ablated.criticKind).toBe(CriticKind.map);
    expect(ablated.actor).toEqual(weightMax.actor);
    expect(ablated.capabilities).toBe(weightMax.capabilities);
    const h = resolvedSettings("weight-max", "Acrobot-v1", { critic: "map" });
    const map = defaultHyperparameters("map-prop", "Acrobot-v1");
    expect([h.criticLearningRate, h.criticLambda, h.criticVariance, h.settleSteps, h.settleRate]).toEqual([map.criticLearningRate, map.criticLambda, map.criticVariance, 20, 0.5]);
    // A setting given beside the axis wins over the reference critic's.
    expect(resolvedSettings("weight-max", "CartPole-v1", { critic: "map", criticLambda: 0.5, settleSteps: 3 })).toMatchObject({ criticLambda: 0.5, settleSteps: 3 });
  });

  it("settling, actorUpdate and traces change only their Capability bits", () => {
    const bits = (algorithm: Algorithm, overrides: Partial<Hyperparameters>) => plan(algorithm, overrides).capabilities ^ plan(algorithm).capabilities;
    expect(bits("discrete-map-prop", { settling: "none" })).toBe(Capability.settleBernoulli);
    expect(bits("map-prop", { settling: "none" })).toBe(Capability.settleGaussian);
    expect(bits("discrete-map-prop", { actorUpdate: "weight-max" })).toBe(Capability.reinforceUpdate | Capability.weightMaxUpdate);
    expect(bits("weight-max", { settling: "bernoulli" })).toBe(Capability.settleBernoulli);
    expect(bits("ste-backprop", { traces: "local" })).toBe(Capability.backpropTraces | Capability.localTraces);
    expect(plan("ste-backprop", { traces: "local" }).capabilities).toBe(capabilitiesOf(ruleNamed("reinforce")));
    expect(plan("discrete-map-prop", { settling: "none" }).critic).toEqual(plan("discrete-map-prop").critic);
  });

  it("what the agent runs: the discrete search runs where settling=bernoulli adds it and stops where settling=none removes it", () => {
    const searched = run("weight-max", { settling: "bernoulli" }, 200);
    expect(searched.agent.lastSearchSweeps).toBeGreaterThan(0);
    expect(searched.agent.hyperparameters.settleSteps).toBe(20);
    const plain = run("weight-max", {}, 200);
    expect(searched.hash).not.toBe(plain.hash);
    const none = run("discrete-map-prop", { settling: "none" }, 200);
    expect(none.agent.lastSearchSweeps).toBe(0);
    for (const r of [searched, plain, none]) r.agent.dispose();
  });
});

describe("every part swapped: one rule becomes another", () => {
  // Weight Max's output settings on CartPole (the last entries of the per-layer settings) and the
  // adamEpsilon both networks share: with these, discrete-map-prop differs from weight-max only in its parts.
  const weightMaxOutput: Partial<Hyperparameters> = {
    actorLearningRate: defaultHyperparameters("weight-max", "CartPole-v1").actorLearningRate, temperature: [1, 1, 1], adamEpsilon: 1e-8,
  };

  it("discrete-map-prop with Weight Max's critic, update, no settling and Weight Max's output runs bit for bit as weight-max", () => {
    const ablated = run("discrete-map-prop", { ...weightMaxOutput, critic: "value", settling: "none", actorUpdate: "weight-max" });
    const weightMax = run("weight-max");
    expect(ablated.hash).toBe(weightMax.hash);
    // With its search back, only the settling differs.
    const searching = run("discrete-map-prop", { ...weightMaxOutput, critic: "value", actorUpdate: "weight-max" });
    expect(searching.hash).not.toBe(weightMax.hash);
    for (const r of [ablated, weightMax, searching]) r.agent.dispose();
  });

  it("map-prop with settling=none and traces, critic unchanged, is REINFORCE on its Gaussian units: only the settling bit differs", () => {
    const h = { ...defaultHyperparameters("map-prop", "CartPole-v1"), settling: "none" as const };
    expect(planNetworks("map-prop", h, 2, false).capabilities).toBe(Capability.localTraces | Capability.reinforceUpdate);
  });
});

describe("searchLimit: the actor's search, apart from the critic's settleSteps", () => {
  it("absent, the search takes settleSteps' limit, as before the setting; given as that, the same run", () => {
    const pairs: [Partial<Hyperparameters>, Partial<Hyperparameters>][] = [[{}, { searchLimit: 20 }], [{ settleSteps: 5 }, { settleSteps: 5, searchLimit: 5 }]];
    for (const [a, b] of pairs) {
      const [x, y] = [run("discrete-map-prop", a, 200), run("discrete-map-prop", b, 200)];
      expect(y.hash).toBe(x.hash);
      x.agent.dispose();
      y.agent.dispose();
    }
  });

  it("searchLimit=0 switches the search off and keeps the MAP critic settling (unlike settleSteps=0)", () => {
    const off = run("discrete-map-prop", { searchLimit: 0 }, 200);
    expect(off.agent.lastSearchSweeps).toBe(0);
    expect(off.agent.hyperparameters.settleSteps).toBe(20);
    const noSettling = run("discrete-map-prop", { settleSteps: 0 }, 200);
    expect(off.hash).not.toBe(noSettling.hash);
    // Not the same control as settling=none: a search of 0 sweeps still refreshes the potentials from
    // the weights the step just updated, so its eligibilities (h − p)/T take the new p; without
    // settling they take the forward pass's.
    const none = run("discrete-map-prop", { settling: "none" }, 200);
    expect(none.hash).not.toBe(off.hash);
    for (const r of [off, noSettling, none]) r.agent.dispose();
  });

  it("a limit bounds each step's sweeps", () => {
    const env = makeEnv("CartPole-v1", { seed: 1 });
    const agent = Agent.create({ algorithm: "discrete-map-prop", env, seed: 1, hyperparameters: { searchLimit: 1 } });
    let { observation } = env.reset({ seed: 1 });
    for (let k = 0; k < 100; k++) {
      const step = env.step(agent.act(observation).action);
      expect(agent.lastSearchSweeps).toBeLessThanOrEqual(1);
      agent.learn(step);
      observation = step.terminated || step.truncated ? env.reset().observation : step.observation;
    }
    agent.dispose();
  });
});

describe("refusals, before any work, with the reason", () => {
  const create = (algorithm: Algorithm, hyperparameters: Record<string, unknown>, units?: "gaussian" | "bernoulli" | "relu") => () =>
    Agent.create({ algorithm, env: makeEnv("CartPole-v1"), hyperparameters: hyperparameters as Partial<Hyperparameters>, units }).dispose();

  it.each([
    ["discrete-map-prop", { settling: "gaussian" }, undefined, /hyperparameters.settling=gaussian is not defined for discrete-map-prop: Gaussian settling .* needs Gaussian hidden units; these are bernoulli/],
    ["map-prop", { settling: "bernoulli" }, undefined, /settling=bernoulli is not defined for map-prop: the discrete search flips the two values of Bernoulli hidden units; these are gaussian/],
    ["async-map-prop", { critic: "value" }, undefined, /critic=value is not defined for async-map-prop: its asynchronous step runs lockstep sweeps of both networks/],
    ["backprop", { traces: "local" }, undefined, /traces=local is not defined for backprop: local traces are each unit's log-probability gradient, and deterministic ReLU units have none/],
    ["weight-max", { traces: "backprop" }, undefined, /traces=backprop with actorUpdate=weight-max is not defined for weight-max: Weight Maximization rewards each hidden unit through its own eligibility/],
    ["ste-backprop", { settling: "bernoulli" }, undefined, /settling=bernoulli with traces=backprop is not defined for ste-backprop: backprop traces are the policy gradient through the forward pass/],
    ["weight-max", { settling: "gaussian" }, undefined, /settling=gaussian is not defined for weight-max: .*these are bernoulli/],
  ] as const)("%s with %j", (algorithm, overrides, units, message) => {
    expect(create(algorithm, overrides, units)).toThrow(ConfigurationError);
    expect(create(algorithm, overrides, units)).toThrow(message);
    expect(() => resolvedSettings(algorithm, "CartPole-v1", overrides)).toThrow(message);
  });

  it("a defined combination of a rule with other units: weight-max@gaussian settles by gradient descent", () => {
    expect(create("weight-max", { settling: "gaussian" }, "gaussian")).not.toThrow();
  });

  it("a setting of a part the axes removed, or of one the rule lacks, is refused naming the axis", () => {
    expect(create("discrete-map-prop", { critic: "value", criticVariance: [0.1, 0.1, 0.1] })).toThrow(
      /hyperparameters.criticVariance applies to rules with MAP propagation's critic \(.*\); discrete-map-prop with critic=value does not use it/,
    );
    expect(create("map-prop", { searchLimit: 5 })).toThrow(/hyperparameters.searchLimit applies to rules that settle Bernoulli units \(discrete-map-prop\); map-prop does not use it/);
    expect(create("weight-max", { settling: "bernoulli", searchLimit: 5 })).not.toThrow();
    expect(create("discrete-map-prop", { actorUpdate: "weight-max", weightMaxExponent: 3 })).not.toThrow();
  });

  it("a bad value names the axis and the values it takes", () => {
    expect(create("map-prop", { critic: "td" })).toThrow(/hyperparameters.critic must be "map" or "value"; got "td"/);
    expect(create("discrete-map-prop", { searchLimit: -1 })).toThrow(/hyperparameters.searchLimit must be an integer in \[0, 10000\]; got -1/);
    expect(create("discrete-map-prop", { searchLimit: 2.5 })).toThrow(ConfigurationError);
  });
});

describe("checkpoints", () => {
  it("a run with axes overridden saves them and continues bit for bit after loading", () => {
    const overrides: Partial<Hyperparameters> = { critic: "value", searchLimit: 7, actorUpdate: "weight-max" };
    const first = run("discrete-map-prop", overrides, 150);
    const bytes = first.agent.save();
    const loaded = Agent.load(bytes);
    expect(loaded.hyperparameters).toMatchObject(overrides);
    expect(loaded.critic.spec.layers.every((layer) => layer.unit === "deterministic")).toBe(true);
    expect(loaded.hyperparameters.criticLearningRate).toEqual(defaultHyperparameters("weight-max", "CartPole-v1").criticLearningRate);
    // Both continue on the same environment stream.
    const [a, b] = [run("discrete-map-prop", {}, 150, first.agent), run("discrete-map-prop", {}, 150, loaded)];
    expect(b.hash).toBe(a.hash);
    first.agent.dispose();
    loaded.dispose();
  });

  it("a train run with axes overridden, stopped and resumed, ends as the run never stopped", () => {
    const options: TrainOptions = { env: "CartPole-v1", algorithm: "discrete-map-prop", episodes: 5, seed: 4, hidden: [8, 4], checkpointEvery: 2, hyperparameters: { critic: "value", settling: "none" } };
    const trained = (extra: Partial<TrainOptions>) => {
      const checkpoints: TrainCheckpoint[] = [];
      const result = train({ ...options, ...extra, onCheckpoint: (c) => checkpoints.push(c) });
      return { result, last: checkpoints[checkpoints.length - 1] };
    };
    const whole = trained({});
    let asked = 0;
    const stopped = trained({ signal: { get aborted() { return ++asked > 60; } } });
    expect(stopped.result.stopped).toBe(true);
    const resumed = trained({ resume: stopped.last.bytes });
    expect(resumed.result.episodeReturns).toEqual(whole.result.episodeReturns);
    expect(createHash("sha256").update(resumed.last.bytes).digest("hex")).toBe(createHash("sha256").update(whole.last.bytes).digest("hex"));
    const agent = Agent.load(resumed.last.bytes);
    expect(agent.hyperparameters).toMatchObject({ critic: "value", settling: "none" });
    agent.dispose();
  });
});
