// @ts-check
// The rules and variants measured, each as its name in the library's terms, and every one's
// update from one shared sample. Discrete MAP propagation's variants that share a search (ICM with
// three eligibilities, Gibbs with two) take their updates from one search of the sample.

import { discreteMapProp } from "./discrete-map-prop.mjs";
import { reinforce } from "./reinforce.mjs";
import { straightThrough } from "./straight-through.mjs";
import { weightMax } from "./weight-max.mjs";

/** Each measured rule: its name and the settings that make it, as `coagent train` takes them. */
export const RULES = [
  { name: "reinforce", settings: "`reinforce`" },
  { name: "weight-max", settings: "`weight-max` (weightMaxExponent 2)" },
  { name: "ste-backprop", settings: "`ste-backprop`" },
  { name: "dmp icm mean", settings: "`discrete-map-prop` (ICM, eligibility \"mean\": the default)" },
  { name: "dmp icm mode", settings: "`discrete-map-prop`, discreteEligibility \"mode\"" },
  { name: "dmp icm posterior-mean", settings: "`discrete-map-prop`, discreteEligibility \"posterior-mean\"" },
  { name: "dmp no-search posterior-mean", settings: "`discrete-map-prop`, discreteEligibility \"posterior-mean\", searchLimit 0" },
  { name: "dmp mean-field", settings: "`discrete-map-prop`, discreteSearch \"mean-field\"" },
  { name: "dmp gibbs mean", settings: "`discrete-map-prop`, discreteSearch \"gibbs\" (τ = 1)" },
  { name: "dmp gibbs posterior-mean", settings: "`discrete-map-prop`, discreteSearch \"gibbs\", discreteEligibility \"posterior-mean\"" },
];

/**
 * Every rule's update from sample `s`, by name, and the ICM search's depth.
 * @param {import("./bandit.mjs").Bandit} bandit
 * @param {import("./sample.mjs").Sample} s
 * @param {import("./random.mjs").Stream} stream  Gibbs sweeps' uniforms
 * @param {number} sweeps  the search limit (settleSteps' default, 20)
 * @returns {{ updates: Record<string, import("./update.mjs").Update>, icmDepth: number }}
 */
export function ruleUpdates(bandit, s, stream, sweeps) {
  const searched = discreteMapProp(bandit, s, { search: "icm", eligibilities: ["mean", "mode", "posterior-mean"], sweeps });
  const [noSearch] = discreteMapProp(bandit, s, { search: "none", eligibilities: ["posterior-mean"] }).updates;
  const [meanField] = discreteMapProp(bandit, s, { search: "mean-field", eligibilities: ["mean"], sweeps }).updates;
  const sampled = discreteMapProp(bandit, s, { search: "gibbs", eligibilities: ["mean", "posterior-mean"], sweeps, stream });
  return {
    updates: {
      reinforce: reinforce(bandit, s),
      "weight-max": weightMax(bandit, s),
      "ste-backprop": straightThrough(bandit, s),
      "dmp icm mean": searched.updates[0],
      "dmp icm mode": searched.updates[1],
      "dmp icm posterior-mean": searched.updates[2],
      "dmp no-search posterior-mean": noSearch,
      "dmp mean-field": meanField,
      "dmp gibbs mean": sampled.updates[0],
      "dmp gibbs posterior-mean": sampled.updates[1],
    },
    icmDepth: searched.depth,
  };
}
