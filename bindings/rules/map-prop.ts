/**
 * MAP propagation (docs/learning-rules.md#map-propagation-map-prop): after the action is sampled,
 * Gaussian hidden values settle by gradient descent on the energy (assembly/kernels/network.ts `settle`),
 * then every unit learns by REINFORCE from the TD error with its local eligibility traces.
 */
import { networkDefaults } from "../core/defaults.js";
import type { LayerSpec } from "../core/network.js";
import type { LearningRule, SupervisedDrivers } from "./rule.js";
import type { RulePartsView, Setting } from "./setting.js";
import { type ReferenceTask, type RuleDefaults, constant, referenceTask, settings } from "./settings.js";
import { sharedSettings } from "./shared-settings.js";

/**
 * MAP propagation's critic (a stochastic network settled before its traces are recorded) and its
 * settling of Gaussian hidden values, shared by every rule with that critic or that settling.
 * A rule without them keeps `unused` in its checkpoints.
 */
const critic = "rules with MAP propagation's critic";
export const mapCriticSettings = [
  { name: "criticVariance", appliesTo: critic, usedWhen: (p) => p.critic === "map", kind: "per-layer", bounds: { min: 0 }, unused: [0, 0, 0], doc: "variances σ² of the MAP critic's Gaussian units, per layer" },
  {
    // The MAP critic's sweeps, the actor's Gaussian settling and, unless searchLimit is given, its search.
    name: "settleSteps", appliesTo: critic, usedWhen: (p) => p.critic === "map" || p.settling !== "none", kind: "integer", bounds: { min: 0, max: 10_000 }, default: 20, unused: 0,
    doc: "settling sweeps of the MAP critic and of the actor's settling or discrete search (0: none)",
  },
  // The settling step moves a value by settleRate × (mean − value): beyond 1 it overshoots.
  { name: "settleRate", appliesTo: critic, usedWhen: (p) => p.critic === "map" || p.settling === "gaussian", kind: "number", bounds: { min: 0, max: 1, minExclusive: true }, default: networkDefaults.settleRate, doc: "the settling step, as a fraction of σ² times the gradient" },
] as const satisfies readonly Setting[];

/**
 * Controls of Gaussian settling (assembly/kernels/settling.ts; docs/learning-rules.md#settling-controls),
 * absent by default: the fixed `settleSteps` sweeps of the authors' code. They act on map-prop's
 * actor and on the MAP critic wherever it settles synchronously.
 */
const settling = "map-prop's Gaussian settling";
const synchronousGaussian = (p: RulePartsView) => p.settling === "gaussian" && !p.asynchronous;
export const settlingControls = [
  {
    name: "settleTolerance", appliesTo: settling, usedWhen: synchronousGaussian, kind: "number", bounds: { min: 0 }, absent: networkDefaults.settleTolerance,
    doc: "stop settling after the first sweep whose largest unit step (settleRate · σ² · ∂E/∂h) is below this (0: all settleSteps sweeps)",
  },
  {
    name: "settleMomentum", appliesTo: settling, usedWhen: synchronousGaussian, kind: "number", bounds: { min: 0, max: 1, maxExclusive: true }, absent: networkDefaults.settleMomentum,
    doc: "heavy-ball momentum β of the settling steps; a step that raises the energy is replaced by the plain one (0: none)",
  },
] as const satisfies readonly Setting[];

/** map_prop `config/*.ini` (docs/learning-rules.md#hyper-parameters). */
const config = settings({
  actorLambda: 0.95, criticLambda: 0.95, adamEpsilon: 1e-9,
  actorLearningRate: { start: [1e-2, 1e-5, 1e-6], end: [1e-3, 1e-6, 1e-8] },
  criticLearningRate: { start: [2e-2, 2e-5, 2e-6], end: [2e-3, 2e-6, 2e-7] },
  actorVariance: [0.03, 0.1, 0.1], criticVariance: [0.03, 0.1, 0.1], temperature: [1, 1, 2],
});

/** Each task's changes to the config (map_prop `config/<task>.ini`): budget and λ, then the units, then the rates. */
const tasks: Record<ReferenceTask, RuleDefaults> = {
  "CartPole-v1": config({}),
  "Acrobot-v1": config({
    episodes: 500, scheduleSteps: 100_000, actorLambda: 0.97, criticLambda: 0.97,
    temperature: [1, 1, 4], actorVariance: [0.03, 0.1, 0.1], criticVariance: [0.06, 0.2, 0.2],
  }),
  "LunarLander-v2": config({
    episodes: 2500, scheduleSteps: 10_000, actorLambda: 0.97, criticLambda: 0.97,
    temperature: [1, 1, 8], actorVariance: [0.06, 0.2, 0.2], criticVariance: [0.003, 0.01, 0.01],
    actorLearningRate: constant([4e-3, 4e-6, 4e-8]), criticLearningRate: constant([1e-2, 1e-5, 1e-7]),
  }),
  "MountainCarContinuous-v0": config({
    episodes: 500, scheduleSteps: 10_000, actorLambda: 0.97, criticLambda: 0.97, rewardClip: 5,
    actorVariance: [0.03, 0.1, 0.5], criticVariance: [0.003, 0.01, 0.05],
    actorLearningRate: constant([4e-3, 4e-6, 4e-8]), criticLearningRate: constant([1e-2, 1e-5, 1e-6]),
  }),
};

/**
 * map_prop's supervised drivers (docs/learning-rules.md §3.5, §7.2): Gaussian softplus hidden
 * layers of 64 and 32 units, batch 128. The 5-bit multiplexer answers with a 2-way softmax
 * (4,000,000 samples); scalar regression (`main_pre.py`, 1,000,000 samples) with a linear
 * Gaussian output of σ² = 0.025, whose sampled value is the answer.
 */
const hidden = (size: number, variance: number, learningRate: number): LayerSpec => ({ size, unit: "gaussian", activation: "softplus", variance, learningRate });
const supervised: SupervisedDrivers = {
  Multiplexer: {
    addressBits: 5, batch: 128, samples: 4_000_000,
    layers: [hidden(64, 0.3, 4e-2), hidden(32, 1, 4e-5), { size: 2, unit: "categorical", temperature: 1, learningRate: 4e-6 }],
  },
  Regression: {
    batch: 128, samples: 1_000_000,
    layers: [hidden(64, 0.0075, 6e-2), hidden(32, 0.025, 6e-5), { size: 1, unit: "gaussian", activation: "linear", variance: 0.025, learningRate: 6e-6 }],
  },
};

/** Why MAP propagation (either variant) refuses each kind of hidden unit it cannot settle. */
export const mapPropRefusedUnits = {
  bernoulli: "MAP propagation settles hidden values by gradient descent on the energy, which needs continuous (Gaussian) units; for Bernoulli units use discrete-map-prop (a discrete search)",
  relu: "MAP propagation settles stochastic units; deterministic ReLU units have no distribution to settle",
} as const;

export const mapProp = {
  name: "map-prop",
  description: "MAP propagation: settle hidden values, then REINFORCE",
  docs: "docs/learning-rules.md#map-propagation-map-prop",
  hiddenUnits: "gaussian",
  refusedUnits: mapPropRefusedUnits,
  networks: "map-prop",
  settling: "gaussian",
  traces: "local",
  actorUpdate: "reinforce",
  asynchronous: false,
  critic: "map",
  settings: [...sharedSettings, ...mapCriticSettings, ...settlingControls],
  defaults: (envId: string) => structuredClone(tasks[referenceTask(envId)]),
  supervised,
} as const satisfies LearningRule;
