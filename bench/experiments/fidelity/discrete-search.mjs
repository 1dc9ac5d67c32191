// @ts-check
// Discrete MAP propagation's searches over the Bernoulli hidden values once the action is sampled,
// the output clamped, layers bottom-up and units in index order:
// - icm: iterated conditional modes (assembly/kernels/discrete.ts settleDiscrete): a unit flips when
//   the flip's gain in log Pr is positive; sweeps stop after one that changes nothing, or at `sweeps`;
// - gibbs: at search temperature τ a unit lands on 1 with probability σ(q/τ)
//   (discrete-posterior.ts gibbsSweepLayer); all `sweeps` sweeps run;
// - meanField: each value becomes m_i = σ(a_i(m)/T + C_i(m)) (meanFieldSweepLayer) until no mean
//   moves by 1e-9 (the float64 tolerance) or `sweeps` sweeps have run.

import { bernoulliGain, cacheChildren, categoricalGain, recacheAfterFlip } from "./flip-gains.mjs";
import { sigmoid } from "./bandit.mjs";

/** Mean-field settling stops once a sweep moves no mean by this much (float64's MEAN_FIELD_TOLERANCE). */
const MEAN_FIELD_TOLERANCE = 1e-9;

/** Moves first-layer unit i by `change` (its children's potentials follow). */
function moveFirst(/** @type {import("./bandit.mjs").Bandit} */ bandit, /** @type {import("./flip-gains.mjs").HiddenState} */ state, /** @type {number} */ i, /** @type {number} */ change) {
  const n = bandit.width;
  const w = bandit.layers[1].weights;
  state.h1[i] += change;
  for (let j = 0; j < n; j++) state.a2[j] += change * w[i * n + j];
}

/** Moves second-layer unit j by `change` (the output logit follows). */
function moveSecond(/** @type {import("./bandit.mjs").Bandit} */ bandit, /** @type {import("./flip-gains.mjs").HiddenState} */ state, /** @type {number} */ j, /** @type {number} */ change) {
  state.h2[j] += change;
  state.z += change * bandit.layers[2].weights[j];
}

/**
 * One pass of flips over both hidden layers: `accept(gain)` decides each unit's flip. Returns
 * whether any unit flipped.
 * @param {import("./bandit.mjs").Bandit} bandit @param {import("./flip-gains.mjs").HiddenState} state @param {(gain: number) => boolean} accept
 */
function flipSweep(bandit, state, accept) {
  const [L1, L2] = bandit.layers;
  let changed = false;
  for (let i = 0; i < bandit.width; i++) {
    const sign = 1 - 2 * state.h1[i];
    const gain = (sign * state.a1[i]) / L1.temperature + bernoulliGain(bandit, state, i, sign);
    if (accept(gain)) {
      moveFirst(bandit, state, i, sign);
      recacheAfterFlip(bandit, state, i, sign);
      changed = true;
    }
  }
  for (let j = 0; j < bandit.width; j++) {
    const sign = 1 - 2 * state.h2[j];
    const gain = (sign * state.a2[j]) / L2.temperature + categoricalGain(bandit, state, j, sign);
    if (accept(gain)) {
      moveSecond(bandit, state, j, sign);
      changed = true;
    }
  }
  return changed;
}

/**
 * Iterated conditional modes; returns the sweeps that changed a value (the search depth).
 * @param {import("./bandit.mjs").Bandit} bandit @param {import("./flip-gains.mjs").HiddenState} state @param {number} sweeps
 */
export function icm(bandit, state, sweeps) {
  let depth = 0;
  for (let s = 0; s < sweeps; s++) {
    if (!flipSweep(bandit, state, (gain) => gain > 0)) break;
    depth++;
  }
  return depth;
}

/**
 * Gibbs sweeps at temperature τ going linearly from `startTemperature` to `temperature`, one
 * uniform of `stream` per unit while τ > 0 (τ = 0 is ICM's choice).
 * @param {import("./bandit.mjs").Bandit} bandit @param {import("./flip-gains.mjs").HiddenState} state @param {number} sweeps
 * @param {import("./random.mjs").Stream} stream @param {number} [temperature] @param {number} [startTemperature]
 */
export function gibbs(bandit, state, sweeps, stream, temperature = 1, startTemperature = temperature) {
  for (let s = 0; s < sweeps; s++) {
    const tau = sweeps > 1 ? startTemperature + ((temperature - startTemperature) * s) / (sweeps - 1) : temperature;
    flipSweep(bandit, state, (gain) => (tau > 0 ? stream.uniform() < sigmoid(gain / tau) : gain > 0));
  }
}

/**
 * Mean-field settling: the values become means. Returns the sweeps that moved a mean by the
 * tolerance or more.
 * @param {import("./bandit.mjs").Bandit} bandit @param {import("./flip-gains.mjs").HiddenState} state @param {number} sweeps
 */
export function meanField(bandit, state, sweeps) {
  const [L1, L2] = bandit.layers;
  const n = bandit.width;
  const T2 = L2.temperature;
  const w2 = L2.weights;
  const growth = bandit.growth;
  let depth = 0;
  for (let s = 0; s < sweeps; s++) {
    let change = 0;
    for (let i = 0; i < n; i++) {
      const m = state.h1[i];
      // C_i with unit i out of its children's potentials (m_i = 0) against it fully in (m_i = 1):
      // σ of each child at a2 − m·W2[i,:], taken directly rather than re-cached twice per unit.
      const row = i * n;
      let linear = 0;
      let product = 1;
      for (let j = 0; j < n; j++) {
        const sig = 1 / (1 + Math.exp(-(state.a2[j] - m * w2[row + j]) / T2));
        linear += state.h2[j] * w2[row + j];
        product *= 1 + sig * (growth[row + j] - 1);
      }
      const next = sigmoid(state.a1[i] / L1.temperature + linear / T2 - Math.log(product));
      moveFirst(bandit, state, i, next - m);
      change = Math.max(change, Math.abs(next - m));
    }
    for (let j = 0; j < n; j++) {
      const m = state.h2[j];
      moveSecond(bandit, state, j, -m);
      const next = sigmoid(state.a2[j] / T2 + categoricalGain(bandit, state, j, 1));
      moveSecond(bandit, state, j, next);
      change = Math.max(change, Math.abs(next - m));
    }
    if (change < MEAN_FIELD_TOLERANCE) break;
    depth++;
  }
  cacheChildren(bandit, state);
  return depth;
}
