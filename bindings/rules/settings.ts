/**
 * A rule's reference values on the reference tasks, and the order checkpoints record settings
 * in. The numbers themselves live with the rules (map-prop.ts: map_prop's configs; weight-max.ts:
 * weight_max's, which the baselines start from; the other rules derive theirs from these), and
 * a setting with one value everywhere is declared with its default (./setting.ts).
 */
import type { Hyperparameters } from "./hyperparameters.js";

/** A rule's own values on a task: the settings whose declarations have no default, and any it changes. */
export type RuleDefaults = Partial<Hyperparameters>;

/** A rule's config, then a task's changes to it. */
export const settings = (config: RuleDefaults) => (task: RuleDefaults): RuleDefaults => ({ ...config, ...task });

/**
 * Every setting a checkpoint records, in the order it records them: checkpoint metadata is JSON,
 * so this order is part of a checkpoint's bytes (versions 1 and 2 wrote every rule's bag with all
 * of these keys). Settings that are absent by default (setting.ts absentByDefault) follow, in the order
 * they were given.
 */
export const checkpointOrder = [
  "episodes", "hidden", "gamma", "actorLambda", "criticLambda", "actorLearningRate", "criticLearningRate", "scheduleSteps", "adamEpsilon",
  "rewardClip", "actorVariance", "criticVariance", "temperature", "settleSteps", "settleRate", "weightMaxExponent", "asyncMomentum",
  "asyncRestScale", "asyncRestEpsilon",
] as const satisfies readonly (keyof Hyperparameters)[];

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
