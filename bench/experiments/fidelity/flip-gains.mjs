// @ts-check
// The change of log Pr(children | parents) when one hidden unit's contribution to its children
// grows by sign·W[i,:] (a flip of a unit at h: sign = 1 − 2h), as assembly/kernels/flip-gains.ts
// computes it, and each unit's log-odds given its Markov blanket (posterior-logits.ts rowLogits):
// q_i = a_i/T + C_i, C_i = log Pr(children | h_i = 1, rest) − log Pr(children | h_i = 0, rest).

/**
 * @typedef {{ h1: Float64Array, h2: Float64Array, a1: Float64Array, a2: Float64Array, z: number, action: number, sigma2: Float64Array, growth2: Float64Array }} HiddenState
 *   values (0/1, or means in mean-field), potentials of both hidden layers and the output logit z,
 *   following the values; sigma2 = σ(a2/T2) of the second layer (flip-gains.ts cacheChildren) and
 *   growth2 = e^{a2/T2}.
 */

/** Recomputes state.sigma2 and state.growth2 from state.a2 (cacheChildren). */
export function cacheChildren(/** @type {import("./bandit.mjs").Bandit} */ bandit, /** @type {HiddenState} */ state) {
  const T = bandit.layers[1].temperature;
  const { a2, sigma2, growth2 } = state;
  for (let j = 0; j < a2.length; j++) {
    growth2[j] = Math.exp(a2[j] / T);
    sigma2[j] = 1 / (1 + Math.exp(-a2[j] / T));
  }
}

/**
 * sigma2 after first-layer unit i flipped (sign = its move): e^{a/T} is multiplied by e^{±W2[i,:]/T}
 * instead of taken again. The result is σ of the moved potentials as cacheChildren gives it, up to
 * rounding; it saves the n exponentials per accepted flip that dominate the diagnostic's searches.
 * Falls back to cacheChildren where e^{a/T} leaves float64's range.
 * @param {import("./bandit.mjs").Bandit} bandit @param {HiddenState} state @param {number} i @param {number} sign
 */
export function recacheAfterFlip(bandit, state, i, sign) {
  const n = bandit.width;
  const g = sign > 0 ? bandit.growth : bandit.shrink;
  const { sigma2, growth2 } = state;
  for (let j = 0; j < n; j++) {
    const e = growth2[j] * g[i * n + j];
    if (!(e > 0 && e < Infinity)) return cacheChildren(bandit, state);
    growth2[j] = e;
    sigma2[j] = e / (1 + e);
  }
}

/**
 * Change of Σ_j log π(h2_j | a2_j) over the second layer when first-layer unit i's weights move
 * its potentials by sign·W2[i,:]: Σ_j h2_j d_j/T − log Π_j (1 + σ_j (e^{d_j/T} − 1)) (bernoulliGain,
 * float64's single log of the product).
 * @param {import("./bandit.mjs").Bandit} bandit @param {HiddenState} state @param {number} i @param {number} sign
 */
export function bernoulliGain(bandit, state, i, sign) {
  const L2 = bandit.layers[1];
  const n = L2.nOut;
  const row = i * n;
  const w = L2.weights;
  const g = sign > 0 ? bandit.growth : bandit.shrink;
  const { h2, sigma2 } = state;
  let linear = 0;
  let product = 1;
  for (let j = 0; j < n; j++) {
    linear += h2[j] * w[row + j];
    product *= 1 + sigma2[j] * (g[row + j] - 1);
  }
  return (sign * linear) / L2.temperature - Math.log(product);
}

/**
 * Change of the taken action's log-softmax over [z/T, 0] when z moves by sign·w3_j
 * (categoricalGain, the shifted exponents floored at −30 as the layer's softmax does).
 * @param {import("./bandit.mjs").Bandit} bandit @param {HiddenState} state @param {number} j @param {number} sign
 */
export function categoricalGain(bandit, state, j, sign) {
  const L3 = bandit.layers[2];
  const invT = 1 / L3.temperature;
  const [a, d] = [state.z, sign * L3.weights[j]];
  const top = Math.max(0, Math.max(a, a + d) * invT);
  const fixed = Math.exp(Math.max(-top, -30));
  const before = fixed + Math.exp(Math.max(a * invT - top, -30));
  const after = fixed + Math.exp(Math.max((a + d) * invT - top, -30));
  const own = state.action === 0 ? d * invT : 0;
  return own - (Math.log(after) - Math.log(before));
}

/**
 * Log-odds q of every unit of both hidden layers given its Markov blanket at the current values
 * (rowLogits: q = a/T + sign·gain(sign), sign = 1 − 2h). state.sigma2 must follow state.a2.
 * @param {import("./bandit.mjs").Bandit} bandit @param {HiddenState} state
 */
export function posteriorLogits(bandit, state) {
  const [L1, L2] = bandit.layers;
  const q1 = state.a1.map((a, i) => { const sign = 1 - 2 * state.h1[i]; return a / L1.temperature + sign * bernoulliGain(bandit, state, i, sign); });
  const q2 = state.a2.map((a, j) => { const sign = 1 - 2 * state.h2[j]; return a / L2.temperature + sign * categoricalGain(bandit, state, j, sign); });
  return [q1, q2];
}

/**
 * The search's starting point: the sample's values and potentials, the action clamped.
 * @param {import("./bandit.mjs").Bandit} bandit @param {import("./sample.mjs").Sample} s
 * @returns {HiddenState}
 */
export function stateOf(bandit, s) {
  const state = { h1: Float64Array.from(s.h1), h2: Float64Array.from(s.h2), a1: s.a1, a2: Float64Array.from(s.a2), z: s.z, action: s.action, sigma2: new Float64Array(s.a2.length), growth2: new Float64Array(s.a2.length) };
  cacheChildren(bandit, state);
  return state;
}
