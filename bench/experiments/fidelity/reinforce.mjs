// @ts-check
// REINFORCE (`reinforce`): every unit learns from the one reward with its own eligibility,
// ∂ log π(value | input)/∂a (assembly/kernels/layer.ts computeEligibility): (h − p)/T for a
// Bernoulli unit, (1[A = 0] − π₀)/T for the logit beside the fixed zero one.

/** The output logit's eligibility for action `action` at P(action 0) = pi0. */
export function outputEligibility(/** @type {number} */ action, /** @type {number} */ pi0, /** @type {number} */ temperature) {
  return ((action === 0 ? 1 : 0) - pi0) / temperature;
}

/** (h − p)/T of a Bernoulli layer, times `reward`. */
export function bernoulliDelta(/** @type {ArrayLike<number>} */ h, /** @type {ArrayLike<number>} */ p, /** @type {number} */ temperature, /** @type {number} */ reward) {
  return Float64Array.from({ length: h.length }, (_, j) => (reward * (h[j] - p[j])) / temperature);
}

/**
 * REINFORCE's update from one sample.
 * @param {import("./bandit.mjs").Bandit} bandit
 * @param {import("./sample.mjs").Sample} s
 * @returns {import("./update.mjs").Update}
 */
export function reinforce(bandit, s) {
  const [L1, L2, L3] = bandit.layers;
  return [
    { input: s.x, delta: bernoulliDelta(s.h1, s.p1, L1.temperature, s.reward) },
    { input: s.h1, delta: bernoulliDelta(s.h2, s.p2, L2.temperature, s.reward) },
    { input: s.h2, delta: [s.reward * outputEligibility(s.action, s.pi0, L3.temperature)] },
  ];
}
