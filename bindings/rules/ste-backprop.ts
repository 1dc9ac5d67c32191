/**
 * The straight-through baseline (docs/learning-rules.md#baselines-backprop-and-ste-backprop):
 * backprop through Bernoulli units, each sample's derivative taken as the logistic's slope. It
 * differs from backprop only in the hidden units, and keeps weight_max's learning rates.
 */
import type { LearningRule } from "./rule.js";
import { backprop } from "./backprop.js";
import { weightMaxDefaults } from "./weight-max.js";

const differentiable = (units: string) => `the straight-through estimator is for Bernoulli units; ${units} units are differentiable: use backprop with units "${units}"`;

export const steBackprop = {
  ...backprop,
  name: "ste-backprop",
  description: "Bernoulli actor, straight-through backprop",
  hiddenUnits: "bernoulli",
  refusedUnits: { gaussian: differentiable("gaussian"), relu: differentiable("relu") },
  defaults: weightMaxDefaults,
} as const satisfies LearningRule;
