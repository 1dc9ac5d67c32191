// assembly/async.ts: asynchronous MAP propagation (ALGORITHMS.md §6.1, §6.3), threads simulated
// in lockstep. Hidden units keep their values between environment steps and run the same
// energy-descent update whether the output is resampled or clamped; every sweep adds to the
// traces, each unit's eligibility weighted by 1/(ε + α·g²) of a momentum g of its recent changes.
import {
  type Layer, CATEGORICAL, accumulateTrace, backProject, computeEligibility, forwardLayer,
} from "./layer.js";
import type { Machine } from "./machine.js";
import { type Network, firstToRefresh, gateEligibilities } from "./network.js";

/** Smallest |V − μ| the async critic's gate divides by, relative to max(1, |V|) (see assembly/async.ts). */
const ASYNC_GATE_FLOOR = 2 ** -10;

/** Floats of a network's momentum buffer: one batch × stride block per layer. */
export function momentumFloats(net: Network): number {
  return net.layerList.reduce((n, L) => n + net.batch * L.stride, 0);
}

/** Float index of layer l's block of the momentum buffer at `momentum` (a pointer). */
function momentumOf(m: Machine, net: Network, momentum: number, l: number): number {
  let offset = 0;
  for (let k = 0; k < l; k++) offset += net.batch * net.layerList[k].stride;
  return (momentum >>> m.math.shift) + offset;
}

/** Episode start for sample b: hidden values to zero, momenta to 1/α. */
export function resetAsyncSample(m: Machine, net: Network, momentum: number, b: number, alpha: number): void {
  const F = m.F;
  const sh = m.math.shift;
  const layers = net.layerList;
  for (let l = 0; l < layers.length; l++) {
    const L = layers[l];
    const row = b * L.stride;
    if (l < layers.length - 1) F.fill(0, (L.values >>> sh) + row, (L.values >>> sh) + row + L.stride);
    const g = momentumOf(m, net, momentum, l);
    for (let j = 0; j < L.nOut; j++) F[g + row + j] = m.math.fr(1 / alpha);
  }
}

/** Recomputes every layer's potentials and means from the current values (a new observation). */
export function refreshNetwork(m: Machine, net: Network): void {
  for (const L of net.layerList) forwardLayer(m, L, false, net.rng);
}

/** Scales each unit's eligibility by 1/(ε + α g²) of its momentum g. */
function weighByRest(m: Machine, L: Layer, g: number, alpha: number, epsilon: number): void {
  const F = m.F;
  const fr = m.math.fr;
  const elig = L.elig >>> m.math.shift;
  for (let k = 0; k < L.batch * L.stride; k++) {
    const w = fr(1 / fr(epsilon + fr(alpha * fr(F[g + k] * F[g + k]))));
    F[elig + k] = fr(F[elig + k] * w);
  }
}

/**
 * `sweeps` lockstep sweeps of every unit: hidden layers take a Jacobi energy-descent step and
 * update their momenta with it; the output is resampled (`clamped` false) or held; then every
 * layer's rest-weighted (and for a critic, gated) eligibility is added to the traces.
 */
export function asyncSweeps(
  m: Machine, net: Network, momentum: number, sweeps: number, clamped: boolean, decay: number, gate: boolean,
  beta: number, alpha: number, epsilon: number,
): void {
  const fr = m.math.fr;
  const sh = m.math.shift;
  const lanes = m.math.lanes;
  const layers = net.layerList;
  const top = layers.length - 1;
  const out = layers[top];
  const gOut = momentumOf(m, net, momentum, top);
  const keep = beta;
  const blend = fr(1 - beta);
  const n = out.batch * out.stride;
  const outValues = out.values >>> sh;
  for (let s = 0; s < sweeps; s++) {
    for (let l = 1; l <= top; l++) {
      computeEligibility(m, layers[l]);
      backProject(m, layers[l]);
    }
    const F = m.F;
    for (let l = 0; l < top; l++) {
      const L = layers[l];
      const g = momentumOf(m, net, momentum, l);
      const lowerRate = net.settleRate;
      const upperRate = fr(net.settleRate * L.variance);
      const values = L.values >>> sh;
      const mean = L.mean >>> sh;
      const push = layers[l + 1].back >>> sh;
      for (let k = 0; k < L.batch * L.stride; k++) {
        const h = F[values + k];
        const pull = fr(F[mean + k] - h);
        const step = fr(fr(lowerRate * pull) + fr(upperRate * F[push + k]));
        F[values + k] = fr(h + step);
        F[g + k] = fr(fr(keep * F[g + k]) + fr(blend * step));
      }
    }
    for (let l = firstToRefresh(net, s); l < top; l++) forwardLayer(m, layers[l], false, net.rng);
    if (clamped) {
      forwardLayer(m, out, false, net.rng);
      for (let k = 0; k < n; k++) F[gOut + k] = fr(keep * F[gOut + k]);
    } else if (out.unit === CATEGORICAL) {
      // The previous action waits in `scratch` (as a Float) while a new one is drawn.
      const I32 = m.heap.i32;
      const scratch = out.scratch >>> sh;
      for (let b = 0; b < out.batch; b++) F[scratch + b * lanes] = fr(I32[(out.action >>> 2) + b]);
      forwardLayer(m, out, true, net.rng);
      for (let b = 0; b < out.batch; b++) {
        const changed = fr(I32[(out.action >>> 2) + b]) !== F[scratch + b * lanes] ? 1 : 0;
        for (let j = 0; j < out.nOut; j++) {
          const p = gOut + b * out.stride + j;
          F[p] = fr(fr(beta * F[p]) + fr(fr(1 - beta) * changed));
        }
      }
    } else {
      // g ← βg + (1 − β)(new − old), in two halves around the draw.
      for (let k = 0; k < n; k++) F[gOut + k] = fr(fr(keep * F[gOut + k]) - fr(blend * F[outValues + k]));
      forwardLayer(m, out, true, net.rng);
      for (let k = 0; k < n; k++) F[gOut + k] = fr(F[gOut + k] + fr(blend * F[outValues + k]));
    }
    for (let l = 0; l <= top; l++) {
      computeEligibility(m, layers[l]);
      weighByRest(m, layers[l], momentumOf(m, net, momentum, l), alpha, epsilon);
    }
    if (gate) gateEligibilities(m, net, ASYNC_GATE_FLOOR);
    for (const L of layers) accumulateTrace(m, L, decay);
  }
}
