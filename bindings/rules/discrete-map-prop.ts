/**
 * Discrete MAP propagation (docs/learning-rules.md#discrete-map-propagation-discrete-map-prop):
 * MAP propagation on Bernoulli hidden units, settled by iterated conditional modes
 * (assembly/discrete.ts), with Weight Max's Bernoulli actor and MAP propagation's critic.
 */
import type { PerLayer } from "./hyperparameters.js";
import { mapCriticSettings, mapProp } from "./map-prop.js";
import type { LearningRule } from "./rule.js";
import type { Setting } from "./setting.js";
import type { RuleDefaults } from "./settings.js";
import { sharedSettings } from "./shared-settings.js";
import { weightMaxDefaults } from "./weight-max.js";

/** The search's own settings (absent by default). */
export const discreteSettings = [
  {
    // Absent, the limit is settleSteps, as it was before it was a setting of its own (results unchanged).
    name: "searchLimit", appliesTo: "rules that settle Bernoulli units", kind: "integer", bounds: { min: 0, max: 10_000 }, absent: "settleSteps",
    doc: "sweeps the actor's discrete search may run at most (0: no search), apart from the MAP critic's settleSteps",
  },
  {
    name: "discreteEligibility", appliesTo: "rules that settle Bernoulli units", kind: "enum", values: ["mean", "mode"], absent: "mean",
    doc: "hidden eligibility at the settled values: \"mean\", REINFORCE's (h − p)/T, or \"mode\", (h − [p > ½])/T",
  },
] as const satisfies readonly Setting[];

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
