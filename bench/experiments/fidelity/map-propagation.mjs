// @ts-check
// MAP propagation on Gaussian units (`map-prop`; assembly/kernels/network.ts settle, descendHidden,
// recordTrace): after the action is sampled, `sweeps` Jacobi sweeps move every hidden value by
//   settleRate·(f(a) − h) + settleRate·σ²·(Wᵀ of the layer above's eligibility),
// all eligibilities taken before the sweep's moves, then the potentials and means above follow the
// new values; every unit then learns by REINFORCE from the reward at the settled values, its
// eligibility (h − f(a))·f'(a)/σ² (layer.ts computeEligibility), the output's (1[A = k] − π_k)/T.
// With no sweeps this is REINFORCE on Gaussian units.

import { affine, logistic, softmax, softplus } from "./gaussian-bandit.mjs";

/**
 * MAP propagation's update from one sample after `sweeps` sweeps at `settleRate` (map-prop's 20 and 0.5).
 * @param {import("./gaussian-bandit.mjs").GaussianBandit} bandit
 * @param {import("./gaussian-bandit.mjs").GaussianSample} s
 * @param {number} sweeps
 * @param {number} [settleRate]
 * @returns {import("./update.mjs").Update}
 */
export function mapPropagation(bandit, s, sweeps, settleRate = 0.5) {
  const [L1, L2, L3] = bandit.layers;
  const h1 = Float64Array.from(s.h1);
  const h2 = Float64Array.from(s.h2);
  const m1 = s.a1.map(softplus);
  let a2 = s.a2;
  let pi = s.pi;
  /** Eligibility of a Gaussian layer at values h, potentials a. @param {Float64Array} h @param {Float64Array} a @param {number} variance */
  const gaussian = (h, a, variance) => h.map((v, j) => ((v - softplus(a[j])) * logistic(a[j])) / variance);
  const output = () => pi.map((p, k) => ((s.action === k ? 1 : 0) - p) / L3.temperature);
  /** W·e: what a layer's eligibility asks of each of its inputs (layer.ts backProject). @param {import("./gaussian-bandit.mjs").GaussianLayer} L @param {ArrayLike<number>} e */
  const backProject = (L, e) =>
    Float64Array.from({ length: L.nIn }, (_, i) => {
      let acc = 0;
      for (let j = 0; j < L.nOut; j++) acc += L.weights[i * L.nOut + j] * e[j];
      return acc;
    });
  for (let sweep = 0; sweep < sweeps; sweep++) {
    const push2 = backProject(L3, output());
    const push1 = backProject(L2, gaussian(h2, a2, L2.variance));
    const m2 = a2.map(softplus);
    for (let i = 0; i < h1.length; i++) h1[i] += settleRate * (m1[i] - h1[i]) + settleRate * L1.variance * push1[i];
    for (let j = 0; j < h2.length; j++) h2[j] += settleRate * (m2[j] - h2[j]) + settleRate * L2.variance * push2[j];
    a2 = affine(L2, h1);
    pi = softmax(affine(L3, h2), L3.temperature);
  }
  const r = s.reward;
  return [
    { input: s.x, delta: gaussian(h1, s.a1, L1.variance).map((e) => r * e) },
    { input: h1, delta: gaussian(h2, a2, L2.variance).map((e) => r * e) },
    { input: h2, delta: output().map((e) => r * e) },
  ];
}
