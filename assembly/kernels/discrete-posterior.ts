// Discrete MAP propagation's variants (docs/learning-rules.md, "Discrete MAP propagation"): other
// ways than iterated conditional modes (discrete.ts) to move the Bernoulli hidden values once the
// action is sampled, and an eligibility that uses each unit's posterior instead of its value.
//
// All of them rest on one number per hidden unit i: its log-odds given its Markov blanket,
//   q_i = a_i/T + C_i,  C_i = log Pr(children | h_i = 1, rest) − log Pr(children | h_i = 0, rest),
// with a_i its potential (its parents' values) and T its temperature. ICM's flip gain of a unit
// at value h is (1 − 2h)·q_i, so q_i is read off the flip gains (flip-gains.ts) unchanged:
// - Gibbs sweeps (DiscreteSearch.gibbs) set h_i to 1 with probability σ(q_i/τ): at τ = 1 an
//   exact conditional draw, so the sweeps leave the posterior Pr(h | state, action) invariant;
//   as τ → 0 the draw becomes ICM's choice (τ = 0 is ICM exactly, ties keeping the value).
// - Mean-field settling (DiscreteSearch.meanField) replaces each h_i by m_i = σ(a_i(m)/T + C_i(m)),
//   the potentials and the children's likelihood evaluated at the means, until no m_i moves by
//   more than the tolerance.
// - The posterior-mean eligibility (TraceMode.posteriorMean, posterior-logits.ts) is
//   (σ(q_i) − p_i)/T at whatever values the search left: the expectation of REINFORCE's
//   (h_i − p_i)/T over h_i's conditional given the rest — at a posterior draw (a forward sample,
//   settleSteps = 0, or Gibbs at τ = 1) the Rao–Blackwellised estimator, unbiased with less variance.

import { DiscreteSearch, UnitCode } from "../../bindings/core/interface";
import { allocFloats, forwardLayer } from "./layer";
import { Network, layerAt } from "./network";
import { settleDiscrete } from "./discrete";
import { cacheChildren, moveChildren, weightGrowth } from "./flip-gains";
import { Workspace, childWorkspace, childrenGain, freeChildWorkspace, logistic, rowLogits } from "./posterior-logits";
import { uniform } from "./random";
import { Float, FLOAT_SHIFT } from "../simd/precision";

/** Mean-field settling stops once a whole sweep moves no mean by this much. */
// @ts-ignore: decorator
@inline const MEAN_FIELD_TOLERANCE: Float = sizeof<Float>() == 4 ? <Float>1e-5 : <Float>1e-9;

// @ts-ignore: decorator
@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << FLOAT_SHIFT);
}

/**
 * Moves the hidden values of every sample by `search` (a DiscreteSearch), output clamped, at most
 * `maxSweeps` sweeps per sample; Gibbs sweeps run at a temperature going linearly from
 * `startTemperature` (first sweep) to `temperature` (last). Returns the sweeps that changed a
 * value (mean-field: that moved a mean by the tolerance or more), summed over samples.
 */
export function searchDiscrete(net: Network, maxSweeps: i32, search: i32, temperature: Float, startTemperature: Float): i32 {
  if (search == DiscreteSearch.gibbs || search == DiscreteSearch.meanField) return sweepSearch(net, maxSweeps, search, temperature, startTemperature);
  return settleDiscrete(net, maxSweeps);
}

function openWorkspace(net: Network): Workspace {
  const top = net.nLayers - 1;
  let widest = 0;
  for (let l = 1; l <= top; l++) widest = max(widest, layerAt(net, l).stride);
  const ws = changetype<Workspace>(heap.alloc(offsetof<Workspace>()));
  ws.cached = allocFloats(widest);
  ws.trial = allocFloats(widest);
  ws.growth = heap.alloc(<usize>net.nLayers << 2);
  for (let l = 0; l <= top; l++) store<usize>(ws.growth + (<usize>l << 2), l > 0 && layerAt(net, l).unit == UnitCode.bernoulli ? weightGrowth(layerAt(net, l)) : 0);
  return ws;
}

function closeWorkspace(net: Network, ws: Workspace): void {
  for (let l = 0; l < net.nLayers; l++) if (load<usize>(ws.growth + (<usize>l << 2)) != 0) heap.free(load<usize>(ws.growth + (<usize>l << 2)));
  heap.free(ws.growth);
  heap.free(ws.cached);
  heap.free(ws.trial);
  heap.free(changetype<usize>(ws));
}

function sweepSearch(net: Network, maxSweeps: i32, search: i32, temperature: Float, startTemperature: Float): i32 {
  const top = net.nLayers - 1;
  for (let l = 0; l <= top; l++) forwardLayer(layerAt(net, l), false, net.rng);
  const ws = openWorkspace(net);
  let depth = 0;
  for (let b = 0; b < net.batch; b++) {
    for (let s = 0; s < maxSweeps; s++) {
      let moved = false;
      if (search == DiscreteSearch.gibbs) {
        const tau: Float = maxSweeps > 1 ? startTemperature + ((temperature - startTemperature) * <Float>s) / <Float>(maxSweeps - 1) : temperature;
        for (let l = 0; l < top; l++) if (gibbsSweepLayer(net, l, b, tau, ws)) moved = true;
        if (moved) depth++;
      } else {
        let change: Float = 0;
        for (let l = 0; l < top; l++) change = max(change, meanFieldSweepLayer(net, l, b, ws));
        if (change < MEAN_FIELD_TOLERANCE) break;
        depth++;
      }
    }
  }
  closeWorkspace(net, ws);
  for (let l = 1; l <= top; l++) forwardLayer(layerAt(net, l), false, net.rng);
  return depth;
}

/**
 * One Gibbs pass over the units of hidden layer l of sample b at search temperature tau: each unit
 * in index order flips with probability σ(gain/τ), gain = (1 − 2h)·q its flip's gain in log Pr —
 * so it lands on 1 with probability σ(q/τ). One uniform of the network's stream per unit while
 * τ > 0; at τ = 0 the unit flips iff the gain is positive (ICM). Returns whether any unit flipped.
 */
function gibbsSweepLayer(net: Network, l: i32, b: i32, tau: Float, ws: Workspace): bool {
  const L = layerAt(net, l);
  const C = layerAt(net, l + 1);
  const growth = load<usize>(ws.growth + (<usize>(l + 1) << 2));
  const row = b * L.stride;
  const childRow = b * C.stride;
  const invT: Float = 1 / L.temperature;
  if (C.unit == UnitCode.bernoulli) cacheChildren(C, childRow, ws.cached);
  let changed = false;
  for (let i = 0; i < L.nOut; i++) {
    const h = load<Float>(at(L.values, row + i));
    const sign: Float = 1 - 2 * h;
    const gain = sign * load<Float>(at(L.potentials, row + i)) * invT + childrenGain(C, b, i, sign, growth, ws);
    const flip = tau > 0 ? <Float>uniform(net.rng) < logistic(gain / tau) : gain > 0;
    if (flip) {
      store<Float>(at(L.values, row + i), 1 - h);
      moveChildren(C, childRow, at(C.weights, i * C.stride), sign);
      if (C.unit == UnitCode.bernoulli) cacheChildren(C, childRow, ws.cached);
      changed = true;
    }
  }
  return changed;
}

/**
 * One mean-field pass over hidden layer l of sample b: each unit in index order takes
 * m_i = σ(a_i/T + C_i), C_i the children's log-likelihood with their potentials at m_i = 1 minus at
 * m_i = 0 (the other units at their means, a Bernoulli child's value its mean). The children's
 * potentials follow each new mean. Returns the largest change of a mean.
 */
function meanFieldSweepLayer(net: Network, l: i32, b: i32, ws: Workspace): Float {
  const L = layerAt(net, l);
  const C = layerAt(net, l + 1);
  const growth = load<usize>(ws.growth + (<usize>(l + 1) << 2));
  const row = b * L.stride;
  const childRow = b * C.stride;
  const invT: Float = 1 / L.temperature;
  const bernoulliChildren = C.unit == UnitCode.bernoulli;
  if (bernoulliChildren) cacheChildren(C, childRow, ws.cached);
  let change: Float = 0;
  for (let i = 0; i < L.nOut; i++) {
    const m = load<Float>(at(L.values, row + i));
    const w = at(C.weights, i * C.stride);
    // Take the unit out of its children's potentials (m_i = 0), then weigh m_i = 1 against it.
    if (m != 0) {
      moveChildren(C, childRow, w, -m);
      if (bernoulliChildren) cacheChildren(C, childRow, ws.cached);
    }
    const next = logistic(load<Float>(at(L.potentials, row + i)) * invT + childrenGain(C, b, i, 1, growth, ws));
    store<Float>(at(L.values, row + i), next);
    if (next != 0) {
      moveChildren(C, childRow, w, next);
      if (bernoulliChildren) cacheChildren(C, childRow, ws.cached);
    }
    change = max(change, abs<Float>(next - m));
  }
  return change;
}

/** Log-odds q of every unit of Bernoulli hidden layer l of sample b given its Markov blanket, into `out` (for tests and diagnostics). */
export function posteriorLogits(net: Network, l: i32, b: i32, out: usize): void {
  const ws = childWorkspace(layerAt(net, l + 1));
  rowLogits(layerAt(net, l), layerAt(net, l + 1), b, ws, out);
  freeChildWorkspace(ws);
}
