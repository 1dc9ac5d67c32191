/**
 * The settings every rule takes, declared once: the budget, the networks' sizes, the
 * actor–critic's discount and traces, Adam's learning rates and ε, the reward clip and the units'
 * variances and temperatures, and the ablation axes (./axis-settings.ts). A setting with a `default` has one value for every rule and task;
 * the others take each rule's reference value (the rule files' tables).
 */
import { axisSettings } from "./axis-settings.js";
import type { Setting } from "./setting.js";

/** Largest hidden layer accepted (memory grows with the product of adjacent sizes). */
export const MAX_LAYER_SIZE = 4096;

const fraction = { min: 0, max: 1 };
const nonNegative = { min: 0 };
const positive = { min: 0, minExclusive: true };

export const sharedSettings = [
  { name: "episodes", kind: "integer", bounds: { min: 1 }, default: 1000, doc: "episodes per run (the reference's budget on the task)" },
  { name: "hidden", kind: "layer-sizes", maxLayers: 8, maxSize: MAX_LAYER_SIZE, default: [64, 32], doc: "hidden layer sizes of actor and critic" },
  { name: "gamma", kind: "number", bounds: fraction, default: 0.98, doc: "discount γ" },
  { name: "actorLambda", kind: "number", bounds: fraction, doc: "the actor's trace decay λ (traces decay by λγ per step)" },
  { name: "criticLambda", kind: "number", bounds: fraction, doc: "the critic's trace decay λ" },
  { name: "actorLearningRate", kind: "schedule", bounds: nonNegative, doc: "the actor's Adam learning rates per layer, annealed from `start` to `end`" },
  { name: "criticLearningRate", kind: "schedule", bounds: nonNegative, doc: "the critic's Adam learning rates per layer, annealed from `start` to `end`" },
  { name: "scheduleSteps", kind: "number", bounds: positive, default: 50_000, doc: "loop iterations over which learning rates anneal from `start` to `end`" },
  { name: "adamEpsilon", kind: "number", bounds: positive, doc: "Adam's ε" },
  { name: "rewardClip", kind: "number", bounds: nonNegative, default: 0, doc: "rewards clipped to ±this before the TD error (0: off)" },
  { name: "actorVariance", kind: "per-layer", bounds: nonNegative, doc: "variances σ² of the actor's Gaussian units, per layer" },
  { name: "temperature", kind: "per-layer", bounds: positive, doc: "temperatures T of the actor's Bernoulli, ReLU and softmax units, per layer" },
  ...axisSettings,
] as const satisfies readonly Setting[];
