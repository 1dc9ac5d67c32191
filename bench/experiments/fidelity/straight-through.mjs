// @ts-check
// STE backprop (`ste-backprop`): the output's REINFORCE eligibility backpropagated through the
// sampled Bernoulli units, each passing the derivative of its mean (assembly/kernels/network.ts
// recordTrace with TraceMode.backprop; layer.ts backProject, backpropEligibility). The slope is
// σ'(a/T) = p(1 − p) without the 1/T factor, as the reference's (layer.ts forwardLayer), so for
// T ≠ 1 it is not the chain rule's; every layer learns from the one reward.

import { outputEligibility } from "./reinforce.mjs";

/**
 * STE backprop's update from one sample.
 * @param {import("./bandit.mjs").Bandit} bandit
 * @param {import("./sample.mjs").Sample} s
 * @returns {import("./update.mjs").Update}
 */
export function straightThrough(bandit, s) {
  const [, L2, L3] = bandit.layers;
  const n = bandit.width;
  const g3 = outputEligibility(s.action, s.pi0, L3.temperature);
  const e2 = new Float64Array(n);
  for (let j = 0; j < n; j++) e2[j] = L3.weights[j] * g3 * s.p2[j] * (1 - s.p2[j]);
  const e1 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let back = 0;
    for (let j = 0; j < n; j++) back += L2.weights[row + j] * e2[j];
    e1[i] = back * s.p1[i] * (1 - s.p1[i]);
  }
  const r = s.reward;
  return [
    { input: s.x, delta: e1.map((e) => r * e) },
    { input: s.h1, delta: e2.map((e) => r * e) },
    { input: s.h2, delta: [r * g3] },
  ];
}
