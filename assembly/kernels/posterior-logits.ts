// Each Bernoulli hidden unit's log-odds given its Markov blanket, q_i = a_i/T + C_i with
// C_i = log Pr(children | h_i = 1, rest) − log Pr(children | h_i = 0, rest), from the flip gains of
// flip-gains.ts (a flip of a unit at value h gains (1 − 2h)·q_i), and discrete MAP propagation's
// posterior-mean eligibility (σ(q_i) − p_i)/T (TraceMode.posteriorMean; discrete-posterior.ts has
// the searches that use q).

import { UnitCode } from "../../bindings/core/interface";
import { Layer, allocFloats } from "./layer";
import { bernoulliGain, cacheChildren, categoricalGain, gaussianGain, weightGrowth } from "./flip-gains";
import { sigmoidv } from "./simdmath";
import { vfirst, vsplat } from "../simd/vector";
import { Float, FLOAT_SHIFT } from "../simd/precision";

// @ts-ignore: decorator
@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << FLOAT_SHIFT);
}

/** σ(x) as the layers compute their means (saturating at |x| ≥ 20), so q = a/T gives back p exactly. */
export function logistic(x: Float): Float {
  return vfirst(sigmoidv(vsplat(x)));
}

/** Buffers every sweep needs: σ(a/T) of a row of Bernoulli children, a Gaussian output's slopes, e^{W/T} per layer. */
@unmanaged
export class Workspace {
  cached: usize;
  trial: usize;
  // A search's (openWorkspace): nLayers pointers, e^{W/T} of each Bernoulli layer above the first,
  // else 0. One layer's children (childWorkspace): e^{W/T} of that layer if Bernoulli, else 0.
  growth: usize;
}

/**
 * Change of the children's log-likelihood when unit i's contribution to their potentials grows by
 * sign·W[i,:] (flip-gains.ts); `growth` is e^{W/T} of C, or 0 if C is not Bernoulli.
 */
export function childrenGain(C: Layer, b: i32, i: i32, sign: Float, growth: usize, ws: Workspace): Float {
  const childRow = b * C.stride;
  const w = at(C.weights, i * C.stride);
  if (C.unit == UnitCode.bernoulli) return bernoulliGain(C, childRow, w, at(growth, i * C.stride), sign, ws.cached);
  if (C.unit == UnitCode.categorical) return categoricalGain(C, b, w, sign);
  return gaussianGain(C, childRow, w, sign, ws.trial);
}

/** A Workspace for the children of one layer C, with e^{W/T} of C if it is Bernoulli. */
export function childWorkspace(C: Layer): Workspace {
  const ws = changetype<Workspace>(heap.alloc(offsetof<Workspace>()));
  ws.cached = allocFloats(C.stride);
  ws.trial = allocFloats(C.stride);
  ws.growth = C.unit == UnitCode.bernoulli ? weightGrowth(C) : 0;
  return ws;
}

export function freeChildWorkspace(ws: Workspace): void {
  if (ws.growth != 0) heap.free(ws.growth);
  heap.free(ws.cached);
  heap.free(ws.trial);
  heap.free(changetype<usize>(ws));
}

/** q_i = a_i/T + C_i of every unit of hidden layer L of sample b into out[0..nOut): the flip's gain is (1 − 2h)·q. */
export function rowLogits(L: Layer, C: Layer, b: i32, ws: Workspace, out: usize): void {
  const row = b * L.stride;
  const invT: Float = 1 / L.temperature;
  if (C.unit == UnitCode.bernoulli) cacheChildren(C, b * C.stride, ws.cached);
  for (let i = 0; i < L.nOut; i++) {
    const sign: Float = 1 - 2 * load<Float>(at(L.values, row + i));
    store<Float>(at(out, i), load<Float>(at(L.potentials, row + i)) * invT + sign * childrenGain(C, b, i, sign, ws.growth, ws));
  }
}

/**
 * eligibility = (σ(q_i) − p_i)/T for every unit of Bernoulli hidden layer L (C the layer above),
 * q_i the unit's log-odds given its Markov blanket at the current values, p_i = σ(a_i/T) its mean.
 * Potentials of L and C must follow the current values (they do after forward, a search or settling).
 */
export function computePosteriorMeanEligibility(L: Layer, C: Layer): void {
  const invT: Float = 1 / L.temperature;
  const ws = childWorkspace(C);
  for (let b = 0; b < L.batch; b++) {
    const row = b * L.stride;
    const e = at(L.eligibility, row);
    rowLogits(L, C, b, ws, e);
    for (let i = 0; i < L.nOut; i++) store<Float>(at(e, i), (logistic(load<Float>(at(e, i))) - load<Float>(at(L.mean, row + i))) * invT);
    for (let j = L.nOut; j < L.stride; j++) store<Float>(at(e, j), 0);
  }
  freeChildWorkspace(ws);
}

