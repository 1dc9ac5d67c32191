/**
 * The shape of a rule's settings: what every rule file declares and the agent reads. Kept apart
 * from algorithms.ts, which reads the rules' registry, so that the rules can name these types
 * without importing the module that imports them.
 */

/**
 * Per-layer values, in one of two forms:
 * - three numbers [first hidden layer, every later hidden layer, output layer] — the form of the
 *   reference configs, which fits any depth: with hidden [128, 64, 32] the second entry serves
 *   the 64- and 32-unit layers, with one hidden layer it is unused;
 * - one number per layer, hidden layers then output (hidden.length + 1 numbers).
 */
export type PerLayer = number[];

/** The per-layer values for a network with `hiddenLayers` hidden layers, one per layer, output last. */
export function expandPerLayer(values: PerLayer, hiddenLayers: number): number[] {
  if (values.length === hiddenLayers + 1) return [...values];
  return [...Array.from({ length: hiddenLayers }, (_, l) => values[Math.min(l, 1)]), values[2]];
}

/**
 * A rule's settings on a task; `defaultHyperparameters` gives the reference ones. The
 * learning rules guide (docs/learning-rules.md) explains each field.
 */
export interface Hyperparameters {
  /** The reference's episodes per run on this task. */
  episodes: number;
  hidden: number[];
  gamma: number;
  actorLambda: number;
  criticLambda: number;
  actorLearningRate: { start: PerLayer; end: PerLayer };
  criticLearningRate: { start: PerLayer; end: PerLayer };
  /** Loop iterations over which learning rates anneal from start to end. */
  scheduleSteps: number;
  adamEpsilon: number;
  /** Rewards clipped to ±rewardClip before the TD error; 0 disables. */
  rewardClip: number;
  /** MAP propagation: Gaussian variances [hidden1, hidden2, output]. */
  actorVariance: PerLayer;
  criticVariance: PerLayer;
  /** Temperatures [hidden1, hidden2, output]. */
  temperature: PerLayer;
  settleSteps: number;
  settleRate: number;
  /** Weight Maximization: hidden rewards are the change of Σ|w|^exponent of outgoing weights. */
  weightMaxExponent: number;
  /** Asynchronous MAP propagation: momentum decay β of value changes, and the rest weighting 1/(ε + α g²). */
  asyncMomentum: number;
  asyncRestScale: number;
  asyncRestEpsilon: number;
  /**
   * Asynchronous MAP propagation's experimental variants, absent by default (docs/reproduction.md):
   * `asyncTraces: "last"` adds to the traces only after each phase's last sweep (default
   * "every" sweep), `"notebook"` only after the clamped phase's last; `asyncCriticFactor:
   * "advantage"` multiplies the critic's eligibilities by the preprint's (V − μ) instead of gating
   * them by 1/(V − μ) (default "gate"); `asyncGateFloor: k` floors the gate's |V − μ| at k·σ_V
   * (default 2⁻¹⁰·max(1, |V|)); `asyncOutputMomentum: "one-hot"` counts a changed action as 2 in
   * the output's momentum (default "action": 1).
   */
  asyncTraces?: "every" | "last" | "notebook";
  asyncCriticFactor?: "gate" | "advantage";
  asyncGateFloor?: number;
  asyncOutputMomentum?: "action" | "one-hot";
  /**
   * Discrete MAP propagation's hidden eligibility at the settled values: `"mean"` (absent:
   * REINFORCE's (h − p)/T) or `"mode"`, (h − [p > ½])/T — zero for a unit the search left at its
   * own mode, ±1/T for one it flipped against it (docs/experiments.md#map-propagation-on-discrete-units).
   */
  discreteEligibility?: "mean" | "mode" | "posterior-mean";
  /**
   * How discrete MAP propagation moves the hidden values (absent: `"icm"`, iterated conditional
   * modes): `"gibbs"` sweeps at the search temperature `searchTemperature` (absent: 1, draws from
   * the posterior), annealed linearly from `searchStartTemperature` (absent: no annealing), or
   * `"mean-field"` settling (docs/learning-rules.md#discrete-map-propagation-discrete-map-prop).
   */
  discreteSearch?: "icm" | "gibbs" | "mean-field";
  searchTemperature?: number;
  searchStartTemperature?: number;
  /** Discrete MAP propagation: sweeps the actor's search may run at most (absent: settleSteps). */
  searchLimit?: number;
  /**
   * The ablation axes (docs/learning-rules.md#ablation-axes), absent by default: the rule's own.
   * Each replaces that part of the rule where the combination is defined (bindings/rules/axes.ts).
   */
  settling?: "none" | "gaussian" | "bernoulli";
  critic?: "map" | "value";
  actorUpdate?: "reinforce" | "weight-max";
  traces?: "local" | "backprop";
  /**
   * MAP propagation's settling controls, absent by default (the fixed sweeps): the largest unit
   * step below which settling stops, and heavy-ball momentum guarded by the energy
   * (docs/learning-rules.md#settling-controls).
   */
  settleTolerance?: number;
  settleMomentum?: number;
}

/** Kinds of actor hidden unit a rule can be given (`units`). */
export const hiddenUnitKinds = ["bernoulli", "gaussian", "relu"] as const;
/** One of `hiddenUnitKinds`. */
export type HiddenUnits = (typeof hiddenUnitKinds)[number];
