// @ts-check
// Weight Maximization (`weight-max`; assembly/kernels/weightmax.ts learnWeightMax, network.ts
// rewardBelow): top-down, the output learns from the reward; each hidden unit i is rewarded by
// R_i = Σ_j p|W_ij|^{p−1} sign(W_ij) U_ij, the first-order change of Σ_j |W_ij|^p of its outgoing
// weights, U = x ⊗ (eligibility · reward) the raw update of the layer above; then it learns by
// REINFORCE from its own R_i. The default exponent p is 2 (bindings/core/defaults.ts
// weightMaxExponent), R_i = 2 Σ_j W_ij U_ij.
//
// The core takes W after the layer above's Adam step; the diagnostic takes it before (the limit of
// a small learning rate), since the update before Adam is what is measured.

import { outputEligibility } from "./reinforce.mjs";

/** p|w|^{p−1} sign(w), as weightmax.ts normReward (exactly 2w for p = 2, network.ts rewardBelow). */
function coefficient(/** @type {number} */ w, /** @type {number} */ exponent) {
  if (exponent === 2) return 2 * w;
  return w === 0 ? 0 : exponent * Math.pow(Math.abs(w), exponent - 1) * Math.sign(w);
}

/**
 * Rewards of the units feeding `layer`: R_i = Σ_j c(W_ij)·input_i·delta_j, delta the layer's
 * per-unit eligibility × reward.
 * @param {import("./bandit.mjs").Layer} layer
 * @param {ArrayLike<number>} input
 * @param {ArrayLike<number>} delta
 * @param {number} exponent
 */
function rewardsBelow(layer, input, delta, exponent) {
  const { nIn, nOut, weights } = layer;
  const out = new Float64Array(nIn);
  for (let i = 0; i < nIn; i++) {
    if (input[i] === 0) continue;
    let acc = 0;
    for (let j = 0; j < nOut; j++) acc += coefficient(weights[i * nOut + j], exponent) * delta[j];
    out[i] = input[i] * acc;
  }
  return out;
}

/**
 * Weight Max's update from one sample.
 * @param {import("./bandit.mjs").Bandit} bandit
 * @param {import("./sample.mjs").Sample} s
 * @param {number} [exponent]
 * @returns {import("./update.mjs").Update}
 */
export function weightMax(bandit, s, exponent = 2) {
  const [L1, L2, L3] = bandit.layers;
  const delta3 = [s.reward * outputEligibility(s.action, s.pi0, L3.temperature)];
  const reward2 = rewardsBelow(L3, s.h2, delta3, exponent);
  const delta2 = reward2.map((r, j) => (r * (s.h2[j] - s.p2[j])) / L2.temperature);
  const reward1 = rewardsBelow(L2, s.h1, delta2, exponent);
  const delta1 = reward1.map((r, i) => (r * (s.h1[i] - s.p1[i])) / L1.temperature);
  return [
    { input: s.x, delta: delta1 },
    { input: s.h1, delta: delta2 },
    { input: s.h2, delta: delta3 },
  ];
}
