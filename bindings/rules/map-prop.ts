/**
 * MAP propagation (docs/learning-rules.md#map-propagation-map-prop): after the action is sampled,
 * Gaussian hidden values settle by gradient descent on the energy (assembly/network.ts `settle`),
 * then every unit learns by REINFORCE from the TD error with its local eligibility traces.
 */
import type { Hyperparameters } from "./hyperparameters.js";
import type { LearningRule } from "./rule.js";
import { type ReferenceTask, constant, referenceTask, settings } from "./settings.js";

/** map_prop `config/*.ini` (docs/learning-rules.md#hyper-parameters). */
const config = settings({
  actorLambda: 0.95, criticLambda: 0.95, adamEpsilon: 1e-9, settleSteps: 20,
  actorLearningRate: { start: [1e-2, 1e-5, 1e-6], end: [1e-3, 1e-6, 1e-8] },
  criticLearningRate: { start: [2e-2, 2e-5, 2e-6], end: [2e-3, 2e-6, 2e-7] },
  actorVariance: [0.03, 0.1, 0.1], criticVariance: [0.03, 0.1, 0.1], temperature: [1, 1, 2],
});

/** Each task's changes to the config (map_prop `config/<task>.ini`): budget and λ, then the units, then the rates. */
const tasks: Record<ReferenceTask, Hyperparameters> = {
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
  hyperparameters: (envId: string) => structuredClone(tasks[referenceTask(envId)]),
} as const satisfies LearningRule;
