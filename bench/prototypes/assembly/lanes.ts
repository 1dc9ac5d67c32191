// A measurement, not part of the library: would storing one seed per SIMD lane make a group of
// independent seeds cheaper than the core's layout, where the lanes run across a layer's units?
// The MAP propagation actor of CartPole (4 → 64 → 32 → 2: 20 settling sweeps, local traces, one
// Adam step) is written here once more with every float of the network widened to a vector of
// LANES seeds (interleaved storage: unit k of seed s at k·16 + s·sizeof<Float> bytes), and timed
// against the core's own kernels run once per seed (bench/prototypes/lanes.mjs).
//
// Every operation is lane-wise. The only sums over units, the back-projections, keep one partial
// sum per SIMD lane of the core and add them as its vsum does, so each lane reproduces the SIMD
// build's run of its seed bit for bit (`mismatches` counts the floats that differ).
import { Network, layerAt, createNetwork, forward, settle, recordTrace, learnGlobal } from "../../../assembly/kernels/network";
import { Layer, allocFloats } from "../../../assembly/kernels/layer";
import { Float, FLOAT_SHIFT, LANES } from "../../../assembly/simd/precision";
import { softplusWithSlope, expv } from "../../../assembly/kernels/simdmath";
import { Vec, vadd, vsub, vmul, vdiv, vsqrt, vsplat, vload, vstore, vpmax, vmax } from "../../../assembly/simd/vector";
import { TraceMode, UnitCode } from "../../../bindings/core/interface";

// A widened layer is the core's own Layer record whose buffers hold SEEDS floats per float.

/** Seeds per group: one per lane. */
const SEEDS: i32 = LANES;
/** Bytes of one widened float (a vector of SEEDS seeds). */
const WIDE: usize = 16;

const layers = new StaticArray<usize>(8);
let layerCount = 0;
// The group's settling step and Adam ε: the seeds' networks', which the host configured.
let groupSettleRate: Float = 0;
let groupEpsilon: Float = 0;

// @ts-ignore: decorator
@inline function wide(l: i32): Layer {
  return changetype<Layer>(layers[l]);
}

/** Address of widened float k of a buffer. */
// @ts-ignore: decorator
@inline function at(base: usize, k: i32): usize {
  return base + (<usize>k << 4);
}

function allocWide(count: i32): usize {
  return allocFloats(count * SEEDS);
}

// @ts-ignore: decorator
@inline function networkOf(nets: usize, s: i32): Network {
  return changetype<Network>(load<usize>(nets + (<usize>s << 2)));
}

/** Lane s of widened float k ↔ float k of seed s's own network. */
// @ts-ignore: decorator
@inline function lane(base: usize, k: i32, s: i32): usize {
  return at(base, k) + (<usize>s << FLOAT_SHIFT);
}

// @ts-ignore: decorator
@inline function own(base: usize, k: i32): usize {
  return base + (<usize>k << FLOAT_SHIFT);
}

/**
 * A group of SEEDS seeds from their own networks (made by `makeNetwork`, sampled once), with
 * every buffer the actor step reads copied in: both layouts then start from the same state.
 */
export function group(nets: usize): void {
  const first = networkOf(nets, 0);
  layerCount = first.nLayers;
  groupSettleRate = first.settleRate;
  groupEpsilon = first.adamEpsilon;
  let below = allocWide(first.inputStride);
  for (let s = 0; s < SEEDS; s++) {
    for (let k = 0; k < first.inputStride; k++) store<Float>(lane(below, k, s), load<Float>(own(networkOf(nets, s).input, k)));
  }
  for (let l = 0; l < layerCount; l++) {
    const R = layerAt(first, l);
    const L = changetype<Layer>(heap.alloc(offsetof<Layer>()));
    memory.fill(changetype<usize>(L), 0, offsetof<Layer>());
    L.nIn = R.nIn;
    L.nOut = R.nOut;
    L.stride = R.stride;
    L.unit = R.unit;
    L.variance = R.variance;
    L.temperature = R.temperature;
    L.lrStart = R.lrStart;
    L.lrEnd = R.lrEnd;
    L.stepsW = 0;
    L.input = below;
    const n = R.nIn * R.stride;
    L.weights = allocWide(n);
    L.momentWeights = allocWide(n);
    L.squareWeights = allocWide(n);
    L.residueWeights = allocWide(n);
    L.traceWeights = allocWide(n);
    L.bias = allocWide(R.stride);
    L.momentBias = allocWide(R.stride);
    L.squareBias = allocWide(R.stride);
    L.residueBias = allocWide(R.stride);
    L.traceBias = allocWide(R.stride);
    L.values = allocWide(R.stride);
    L.mean = allocWide(R.stride);
    L.potentials = allocWide(R.stride);
    L.slope = allocWide(R.stride);
    L.eligibility = allocWide(R.stride);
    L.backProjection = allocWide(R.inStride);
    for (let s = 0; s < SEEDS; s++) {
      const Rs = layerAt(networkOf(nets, s), l);
      for (let k = 0; k < n; k++) store<Float>(lane(L.weights, k, s), load<Float>(own(Rs.weights, k)));
      for (let k = 0; k < R.stride; k++) {
        store<Float>(lane(L.bias, k, s), load<Float>(own(Rs.bias, k)));
        store<Float>(lane(L.values, k, s), load<Float>(own(Rs.values, k)));
        store<Float>(lane(L.mean, k, s), load<Float>(own(Rs.mean, k)));
        store<Float>(lane(L.potentials, k, s), load<Float>(own(Rs.potentials, k)));
        store<Float>(lane(L.slope, k, s), load<Float>(own(Rs.slope, k)));
      }
    }
    layers[l] = changetype<usize>(L);
    below = L.values;
  }
}

/** potentials = x·W + b, four units at a time with their accumulators in registers (as the core). */
function computePotentials(L: Layer): void {
  const rowBytes = <usize>L.stride << 4;
  for (let j = 0; j < L.stride; j += 4) {
    let a0 = vload(at(L.bias, j));
    let a1 = vload(at(L.bias, j + 1));
    let a2 = vload(at(L.bias, j + 2));
    let a3 = vload(at(L.bias, j + 3));
    let w = at(L.weights, j);
    let x = L.input;
    for (let i = 0; i < L.nIn; i++, w += rowBytes, x += WIDE) {
      const xv = vload(x);
      a0 = vadd(a0, vmul(xv, vload(w)));
      a1 = vadd(a1, vmul(xv, vload(w + WIDE)));
      a2 = vadd(a2, vmul(xv, vload(w + 2 * WIDE)));
      a3 = vadd(a3, vmul(xv, vload(w + 3 * WIDE)));
    }
    vstore(at(L.potentials, j), a0);
    vstore(at(L.potentials, j + 1), a1);
    vstore(at(L.potentials, j + 2), a2);
    vstore(at(L.potentials, j + 3), a3);
  }
}

/** Potentials and means from the current inputs: softmax for the categorical output, softplus otherwise. */
function refresh(L: Layer): void {
  computePotentials(L);
  if (L.unit == UnitCode.categorical) {
    const invT = vsplat(1 / L.temperature);
    let top = vsplat(-Infinity);
    for (let j = 0; j < L.nOut; j++) top = vmax(top, vmul(vload(at(L.potentials, j)), invT));
    let sum = vsplat(0);
    for (let j = 0; j < L.nOut; j++) {
      const e = expv(vpmax(vsub(vmul(vload(at(L.potentials, j)), invT), top), vsplat(-30)));
      vstore(at(L.mean, j), e);
      sum = vadd(sum, e);
    }
    const inv = vdiv(vsplat(1), sum);
    for (let j = 0; j < L.nOut; j++) vstore(at(L.mean, j), vmul(vload(at(L.mean, j)), inv));
    return;
  }
  for (let j = 0; j < L.stride; j++) vstore(at(L.mean, j), softplusWithSlope(vload(at(L.potentials, j)), at(L.slope, j)));
}

function computeEligibility(L: Layer): void {
  const invScale = vsplat(1 / (L.unit == UnitCode.gaussian ? L.variance : L.temperature));
  for (let j = 0; j < L.nOut; j++) {
    let g = vmul(vsub(vload(at(L.values, j)), vload(at(L.mean, j))), invScale);
    if (L.unit == UnitCode.gaussian) g = vmul(g, vload(at(L.slope, j)));
    vstore(at(L.eligibility, j), g);
  }
}

/**
 * backProjection_i = Σ_j eligibility_j·W_ij in the SIMD build's order: the core sums units j ≡ l
 * (mod its lanes) in lane l, then adds the lanes — (l0 + l2) + (l1 + l3) in float32, l0 + l1 in
 * float64 — so here one partial sum per core lane, added the same way.
 */
function backProject(L: Layer): void {
  const rowBytes = <usize>L.stride << 4;
  let w = L.weights;
  for (let i = 0; i < L.nIn; i++, w += rowBytes) {
    let g = L.eligibility;
    let wj = w;
    if (LANES == 4) {
      let p0 = vsplat(0);
      let p1 = vsplat(0);
      let p2 = vsplat(0);
      let p3 = vsplat(0);
      for (let j = 0; j < L.stride; j += 4, g += 4 * WIDE, wj += 4 * WIDE) {
        p0 = vadd(p0, vmul(vload(g), vload(wj)));
        p1 = vadd(p1, vmul(vload(g + WIDE), vload(wj + WIDE)));
        p2 = vadd(p2, vmul(vload(g + 2 * WIDE), vload(wj + 2 * WIDE)));
        p3 = vadd(p3, vmul(vload(g + 3 * WIDE), vload(wj + 3 * WIDE)));
      }
      vstore(at(L.backProjection, i), vadd(vadd(p0, p2), vadd(p1, p3)));
    } else {
      let p0 = vsplat(0);
      let p1 = vsplat(0);
      for (let j = 0; j < L.stride; j += 2, g += 2 * WIDE, wj += 2 * WIDE) {
        p0 = vadd(p0, vmul(vload(g), vload(wj)));
        p1 = vadd(p1, vmul(vload(g + WIDE), vload(wj + WIDE)));
      }
      vstore(at(L.backProjection, i), vadd(p0, p1));
    }
  }
}

/** The core's `settle`: Jacobi energy-descent sweeps of the hidden values, then a bottom-up refresh. */
export function groupSettle(sweeps: i32, settleRate: Float): void {
  const top = layerCount - 1;
  for (let sweep = 0; sweep < sweeps; sweep++) {
    for (let l = 1; l <= top; l++) {
      computeEligibility(wide(l));
      backProject(wide(l));
    }
    for (let l = 0; l < top; l++) {
      const L = wide(l);
      const upper = wide(l + 1);
      const lowerRate = vsplat(settleRate);
      const upperRate = vsplat(settleRate * L.variance);
      for (let k = 0; k < L.stride; k++) {
        const h = vload(at(L.values, k));
        const step = vadd(vmul(lowerRate, vsub(vload(at(L.mean, k)), h)), vmul(upperRate, vload(at(upper.backProjection, k))));
        vstore(at(L.values, k), vadd(h, step));
      }
    }
    // The bottom layer reads only the observation: refreshed in the first sweep only (as the core).
    for (let l = sweep == 0 ? 0 : 1; l <= top; l++) refresh(wide(l));
  }
}

/** z ← decay·z + x ⊗ eligibility, every layer with its local eligibility. */
export function groupTrace(decay: Float): void {
  const d = vsplat(decay);
  for (let l = 0; l < layerCount; l++) {
    const L = wide(l);
    computeEligibility(L);
    let z = L.traceWeights;
    let x = L.input;
    for (let i = 0; i < L.nIn; i++, x += WIDE) {
      const xv = vload(x);
      for (let j = 0; j < L.stride; j++, z += WIDE) vstore(z, vadd(vmul(d, vload(z)), vmul(xv, vload(at(L.eligibility, j)))));
    }
    for (let j = 0; j < L.stride; j++) vstore(at(L.traceBias, j), vadd(vmul(d, vload(at(L.traceBias, j))), vload(at(L.eligibility, j))));
  }
}

// @ts-ignore: decorator
@inline const BETA1: Float = 0.9;
// @ts-ignore: decorator
@inline const BETA2: Float = 0.999;

/** The core's adamLanes (bias-corrected, Kahan-compensated ascent) on one widened parameter. */
// @ts-ignore: decorator
@inline function adam(param: usize, residue: usize, moment: usize, square: usize, g: Vec, step: Vec, c2: Vec, eps: Vec): void {
  const m = vadd(vmul(vsplat(BETA1), vload(moment)), vmul(vsplat(1 - BETA1), g));
  const v = vadd(vmul(vsplat(BETA2), vload(square)), vmul(vsplat(1 - BETA2), vmul(g, g)));
  vstore(moment, m);
  vstore(square, v);
  const w = vload(param);
  const y = vadd(vdiv(vmul(step, m), vadd(vsqrt(vmul(c2, v)), eps)), vload(residue));
  const sum = vadd(w, y);
  vstore(residue, vsub(y, vsub(sum, w)));
  vstore(param, sum);
}

/** REINFORCE's Adam step from each seed's reward (`rewards`: one Float per seed). */
export function groupLearn(rewards: usize): void {
  const eps = vsplat(groupEpsilon);
  const r = vload(rewards);
  for (let l = 0; l < layerCount; l++) {
    const L = wide(l);
    L.stepsW++;
    // The core's scheduled rate at step 1 of a one-step schedule (bench/prototypes/lanes.mjs learns at step 1).
    const learningRate = <Float>(<f64>L.lrStart + (<f64>L.lrEnd - <f64>L.lrStart) * 1.0);
    const step = vsplat(learningRate * <Float>(1 / (1 - Math.pow(<f64>BETA1, <f64>L.stepsW))));
    const c2 = vsplat(<Float>(1 / (1 - Math.pow(<f64>BETA2, <f64>L.stepsW))));
    const n = L.nIn * L.stride;
    for (let k = 0; k < n; k++) {
      adam(at(L.weights, k), at(L.residueWeights, k), at(L.momentWeights, k), at(L.squareWeights, k), vmul(vload(at(L.traceWeights, k)), r), step, c2, eps);
    }
    for (let k = 0; k < L.stride; k++) {
      adam(at(L.bias, k), at(L.residueBias, k), at(L.momentBias, k), at(L.squareBias, k), vmul(vload(at(L.traceBias, k)), r), step, c2, eps);
    }
  }
}

/** The whole actor step for the group: settle, trace, learn. */
export function groupStep(sweeps: i32, decay: Float, rewards: usize): void {
  groupSettle(sweeps, groupSettleRate);
  groupTrace(decay);
  groupLearn(rewards);
}

// The same work with the core's kernels, one network per seed (`nets`: SEEDS network pointers).

export function ownSettle(nets: usize, sweeps: i32): void {
  for (let s = 0; s < SEEDS; s++) settle(networkOf(nets, s), sweeps);
}

export function ownTrace(nets: usize, decay: Float): void {
  for (let s = 0; s < SEEDS; s++) recordTrace(networkOf(nets, s), decay, TraceMode.local, false);
}

export function ownLearn(nets: usize, rewards: usize): void {
  for (let s = 0; s < SEEDS; s++) learnGlobal(networkOf(nets, s), own(rewards, s), 1);
}

export function ownStep(nets: usize, sweeps: i32, decay: Float, rewards: usize): void {
  ownSettle(nets, sweeps);
  ownTrace(nets, decay);
  ownLearn(nets, rewards);
}

/** One seed's network (core layout) with a fixed observation, sampled once; the host gives its settings, as it does the core's. */
export function makeNetwork(nInput: i32, nLayers: i32, spec: usize, seed: u32, adamEpsilon: Float, settleRate: Float, scheduleSteps: Float): usize {
  const net = createNetwork(nInput, 1, nLayers, spec, seed, 0);
  net.adamEpsilon = adamEpsilon;
  net.settleRate = settleRate;
  net.scheduleSteps = scheduleSteps;
  for (let k = 0; k < nInput; k++) store<Float>(own(net.input, k), <Float>(0.1 * <f64>(k + 1) + 0.01 * <f64>seed));
  forward(net);
  return changetype<usize>(net);
}

export function allocate(bytes: i32): usize {
  return heap.alloc(bytes);
}

/** Floats of weights and values where a lane differs from its seed's own network, bit for bit. */
export function mismatches(nets: usize): i32 {
  let count = 0;
  for (let l = 0; l < layerCount; l++) {
    const L = wide(l);
    for (let s = 0; s < SEEDS; s++) {
      const R = layerAt(networkOf(nets, s), l);
      for (let k = 0; k < L.nIn * L.stride; k++) if (!sameBits(load<Float>(lane(L.weights, k, s)), load<Float>(own(R.weights, k)))) count++;
      for (let k = 0; k < L.stride; k++) if (!sameBits(load<Float>(lane(L.values, k, s)), load<Float>(own(R.values, k)))) count++;
    }
  }
  return count;
}

// @ts-ignore: decorator
@inline function sameBits(a: Float, b: Float): bool {
  return reinterpret<u64>(<f64>a) == reinterpret<u64>(<f64>b);
}
