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
// The gains of single flips are flip-gains.ts's.

import { UnitCode } from "../../bindings/core/interface";
import { Layer, allocFloats, forwardLayer } from "./layer";
import { Network, layerAt } from "./network";
import { bernoulliGain, cacheChildren, categoricalGain, gaussianGain, moveChildren, weightGrowth } from "./flip-gains";
import { Float, FLOAT_SHIFT } from "../simd/precision";

// @ts-ignore: decorator
@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << FLOAT_SHIFT);
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

