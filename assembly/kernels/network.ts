// A feed-forward network of stochastic layers with its own random stream, plus the
// operations every learning rule is built from: ancestral sampling, MAP settling,
// eligibility traces (local or backpropagated) and Adam updates driven by a reward per unit:
// the same scalar per sample for every unit (learnGlobal: REINFORCE's update), or per unit
// (Weight Maximization, weightmax.ts, whose p = 2 reward is summed inside the Adam pass).

import {
  Layer, allocFloats, allocateLayerBuffers, freeLayerBuffers, forwardLayer,
  computeEligibility, computeModeEligibility, backpropEligibility, backProject, accumulateTrace, scaleEligibility, clearTraceSample,
} from "./layer";
import { LAYER_SPEC_FLOATS, LayerSpecField, TraceMode, UnitCode } from "../../bindings/core/interface";
import { computePosteriorMeanEligibility } from "./posterior-logits";
import { Float, FLOAT_SHIFT } from "../simd/precision";
import { STEP, Vec, vadd, vdiv, vload, vmul, vsplat, vsqrt, vstore, vsub, vsum } from "../simd/vector";
import { seedStream, uniform } from "./random";
import { FLUSH_PERIOD, flushSubnormals } from "./subnormal";

@unmanaged
export class Network {
  nLayers: i32;
  batch: i32;
  nInput: i32;
  inputStride: i32;
  input: usize; // batch × inputStride, may be shared with another network
  layers: usize; // nLayers Layer pointers
  rng: usize; // 4 × u32
  adamEpsilon: Float;
  settleRate: Float; // update_adj: the settling step is settleRate · variance
  scheduleSteps: Float; // learning-rate schedule length (loop iterations)
  // Settling's opt-in controls and log (settling.ts); all zero: the fixed sweeps of `settle`.
  settleTolerance: Float;
  settleMomentum: Float;
  settleBuffers: usize;
  settleLog: usize;
  settleLogCapacity: i32;
  lastSweeps: i32; // sweeps the last settling ran
}

// @ts-ignore: decorator
@inline export function layerAt(net: Network, l: i32): Layer {
  return changetype<Layer>(load<usize>(net.layers + (<usize>l << 2)));
}

/**
 * Float `field` of a record the host wrote: a layer's spec (bindings/core/interface.ts
 * LayerSpecField) or an agent's configuration (AgentSetting).
 */
// @ts-ignore: decorator
@inline export function hostFloat(record: usize, field: i32): Float {
  return load<Float>(record + (<usize>field << FLOAT_SHIFT));
}

/** A row's length in memory: `n` floats rounded up to whole SIMD vectors of 4 lanes (the one place strides are computed; the host reads them back). */
export function roundUp4(n: i32): i32 {
  return (n + 3) & ~3;
}

/**
 * Builds a network. `spec` holds LAYER_SPEC_FLOATS per layer, the fields of LayerSpecField
 * (bindings/core/interface.ts). Weights are Glorot-uniform from the network's own
 * stream (for a layer with a fixed zero logit fan-out counts the fixed class too, as the reference does);
 * biases are Uniform(±biasInitLimit).
 */
export function createNetwork(nInput: i32, batch: i32, nLayers: i32, spec: usize, seed: u32, input: usize): Network {
  const net = changetype<Network>(heap.alloc(offsetof<Network>()));
  // adamEpsilon, settleRate and scheduleSteps come from the host (configureNetwork); zero until then.
  memory.fill(changetype<usize>(net), 0, offsetof<Network>());
  net.nLayers = nLayers;
  net.batch = batch;
  net.nInput = nInput;
  net.inputStride = roundUp4(nInput);
  net.input = input != 0 ? input : allocFloats(batch * net.inputStride);
  net.layers = heap.alloc(<usize>nLayers << 2);
  net.rng = heap.alloc(16);
  seedStream(net.rng, seed);
  let below = net.input;
  let nIn = nInput;
  let inStride = net.inputStride;
  for (let l = 0; l < nLayers; l++) {
    const s = spec + (<usize>(l * LAYER_SPEC_FLOATS) << FLOAT_SHIFT);
    const L = changetype<Layer>(heap.alloc(offsetof<Layer>()));
    memory.fill(changetype<usize>(L), 0, offsetof<Layer>());
    L.nIn = nIn;
    L.nOut = <i32>hostFloat(s, LayerSpecField.size);
    L.stride = roundUp4(L.nOut);
    L.inStride = inStride;
    L.batch = batch;
    L.unit = <i32>hostFloat(s, LayerSpecField.unit);
    L.activation = <i32>hostFloat(s, LayerSpecField.activation);
    L.variance = hostFloat(s, LayerSpecField.variance);
    L.temperature = hostFloat(s, LayerSpecField.temperature);
    L.lrStart = hostFloat(s, LayerSpecField.learningRateStart);
    L.lrEnd = hostFloat(s, LayerSpecField.learningRateEnd);
    L.fixedZeroLogit = <i32>hostFloat(s, LayerSpecField.fixedZeroLogit);
    allocateLayerBuffers(L);
    L.input = below;
    const limit = <Float>Math.sqrt(6 / <f64>(nIn + L.nOut + L.fixedZeroLogit));
    for (let i = 0; i < nIn; i++) {
      for (let j = 0; j < L.nOut; j++) {
        store<Float>(L.weights + (<usize>(i * L.stride + j) << FLOAT_SHIFT), (2 * uniform(net.rng) - 1) * limit);
      }
    }
    const biasLimit = hostFloat(s, LayerSpecField.biasInit);
    if (biasLimit > 0) {
      for (let j = 0; j < L.nOut; j++) store<Float>(L.bias + (<usize>j << FLOAT_SHIFT), (2 * uniform(net.rng) - 1) * biasLimit);
    }
    store<usize>(net.layers + (<usize>l << 2), changetype<usize>(L));
    below = L.values;
    nIn = L.nOut;
    inStride = L.stride;
  }
  return net;
}

export function freeNetwork(net: Network, ownsInput: bool): void {
  for (let l = 0; l < net.nLayers; l++) {
    const L = layerAt(net, l);
    freeLayerBuffers(L);
    heap.free(changetype<usize>(L));
  }
  if (ownsInput) heap.free(net.input);
  if (net.settleBuffers != 0) heap.free(net.settleBuffers);
  heap.free(net.layers);
  heap.free(net.rng);
  heap.free(changetype<usize>(net));
}

/** Ancestral sampling through every layer. */
export function forward(net: Network): void {
  for (let l = 0; l < net.nLayers; l++) forwardLayer(layerAt(net, l), true, net.rng);
}

/**
 * MAP propagation (docs/learning-rules.md): `steps` Jacobi sweeps that move every Gaussian hidden
 * layer along the gradient of log π(H^l | H^{l−1}) + log π(H^{l+1} | H^l), with the output
 * clamped, then refresh potentials and means bottom-up from the new values.
 */
export function settle(net: Network, steps: i32): void {
  const top = net.nLayers - 1;
  for (let s = 0; s < steps; s++) {
    descendHidden(net, 0, 0, false);
    for (let l = firstToRefresh(net, s); l <= top; l++) forwardLayer(layerAt(net, l), false, net.rng);
  }
}

/**
 * One Jacobi energy-descent step of every hidden layer, the output's values held: each hidden
 * value h moves by settleRate·(mean − h) + settleRate·variance·(the layer above's
 * back-projection of its eligibility). With `tracksMomentum` (asynchronous MAP propagation,
 * async.ts) each unit's momentum g in `momentum` (one batch × stride block per layer) follows
 * the move: g ← βg + (1 − β)·step. Inlined per use, so settling carries no momentum test.
 */
// @ts-ignore: decorator
@inline export function descendHidden(net: Network, momentum: usize, beta: Float, tracksMomentum: bool): void {
  const top = net.nLayers - 1;
  for (let l = 1; l <= top; l++) {
    const upper = layerAt(net, l);
    computeEligibility(upper);
    backProject(upper);
  }
  const keep = vsplat(beta);
  const blend = vsplat(1 - beta);
  let g = momentum;
  for (let l = 0; l < top; l++) {
    const L = layerAt(net, l);
    const upper = layerAt(net, l + 1);
    const lowerRate = vsplat(net.settleRate);
    const upperRate = vsplat(net.settleRate * L.variance);
    const n = L.batch * L.stride;
    for (let k = 0; k < n; k += STEP) {
      const o = <usize>k << FLOAT_SHIFT;
      const h = vload(L.values + o);
      const step = vadd(vmul(lowerRate, vsub(vload(L.mean + o), h)), vmul(upperRate, vload(upper.backProjection + o)));
      vstore(L.values + o, vadd(h, step));
      if (tracksMomentum) vstore(g + o, vadd(vmul(keep, vload(g + o)), vmul(blend, step)));
    }
    g += <usize>n << FLOAT_SHIFT;
  }
}

/**
 * The first layer a sweep's refresh has to recompute. The bottom layer reads only the input,
 * which settling never moves, so once the first sweep has refreshed it (the weights may have
 * changed since the forward pass) its potentials, means and slopes stay as they are; only
 * deterministic units, whose values must follow their means after every move, are redone.
 */
export function firstToRefresh(net: Network, sweep: i32): i32 {
  return sweep == 0 || layerAt(net, 0).unit == UnitCode.deterministic ? 0 : 1;
}

/**
 * Smallest |value − mean| the MAP critic's gate divides by, relative to max(1, |value|):
 * 512 ulps of the build's float type (2^-14 in float32, 2^-43 in float64).
 */
// @ts-ignore: decorator
@inline export const GATE_FLOOR: Float = sizeof<Float>() == 4 ? <Float>6.103515625e-5 : <Float>1.1368683772161603e-13;

/**
 * The MAP critic's gate (§3.4): divides every layer's eligibility of each sample by the output's
 * value − mean, the gap's magnitude floored at relativeFloor · max(1, |value|), and at least at
 * `absoluteFloor` (asynchronous MAP propagation's asyncGateFloor; 0 elsewhere, which changes nothing).
 */
export function gateEligibilities(net: Network, relativeFloor: Float, absoluteFloor: Float): void {
  const top = net.nLayers - 1;
  const out = layerAt(net, top);
  for (let b = 0; b < net.batch; b++) {
    const k = <usize>(b * out.stride) << FLOAT_SHIFT;
    const value = load<Float>(out.values + k);
    const floor = max<Float>(absoluteFloor, relativeFloor * max<Float>(1, abs<Float>(value)));
    let gap = value - load<Float>(out.mean + k);
    if (abs<Float>(gap) < floor) gap = gap < 0 ? -floor : floor;
    const factor: Float = 1 / gap;
    for (let l = 0; l <= top; l++) scaleEligibility(layerAt(net, l), b, factor);
  }
}

/**
 * Folds the current eligibilities into the traces: z ← decay·z + x ⊗ eligibility, with `mode` a
 * TraceMode. `gate` (MAP critic, §3.4) scales every layer's eligibility by 1 / (value − mean) of
 * the output.
 */
export function recordTrace(net: Network, decay: Float, mode: i32, gate: bool): void {
  const top = net.nLayers - 1;
  computeEligibility(layerAt(net, top));
  if (mode == TraceMode.backprop) {
    for (let l = top; l > 0; l--) {
      const L = layerAt(net, l);
      backProject(L);
      backpropEligibility(layerAt(net, l - 1), L.backProjection);
    }
  } else {
    for (let l = 0; l < top; l++) {
      const L = layerAt(net, l);
      if (mode == TraceMode.mode && L.unit == UnitCode.bernoulli) computeModeEligibility(L);
      else if (mode == TraceMode.posteriorMean && L.unit == UnitCode.bernoulli) computePosteriorMeanEligibility(L, layerAt(net, l + 1));
      else computeEligibility(L);
    }
  }
  // After settling the mean can sit within a few float32 ulps of the clamped value (the float64
  // reference never gets there), where the ratio is rounding noise.
  if (gate) gateEligibilities(net, GATE_FLOOR, 0);
  for (let l = 0; l <= top; l++) accumulateTrace(layerAt(net, l), decay);
}

export function clearTraces(net: Network, b: i32): void {
  for (let l = 0; l < net.nLayers; l++) clearTraceSample(layerAt(net, l), b);
}

function learningRate(net: Network, L: Layer, step: f64): Float {
  const steps = <f64>net.scheduleSteps;
  return <Float>(<f64>L.lrStart + (<f64>L.lrEnd - <f64>L.lrStart) * Math.min(step, steps) / steps);
}

// Adam's decay rates (the references use the defaults).
// @ts-ignore: decorator
@inline const BETA1: Float = 0.9;
// @ts-ignore: decorator
@inline const BETA2: Float = 0.999;

/**
 * One Adam *ascent* step on one vector of parameters at `offset` (bytes) of a tensor, with gradient
 * `g`. The step is added with Kahan compensation: the rounding error is carried in `residue`.
 * `corrected` is false from t = 1000 on, where the second-moment correction c2 is exactly 1 and
 * its multiply is left out. Returns the updated parameters.
 */
// @ts-ignore: decorator
@inline function adamLanes(param: usize, residue: usize, m: usize, v: usize, offset: usize, g: Vec, step: Vec, c2: Vec, eps: Vec, corrected: bool): Vec {
  const mk = vadd(vmul(vsplat(BETA1), vload(m + offset)), vmul(vsplat(1 - BETA1), g));
  const vk = vadd(vmul(vsplat(BETA2), vload(v + offset)), vmul(vsplat(1 - BETA2), vmul(g, g)));
  vstore(m + offset, mk);
  vstore(v + offset, vk);
  const w = vload(param + offset);
  const y = vadd(vdiv(vmul(step, mk), vadd(vsqrt(corrected ? vmul(c2, vk) : vk), eps)), vload(residue + offset));
  const sum = vadd(w, y);
  vstore(residue + offset, vsub(y, vsub(sum, w)));
  vstore(param + offset, sum);
  return sum;
}

/**
 * Σ over samples of trace ⊙ reward for one vector of lanes, divided by the batch size; with
 * `oneSample` the product itself (the division by 1 is exact and left out).
 */
// @ts-ignore: decorator
@inline function batchGradient(trace: usize, traceRowBytes: usize, reward: usize, rewardRowBytes: usize, batch: i32, scale: Vec, oneSample: bool): Vec {
  let g = vmul(vload(trace), vload(reward));
  if (oneSample) return g;
  for (let b = 1; b < batch; b++) {
    g = vadd(g, vmul(vload(trace + <usize>b * traceRowBytes), vload(reward + <usize>b * rewardRowBytes)));
  }
  return vmul(g, scale);
}

/** Adam's bias-correction factor 1 / (1 − β^t), in float64; 1 from t = 1000 on (docs/learning-rules.md). */
function correction(beta: f64, t: i32): f64 {
  return t < 1000 ? 1 / (1 - Math.pow(beta, <f64>t)) : 1;
}

/**
 * The Adam pass over one of a layer's tensors, `rows` rows of `stride` floats (the weights, or the
 * biases as one row), whose traces are `batch` blocks of the same shape. At one sample with
 * `below` (Weight Max, p = 2) the gradient is the raw update U itself, so the layer below's reward
 * 2·Σ_j W_ij·U_ij is summed in the same pass while the new weights are still in registers; for
 * larger batches rewardBelow computes it from each row right after its update. The tensor's
 * addresses come in as arguments: the layer's fields live in linear memory, which every store
 * may alias. Inlined once per combination of the flags, so each copy's inner loop carries no
 * test of them.
 */
// @ts-ignore: decorator
@inline function adamPass(
  L: Layer, param: usize, residue: usize, moment: usize, square: usize, trace: usize, rows: i32, below: Layer | null,
  step: Vec, c2: Vec, eps: Vec, oneSample: bool, corrected: bool,
): void {
  const stride = L.stride;
  const batch = L.batch;
  const rowBytes = <usize>stride << FLOAT_SHIFT;
  const traceBytes = <usize>rows * rowBytes;
  const scale = vsplat(1 / <Float>batch);
  const reward = L.reward;
  const fuseReward = oneSample && below != null;
  for (let i = 0; i < rows; i++) {
    const row = <usize>i * rowBytes;
    let acc = vsplat(0);
    for (let j = 0; j < stride; j += STEP) {
      const o = row + (<usize>j << FLOAT_SHIFT);
      const g = batchGradient(trace + o, traceBytes, reward + (<usize>j << FLOAT_SHIFT), rowBytes, batch, scale, oneSample);
      const w = adamLanes(param, residue, moment, square, o, g, step, c2, eps, corrected);
      if (fuseReward) acc = vadd(acc, vmul(w, g));
    }
    if (fuseReward) store<Float>(changetype<Layer>(below).reward + (<usize>i << FLOAT_SHIFT), 2 * vsum(acc));
    else if (below) rewardBelow(L, below, i);
  }
}

// @ts-ignore: decorator
@inline function updateWeights(L: Layer, below: Layer | null, step: Vec, c2: Vec, eps: Vec, oneSample: bool, corrected: bool): void {
  adamPass(L, L.weights, L.residueWeights, L.momentWeights, L.squareWeights, L.traceWeights, L.nIn, below, step, c2, eps, oneSample, corrected);
}

// @ts-ignore: decorator
@inline function updateBiases(L: Layer, step: Vec, c2: Vec, eps: Vec, oneSample: bool): void {
  adamPass(L, L.bias, L.residueBias, L.momentBias, L.squareBias, L.traceBias, 1, null, step, c2, eps, oneSample, true);
}

/**
 * The layer's learning step in one pass over its parameters: gradient = mean over samples of
 * trace ⊙ reward (`L.reward`, one value per unit per sample), Adam with the reference's
 * bias-correction cut at t = 1000 (docs/learning-rules.md) and the layer's scheduled rate. With
 * `below` (Weight Max, p = 2), also writes the layer below's rewards from each row right after
 * its update (updateWeights).
 */
export function learnLayer(net: Network, L: Layer, step: f64, below: Layer | null): void {
  const lr = learningRate(net, L, step);
  L.stepsW += 1;
  L.stepsB += 1;
  const eps = vsplat(net.adamEpsilon);
  const stepW = vsplat(lr * <Float>correction(<f64>BETA1, L.stepsW));
  const c2W = vsplat(<Float>correction(<f64>BETA2, L.stepsW));
  const oneSample = L.batch == 1;
  const corrected = L.stepsW < 1000;
  if (oneSample && !corrected) updateWeights(L, below, stepW, c2W, eps, true, false);
  else if (oneSample) updateWeights(L, below, stepW, c2W, eps, true, true);
  else if (!corrected) updateWeights(L, below, stepW, c2W, eps, false, false);
  else updateWeights(L, below, stepW, c2W, eps, false, true);

  const stepB = vsplat(lr * <Float>correction(<f64>BETA1, L.stepsB));
  const c2B = vsplat(<Float>correction(<f64>BETA2, L.stepsB));
  if (oneSample) updateBiases(L, stepB, c2B, eps, true);
  else updateBiases(L, stepB, c2B, eps, false);
  if (L.stepsW % FLUSH_PERIOD == 0) flushMoments(L);
}

/** Sets the layer's subnormal Adam moments to zero (why: subnormal.ts). */
function flushMoments(L: Layer): void {
  const weights = L.nIn * L.stride;
  flushSubnormals(L.momentWeights, weights);
  flushSubnormals(L.squareWeights, weights);
  flushSubnormals(L.momentBias, L.stride);
  flushSubnormals(L.squareBias, L.stride);
}

/**
 * Weight Max (p = 2): the layer below's reward for input unit i of every sample, 2·Σ_j W_ij·U_ij
 * with U = trace ⊙ reward the raw per-sample update and W the row just updated. The row is
 * still in cache; the accumulator stays in a register, so successive vectors wait only on an add.
 */
function rewardBelow(L: Layer, below: Layer, i: i32): void {
  const stride = L.stride;
  const rowBytes = <usize>stride << FLOAT_SHIFT;
  const traceBytes = <usize>(L.nIn * stride) << FLOAT_SHIFT;
  const row = <usize>i * rowBytes;
  for (let b = 0; b < L.batch; b++) {
    const trace = L.traceWeights + <usize>b * traceBytes + row;
    const reward = L.reward + <usize>b * rowBytes;
    let acc = vsplat(0);
    for (let j = 0; j < stride; j += STEP) {
      const o = <usize>j << FLOAT_SHIFT;
      acc = vadd(acc, vmul(vload(L.weights + row + o), vmul(vload(trace + o), vload(reward + o))));
    }
    store<Float>(below.reward + (<usize>(b * below.stride + i) << FLOAT_SHIFT), 2 * vsum(acc));
  }
}

/** Every unit of every sample gets its sample's reward (REINFORCE: the TD error). */
export function fillReward(L: Layer, rewards: usize): void {
  for (let b = 0; b < L.batch; b++) {
    const r = vsplat(load<Float>(rewards + (<usize>b << FLOAT_SHIFT)));
    const row = L.reward + (<usize>(b * L.stride) << FLOAT_SHIFT);
    for (let j = 0; j < L.stride; j += STEP) vstore(row + (<usize>j << FLOAT_SHIFT), r);
  }
}

/** Every layer learns from the same per-sample reward δ: W ← W + Adam(mean δ·z). */
export function learnGlobal(net: Network, rewards: usize, step: f64): void {
  for (let l = 0; l < net.nLayers; l++) {
    const L = layerAt(net, l);
    fillReward(L, rewards);
    learnLayer(net, L, step, null);
  }
}
