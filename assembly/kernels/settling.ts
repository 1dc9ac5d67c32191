// MAP propagation's settling with its opt-in controls (docs/learning-rules.md#settling-controls):
// a stopping tolerance, heavy-ball momentum guarded by the energy, and a per-sweep log for the
// measurements. Without any of them a network settles by network.ts `settle`, untouched, so
// every committed result stays what it was; with them, by `settleControlled` below, whose plain
// step is the same arithmetic unit for unit.

import { Network, layerAt, firstToRefresh, settle } from "./network";
import { allocFloats, backProject, computeEligibility, forwardLayer } from "./layer";
import { UnitCode } from "../../bindings/core/interface";
import { Float, FLOAT_SHIFT } from "../simd/precision";
import { logf32v } from "./simdmath";
import { STEP, STEP_BYTES, vfirst, vlog64, vabs, vadd, vload, vmul, vpmax, vsplat, vstore, vsub, vsum } from "../simd/vector";

/** What a logged sweep did (SettleLogField.outcome). */
// @ts-ignore: decorator
@inline const PLAIN: f64 = 0; // the plain descent step
// @ts-ignore: decorator
@inline const ACCELERATED: f64 = 1; // the momentum step, which did not raise the energy
// @ts-ignore: decorator
@inline const RESTARTED: f64 = 2; // the momentum step raised the energy: plain step instead, momentum reset
// @ts-ignore: decorator
@inline const REVERTED: f64 = 3; // the plain step raised the energy too: values restored, settling stopped

/** f64 fields per sweep of the settling log: energy after the sweep, ‖∇E‖ and largest plain step before it, outcome. */
// @ts-ignore: decorator
@inline export const SETTLE_LOG_FIELDS: i32 = 4;

/**
 * Smallest probability the energy's −log p takes, so a vanishing probability gives a finite
 * energy: a normal float32, which the float32 log takes.
 */
// @ts-ignore: decorator
@inline const PROBABILITY_FLOOR: f64 = 1e-30;

/**
 * log p with the build's own vector log (float32: the polynomial of Box–Muller's draws; float64:
 * NativeMath's, whose tables the core already holds), so the energy adds no second log routine
 * and its tables to the float32 core.
 */
function logProbability(p: f64): f64 {
  const x = vsplat(<Float>Math.max(p, PROBABILITY_FLOOR));
  if (sizeof<Float>() == 4) return <f64>vfirst(logf32v(x));
  return <f64>vfirst(vlog64(x));
}

/** ‖∇E‖² of the last sweep's starting point, summed while its step is taken (a Wasm global). */
let gradientSquares: f64 = 0;

// @ts-ignore: decorator
@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << FLOAT_SHIFT);
}

/** Floats of one of the settling buffers: batch × stride per hidden layer. */
function hiddenFloats(net: Network): i32 {
  let n = 0;
  for (let l = 0; l < net.nLayers - 1; l++) n += net.batch * layerAt(net, l).stride;
  return n;
}

/**
 * Sets the stopping tolerance (0: every sweep) and the momentum β (0: none); the momentum's
 * buffers (previous values, plain steps, velocities) are allocated on first use and live as
 * long as the network. They hold nothing between settlings, so checkpoints leave them out.
 */
export function configureSettling(net: Network, tolerance: Float, momentum: Float): void {
  net.settleTolerance = tolerance;
  net.settleMomentum = momentum;
  if (momentum > 0 && net.settleBuffers == 0) net.settleBuffers = allocFloats(3 * hiddenFloats(net));
}

/** Logs each later settling's sweeps, SETTLE_LOG_FIELDS f64 each, into `log` (capacity sweeps; 0: off). */
export function configureSettleLog(net: Network, log: usize, capacity: i32): void {
  net.settleLog = capacity > 0 ? log : 0;
  net.settleLogCapacity = capacity;
}

/** Settles with the network's controls, or by the fixed sweeps when it has none; records the sweeps run. */
export function settleNetwork(net: Network, steps: i32): void {
  if (net.settleTolerance > 0 || net.settleMomentum > 0 || net.settleLog != 0) {
    net.lastSweeps = settleControlled(net, steps);
  } else {
    settle(net, steps);
    net.lastSweeps = steps;
  }
}

/**
 * The energy −log p(hidden values, output | input) up to constants, summed over samples, in
 * float64: ½(h − μ)²/σ² per Gaussian unit, −log p of a Bernoulli unit's value and of a
 * categorical output's action (bindings/training/signals.ts `energy`, the same sum). Reads the
 * means as the last refresh left them.
 */
export function networkEnergy(net: Network): f64 {
  let total: f64 = 0;
  for (let l = 0; l < net.nLayers; l++) {
    const L = layerAt(net, l);
    for (let b = 0; b < L.batch; b++) {
      const row = b * L.stride;
      if (L.unit == UnitCode.gaussian) {
        const scale: f64 = 0.5 / <f64>L.variance;
        for (let j = 0; j < L.nOut; j++) {
          const d: f64 = <f64>load<Float>(at(L.values, row + j)) - <f64>load<Float>(at(L.mean, row + j));
          total += d * d * scale;
        }
      } else if (L.unit == UnitCode.bernoulli) {
        for (let j = 0; j < L.nOut; j++) {
          const m = <f64>load<Float>(at(L.mean, row + j));
          const p: f64 = load<Float>(at(L.values, row + j)) > 0.5 ? m : 1 - m;
          total -= logProbability(p);
        }
      } else if (L.unit == UnitCode.categorical) {
        const action = load<i32>(L.action + (<usize>b << 2));
        let p: f64 = 1;
        if (action < L.nOut) p = <f64>load<Float>(at(L.mean, row + action));
        else {
          for (let j = 0; j < L.nOut; j++) p -= <f64>load<Float>(at(L.mean, row + j)); // the fixed zero logit's class
        }
        total -= logProbability(p);
      }
    }
  }
  return total;
}

/** Every layer above the bottom: eligibility and its back-projection, the pull on the layer below. */
function computePulls(net: Network): void {
  for (let l = 1; l < net.nLayers; l++) {
    const upper = layerAt(net, l);
    computeEligibility(upper);
    backProject(upper);
  }
}

/** Recomputes potentials and means above the values a sweep moved (network.ts `settle`'s refresh). */
function refresh(net: Network, sweep: i32): void {
  for (let l = firstToRefresh(net, sweep); l < net.nLayers; l++) forwardLayer(layerAt(net, l), false, net.rng);
}

/** Room for one vector's lanes, read one at a time (the tail of a row, a horizontal maximum). */
const LANE_SCRATCH: usize = memory.data(32, 16);

/** The largest of |lane| over the first `lanes` lanes stored in LANE_SCRATCH, and `largest`. */
function largestLane(lanes: i32, largest: Float): Float {
  for (let i = 0; i < lanes; i++) largest = max<Float>(largest, abs<Float>(load<Float>(at(LANE_SCRATCH, i))));
  return largest;
}

/** Σ (lane · toGradient)² over the first `lanes` lanes stored in LANE_SCRATCH, in float64. */
function gradientLanes(lanes: i32, toGradient: f64): f64 {
  let sum: f64 = 0;
  for (let i = 0; i < lanes; i++) {
    const g = <f64>load<Float>(at(LANE_SCRATCH, i)) * toGradient;
    sum += g * g;
  }
  return sum;
}

/**
 * One sweep's move of every hidden unit: the plain step p = settleRate·(μ − h) + settleRate·σ²·pull
 * (descendHidden's vector arithmetic, lane for lane, padding lanes too), or with `momentum` the
 * heavy-ball step v ← βv + p (`first`: v ← p), whose previous values and plain steps are kept for
 * a restart. Returns the largest |p| over real units; with `measures`, leaves
 * ‖∇E‖² = Σ (p / (settleRate·σ²))² in gradientSquares.
 */
function moveHidden(net: Network, momentum: bool, first: bool, measures: bool): Float {
  const keep = vsplat(net.settleMomentum);
  const hidden = <usize>hiddenFloats(net) << FLOAT_SHIFT;
  let previous = net.settleBuffers;
  let plain = previous + hidden;
  let velocity = plain + hidden;
  // The largest |p| of the whole vectors is kept lane by lane with pmax, one instruction, where
  // max (which propagates NaN) compiles to several in a chain through every vector of the sweep
  // (bench/results/settling-guard-cost.md times both). pmax skips a NaN, so `magnitudes` sums
  // every |p|: a sum of non-negative numbers and +∞ is NaN only when one of them is, and then the
  // sweep's largest step is NaN, as max made it, and no tolerance stops on it.
  let widest = vsplat(0);
  let magnitudes = vsplat(0);
  let largest: Float = 0;
  let squares: f64 = 0;
  for (let l = 0; l < net.nLayers - 1; l++) {
    const L = layerAt(net, l);
    const pull = layerAt(net, l + 1).backProjection;
    const lowerRate = vsplat(net.settleRate);
    const upperRate = vsplat(net.settleRate * L.variance);
    const toGradient: f64 = 1 / <f64>(net.settleRate * L.variance);
    for (let b = 0; b < L.batch; b++) {
      for (let j = 0; j < L.stride; j += STEP) {
        const o = <usize>(b * L.stride + j) << FLOAT_SHIFT;
        const h = vload(L.values + o);
        const step = vadd(vmul(lowerRate, vsub(vload(L.mean + o), h)), vmul(upperRate, vload(pull + o)));
        // Padding lanes move as descendHidden moves them (nothing reads them), so a network's
        // whole state stays byte for byte the fixed sweeps' when no control changes a step;
        // they are left out of the measures.
        const lanes = min(L.nOut - j, STEP);
        if (lanes == STEP) {
          const magnitude = vabs(step);
          widest = vpmax(widest, magnitude);
          magnitudes = vadd(magnitudes, magnitude);
        }
        if (lanes < STEP || measures) vstore(LANE_SCRATCH, step);
        if (lanes < STEP) largest = largestLane(lanes, largest);
        if (measures) squares += gradientLanes(lanes, toGradient);
        if (momentum) {
          const v = first ? step : vadd(vmul(keep, vload(velocity + o)), step);
          vstore(previous + o, h);
          vstore(plain + o, step);
          vstore(velocity + o, v);
          vstore(L.values + o, vadd(h, v));
        } else {
          vstore(L.values + o, vadd(h, step));
        }
      }
    }
    const n = <usize>(L.batch * L.stride) << FLOAT_SHIFT;
    previous += n;
    plain += n;
    velocity += n;
  }
  gradientSquares = squares;
  vstore(LANE_SCRATCH, widest);
  const total = vsum(magnitudes);
  return total != total ? <Float>NaN : largestLane(STEP, largest);
}

/**
 * Undoes the last momentum step: values back to where the sweep began, plus its plain step
 * (`withStep`, the momentum restarting from that step) or not (the sweep undone entirely).
 */
function retreat(net: Network, withStep: bool): void {
  const hidden = <usize>hiddenFloats(net) << FLOAT_SHIFT;
  let previous = net.settleBuffers;
  let plain = previous + hidden;
  let velocity = plain + hidden;
  for (let l = 0; l < net.nLayers - 1; l++) {
    const L = layerAt(net, l);
    const n = <usize>(L.batch * L.stride) << FLOAT_SHIFT;
    for (let o: usize = 0; o < n; o += STEP_BYTES) {
      const h = vload(previous + o);
      if (withStep) {
        const step = vload(plain + o);
        vstore(L.values + o, vadd(h, step));
        vstore(velocity + o, step);
      } else {
        vstore(L.values + o, h);
      }
    }
    previous += n;
    plain += n;
    velocity += n;
  }
}

function logSweep(net: Network, sweep: i32, energy: f64, largest: Float, outcome: f64): void {
  if (sweep >= net.settleLogCapacity) return;
  const entry = net.settleLog + (<usize>(sweep * SETTLE_LOG_FIELDS) << 3);
  store<f64>(entry, energy);
  store<f64>(entry + 8, Math.sqrt(gradientSquares));
  store<f64>(entry + 16, <f64>largest);
  store<f64>(entry + 24, outcome);
}

/**
 * Up to `steps` sweeps. Each sweep measures the largest plain step p (settleRate·σ² times the
 * energy gradient of a unit) at the values it starts from; settling stops after the first sweep
 * whose largest |p| is below settleTolerance. With settleMomentum β the sweeps after the first
 * take the heavy-ball step; the energy is evaluated after each, and a step that raised it is
 * replaced by the plain step with the momentum reset, and, if that raises it too, undone, which
 * ends the settling. The first sweep is always plain and unguarded: the weights learnt since the
 * forward pass leave the energy before it undefined until its refresh. Returns the sweeps run.
 */
export function settleControlled(net: Network, steps: i32): i32 {
  const tolerance = net.settleTolerance;
  const guarded = net.settleMomentum > 0;
  const logs = net.settleLog != 0;
  let energy: f64 = 0;
  for (let s = 0; s < steps; s++) {
    computePulls(net);
    const largest = moveHidden(net, guarded, s == 0, logs);
    refresh(net, s);
    let outcome = PLAIN;
    if (guarded || logs) {
      let now = networkEnergy(net);
      if (guarded && s > 0) {
        outcome = ACCELERATED;
        if (now > energy) {
          outcome = RESTARTED;
          retreat(net, true);
          refresh(net, s);
          now = networkEnergy(net);
          if (now > energy) {
            retreat(net, false);
            refresh(net, s);
            if (logs) logSweep(net, s, energy, largest, REVERTED);
            return s + 1;
          }
        }
      }
      energy = now;
      if (logs) logSweep(net, s, energy, largest, outcome);
    }
    if (largest < tolerance) return s + 1;
  }
  return steps;
}
