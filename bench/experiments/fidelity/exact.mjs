// @ts-check
// The exact objective and gradient of a narrow bandit, by enumerating all 2^(2n) hidden
// configurations of each state: J = mean_s Σ_{h1,h2} p(h1 | s) p(h2 | h1) V_s(h2), with
// V_s(h2) = Σ_a π(a | h2) R(s, a). The gradient is the score-function identity summed exactly:
//   ∂J/∂θ_l = mean_s Σ_{h1,h2} p(h1 | s) p(h2 | h1) ∂/∂θ_l [log p(h1 | s) + log p(h2 | h1)] V_s(h2)
// for the hidden layers, and Σ p(h2 | s) ∂V_s(h2)/∂θ_3 for the output. Feasible for n ≤ 10.

import { means, potentials, sigmoid } from "./bandit.mjs";
import { expectedReward } from "./sample.mjs";

/** The largest width enumerated (2^20 configurations per state). */
export const MAX_EXACT_WIDTH = 10;

/** The n-bit configuration `bits` as 0/1 values. */
function unpack(/** @type {number} */ bits, /** @type {number} */ n) {
  return Float64Array.from({ length: n }, (_, i) => (bits >> i) & 1);
}

/** Probability of the 0/1 values h under independent Bernoulli means p. */
function probability(/** @type {Float64Array} */ h, /** @type {Float64Array} */ p) {
  let q = 1;
  for (let i = 0; i < h.length; i++) q *= h[i] ? p[i] : 1 - p[i];
  return q;
}

/** J(θ) by enumeration. @param {import("./bandit.mjs").Bandit} bandit */
export function exactObjective(bandit) {
  return enumerate(bandit, false).objective;
}

/**
 * J(θ) and ∂J/∂θ per layer (the (nIn + 1) × nOut layout of update.mjs dense) by enumeration.
 * @param {import("./bandit.mjs").Bandit} bandit
 */
export function exactGradient(bandit) {
  const { objective, gradient } = enumerate(bandit, true);
  return { objective, gradient: /** @type {Float64Array[]} */ (gradient) };
}

/** @param {import("./bandit.mjs").Bandit} bandit @param {boolean} withGradient */
function enumerate(bandit, withGradient) {
  const n = bandit.width;
  if (n > MAX_EXACT_WIDTH) throw new RangeError(`width: expected at most ${MAX_EXACT_WIDTH} to enumerate, got ${n}`);
  const [L1, L2, L3] = bandit.layers;
  const configs = 1 << n;
  const hs = Array.from({ length: configs }, (_, bits) => unpack(bits, n));
  const gradient = withGradient ? bandit.layers.map((L) => new Float64Array((L.nIn + 1) * L.nOut)) : null;
  const [g1, g2, g3] = gradient ?? [];
  const S = bandit.states.length;
  let objective = 0;
  for (let s = 0; s < S; s++) {
    const x = bandit.states[s];
    const p1 = means(L1, potentials(L1, x));
    const [r0, r1] = bandit.rewards[s];
    // V_s(h2) and ∂V_s/∂z for every h2.
    const z = hs.map((h2) => potentials(L3, h2)[0]);
    const V = z.map((zz) => expectedReward(bandit, s, zz));
    const dV = z.map((zz) => { const pi = sigmoid(zz / L3.temperature); return ((r0 - r1) * pi * (1 - pi)) / L3.temperature; });
    for (const h1 of hs) {
      const P1 = probability(h1, p1) / S;
      if (P1 === 0) continue;
      const p2 = means(L2, potentials(L2, h1));
      let Q = 0; // E[V | h1]
      const score2 = new Float64Array(n); // Σ_h2 p(h2|h1) V (h2 − p2)/T
      for (let k = 0; k < configs; k++) {
        const h2 = hs[k];
        const P2 = probability(h2, p2);
        Q += P2 * V[k];
        if (!gradient) continue;
        const w = P2 * V[k];
        for (let j = 0; j < n; j++) score2[j] += (w * (h2[j] - p2[j])) / L2.temperature;
        const w3 = P1 * P2 * dV[k];
        for (let j = 0; j < n; j++) g3[j] += w3 * h2[j];
        g3[n] += w3;
      }
      objective += P1 * Q;
      if (!gradient) continue;
      for (let i = 0; i <= n; i++) {
        const xi = i < n ? h1[i] : 1;
        if (xi === 0) continue;
        for (let j = 0; j < n; j++) g2[i * n + j] += P1 * xi * score2[j];
      }
      for (let k = 0; k <= L1.nIn; k++) {
        const xk = k < L1.nIn ? x[k] : 1;
        for (let i = 0; i < n; i++) g1[k * n + i] += (P1 * xk * Q * (h1[i] - p1[i])) / L1.temperature;
      }
    }
  }
  return { objective, gradient };
}
