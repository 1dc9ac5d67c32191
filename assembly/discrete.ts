// MAP propagation on Bernoulli-logistic hidden units (docs/learning-rules.md, "Discrete MAP propagation"):
// after the action is sampled, the hidden values move to a local minimum of the energy
// E(h) = −log Pr(h¹…h^{L−1}, action | state) by iterated conditional modes. Each hidden unit in
// turn takes whichever of its two values is more probable given its parents and its children
// (with everything else held), layers bottom-up, units in index order, until a whole sweep
// changes nothing or `maxSweeps` sweeps have run.
//
// Setting a unit to its better value is a flip exactly when the flip lowers E, so a sweep is a
// sequence of single flips each of which lowers E: the energy never increases, the search cannot
// cycle (in exact arithmetic), and when it stops because a sweep changed nothing no single flip
// lowers E — a local minimum.
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

import { UnitCode } from "../bindings/core/interface";
import { Layer, allocFloats, forwardLayer } from "./layer";
import { Network, layerAt } from "./network";
import { activateWithSlope } from "./activation";
import { expFloat, expv, logf32v } from "./simdmath";
import { STEP, vadd, vdiv, vfirst, vlog64, vload, vmul, vneg, vsplat, vstore, vsub, vsum } from "./vector";
import { Float, FLOAT_SHIFT } from "./precision";

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
 * Moves the hidden values of every sample to a local minimum of −log Pr(hidden, output | input)
 * by iterated conditional modes, the output clamped; at most `maxSweeps` sweeps per sample. Every
 * hidden layer must hold Bernoulli units. Potentials are first refreshed from the current weights
 * (they may have changed since the forward pass), and at the end potentials and means of every
 * layer follow the settled values, as after continuous settling. Returns the number of sweeps that
 * changed a value, summed over samples (the search depth).
 */
export function settleDiscrete(net: Network, maxSweeps: i32): i32 {
  const top = net.nLayers - 1;
  for (let l = 0; l <= top; l++) forwardLayer(layerAt(net, l), false, net.rng);
  let widest = 0;
  for (let l = 1; l <= top; l++) widest = max(widest, layerAt(net, l).stride);
  // σ(a/T) of the row of Bernoulli children being searched: it changes only when a flip is accepted.
  const cached = allocFloats(widest);
  const trial = allocFloats(widest); // slopes written by a Gaussian output's activation, unused
  // e^{W/T} of each Bernoulli layer above the first (one pointer per layer, else 0).
  const growth = heap.alloc(<usize>net.nLayers << 2);
  for (let l = 0; l <= top; l++) store<usize>(growth + (<usize>l << 2), l > 0 && layerAt(net, l).unit == UnitCode.bernoulli ? weightGrowth(layerAt(net, l)) : 0);
  let depth = 0;
  for (let b = 0; b < net.batch; b++) {
    for (let s = 0; s < maxSweeps; s++) {
      let changed = false;
      for (let l = 0; l < top; l++) {
        if (sweepLayer(layerAt(net, l), layerAt(net, l + 1), b, cached, trial, load<usize>(growth + (<usize>(l + 1) << 2)))) changed = true;
      }
      if (!changed) break;
      depth++;
    }
  }
  for (let l = 0; l <= top; l++) if (load<usize>(growth + (<usize>l << 2)) != 0) heap.free(load<usize>(growth + (<usize>l << 2)));
  heap.free(growth);
  heap.free(cached);
  heap.free(trial);
  for (let l = 1; l <= top; l++) forwardLayer(layerAt(net, l), false, net.rng);
  return depth;
}

/** One ICM pass over the units of Bernoulli layer L of sample b, C the layer above. Returns whether any unit flipped. */
function sweepLayer(L: Layer, C: Layer, b: i32, cached: usize, trial: usize, growth: usize): bool {
  const row = b * L.stride;
  const childRow = b * C.stride;
  const invT: Float = 1 / L.temperature;
  if (C.unit == UnitCode.bernoulli) cacheChildren(C, childRow, cached);
  let changed = false;
  for (let i = 0; i < L.nOut; i++) {
    const h = load<Float>(at(L.values, row + i));
    const sign: Float = 1 - 2 * h;
    const own = sign * load<Float>(at(L.potentials, row + i)) * invT;
    const w = at(C.weights, i * C.stride);
    let children: Float;
    if (C.unit == UnitCode.bernoulli) children = bernoulliGain(C, childRow, w, at(growth, i * C.stride), sign, cached);
    else if (C.unit == UnitCode.categorical) children = categoricalGain(C, b, w, sign);
    else children = gaussianGain(C, childRow, w, sign, trial);
    // The flip raises log Pr (lowers the energy) by own + children; ties keep the value.
    if (own + children > 0) {
      store<Float>(at(L.values, row + i), 1 - h);
      moveChildren(C, childRow, w, sign);
      if (C.unit == UnitCode.bernoulli) cacheChildren(C, childRow, cached);
      changed = true;
    }
  }
  return changed;
}

/**
 * cached[j] = σ(a_j/T) of the children's row, as 1 / (1 + e^{−x}) without the layer's saturation
 * at |x| ≥ 20, which would drop the change of a child moved across its threshold from far away.
 */
function cacheChildren(C: Layer, childRow: i32, cached: usize): void {
  const invT = vsplat(1 / C.temperature);
  for (let j = 0; j < C.stride; j += STEP) {
    const x = vmul(vload(at(C.potentials, childRow + j)), invT);
    vstore(at(cached, j), vdiv(vsplat(1), vadd(vsplat(1), expv(vneg(x)))));
  }
}

/** e^{W/T} of every weight of Bernoulli layer C (padding lanes: e^0 = 1; float32 clamps W/T to [−87, 88]). */
function weightGrowth(C: Layer): usize {
  const n = C.nIn * C.stride;
  const out = allocFloats(n);
  const invT = vsplat(1 / C.temperature);
  for (let k = 0; k < n; k += STEP) vstore(at(out, k), expv(vmul(vload(at(C.weights, k)), invT)));
  return out;
}

/** Children's potentials a ← a + sign·W[i,:] after a flip. */
function moveChildren(C: Layer, childRow: i32, w: usize, sign: Float): void {
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
function bernoulliGain(C: Layer, childRow: i32, w: usize, growth: usize, sign: Float, cached: usize): Float {
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
function categoricalGain(C: Layer, b: i32, w: usize, sign: Float): Float {
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
function gaussianGain(C: Layer, childRow: i32, w: usize, sign: Float, trial: usize): Float {
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
