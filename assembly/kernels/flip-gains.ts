// The change of log Pr(children | parents) when one Bernoulli hidden unit flips, per kind of
// child layer: what discrete MAP propagation's searches (discrete.ts, discrete-posterior.ts) and
// its posterior-mean eligibility (posterior-eligibility.ts) weigh each unit's value by.
//
// A flip of unit i (value h_i, δ = 1 − 2h_i) in a layer with potentials a and temperature T
// changes log π of the unit itself by δ·a_i/T, and moves the potentials of the layer above by
// δ·W[i,:], which changes the children's log-likelihood (Bernoulli children: softplus terms;
// a categorical output: the log-softmax of the taken action; a Gaussian output: its log-density).
// Child potentials are kept up to date as units flip, so a flip's gain costs one pass over the
// unit's outgoing weights, vectorised over the children.
//
// Bernoulli children's change is Σ_j h_j·d_j/T − Σ_j log r_j with r_j = (1 + e^{(a_j+d_j)/T}) /
// (1 + e^{a_j/T}) = 1 + σ(a_j/T)·(e^{d_j/T} − 1): e^{W/T} once per weight and call, σ once per
// child row and accepted flip, and per trial flip a multiply-add per child and few logs — instead
// of an exp and a log per child (a difference of softplus terms). float64 multiplies the factors
// and takes one log per lane at the end (its exp and log run per lane with NativeMath, tens of ns
// each): 6× faster per search than the softplus form. float32 takes the log of each vector of
// factors (a product over a whole row could overflow its range).

import { UnitCode } from "../../bindings/core/interface";
import { Layer, allocFloats } from "./layer";
import { activateWithSlope } from "./activation";
import { expFloat, expv, logf32v } from "./simdmath";
import { STEP, vadd, vdiv, vfirst, vlog64, vload, vmul, vneg, vsplat, vstore, vsub, vsum } from "../simd/vector";
import { Float, FLOAT_SHIFT } from "../simd/precision";

const FLOAT32 = sizeof<Float>() == 4;

// @ts-ignore: decorator
@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << FLOAT_SHIFT);
}

/** Natural log of one positive number: the float32 build's polynomial or NativeMath. */
function logFloat(x: Float): Float {
  if (FLOAT32) return vfirst(logf32v(vsplat(x)));
  return <Float>Math.log(<f64>x);
}

/**
 * cached[j] = σ(a_j/T) of the children's row, as 1 / (1 + e^{−x}) without the layer's saturation
 * at |x| ≥ 20, which would drop the change of a child moved across its threshold from far away.
 */
export function cacheChildren(C: Layer, childRow: i32, cached: usize): void {
  const invT = vsplat(1 / C.temperature);
  for (let j = 0; j < C.stride; j += STEP) {
    const x = vmul(vload(at(C.potentials, childRow + j)), invT);
    vstore(at(cached, j), vdiv(vsplat(1), vadd(vsplat(1), expv(vneg(x)))));
  }
}

/** e^{W/T} of every weight of Bernoulli layer C (padding lanes: e^0 = 1; float32 clamps W/T to [−87, 88]). */
export function weightGrowth(C: Layer): usize {
  const n = C.nIn * C.stride;
  const out = allocFloats(n);
  const invT = vsplat(1 / C.temperature);
  for (let k = 0; k < n; k += STEP) vstore(at(out, k), expv(vmul(vload(at(C.weights, k)), invT)));
  return out;
}

/** Children's potentials a ← a + sign·W[i,:] after a flip. */
export function moveChildren(C: Layer, childRow: i32, w: usize, sign: Float): void {
  const s = vsplat(sign);
  for (let j = 0; j < C.stride; j += STEP) {
    const p = at(C.potentials, childRow + j);
    vstore(p, vadd(vload(p), vmul(s, vload(at(w, j)))));
  }
}

/**
 * Change of Σ_j log π(h_j | a_j) = Σ_j h_j·a_j/T − softplus(a_j/T) over Bernoulli children when
 * their potentials move by d = sign·W[i,:]: Σ_j h_j·d_j/T − Σ_j log(1 + σ_j·(e^{d_j/T} − 1)), with
 * e^{d_j/T} = growth_j or its reciprocal. Each factor lies in [e^{−|d_j|/T}, e^{|d_j|/T}], so a
 * float64 product overflows only if a unit's outgoing weights sum beyond 700·T. Padding lanes have
 * zero weights and values: they add 0.
 */
export function bernoulliGain(C: Layer, childRow: i32, w: usize, growth: usize, sign: Float, cached: usize): Float {
  const invT = vsplat(1 / C.temperature);
  const s = vsplat(sign);
  let linear = vsplat(0);
  let logs = vsplat(0); // float32: Σ of each vector's logs
  let product = vsplat(1); // float64: the factors, logged once at the end
  for (let j = 0; j < C.stride; j += STEP) {
    linear = vadd(linear, vmul(vload(at(C.values, childRow + j)), vmul(vmul(s, vload(at(w, j))), invT)));
    const g = sign > 0 ? vload(at(growth, j)) : vdiv(vsplat(1), vload(at(growth, j)));
    const factor = vadd(vsplat(1), vmul(vload(at(cached, j)), vsub(g, vsplat(1))));
    if (FLOAT32) logs = vadd(logs, logf32v(factor));
    else product = vmul(product, factor);
  }
  return FLOAT32 ? vsum(vsub(linear, logs)) : vsum(vsub(linear, vlog64(product)));
}

/**
 * Change of the taken action's log-softmax(a/T) (with the fixed zero logit, if the layer has one)
 * when the logits move by sign·W[i,:]: the action's own logit change minus the change of the
 * log-partition, both partitions shifted by the same maximum and their exponents floored at −30
 * as the layer's softmax does.
 */
export function categoricalGain(C: Layer, b: i32, w: usize, sign: Float): Float {
  const row = b * C.stride;
  const invT: Float = 1 / C.temperature;
  let top: Float = C.fixedZeroLogit ? 0 : -Infinity;
  for (let j = 0; j < C.nOut; j++) {
    const a = load<Float>(at(C.potentials, row + j));
    top = max(top, max(a, a + sign * load<Float>(at(w, j))) * invT);
  }
  const fixed: Float = C.fixedZeroLogit ? expFloat(max<Float>(-top, -30)) : 0;
  let before = fixed;
  let after = fixed;
  for (let j = 0; j < C.nOut; j++) {
    const a = load<Float>(at(C.potentials, row + j));
    before += expFloat(max<Float>(a * invT - top, -30));
    after += expFloat(max<Float>((a + sign * load<Float>(at(w, j))) * invT - top, -30));
  }
  const action = load<i32>(C.action + (<usize>b << 2));
  const own: Float = action < C.nOut ? sign * load<Float>(at(w, action)) * invT : 0;
  return own - (logFloat(after) - logFloat(before));
}

/**
 * Change of Σ_j log N(x_j; f(a_j), σ²) = −Σ_j (x_j − f(a_j))² / 2σ² over Gaussian children when
 * their potentials move by sign·W[i,:] (f the layer's activation; padding lanes add 0).
 */
export function gaussianGain(C: Layer, childRow: i32, w: usize, sign: Float, trial: usize): Float {
  const s = vsplat(sign);
  let acc = vsplat(0);
  for (let j = 0; j < C.stride; j += STEP) {
    const a = vload(at(C.potentials, childRow + j));
    const x = vload(at(C.values, childRow + j));
    const before = vsub(x, activateWithSlope(C.activation, a, at(trial, j)));
    const after = vsub(x, activateWithSlope(C.activation, vadd(a, vmul(s, vload(at(w, j)))), at(trial, j)));
    acc = vadd(acc, vsub(vmul(before, before), vmul(after, after)));
  }
  return vsum(acc) / (2 * C.variance);
}
