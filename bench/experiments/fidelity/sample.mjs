// @ts-check
// One step of the bandit as the team takes it: ancestral sampling through the layers
// (assembly/kernels/layer.ts forwardLayer: h = 1 where a uniform falls below σ(a/T)), the action
// from the softmax over the logit and the fixed zero logit, and the reward R(s, A) minus the
// baseline. Every rule learns from the same samples.

import { means, potentials, sigmoid } from "./bandit.mjs";

/**
 * @typedef {{
 *   state: number, x: Float64Array,
 *   a1: Float64Array, p1: Float64Array, h1: Float64Array,
 *   a2: Float64Array, p2: Float64Array, h2: Float64Array, u2: Float64Array,
 *   z: number, pi0: number, action: number, reward: number,
 * }} Sample
 *   a: potentials, p: means, h: values of the two hidden layers; u2: the uniforms h2 was drawn with;
 *   z: the output logit, pi0 = σ(z/T) the probability of action 0; reward: R(s, A) − baseline.
 */

/**
 * A sample at state `state`, drawing from `stream`.
 * @param {import("./bandit.mjs").Bandit} bandit
 * @param {number} state
 * @param {import("./random.mjs").Stream} stream
 * @returns {Sample}
 */
export function drawSample(bandit, state, stream) {
  const [L1, L2, L3] = bandit.layers;
  const x = bandit.states[state];
  const a1 = potentials(L1, x);
  const p1 = means(L1, a1);
  const h1 = p1.map((p) => (stream.uniform() < p ? 1 : 0));
  const a2 = potentials(L2, h1);
  const p2 = means(L2, a2);
  const u2 = p2.map(() => stream.uniform());
  const h2 = p2.map((p, j) => (u2[j] < p ? 1 : 0));
  const z = potentials(L3, h2)[0];
  const pi0 = sigmoid(z / L3.temperature);
  const action = stream.uniform() < pi0 ? 0 : 1;
  return { state, x, a1, p1, h1, a2, p2, h2, u2, z, pi0, action, reward: bandit.rewards[state][action] - bandit.baseline };
}

/** V(z) = Σ_a π(a | z) R(s, a): the expected reward given the logit. */
export function expectedReward(/** @type {import("./bandit.mjs").Bandit} */ bandit, /** @type {number} */ state, /** @type {number} */ z) {
  const [r0, r1] = bandit.rewards[state];
  return r1 + (r0 - r1) * sigmoid(z / bandit.layers[2].temperature);
}
