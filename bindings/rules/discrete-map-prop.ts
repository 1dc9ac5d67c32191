/**
 * Discrete MAP propagation (docs/learning-rules.md#discrete-map-propagation-discrete-map-prop):
 * MAP propagation on Bernoulli hidden units, settled by iterated conditional modes
 * (assembly/kernels/discrete.ts), with Weight Max's Bernoulli actor and MAP propagation's critic.
 */
import { ConfigurationError } from "../errors.js";
import { DiscreteSearch, TraceMode } from "../core/interface.js";
import { discreteSearchCode } from "../core/network.js";
import type { Hyperparameters, PerLayer } from "./hyperparameters.js";
import { mapCriticSettings, mapProp } from "./map-prop.js";
import type { LearningRule } from "./rule.js";
import type { RulePartsView, Setting } from "./setting.js";
import type { RuleDefaults } from "./settings.js";
import { sharedSettings } from "./shared-settings.js";
import { weightMaxDefaults } from "./weight-max.js";

const appliesTo = "rules that settle Bernoulli units";
const usedWhen = (p: RulePartsView) => p.settling === "bernoulli";

/** Gibbs sweeps at τ = 1 draw from the posterior itself: searchTemperature when absent. */
const POSTERIOR_TEMPERATURE = 1;

/** The search's own settings (absent by default). */
export const discreteSettings = [
  {
    // Absent, the limit is settleSteps, as it was before it was a setting of its own (results unchanged).
    name: "searchLimit", appliesTo, usedWhen, kind: "integer", bounds: { min: 0, max: 10_000 }, absent: "settleSteps",
    doc: "sweeps the actor's discrete search may run at most (0: no search), apart from the MAP critic's settleSteps",
  },
  {
    name: "discreteEligibility", appliesTo, usedWhen, kind: "enum", values: ["mean", "mode", "posterior-mean"], absent: "mean",
    doc: "hidden eligibility at the searched values: \"mean\", REINFORCE's (h − p)/T, \"mode\", (h − [p > ½])/T, or \"posterior-mean\", (σ(q) − p)/T with q the unit's log-odds given its Markov blanket",
  },
  {
    name: "discreteSearch", appliesTo, usedWhen, kind: "enum", values: ["icm", "gibbs", "mean-field"], absent: "icm",
    doc: "how the hidden values move once the action is sampled: iterated conditional modes, Gibbs sweeps at searchTemperature, or mean-field settling to m = σ(a(m)/T + C(m))",
  },
  {
    name: "searchTemperature", appliesTo, usedWhen, kind: "number", bounds: { min: 0, max: 100 }, absent: "1",
    doc: "discreteSearch \"gibbs\": the last sweep's temperature τ (1: draws from the posterior; 0: ICM's choices)",
  },
  {
    name: "searchStartTemperature", appliesTo, usedWhen, kind: "number", bounds: { min: 0, max: 100 }, absent: "searchTemperature",
    doc: "discreteSearch \"gibbs\": the first sweep's temperature, annealed linearly to searchTemperature over the search's sweeps",
  },
] as const satisfies readonly Setting[];

/** What the core is told of discrete MAP propagation's search and eligibility. */
export interface DiscreteConfiguration {
  search: DiscreteSearch;
  temperature: number;
  startTemperature: number;
  traceMode: TraceMode;
}

/**
 * The core's search, Gibbs temperatures and actor trace mode of a validated config; a
 * ConfigurationError for combinations that mean nothing: Gibbs temperatures without Gibbs sweeps,
 * or an eligibility at binary values after mean-field settling (whose values are the means).
 */
export function discreteConfiguration(h: Hyperparameters): DiscreteConfiguration {
  const search = h.discreteSearch ?? "icm";
  if (search !== "gibbs") {
    for (const name of ["searchTemperature", "searchStartTemperature"] as const) {
      if (h[name] !== undefined) throw new ConfigurationError(`hyperparameters.${name} applies to discreteSearch "gibbs"; discreteSearch is ${JSON.stringify(search)}`);
    }
  }
  const eligibility = h.discreteEligibility ?? "mean";
  if (search === "mean-field" && eligibility !== "mean") {
    throw new ConfigurationError(`hyperparameters.discreteEligibility must be "mean" with discreteSearch "mean-field" (its hidden values are the means, the eligibility (m − p)/T); got ${JSON.stringify(eligibility)}`);
  }
  const temperature = h.searchTemperature ?? POSTERIOR_TEMPERATURE;
  return {
    search: discreteSearchCode(search),
    temperature,
    startTemperature: h.searchStartTemperature ?? temperature,
    traceMode: eligibility === "mode" ? TraceMode.mode : eligibility === "posterior-mean" ? TraceMode.posteriorMean : TraceMode.local,
  };
}

/**
 * No published settings. Its critic, traces of the critic, schedule and sweep limit are MAP
 * propagation's (settleSteps also bounds the discrete search's sweeps unless searchLimit is given); its Bernoulli actor is Weight
 * Max's, with Weight Max's actor λ (0), and two changes chosen on tuning seeds 100–101 only, never
 * the evaluation seeds (docs/experiments.md#map-propagation-on-discrete-units): the output layer's
 * learning rates ×100 and its temperature halved. With Weight Max's own output settings the
 * policy never leaves its initial one on CartPole (average 10–23 over 1000 episodes); on Acrobot
 * no setting tried did better than another (docs/experiments.md).
 */
function defaults(envId: string): RuleDefaults {
  const [map, weightMax] = [mapProp.defaults(envId), weightMaxDefaults(envId)];
  // toPrecision: 2e-5 × 100 is 0.0019999999999999998 in binary; the setting is 2e-3.
  const output = (values: PerLayer, factor: number): PerLayer => values.map((v, l) => (l === values.length - 1 ? Number((v * factor).toPrecision(12)) : v));
  return {
    ...map,
    actorLambda: weightMax.actorLambda,
    actorLearningRate: { start: output(weightMax.actorLearningRate!.start, 100), end: output(weightMax.actorLearningRate!.end, 100) },
    actorVariance: weightMax.actorVariance,
    temperature: output(weightMax.temperature!, 0.5),
  };
}

export const discreteMapProp = {
  name: "discrete-map-prop",
  description: "MAP propagation on Bernoulli hidden units: settle them by iterated conditional modes (flips), then REINFORCE",
  docs: "docs/learning-rules.md#discrete-map-propagation-discrete-map-prop",
  hiddenUnits: "bernoulli",
  refusedUnits: {
    gaussian: "discrete MAP propagation searches over the two values of Bernoulli units; Gaussian units are settled by gradient descent: use map-prop",
    relu: "discrete MAP propagation searches over the two values of Bernoulli units; deterministic ReLU units have no distribution to settle",
  },
  networks: "weight-max",
  settling: "bernoulli",
  traces: "local",
  actorUpdate: "reinforce",
  asynchronous: false,
  critic: "map",
  settings: [...sharedSettings, ...mapCriticSettings, ...discreteSettings],
  defaults,
} as const satisfies LearningRule;
