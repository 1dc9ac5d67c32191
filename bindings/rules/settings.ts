/**
 * The shape every rule's reference hyper-parameters share, and the tasks they are given for. The
 * numbers themselves live with the rules (map-prop.ts: map_prop's configs; weight-max.ts:
 * weight_max's, which the baselines start from; the other rules derive theirs from these).
 */
import type { Hyperparameters } from "./hyperparameters.js";

/** What the two reference configs set differently; everything else is common to both. */
export type RuleSettings = Pick<
  Hyperparameters,
  "actorLambda" | "criticLambda" | "actorLearningRate" | "criticLearningRate" | "adamEpsilon" | "actorVariance" | "criticVariance" | "temperature" | "settleSteps"
>;

/**
 * A full set of hyper-parameters from a rule's own settings and a task's changes. The fields are
 * listed once, in the order checkpoints record them (their metadata is JSON, so the order is part
 * of a checkpoint's bytes).
 */
export const settings = (rule: RuleSettings) => (task: Partial<Hyperparameters>): Hyperparameters => ({
  episodes: 1000,
  hidden: [64, 32],
  gamma: 0.98,
  actorLambda: rule.actorLambda,
  criticLambda: rule.criticLambda,
  actorLearningRate: rule.actorLearningRate,
  criticLearningRate: rule.criticLearningRate,
  scheduleSteps: 50_000,
  adamEpsilon: rule.adamEpsilon,
  rewardClip: 0,
  actorVariance: rule.actorVariance,
  criticVariance: rule.criticVariance,
  temperature: rule.temperature,
  settleSteps: rule.settleSteps,
  settleRate: 0.5,
  weightMaxExponent: 2,
  asyncMomentum: 0.7,
  asyncRestScale: 1e3,
  asyncRestEpsilon: 1e-5,
  ...task,
});

/** The tasks with their own reference settings. */
export const referenceTasks = ["CartPole-v1", "Acrobot-v1", "LunarLander-v2", "MountainCarContinuous-v0"] as const;
export type ReferenceTask = (typeof referenceTasks)[number];

// v3 changed nothing the agent sees; the continuous versions keep the discrete task's settings
// (no reference run exists for them) with a Gaussian output of the config's output variance.
const sameSettings: Readonly<Record<string, ReferenceTask>> = {
  "LunarLander-v3": "LunarLander-v2", "LunarLanderContinuous-v2": "LunarLander-v2", "LunarLanderContinuous-v3": "LunarLander-v2",
};

/** Tasks with reference hyper-parameters. */
export const tasksWithDefaults: readonly string[] = [...referenceTasks, ...Object.keys(sameSettings)];

/** The task whose settings `envId` takes: itself, the version it repeats, or CartPole (your own environments). */
export function referenceTask(envId: string): ReferenceTask {
  if ((referenceTasks as readonly string[]).includes(envId)) return envId as ReferenceTask;
  return Object.hasOwn(sameSettings, envId) ? sameSettings[envId] : "CartPole-v1";
}

/** Learning rates held constant over the run. */
export const constant = (rates: number[]) => ({ start: rates, end: rates });
