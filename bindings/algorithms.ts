/**
 * The learning rules and their reference hyper-parameters (docs/learning-rules.md#hyper-parameters). An algorithm is a
 * choice of actor units, trace mode, learning step and critic; the per-task numbers come from
 * the authors' configs (MAP propagation: map_prop `config/*.ini`; the others: weight_max's).
 */
import { ConfigurationError, describe, didYouMean, requireNonNegative, requirePositive, requirePositiveInteger } from "./errors.js";
import { CriticKind, Rule } from "./interface.js";
import type { LayerSpec } from "./network.js";

/** Every learning rule, by the name the API and the CLI take. */
export const algorithms = ["map-prop", "async-map-prop", "weight-max", "weight-max-traces", "reinforce", "backprop", "ste-backprop", "discrete-map-prop"] as const;
/** One of `algorithms`. */
export type Algorithm = (typeof algorithms)[number];

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
}

/** What the two reference configs set differently; everything else is common to both. */
type RuleSettings = Pick<
  Hyperparameters,
  "actorLambda" | "criticLambda" | "actorLearningRate" | "criticLearningRate" | "adamEpsilon" | "actorVariance" | "criticVariance" | "temperature" | "settleSteps"
>;

/**
 * A full set of hyper-parameters from a rule's own settings and a task's changes. The fields are
 * listed once, in the order checkpoints record them (their metadata is JSON, so the order is part
 * of a checkpoint's bytes).
 */
const settings = (rule: RuleSettings) => (task: Partial<Hyperparameters>): Hyperparameters => ({
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

/** MAP propagation, map_prop `config/*.ini` (docs/learning-rules.md#hyper-parameters). */
const mapProp = settings({
  actorLambda: 0.95,
  criticLambda: 0.95,
  actorLearningRate: { start: [1e-2, 1e-5, 1e-6], end: [1e-3, 1e-6, 1e-8] },
  criticLearningRate: { start: [2e-2, 2e-5, 2e-6], end: [2e-3, 2e-6, 2e-7] },
  adamEpsilon: 1e-9,
  actorVariance: [0.03, 0.1, 0.1],
  criticVariance: [0.03, 0.1, 0.1],
  temperature: [1, 1, 2],
  settleSteps: 20,
});

/**
 * weight_max `config/*.ini` (docs/learning-rules.md#hyper-parameters). No hyper-parameters of the
 * baselines were published; they start from these, the closest published settings.
 */
const weightMax = settings({
  actorLambda: 0,
  criticLambda: 0.8,
  actorLearningRate: { start: [2e-2, 2e-4, 2e-5], end: [2e-4, 2e-6, 2e-7] },
  criticLearningRate: { start: [4e-2, 4e-5, 4e-6], end: [4e-3, 4e-5, 4e-6] },
  adamEpsilon: 1e-8,
  actorVariance: [0, 0, 0.5],
  criticVariance: [0, 0, 0],
  temperature: [1, 1, 1],
  settleSteps: 0,
});

const constant = (rates: PerLayer) => ({ start: rates, end: rates });

/**
 * Asynchronous MAP propagation: the preprint's Table 4 (docs/learning-rules.md): λ = 0.997 per sweep,
 * N = 20 sweeps per phase, β = 0.7, α = 1e3, ε = 1e-5; the episode budgets, reward clip and
 * learning-rate schedule of the task's MAP propagation config. Table 4 gives the starting rates;
 * where the MAP config anneals (CartPole, Acrobot) they anneal to a tenth over the same steps, as
 * the MAP config's first layers do. (Held constant, CartPole's first-layer weights keep growing
 * and the policy collapses: 55 and 228 over 1000 episodes on tuning seeds 100–101, float64,
 * against 392 and 424 annealed.)
 */
const asyncMap = (map: Hyperparameters, t: { critic: PerLayer; actor: PerLayer; criticVariance: PerLayer; actorVariance: PerLayer; temperature: number }): Hyperparameters => {
  const anneals = map.actorLearningRate.end[0] !== map.actorLearningRate.start[0];
  const schedule = (start: PerLayer) => ({ start, end: anneals ? (start.map((rate) => rate / 10) as PerLayer) : start });
  return {
    ...map,
    actorLambda: 0.997,
    criticLambda: 0.997,
    criticLearningRate: schedule(t.critic),
    actorLearningRate: schedule(t.actor),
    criticVariance: t.criticVariance,
    actorVariance: t.actorVariance,
    temperature: [1, 1, t.temperature],
    settleSteps: 20,
    asyncMomentum: 0.7,
    asyncRestScale: 1e3,
    asyncRestEpsilon: 1e-5,
  };
};

interface TaskDefaults {
  map: Hyperparameters;
  weightMax: Hyperparameters;
  /** Actor λ of the reference's `_t` ("with traces") config. */
  tracesLambda: number;
  /**
   * The backprop baseline's actor learning rates. No reference config exists (docs/learning-rules.md);
   * the Weight Max rates, tuned for Bernoulli units, kill the ReLU network (Acrobot: −500 on
   * every seed). These are the best of a sweep on tuning seeds 100–102, never the evaluation
   * seeds (LunarLander: seed 100, 800 episodes): see README "Baselines".
   */
  backpropActorLearningRate: { start: PerLayer; end: PerLayer };
}

const defaults: Record<string, TaskDefaults> = {
  "CartPole-v1": {
    map: mapProp({}),
    weightMax: weightMax({}),
    tracesLambda: 0.8,
    backpropActorLearningRate: { start: [1e-4, 1e-4, 1e-4], end: [1e-5, 1e-5, 1e-5] },
  },
  "Acrobot-v1": {
    map: mapProp({
      episodes: 500,
      temperature: [1, 1, 4],
      criticVariance: [0.06, 0.2, 0.2],
      actorVariance: [0.03, 0.1, 0.1],
      actorLambda: 0.97,
      criticLambda: 0.97,
      scheduleSteps: 100_000,
    }),
    weightMax: weightMax({
      criticLearningRate: constant([1e-2, 1e-5, 1e-6]),
      actorLearningRate: { start: [1e-1, 1e-3, 1e-4], end: [1e-2, 1e-4, 1e-5] },
      scheduleSteps: 1_000_000,
    }),
    tracesLambda: 0.8,
    backpropActorLearningRate: constant([3e-4, 3e-4, 3e-4]),
  },
  "LunarLander-v2": {
    map: mapProp({
      episodes: 2500,
      temperature: [1, 1, 8],
      criticVariance: [0.003, 0.01, 0.01],
      actorVariance: [0.06, 0.2, 0.2],
      actorLambda: 0.97,
      criticLambda: 0.97,
      criticLearningRate: constant([1e-2, 1e-5, 1e-7]),
      actorLearningRate: constant([4e-3, 4e-6, 4e-8]),
      scheduleSteps: 10_000,
    }),
    weightMax: weightMax({
      episodes: 3000,
      temperature: [1, 1, 2],
      criticLambda: 0.9,
      criticLearningRate: constant([2e-2, 2e-5, 2e-6]),
      actorLearningRate: constant([8e-2, 8e-4, 8e-5]),
    }),
    tracesLambda: 0.9,
    backpropActorLearningRate: constant([1e-3, 1e-3, 1e-3]),
  },
  "MountainCarContinuous-v0": {
    map: mapProp({
      episodes: 500,
      criticVariance: [0.003, 0.01, 0.05],
      actorVariance: [0.03, 0.1, 0.5],
      actorLambda: 0.97,
      criticLambda: 0.97,
      rewardClip: 5,
      criticLearningRate: constant([1e-2, 1e-5, 1e-6]),
      actorLearningRate: constant([4e-3, 4e-6, 4e-8]),
      scheduleSteps: 10_000,
    }),
    // No Weight Max config exists for this task; the CartPole one with a Gaussian output
    // (variance 0.5, as MAP propagation's) and MAP propagation's reward clip is our choice.
    weightMax: weightMax({ episodes: 500, rewardClip: 5 }),
    tracesLambda: 0.8,
    backpropActorLearningRate: constant([3e-4, 3e-4, 3e-4]),
  },
};
// v3 changed nothing the agent sees; the continuous versions keep the discrete task's settings
// (no reference run exists for them) with a Gaussian output of the config's output variance.
defaults["LunarLander-v3"] = defaults["LunarLander-v2"];
defaults["LunarLanderContinuous-v2"] = defaults["LunarLander-v2"];
defaults["LunarLanderContinuous-v3"] = defaults["LunarLander-v2"];

type AsyncTable = Parameters<typeof asyncMap>[1];
const asyncTables: Record<string, AsyncTable> = {
  "CartPole-v1": { critic: [2e-2, 2e-5, 2e-6], actor: [1e-2, 1e-5, 1e-6], criticVariance: [0.03, 0.1, 0.5], actorVariance: [0.03, 0.1, 0.1], temperature: 2 },
  "Acrobot-v1": { critic: [2e-2, 2e-5, 2e-6], actor: [4e-3, 4e-6, 4e-7], criticVariance: [0.03, 0.1, 0.5], actorVariance: [0.03, 0.1, 0.1], temperature: 1 },
  "LunarLander-v2": { critic: [1e-2, 1e-5, 1e-6], actor: [1e-3, 1e-6, 1e-7], criticVariance: [0.003, 0.01, 0.05], actorVariance: [0.06, 0.2, 0.2], temperature: 2 },
  "MountainCarContinuous-v0": { critic: [1e-2, 1e-5, 1e-6], actor: [2e-3, 2e-6, 2e-7], criticVariance: [0.003, 0.01, 0.05], actorVariance: [0.06, 0.2, 1], temperature: 1 },
};
for (const id of ["LunarLander-v3", "LunarLanderContinuous-v2", "LunarLanderContinuous-v3"]) asyncTables[id] = asyncTables["LunarLander-v2"];

/**
 * Discrete MAP propagation (docs/learning-rules.md, "Discrete MAP propagation") has no published
 * settings. Its critic, traces of the critic, schedule and sweep limit are MAP propagation's
 * (settleSteps bounds the discrete search's sweeps); its Bernoulli actor is Weight Max's, with
 * Weight Max's actor λ (0), and two changes chosen on tuning seeds 100–101 only, never the
 * evaluation seeds (docs/experiments.md#map-propagation-on-discrete-units): the output layer's
 * learning rates ×100 and its temperature halved. With Weight Max's own output settings the
 * policy never leaves its initial one on CartPole (average 10–23 over 1000 episodes); on Acrobot
 * no setting tried did better than another (docs/experiments.md).
 */
const discreteMap = (map: Hyperparameters, weightMax: Hyperparameters): Hyperparameters => {
  // toPrecision: 2e-5 × 100 is 0.0019999999999999998 in binary; the setting is 2e-3.
  const output = (values: PerLayer, factor: number): PerLayer => values.map((v, l) => (l === values.length - 1 ? Number((v * factor).toPrecision(12)) : v));
  return {
    ...map,
    actorLambda: weightMax.actorLambda,
    actorLearningRate: { start: output(weightMax.actorLearningRate.start, 100), end: output(weightMax.actorLearningRate.end, 100) },
    actorVariance: weightMax.actorVariance,
    temperature: output(weightMax.temperature, 0.5),
  };
};

/** Tasks with reference hyper-parameters. */
export const tasksWithDefaults: readonly string[] = Object.keys(defaults);

/**
 * Reference hyper-parameters of an algorithm on a task (a copy the caller may change). Tasks
 * without their own entry (your own environments) get CartPole's.
 */
export function defaultHyperparameters(algorithm: Algorithm, envId: string): Hyperparameters {
  if (!algorithms.includes(algorithm)) throw new ConfigurationError(`algorithm must be one of ${algorithms.join(", ")}; got "${algorithm}"`);
  const task = Object.hasOwn(defaults, envId) ? defaults[envId] : defaults["CartPole-v1"];
  if (algorithm === "map-prop") return structuredClone(task.map);
  if (algorithm === "discrete-map-prop") return discreteMap(structuredClone(task.map), structuredClone(task.weightMax));
  if (algorithm === "async-map-prop") return asyncMap(structuredClone(task.map), asyncTables[Object.hasOwn(asyncTables, envId) ? envId : "CartPole-v1"]);
  const h = structuredClone(task.weightMax);
  if (algorithm === "weight-max-traces") h.actorLambda = task.tracesLambda;
  if (algorithm === "backprop") h.actorLearningRate = structuredClone(task.backpropActorLearningRate);
  return h;
}

/** Largest hidden layer accepted (memory grows with the product of adjacent sizes). */
export const MAX_LAYER_SIZE = 4096;

function requirePerLayer(name: string, value: unknown, check: (name: string, v: unknown) => unknown, hiddenLayers: number): void {
  if (!Array.isArray(value) || (value.length !== 3 && value.length !== hiddenLayers + 1)) {
    throw new ConfigurationError(
      `${name} must be 3 numbers [first hidden layer, later hidden layers, output] or one per layer ` +
        `(${hiddenLayers + 1} for ${hiddenLayers} hidden layer${hiddenLayers === 1 ? "" : "s"} and the output); got ${describe(value)}`,
    );
  }
  value.forEach((v, k) => check(`${name}[${k}]`, v));
}

function requireFraction(name: string, value: unknown): void {
  if (typeof value !== "number" || !(value >= 0 && value <= 1)) throw new ConfigurationError(`${name} must be a number in [0, 1]; got ${describe(value)}`);
}

/**
 * Checks a full set of hyper-parameters (after user overrides are merged in) and throws a
 * ConfigurationError naming the first bad field, so nothing invalid reaches the core.
 */
export function validateHyperparameters(h: Hyperparameters, overrides: object = {}): void {
  if (typeof overrides !== "object" || overrides === null || Array.isArray(overrides)) {
    throw new ConfigurationError(`hyperparameters must be an object of overrides; got ${describe(overrides)}`);
  }
  const known = Object.keys(defaults["CartPole-v1"].map);
  for (const key of Object.keys(overrides)) {
    if (!known.includes(key)) throw new ConfigurationError(`unknown hyperparameter "${key}"; expected one of: ${known.join(", ")}`);
  }
  requirePositiveInteger("hyperparameters.episodes", h.episodes);
  if (!Array.isArray(h.hidden) || h.hidden.length < 1 || h.hidden.length > 8) {
    throw new ConfigurationError(`hidden must be an array of 1 to 8 layer sizes; got ${describe(h.hidden)}`);
  }
  h.hidden.forEach((size, k) => {
    if (!Number.isInteger(size) || size < 1 || size > MAX_LAYER_SIZE) throw new ConfigurationError(`hidden[${k}] must be an integer in [1, ${MAX_LAYER_SIZE}]; got ${describe(size)}`);
  });
  requireFraction("hyperparameters.gamma", h.gamma);
  requireFraction("hyperparameters.actorLambda", h.actorLambda);
  requireFraction("hyperparameters.criticLambda", h.criticLambda);
  for (const name of ["actorLearningRate", "criticLearningRate"] as const) {
    const rate = h[name];
    if (typeof rate !== "object" || rate === null) throw new ConfigurationError(`hyperparameters.${name} must be { start: [3 numbers], end: [3 numbers] }; got ${describe(rate)}`);
    requirePerLayer(`hyperparameters.${name}.start`, rate.start, requireNonNegative, h.hidden.length);
    requirePerLayer(`hyperparameters.${name}.end`, rate.end, requireNonNegative, h.hidden.length);
  }
  requirePositive("hyperparameters.scheduleSteps", h.scheduleSteps);
  requirePositive("hyperparameters.adamEpsilon", h.adamEpsilon);
  requireNonNegative("hyperparameters.rewardClip", h.rewardClip);
  requirePerLayer("hyperparameters.actorVariance", h.actorVariance, requireNonNegative, h.hidden.length);
  requirePerLayer("hyperparameters.criticVariance", h.criticVariance, requireNonNegative, h.hidden.length);
  requirePerLayer("hyperparameters.temperature", h.temperature, requirePositive, h.hidden.length);
  if (!Number.isInteger(h.settleSteps) || h.settleSteps < 0 || h.settleSteps > 10_000) {
    throw new ConfigurationError(`hyperparameters.settleSteps must be an integer in [0, 10000]; got ${describe(h.settleSteps)}`);
  }
  // The settling step moves a value by settleRate × (mean − value): beyond 1 it overshoots.
  if (typeof h.settleRate !== "number" || !(h.settleRate > 0 && h.settleRate <= 1)) {
    throw new ConfigurationError(`hyperparameters.settleRate must be in (0, 1]; got ${describe(h.settleRate)}`);
  }
  requirePositive("hyperparameters.weightMaxExponent", h.weightMaxExponent);
  requireFraction("hyperparameters.asyncMomentum", h.asyncMomentum);
  requireNonNegative("hyperparameters.asyncRestScale", h.asyncRestScale);
  requirePositive("hyperparameters.asyncRestEpsilon", h.asyncRestEpsilon);
}

/** Kinds of actor hidden unit a rule can be given (`units`). */
export const hiddenUnitKinds = ["bernoulli", "gaussian", "relu"] as const;
/** One of `hiddenUnitKinds`. */
export type HiddenUnits = (typeof hiddenUnitKinds)[number];

/** The actor's hidden units of each rule when none are asked for: the papers' choices. */
export const defaultHiddenUnits: Readonly<Record<Algorithm, HiddenUnits>> = {
  "map-prop": "gaussian", "async-map-prop": "gaussian", "weight-max": "bernoulli", "weight-max-traces": "bernoulli",
  reinforce: "bernoulli", backprop: "relu", "ste-backprop": "bernoulli", "discrete-map-prop": "bernoulli",
};

/**
 * The settings `algorithm` uses on `envId` with actor hidden units of kind `units`. Gaussian
 * hidden units under a config without hidden variances (Weight Max's, the baselines') take the
 * task's MAP propagation actor variances — the papers' only Gaussian hidden units.
 */
export function hyperparametersFor(algorithm: Algorithm, envId: string, units: HiddenUnits): Hyperparameters {
  const h = defaultHyperparameters(algorithm, envId);
  if (units === "gaussian" && !h.actorVariance.slice(0, 2).every((v) => v > 0)) {
    const map = defaultHyperparameters("map-prop", envId).actorVariance;
    h.actorVariance = [map[0], map[1], h.actorVariance[2]];
  }
  return h;
}

/**
 * Why `algorithm` cannot train actor hidden units of kind `units`, or undefined when it can.
 * REINFORCE-style rules (REINFORCE, Weight Max) need stochastic units with a log-probability;
 * MAP propagation settles Gaussian units by gradient descent and Bernoulli units by a discrete
 * search (discrete-map-prop: one name per rule, so `map-prop@bernoulli` is refused and points
 * there rather than naming the same runs twice); backprop needs a derivative through the unit (ReLU, or a Gaussian's mean by the
 * reparametrisation trick), and its straight-through variant is defined for Bernoulli units.
 */
export function unitsUnsupported(algorithm: Algorithm, units: HiddenUnits): string | undefined {
  switch (algorithm) {
    case "map-prop":
    case "async-map-prop":
      if (units === "bernoulli") return "MAP propagation settles hidden values by gradient descent on the energy, which needs continuous (Gaussian) units; for Bernoulli units use discrete-map-prop (a discrete search)";
      if (units === "relu") return "MAP propagation settles stochastic units; deterministic ReLU units have no distribution to settle";
      return undefined;
    case "weight-max":
    case "weight-max-traces":
    case "reinforce":
      return units === "relu" ? "REINFORCE-style rules need stochastic units: a deterministic ReLU unit has no log-probability gradient (use backprop)" : undefined;
    case "backprop":
      return units === "bernoulli" ? "backprop cannot differentiate a Bernoulli unit's sample; the straight-through estimator for Bernoulli units is ste-backprop" : undefined;
    case "ste-backprop":
      return units === "bernoulli" ? undefined : `the straight-through estimator is for Bernoulli units; ${units} units are differentiable: use backprop with units "${units}"`;
    case "discrete-map-prop":
      return units === "bernoulli" ? undefined : `discrete MAP propagation searches over the two values of Bernoulli units; ${units === "gaussian" ? "Gaussian units are settled by gradient descent: use map-prop" : "deterministic ReLU units have no distribution to settle"}`;
  }
}

/**
 * An algorithm with optional hidden units, as grids and the CLI name it: "weight-max" or
 * "weight-max@gaussian". Throws a ConfigurationError for an unknown rule or units, or units the
 * rule is not defined for.
 */
export function parseVariant(label: string): { algorithm: Algorithm; units?: HiddenUnits } {
  const [algorithm, units, extra] = typeof label === "string" ? label.split("@") : [];
  if (!algorithms.includes(algorithm as Algorithm) || extra !== undefined) {
    throw new ConfigurationError(`algorithm must be one of ${algorithms.join(", ")}, optionally with units as in "weight-max@gaussian"; got ${describe(label)}${didYouMean(algorithm, algorithms)}`);
  }
  if (units === undefined) return { algorithm: algorithm as Algorithm };
  if (!hiddenUnitKinds.includes(units as HiddenUnits)) throw new ConfigurationError(`units in ${describe(label)} must be one of ${hiddenUnitKinds.join(", ")}; got ${describe(units)}`);
  const why = unitsUnsupported(algorithm as Algorithm, units as HiddenUnits);
  if (why) throw new ConfigurationError(`${describe(label)}: ${why}`);
  return { algorithm: algorithm as Algorithm, units: units as HiddenUnits };
}

export interface NetworkPlan {
  actor: LayerSpec[];
  critic: LayerSpec[];
  rule: Rule;
  criticKind: CriticKind;
}

/**
 * Layer specs of actor and critic. `actionUnits` is the number of discrete actions, or the
 * dimension of a continuous action (`continuous` true).
 */
export function planNetworks(algorithm: Algorithm, h: Hyperparameters, actionUnits: number, continuous: boolean, units: HiddenUnits = defaultHiddenUnits[algorithm]): NetworkPlan {
  const unsupported = unitsUnsupported(algorithm, units);
  if (unsupported) throw new ConfigurationError(`units "${units}" cannot be used with ${algorithm}: ${unsupported}`);
  // Every per-layer list as one value per layer; the output layer's is at index `out`.
  const out = h.hidden.length;
  const expand = (values: PerLayer) => expandPerLayer(values, out);
  const rates = (which: { start: PerLayer; end: PerLayer }) => {
    const [start, end] = [expand(which.start), expand(which.end)];
    return (l: number) => ({ start: start[l], end: end[l] });
  };
  const actorRate = rates(h.actorLearningRate);
  const criticRate = rates(h.criticLearningRate);
  const [actorVariance, criticVariance, temperature] = [expand(h.actorVariance), expand(h.criticVariance), expand(h.temperature)];

  const hiddenLayer = (variance: number[], rate: typeof actorRate) => (size: number, l: number): LayerSpec => ({
    size, unit: "gaussian", activation: "softplus", variance: variance[l], learningRate: rate(l),
  });
  const mapCritic = (): LayerSpec[] => [
    ...h.hidden.map(hiddenLayer(criticVariance, criticRate)),
    { size: 1, unit: "gaussian", activation: "linear", variance: criticVariance[out], learningRate: criticRate(out) },
  ];
  if (algorithm === "map-prop" || algorithm === "async-map-prop") {
    const actorOut: LayerSpec = continuous
      ? { size: actionUnits, unit: "gaussian", activation: "linear", variance: actorVariance[out], learningRate: actorRate(out) }
      : { size: actionUnits, unit: "categorical", temperature: temperature[out], learningRate: actorRate(out) };
    return {
      actor: [...h.hidden.map(hiddenLayer(actorVariance, actorRate)), actorOut],
      critic: mapCritic(),
      rule: algorithm === "map-prop" ? Rule.mapProp : Rule.asyncMapProp,
      criticKind: CriticKind.map,
    };
  }

  const biasInit = 0.001;
  const actor: LayerSpec[] = h.hidden.map((size, l): LayerSpec => {
    const common = { size, learningRate: actorRate(l), biasInit };
    if (units === "relu") return { ...common, unit: "deterministic", activation: "relu", temperature: temperature[l] };
    if (units === "gaussian") return { ...common, unit: "gaussian", activation: "softplus", variance: actorVariance[l] };
    return { ...common, unit: "bernoulli", temperature: temperature[l] };
  });
  actor.push(
    continuous
      ? { size: actionUnits, unit: "gaussian", activation: "linear", variance: actorVariance[out] || 1, learningRate: actorRate(out), biasInit }
      : { size: actionUnits - 1, unit: "categorical", fixedZeroLogit: true, temperature: temperature[out], learningRate: actorRate(out), biasInit },
  );
  const critic: LayerSpec[] = [
    ...h.hidden.map((size, l): LayerSpec => ({ size, unit: "deterministic", activation: "softplus", learningRate: criticRate(l), biasInit })),
    { size: 1, unit: "deterministic", activation: "linear", learningRate: criticRate(out), biasInit },
  ];
  // Discrete MAP propagation: this Bernoulli actor, settled by the discrete search, with the MAP critic.
  if (algorithm === "discrete-map-prop") return { actor, critic: mapCritic(), rule: Rule.discreteMapProp, criticKind: CriticKind.map };
  const rule = algorithm === "reinforce" ? Rule.reinforce
    : algorithm === "weight-max" || algorithm === "weight-max-traces" ? Rule.weightMax
      : Rule.backprop;
  return { actor, critic, rule, criticKind: CriticKind.backprop };
}
