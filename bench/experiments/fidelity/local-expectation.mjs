// @ts-check
// The reference gradient for widths too large to enumerate: local expectation gradients, an
// unbiased estimator of ∂J/∂θ with far less variance than any rule's. For each hidden unit the
// expectation over its own two values is taken exactly, holding the others at their sampled values:
//   ∂J/∂a_i = p_i(1 − p_i)/T · (E[V | h_i = 1, rest] − E[V | h_i = 0, rest]),
// which is exact in expectation because the units of a layer are independent given the layer below.
// - output: ∂V/∂z = (R(s,0) − R(s,1)) π₀(1 − π₀)/T, exact given h2;
// - second hidden layer: V(z) with z moved by ±w3_j, exact given h2 (V is a function of h2 only);
// - first hidden layer: E[V | h1] is sampled: h2 is redrawn for h1 with unit i toggled from the
//   same uniforms as the sample's h2 (common random numbers, so the two values of unit i are
//   compared on the same draw and only the units that unit i tips change).
// Each term is an unbiased estimate of its exact counterpart, so the mean over samples converges to
// ∇J; its spread gives the reference's own standard error.

import { expectedReward } from "./sample.mjs";

/**
 * The local-expectation estimate of ∇J from one sample, per layer as (input, delta).
 * @param {import("./bandit.mjs").Bandit} bandit
 * @param {import("./sample.mjs").Sample} sample
 * @returns {import("./update.mjs").Update}
 */
export function localExpectation(bandit, sample) {
  const [L1, L2, L3] = bandit.layers;
  const n = bandit.width;
  const { state, x, p1, h1, a2, p2, h2, u2, z, pi0 } = sample;
  const [r0, r1] = bandit.rewards[state];
  const delta3 = [((r0 - r1) * pi0 * (1 - pi0)) / L3.temperature];

  const w3 = L3.weights;
  const delta2 = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const zOn = z + (1 - h2[j]) * w3[j];
    const zOff = z - h2[j] * w3[j];
    delta2[j] = ((p2[j] * (1 - p2[j])) / L2.temperature) * (expectedReward(bandit, state, zOn) - expectedReward(bandit, state, zOff));
  }

  // h2_j = [u_j < σ(a_j/T)] ⇔ a_j > T·logit(u_j): redrawing h2 for moved potentials needs no exp.
  const threshold = u2.map((u) => L2.temperature * Math.log(u / (1 - u)));
  const here = expectedReward(bandit, state, z);
  const delta1 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const sign = 1 - 2 * h1[i];
    const row = i * n;
    let dz = 0;
    for (let j = 0; j < n; j++) {
      const moved = a2[j] + sign * L2.weights[row + j] > threshold[j] ? 1 : 0;
      if (moved !== h2[j]) dz += (moved - h2[j]) * w3[j];
    }
    const toggled = expectedReward(bandit, state, z + dz);
    const difference = h1[i] ? here - toggled : toggled - here; // E[V | h1_i = 1] − E[V | h1_i = 0], one draw
    delta1[i] = ((p1[i] * (1 - p1[i])) / L1.temperature) * difference;
  }
  return [
    { input: x, delta: delta1 },
    { input: h1, delta: delta2 },
    { input: h2, delta: delta3 },
  ];
}
