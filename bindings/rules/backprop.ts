/**
 * The backprop baseline (docs/learning-rules.md#baselines-backprop-and-ste-backprop): a ReLU (or
 * Gaussian, by the reparametrisation trick) actor whose traces hold the policy gradient
 * backpropagated from the output (assembly/kernels/network.ts `recordTrace`, TraceMode.backprop).
 */
import type { LearningRule } from "./rule.js";
import { type ReferenceTask, constant, referenceTask } from "./settings.js";
import { sharedSettings } from "./shared-settings.js";
import { weightMaxDefaults } from "./weight-max.js";

/**
 * The actor's learning rates. No reference config exists (docs/learning-rules.md); the Weight Max
 * rates, tuned for Bernoulli units, kill the ReLU network (Acrobot: −500 on every seed). These are
 * the best of a sweep on tuning seeds 100–102, never the evaluation seeds (LunarLander: seed 100,
 * 800 episodes): see README "Baselines".
 */
const actorLearningRate: Record<ReferenceTask, { start: number[]; end: number[] }> = {
  "CartPole-v1": { start: [1e-4, 1e-4, 1e-4], end: [1e-5, 1e-5, 1e-5] },
  "Acrobot-v1": constant([3e-4, 3e-4, 3e-4]),
  "LunarLander-v2": constant([1e-3, 1e-3, 1e-3]),
  "MountainCarContinuous-v0": constant([3e-4, 3e-4, 3e-4]),
};

export const backprop = {
  name: "backprop",
  description: "ReLU actor trained by backprop of the policy gradient",
  docs: "docs/learning-rules.md#baselines-backprop-and-ste-backprop",
  hiddenUnits: "relu",
  refusedUnits: { bernoulli: "backprop cannot differentiate a Bernoulli unit's sample; the straight-through estimator for Bernoulli units is ste-backprop" },
  networks: "weight-max",
  settling: "none",
  traces: "backprop",
  actorUpdate: "reinforce",
  asynchronous: false,
  critic: "value",
  settings: sharedSettings,
  defaults: (envId: string) => {
    const h = weightMaxDefaults(envId);
    h.actorLearningRate = structuredClone(actorLearningRate[referenceTask(envId)]);
    return h;
  },
} as const satisfies LearningRule;
