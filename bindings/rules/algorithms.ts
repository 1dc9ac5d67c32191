/**
 * The learning rules' public face: their names, reference hyper-parameters
 * (docs/learning-rules.md#hyper-parameters), hidden units and networks. Each rule is declared in
 * its own file in bindings/rules/ (what it does, its defaults); this module reads that registry.
 */
import { ConfigurationError, describe, didYouMean } from "../errors.js";
import { AsyncVariant, type CriticKind } from "../core/interface.js";
import { ruleNamed, ruleNames, rules } from "./index.js";
import { capabilitiesOf, criticKindOf, type LearningRule } from "./rule.js";
import { expandPerLayer, hiddenUnitKinds, type HiddenUnits, type Hyperparameters, type PerLayer } from "./hyperparameters.js";
import { absentByDefault, settingProblem, unusedValueOf, type Setting } from "./setting.js";
import { bagOrder } from "./settings.js";
import { type RuleParts, partsOf, partsProblem, settingsBroughtByParts, settingsForParts } from "./axes.js";
import type { LayerSpec } from "../core/network.js";

/** Every learning rule, by the name the API and the CLI take (each declared in bindings/rules/). */
export const algorithms = ruleNames;
/** One of `algorithms`. */
export type Algorithm = (typeof algorithms)[number];

export { expandPerLayer, hiddenUnitKinds, type HiddenUnits, type Hyperparameters, type PerLayer } from "./hyperparameters.js";
export { tasksWithDefaults } from "./settings.js";
export { MAX_LAYER_SIZE } from "./shared-settings.js";
export type { Setting } from "./setting.js";

/** A declared setting and the rules that take it, in the registry's order. */
export interface DeclaredSetting {
  setting: Setting;
  rules: readonly LearningRule[];
}

/** Every setting some rule takes, by name (each declared once: ./shared-settings.ts or a rule's file). */
export const declaredSettings: ReadonlyMap<string, DeclaredSetting> = (() => {
  const map = new Map<string, { setting: Setting; rules: LearningRule[] }>();
  for (const rule of rules) {
    for (const setting of rule.settings) {
      const entry = map.get(setting.name);
      if (entry) entry.rules.push(rule);
      else map.set(setting.name, { setting, rules: [rule] });
    }
  }
  return map;
})();

/** Every setting with a value by default: `bagOrder`'s, then those declared since, in the registry's order. */
export const fullBagOrder: readonly string[] = [
  ...bagOrder,
  ...[...declaredSettings.values()].filter(({ setting }) => !absentByDefault(setting) && !(bagOrder as readonly string[]).includes(setting.name)).map(({ setting }) => setting.name),
];

function requireAlgorithm(algorithm: unknown): Algorithm {
  if (!algorithms.includes(algorithm as Algorithm)) throw new ConfigurationError(`algorithm must be one of ${algorithms.join(", ")}; got ${describe(algorithm)}${didYouMean(algorithm, algorithms)}`);
  return algorithm as Algorithm;
}

/**
 * The settings `algorithm` takes (its declaration's `settings`), or with `h`, the settings a run
 * with the ablation axes `h` names takes (./axes.ts): what a checkpoint of that run must record.
 */
export function settingsOf(algorithm: Algorithm, h?: Partial<Hyperparameters>): readonly Setting[] {
  const rule = ruleNamed(requireAlgorithm(algorithm));
  return h === undefined ? rule.settings : settingsForParts(partsOf(rule, h));
}

/**
 * Reference hyper-parameters of an algorithm on a task (a copy the caller may change). Tasks
 * without their own entry (your own environments) get CartPole's. The object holds every
 * setting with a value by default, in `fullBagOrder`: the rule's own values, its settings'
 * defaults, and for settings of other rules the value they keep when unused (the agent passes
 * every one to the core).
 */
export function defaultHyperparameters(algorithm: Algorithm, envId: string): Hyperparameters {
  const rule = ruleNamed(requireAlgorithm(algorithm));
  const own: Record<string, unknown> = rule.defaults(envId);
  const bag: Record<string, unknown> = {};
  for (const name of fullBagOrder) {
    const setting = declaredSettings.get(name)!.setting;
    const value = Object.hasOwn(own, name) ? own[name] : rule.settings.includes(setting) ? ("default" in setting ? setting.default : undefined) : unusedValueOf(setting);
    // A rule that declares a setting without a default and gives no value is a bug of the rule file (test/rules/rules.test.ts).
    if (value === undefined) throw new Error(`${rule.name} has no value for ${name} on ${envId}`);
    bag[name] = structuredClone(value);
  }
  for (const name of Object.keys(own)) if (!Object.hasOwn(bag, name)) bag[name] = structuredClone(own[name]);
  return bag as unknown as Hyperparameters;
}

/**
 * Checks a full set of hyper-parameters (after user overrides are merged in) against the
 * declarations and throws a ConfigurationError naming the first bad setting and what it
 * expects, so nothing invalid reaches the core. With `algorithm`, an override of a setting the
 * rule does not take is refused too, naming the rules that take it — unless it holds the value
 * the rule keeps for it (the full set `Agent.hyperparameters` gives back passes).
 */
export function validateHyperparameters(h: Hyperparameters, overrides: object = {}, algorithm?: Algorithm): void {
  if (typeof overrides !== "object" || overrides === null || Array.isArray(overrides)) {
    throw new ConfigurationError(`hyperparameters must be an object of overrides; got ${describe(overrides)}`);
  }
  // A rule takes the settings of its parts, as the ablation axes (./axes.ts) may have changed them.
  const accepted = algorithm === undefined ? [...declaredSettings.values()].map((d) => d.setting) : settingsOf(algorithm, h);
  for (const [key, value] of Object.entries(overrides)) {
    const declared = declaredSettings.get(key);
    if (!declared) throw new ConfigurationError(unknownSettingMessage(key, algorithm));
    const { readWith } = declared.setting;
    const decider = readWith && (h as unknown as Record<string, unknown>)[readWith.setting];
    if (readWith && !readWith.values.includes(decider)) {
      throw new ConfigurationError(`hyperparameters.${key} is read only with ${readWith.setting} ${readWith.values.filter((v) => v !== undefined).map((v) => JSON.stringify(v)).join(" or ")}; this run sets ${readWith.setting} ${JSON.stringify(decider)}, which ignores it`);
    }
    if (algorithm === undefined || accepted.includes(declared.setting)) continue;
    if (JSON.stringify(value) === JSON.stringify(unusedValueOf(declared.setting))) continue;
    throw new ConfigurationError(notTakenMessage(key, algorithm, h));
  }
  const hiddenLayers = Array.isArray(h.hidden) ? h.hidden.length : 2;
  for (const { setting } of declaredSettings.values()) {
    const problem = settingProblem(setting, (h as unknown as Record<string, unknown>)[setting.name], hiddenLayers, "hyperparameters.");
    if (problem) throw new ConfigurationError(problem);
  }
}

/** `unknown hyperparameter "gama" (did you mean "gamma"?); map-prop takes: …`. */
export function unknownSettingMessage(name: string, algorithm?: Algorithm): string {
  const names = (algorithm === undefined ? [...declaredSettings.values()].map((d) => d.setting) : settingsOf(algorithm)).map((s) => s.name);
  const hint = didYouMean(name, names) || didYouMean(name, [...declaredSettings.keys()]);
  return `unknown hyperparameter ${JSON.stringify(name)}${hint}; ${algorithm ?? "the rules"} take${algorithm ? "s" : ""}: ${names.join(", ")}`;
}

/** Why `algorithm` (with the axes `h` names, if any) refuses setting `name`, which other rules take. */
export function notTakenMessage(name: string, algorithm: Algorithm, h: Partial<Hyperparameters> = {}): string {
  const declared = declaredSettings.get(name)!;
  const axes = (["settling", "critic", "actorUpdate", "traces"] as const).filter((axis) => h[axis] !== undefined).map((axis) => `${axis}=${h[axis]}`);
  return `hyperparameters.${name} applies to ${declared.setting.appliesTo ?? "other rules"} (${declared.rules.map((r) => r.name).join(", ")}); ${algorithm}${axes.length ? ` with ${axes.join(", ")}` : ""} does not use it`;
}

/** The core's AsyncVariant bits of a config. */
export function asyncVariant(h: Hyperparameters): number {
  return (h.asyncTraces === "last" ? AsyncVariant.lastSweep : 0) | (h.asyncTraces === "notebook" ? AsyncVariant.notebookTraces : 0) |
    (h.asyncCriticFactor === "advantage" ? AsyncVariant.advantage : 0) | (h.asyncOutputMomentum === "one-hot" ? AsyncVariant.oneHotMomentum : 0);
}

/** The actor's hidden units of each rule when none are asked for: the papers' choices. */
export const defaultHiddenUnits: Readonly<Record<Algorithm, HiddenUnits>> = Object.fromEntries(rules.map((rule) => [rule.name, rule.hiddenUnits])) as Record<Algorithm, HiddenUnits>;

/**
 * The settings `algorithm` uses on `envId` with actor hidden units of kind `units`, before
 * `overrides` are laid over them. Gaussian hidden units under a config without hidden variances
 * (Weight Max's, the baselines') take the task's MAP propagation actor variances — the papers'
 * only Gaussian hidden units. Where `overrides` change an ablation axis, the settings the changed
 * part needs and the rule lacks come from ./axes.ts (`settingsBroughtByParts`).
 */
export function hyperparametersFor(algorithm: Algorithm, envId: string, units: HiddenUnits, overrides: Partial<Hyperparameters> = {}): Hyperparameters {
  const rule = ruleNamed(algorithm);
  const h = { ...defaultHyperparameters(algorithm, envId), ...settingsBroughtByParts(rule, partsOf(rule, overrides ?? {}), envId) };
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

/**
 * The parts (settling, critic, actor update, traces) a run of `algorithm` with settings `h` and
 * actor hidden units `units` uses; a ConfigurationError says why when the ablation axes in `h`
 * make a combination that is not defined (bindings/rules/axes.ts).
 */
export function requireDefinedParts(algorithm: Algorithm, h: Partial<Hyperparameters>, units: HiddenUnits = defaultHiddenUnits[algorithm]): RuleParts {
  const rule = ruleNamed(requireAlgorithm(algorithm));
  const parts = partsOf(rule, h);
  const problem = partsProblem(rule, parts, units);
  if (problem) throw new ConfigurationError(`hyperparameters.${problem}`);
  return parts;
}

export interface NetworkPlan {
  actor: LayerSpec[];
  critic: LayerSpec[];
  /** Capability bits of the rule's parts, for the core's agent (bindings/rules/rule.ts capabilitiesOf). */
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
  const parts = requireDefinedParts(algorithm, h, units);
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
    critic: parts.critic === "map" ? mapCritic() : valueCritic(),
    capabilities: capabilitiesOf(parts),
    criticKind: criticKindOf(parts),
  };
}
