/**
 * REINFORCE (docs/learning-rules.md#reinforce-reinforce): every unit of the actor learns from the
 * TD error with its own eligibility trace (assembly/kernels/network.ts `learnGlobal`); nothing settles.
 * It starts from weight_max's settings (no REINFORCE config was published).
 */
import type { LearningRule } from "./rule.js";
import { sharedSettings } from "./shared-settings.js";
import { stochasticUnitsOnly, weightMaxDefaults, weightMaxSupervised } from "./weight-max.js";

export const reinforce = {
  name: "reinforce",
  description: "every unit learns by REINFORCE from the TD error",
  docs: "docs/learning-rules.md#reinforce-reinforce",
  hiddenUnits: "bernoulli",
  refusedUnits: stochasticUnitsOnly,
  networks: "weight-max",
  settling: "none",
  traces: "local",
  actorUpdate: "reinforce",
  asynchronous: false,
  critic: "value",
  settings: sharedSettings,
  defaults: weightMaxDefaults,
  supervised: weightMaxSupervised,
} as const satisfies LearningRule;
