/**
 * Weight Maximization with eligibility traces in the actor (weight_max's `_t` configs,
 * docs/learning-rules.md#weight-maximization-weight-max): Weight Max with a nonzero actor λ.
 */
import type { LearningRule } from "./rule.js";
import { type ReferenceTask, referenceTask } from "./settings.js";
import { weightMax, weightMaxDefaults } from "./weight-max.js";

/** Actor λ of the reference's `_t` ("with traces") config. */
const actorLambda: Record<ReferenceTask, number> = { "CartPole-v1": 0.8, "Acrobot-v1": 0.8, "LunarLander-v2": 0.9, "MountainCarContinuous-v0": 0.8 };

export const weightMaxTraces = {
  ...weightMax,
  name: "weight-max-traces",
  description: "Weight Maximization with eligibility traces in the actor",
  defaults: (envId: string) => {
    const h = weightMaxDefaults(envId);
    h.actorLambda = actorLambda[referenceTask(envId)];
    return h;
  },
  // A supervised sample is a one-step bandit whose traces never decay into the next: the actor's
  // λ changes nothing there, so weight-max's runs are not offered again under this name.
  supervised: undefined,
} as const satisfies LearningRule;
