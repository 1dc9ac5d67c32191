// @ts-check
// Backpropagation through a sampled Gaussian network, given the derivative of an objective with
// respect to the output logits: the reparameterisation (pathwise) gradient, units h = f(a) + σε
// passing f'(a) = σ(a) (assembly/kernels/layer.ts backpropEligibility with a Gaussian layer's
// slope; network.ts recordTrace, TraceMode.backprop). Two uses:
// - the Gaussian set-up's reference: with dOut = ∂V/∂z, V(h2) = Σ_a π(a | h2) R(s, a), the action
//   summed exactly, E_ε[∂V/∂θ] = ∇J — unbiased, and far less noisy than any sampled-action rule;
// - `backprop` on Gaussian units: dOut = r·(1[A = k] − π_k)/T, the output's REINFORCE eligibility.

import { logistic } from "./gaussian-bandit.mjs";

/**
 * Per layer (input, delta) of the backpropagated dOut, at the sample's values.
 * @param {import("./gaussian-bandit.mjs").GaussianBandit} bandit
 * @param {import("./gaussian-bandit.mjs").GaussianSample} s
 * @param {ArrayLike<number>} dOut
 * @returns {import("./update.mjs").Update}
 */
export function backpropGaussian(bandit, s, dOut) {
  const [, L2, L3] = bandit.layers;
  const back = (/** @type {import("./gaussian-bandit.mjs").GaussianLayer} */ L, /** @type {ArrayLike<number>} */ delta, /** @type {Float64Array} */ aBelow) =>
    Float64Array.from({ length: L.nIn }, (_, i) => {
      let acc = 0;
      for (let j = 0; j < L.nOut; j++) acc += L.weights[i * L.nOut + j] * delta[j];
      return acc * logistic(aBelow[i]);
    });
  const delta3 = Float64Array.from(dOut);
  const delta2 = back(L3, delta3, s.a2);
  const delta1 = back(L2, delta2, s.a1);
  return [
    { input: s.x, delta: delta1 },
    { input: s.h1, delta: delta2 },
    { input: s.h2, delta: delta3 },
  ];
}

/** ∂V/∂z_k = π_k (R_k − V)/T: the reference's output derivative. @param {import("./gaussian-bandit.mjs").GaussianBandit} bandit @param {import("./gaussian-bandit.mjs").GaussianSample} s */
export function expectedRewardSlope(bandit, s) {
  const R = bandit.rewards[s.state];
  const T = bandit.layers[2].temperature;
  const V = s.pi[0] * R[0] + s.pi[1] * R[1];
  return s.pi.map((p, k) => (p * (R[k] - V)) / T);
}

/** r·(1[A = k] − π_k)/T: the output's REINFORCE eligibility times the reward. @param {import("./gaussian-bandit.mjs").GaussianBandit} bandit @param {import("./gaussian-bandit.mjs").GaussianSample} s */
export function outputDelta(bandit, s) {
  const T = bandit.layers[2].temperature;
  return s.pi.map((p, k) => (s.reward * ((s.action === k ? 1 : 0) - p)) / T);
}
