/**
 * The learning rules' public face: their names, reference hyper-parameters
 * (docs/learning-rules.md#hyper-parameters), hidden units and networks. Each rule is declared in
 * its own file in bindings/rules/ (what it does, its defaults); this module reads that registry.
 */
import { ConfigurationError, describe, didYouMean, requireNonNegative, requirePositive, requirePositiveInteger } from "../errors.js";
import { AsyncVariant, type CriticKind } from "../core/interface.js";
import { ruleNamed, ruleNames, rules } from "./index.js";
import { mapProp } from "./map-prop.js";
import { capabilitiesOf, criticKindOf } from "./rule.js";
import { expandPerLayer, hiddenUnitKinds, type HiddenUnits, type Hyperparameters, type PerLayer } from "./hyperparameters.js";
import type { LayerSpec } from "../core/network.js";

/** Every learning rule, by the name the API and the CLI take (each declared in bindings/rules/). */
export const algorithms = ruleNames;
/** One of `algorithms`. */
export type Algorithm = (typeof algorithms)[number];

export { expandPerLayer, hiddenUnitKinds, type HiddenUnits, type Hyperparameters, type PerLayer } from "./hyperparameters.js";
export { tasksWithDefaults } from "./settings.js";

/**
 * Reference hyper-parameters of an algorithm on a task (a copy the caller may change). Tasks
 * without their own entry (your own environments) get CartPole's.
 */
export function defaultHyperparameters(algorithm: Algorithm, envId: string): Hyperparameters {
  if (!algorithms.includes(algorithm)) throw new ConfigurationError(`algorithm must be one of ${algorithms.join(", ")}; got "${algorithm}"`);
  return ruleNamed(algorithm).hyperparameters(envId);
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
  const known = [...Object.keys(mapProp.hyperparameters("CartPole-v1")), "asyncTraces", "asyncCriticFactor", "discreteEligibility"];
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
  if (h.asyncTraces !== undefined && h.asyncTraces !== "every" && h.asyncTraces !== "last") {
    throw new ConfigurationError(`hyperparameters.asyncTraces must be "every" or "last"; got ${describe(h.asyncTraces)}`);
  }
  if (h.asyncCriticFactor !== undefined && h.asyncCriticFactor !== "gate" && h.asyncCriticFactor !== "advantage") {
    throw new ConfigurationError(`hyperparameters.asyncCriticFactor must be "gate" or "advantage"; got ${describe(h.asyncCriticFactor)}`);
  }
  if (h.discreteEligibility !== undefined && h.discreteEligibility !== "mean" && h.discreteEligibility !== "mode") {
    throw new ConfigurationError(`hyperparameters.discreteEligibility must be "mean" or "mode"; got ${describe(h.discreteEligibility)}`);
  }
}

/** The core's AsyncVariant bits of a config. */
export function asyncVariant(h: Hyperparameters): number {
  return (h.asyncTraces === "last" ? AsyncVariant.lastSweep : 0) | (h.asyncCriticFactor === "advantage" ? AsyncVariant.advantage : 0);
}

/** The actor's hidden units of each rule when none are asked for: the papers' choices. */
export const defaultHiddenUnits: Readonly<Record<Algorithm, HiddenUnits>> = Object.fromEntries(rules.map((rule) => [rule.name, rule.hiddenUnits])) as Record<Algorithm, HiddenUnits>;

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
 * Why `algorithm` cannot train actor hidden units of kind `units`, or undefined when it can (each
 * rule's `refusedUnits`). REINFORCE-style rules (REINFORCE, Weight Max) need stochastic units
 * with a log-probability; MAP propagation settles Gaussian units by gradient descent and
 * Bernoulli units by a discrete search (discrete-map-prop: one name per rule, so
 * `map-prop@bernoulli` is refused and points there rather than naming the same runs twice);
 * backprop needs a derivative through the unit (ReLU, or a Gaussian's mean by the
 * reparametrisation trick), and its straight-through variant is defined for Bernoulli units.
 */
export function unitsUnsupported(algorithm: Algorithm, units: HiddenUnits): string | undefined {
  const refused: Partial<Record<HiddenUnits, string>> = ruleNamed(algorithm).refusedUnits;
  return refused[units];
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
  /** Capability bits of the rule, for the core's agent (bindings/rules/rule.ts capabilitiesOf). */
  capabilities: number;
  criticKind: CriticKind;
}

/**
 * Layer specs of actor and critic. `actionUnits` is the number of discrete actions, or the
 * dimension of a continuous action (`continuous` true).
 */
export function planNetworks(algorithm: Algorithm, h: Hyperparameters, actionUnits: number, continuous: boolean, units: HiddenUnits = defaultHiddenUnits[algorithm]): NetworkPlan {
  const unsupported = unitsUnsupported(algorithm, units);
  if (unsupported) throw new ConfigurationError(`units "${units}" cannot be used with ${algorithm}: ${unsupported}`);
  const rule = ruleNamed(algorithm);
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

  // map_prop's networks: Gaussian softplus hidden units, an n-logit softmax (or Gaussian) output, zero biases.
  const mapHidden = (variance: number[], rate: typeof actorRate) => (size: number, l: number): LayerSpec => ({
    size, unit: "gaussian", activation: "softplus", variance: variance[l], learningRate: rate(l),
  });
  const mapActor = (): LayerSpec[] => [
    ...h.hidden.map(mapHidden(actorVariance, actorRate)),
    continuous
      ? { size: actionUnits, unit: "gaussian", activation: "linear", variance: actorVariance[out], learningRate: actorRate(out) }
      : { size: actionUnits, unit: "categorical", temperature: temperature[out], learningRate: actorRate(out) },
  ];
  const mapCritic = (): LayerSpec[] => [
    ...h.hidden.map(mapHidden(criticVariance, criticRate)),
    { size: 1, unit: "gaussian", activation: "linear", variance: criticVariance[out], learningRate: criticRate(out) },
  ];

  // weight_max's networks: hidden units of the asked kind, n − 1 logits beside a fixed zero one, biases Uniform(±0.001).
  const biasInit = 0.001;
  const weightMaxActor = (): LayerSpec[] => [
    ...h.hidden.map((size, l): LayerSpec => {
      const common = { size, learningRate: actorRate(l), biasInit };
      if (units === "relu") return { ...common, unit: "deterministic", activation: "relu", temperature: temperature[l] };
      if (units === "gaussian") return { ...common, unit: "gaussian", activation: "softplus", variance: actorVariance[l] };
      return { ...common, unit: "bernoulli", temperature: temperature[l] };
    }),
    continuous
      ? { size: actionUnits, unit: "gaussian", activation: "linear", variance: actorVariance[out] || 1, learningRate: actorRate(out), biasInit }
      : { size: actionUnits - 1, unit: "categorical", fixedZeroLogit: true, temperature: temperature[out], learningRate: actorRate(out), biasInit },
  ];
  const valueCritic = (): LayerSpec[] => [
    ...h.hidden.map((size, l): LayerSpec => ({ size, unit: "deterministic", activation: "softplus", learningRate: criticRate(l), biasInit })),
    { size: 1, unit: "deterministic", activation: "linear", learningRate: criticRate(out), biasInit },
  ];

  return {
    actor: rule.networks === "map-prop" ? mapActor() : weightMaxActor(),
    critic: rule.critic === "map" ? mapCritic() : valueCritic(),
    capabilities: capabilitiesOf(rule),
    criticKind: criticKindOf(rule),
  };
}
