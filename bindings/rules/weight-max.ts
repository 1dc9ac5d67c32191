/**
 * Weight Maximization (docs/learning-rules.md#weight-maximization-weight-max): the output layer
 * learns by REINFORCE from the TD error; each hidden unit is rewarded by the change its outgoing
 * weights' update made to their squared norm (assembly/kernels/weightmax.ts).
 */
import { networkDefaults } from "../core/defaults.js";
import type { LayerSpec } from "../core/network.js";
import type { LearningRule, SupervisedDrivers } from "./rule.js";
import type { Setting } from "./setting.js";
import { type ReferenceTask, type RuleDefaults, constant, referenceTask, settings } from "./settings.js";
import { sharedSettings } from "./shared-settings.js";

/** Weight Maximization's reward: the change of Σ|w|^p of a unit's outgoing weights. */
export const weightMaxSettings = [
  { name: "weightMaxExponent", appliesTo: "rules that reward hidden units by Weight Maximization", usedWhen: (p) => p.actorUpdate === "weight-max", kind: "number", bounds: { min: 0, minExclusive: true }, default: networkDefaults.weightMaxExponent, doc: "Weight Maximization: the exponent p of Σ|w|^p in a hidden unit's reward" },
] as const satisfies readonly Setting[];

/**
 * weight_max `config/*.ini` (docs/learning-rules.md#hyper-parameters). No hyper-parameters of the
 * baselines were published; they start from these, the closest published settings.
 */
const config = settings({
  actorLambda: 0, criticLambda: 0.8, adamEpsilon: 1e-8,
  actorLearningRate: { start: [2e-2, 2e-4, 2e-5], end: [2e-4, 2e-6, 2e-7] },
  criticLearningRate: { start: [4e-2, 4e-5, 4e-6], end: [4e-3, 4e-5, 4e-6] },
  actorVariance: [0, 0, 0.5], temperature: [1, 1, 1],
});

/**
 * Each task's changes to the config (weight_max `config/<task>.ini`). No Weight Max config exists
 * for MountainCarContinuous; the CartPole one with a Gaussian output (variance 0.5, as MAP
 * propagation's) and MAP propagation's reward clip is our choice.
 */
const tasks: Record<ReferenceTask, RuleDefaults> = {
  "CartPole-v1": config({}),
  "Acrobot-v1": config({
    scheduleSteps: 1_000_000,
    actorLearningRate: { start: [1e-1, 1e-3, 1e-4], end: [1e-2, 1e-4, 1e-5] }, criticLearningRate: constant([1e-2, 1e-5, 1e-6]),
  }),
  "LunarLander-v2": config({
    episodes: 3000, criticLambda: 0.9, temperature: [1, 1, 2],
    actorLearningRate: constant([8e-2, 8e-4, 8e-5]), criticLearningRate: constant([2e-2, 2e-5, 2e-6]),
  }),
  "MountainCarContinuous-v0": config({ episodes: 500, rewardClip: 5 }),
};

/** weight_max's reference settings on a task (a fresh copy): Weight Max's, and the baselines' starting point. */
export const weightMaxDefaults = (envId: string): RuleDefaults => structuredClone(tasks[referenceTask(envId)]);

/**
 * weight_max's supervised driver: the 4-bit multiplexer, batch 1, Bernoulli layers of 64, 32 and
 * one output unit (firing answers +1), 800,000 samples. REINFORCE, compared with Weight Max
 * there, uses it too.
 */
const bernoulli = (size: number, learningRate: number): LayerSpec => ({ size, unit: "bernoulli", temperature: 1, learningRate, biasInit: 0.001 });
export const weightMaxSupervised: SupervisedDrivers = {
  Multiplexer: { addressBits: 4, batch: 1, samples: 800_000, layers: [bernoulli(64, 1e-2), bernoulli(32, 1e-3), bernoulli(1, 1e-4)] },
};

/** Why REINFORCE-style rules (REINFORCE, Weight Max) refuse ReLU units. */
export const stochasticUnitsOnly = {
  relu: "REINFORCE-style rules need stochastic units: a deterministic ReLU unit has no log-probability gradient (use backprop)",
} as const;

export const weightMax = {
  name: "weight-max",
  description: "Weight Maximization: hidden units rewarded by the change of the squared norm of their outgoing weights",
  docs: "docs/learning-rules.md#weight-maximization-weight-max",
  hiddenUnits: "bernoulli",
  refusedUnits: stochasticUnitsOnly,
  networks: "weight-max",
  settling: "none",
  traces: "local",
  actorUpdate: "weight-max",
  asynchronous: false,
  critic: "value",
  settings: [...sharedSettings, ...weightMaxSettings],
  defaults: weightMaxDefaults,
  supervised: weightMaxSupervised,
} as const satisfies LearningRule;
