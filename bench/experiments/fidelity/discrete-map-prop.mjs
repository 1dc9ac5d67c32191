// @ts-check
// Discrete MAP propagation (`discrete-map-prop`): after the action is sampled, a search moves the
// hidden values (discrete-search.mjs), the means are refreshed from the moved values (the core's
// forwardLayer without sampling), and every unit learns from the one reward with an eligibility
// taken at the moved values (assembly/kernels/network.ts recordTrace):
// - "mean": REINFORCE's (h − p)/T (layer.ts computeEligibility), the default;
// - "mode": (h − [p > ½])/T (layer.ts computeModeEligibility);
// - "posterior-mean": (σ(q) − p)/T, q the unit's log-odds given its Markov blanket
//   (posterior-logits.ts computePosteriorMeanEligibility).
// The output keeps REINFORCE's eligibility, at the moved second layer.

import { sigmoid } from "./bandit.mjs";
import { posteriorLogits, stateOf } from "./flip-gains.mjs";
import { gibbs, icm, meanField } from "./discrete-search.mjs";
import { outputEligibility } from "./reinforce.mjs";

/**
 * @typedef {"icm" | "gibbs" | "mean-field" | "none"} Search  "none": searchLimit 0, the forward sample's values.
 * @typedef {"mean" | "mode" | "posterior-mean"} Eligibility
 */

/**
 * The updates of discrete MAP propagation from one sample after one search, one per eligibility
 * (several eligibilities share the search, as they would share the moved values).
 * @param {import("./bandit.mjs").Bandit} bandit
 * @param {import("./sample.mjs").Sample} s
 * @param {{ search: Search, eligibilities: Eligibility[], sweeps?: number, stream?: import("./random.mjs").Stream, searchTemperature?: number }} options
 * @returns {{ updates: import("./update.mjs").Update[], depth: number }}
 */
export function discreteMapProp(bandit, s, { search, eligibilities, sweeps = 20, stream, searchTemperature = 1 }) {
  const [L1, L2, L3] = bandit.layers;
  const state = stateOf(bandit, s);
  let depth = 0;
  if (search === "icm") depth = icm(bandit, state, sweeps);
  else if (search === "mean-field") depth = meanField(bandit, state, sweeps);
  else if (search === "gibbs") {
    if (!stream) throw new TypeError("stream: Gibbs sweeps draw uniforms; expected a Stream");
    gibbs(bandit, state, sweeps, stream, searchTemperature);
  }
  if (search === "mean-field" && eligibilities.some((e) => e !== "mean")) throw new RangeError(`eligibilities: mean-field settling takes "mean" only, got ${eligibilities.join(", ")}`);
  const p2 = state.a2.map((a) => sigmoid(a / L2.temperature));
  const pi0 = sigmoid(state.z / L3.temperature);
  const output = [s.reward * outputEligibility(s.action, pi0, L3.temperature)];
  const logits = eligibilities.includes("posterior-mean") ? posteriorLogits(bandit, state) : null;
  const updates = eligibilities.map((eligibility) => {
    /** @param {Float64Array} h @param {Float64Array} p @param {number} T @param {Float64Array | undefined} q */
    const delta = (h, p, T, q) =>
      h.map((v, j) => {
        const e = eligibility === "mean" ? v - p[j] : eligibility === "mode" ? v - (p[j] > 0.5 ? 1 : 0) : sigmoid(/** @type {Float64Array} */ (q)[j]) - p[j];
        return (s.reward * e) / T;
      });
    return [
      { input: s.x, delta: delta(state.h1, s.p1, L1.temperature, logits?.[0]) },
      { input: state.h1, delta: delta(state.h2, p2, L2.temperature, logits?.[1]) },
      { input: state.h2, delta: output },
    ];
  });
  return { updates, depth };
}
