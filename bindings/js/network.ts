// assembly/network.ts: a feed-forward network of stochastic layers with its own random stream,
// and the operations every learning rule is built from (ancestral sampling, MAP settling,
// eligibility traces, Adam updates from a global or a per-unit reward).
import {
  type Layer, DETERMINISTIC, accumulateTrace, allocateLayerBuffers, backProject, backpropEligibility, clearTraceSample,
  computeEligibility, forwardLayer, freeLayerBuffers, loadLayer, scaleEligibility, storeLayerField, LAYER_LAYOUT,
} from "./layer.js";
import type { FloatArray } from "./math.js";
import { type Fields, type Layout, type Machine, layout, readRecord, writeField } from "./machine.js";
import { pow } from "./nativemath.js";
import { seedStream, uniform } from "./random.js";

export const LAYER_SPEC_FLOATS = 9;
/** Each unit's own ∂ log π / ∂ pot (REINFORCE, MAP propagation, Weight Max). */
export const TRACE_LOCAL = 0;
/** The output's signal backpropagated (backprop, STE, value critics). */
export const TRACE_BACKPROP = 1;

const NETWORK_FIELDS = [
  ["nLayers", "i32"], ["batch", "i32"], ["nInput", "i32"], ["inputStride", "i32"], ["input", "usize"], ["layers", "usize"],
  ["rng", "usize"], ["adamEpsilon", "Float"], ["settleRate", "Float"], ["endT", "Float"],
] as const;
type NetworkField = (typeof NETWORK_FIELDS)[number][0];
export type NetworkRecord = Fields<NetworkField>;
export const NETWORK_LAYOUT: Record<4 | 8, Layout<NetworkField>> = { 4: layout(NETWORK_FIELDS, 4), 8: layout(NETWORK_FIELDS, 8) };

/** A network record and its layers, read from the heap at the start of an operation. */
export interface Network extends NetworkRecord {
  readonly layerList: Layer[];
}

export function loadNetwork(m: Machine, ptr: number): Network {
  const net = readRecord(m, NETWORK_LAYOUT[m.floatBytes], ptr) as Network;
  const layers: Layer[] = [];
  for (let l = 0; l < net.nLayers; l++) layers.push(loadLayer(m, m.heap.u32[(net.layers >>> 2) + l]));
  return Object.assign(net, { layerList: layers });
}

const roundUp4 = (n: number): number => (n + 3) & ~3;

/**
 * Builds a network from `spec` (per layer: nOut, unit, activation, variance, temperature,
 * lrStart, lrEnd, extraLogit, biasInitLimit). Weights are Glorot-uniform from the network's own
 * stream, biases Uniform(±biasInitLimit); the draws come in the Wasm's order.
 */
export function createNetwork(m: Machine, nInput: number, batch: number, nLayers: number, spec: number, seed: number, input: number): number {
  const shape = NETWORK_LAYOUT[m.floatBytes];
  const ptr = m.heap.alloc(shape.size);
  const inputStride = roundUp4(nInput);
  const fields = {
    nLayers, batch, nInput, inputStride,
    input: input !== 0 ? input : m.allocFloats(batch * inputStride),
    layers: m.heap.alloc(nLayers << 2),
    rng: m.heap.alloc(16),
    adamEpsilon: 1e-8, settleRate: 0.5, endT: 1,
  };
  for (const [name, value] of Object.entries(fields)) writeField(m, shape, ptr, name as NetworkField, value);
  const rng = fields.rng >>> 2; // word index of the stream
  seedStream(m.heap.u32, rng, seed);
  const fr = m.math.fr;
  const sh = m.math.shift;
  let below = fields.input;
  let nIn = nInput;
  let inStride = inputStride;
  const toInt = (v: number) => Math.trunc(v) | 0;
  for (let l = 0; l < nLayers; l++) {
    // Read before allocating: growing the heap replaces the float view.
    const s = (spec >>> sh) + l * LAYER_SPEC_FLOATS;
    const [nOut, unit, activation, variance, temperature, lrStart, lrEnd, extraLogit, biasLimit] = Array.from(m.F.subarray(s, s + LAYER_SPEC_FLOATS));
    const L = loadLayer(m, m.heap.alloc(LAYER_LAYOUT[m.floatBytes].size));
    const set = {
      nIn, nOut: toInt(nOut), stride: roundUp4(toInt(nOut)), inStride, batch, unit: toInt(unit), activation: toInt(activation),
      variance, temperature, lrStart, lrEnd, extraLogit: toInt(extraLogit),
    };
    for (const [name, value] of Object.entries(set)) storeLayerField(m, L, name as keyof typeof set, value);
    allocateLayerBuffers(m, L);
    storeLayerField(m, L, "input", below);
    const limit = fr(Math.sqrt(6 / (nIn + L.nOut + L.extraLogit)));
    const F = m.F;
    const words = m.heap.u32;
    for (let i = 0; i < nIn; i++) {
      for (let j = 0; j < L.nOut; j++) F[(L.weights >>> sh) + i * L.stride + j] = fr((2 * uniform(words, rng) - 1) * limit);
    }
    if (biasLimit > 0) {
      for (let j = 0; j < L.nOut; j++) F[(L.bias >>> sh) + j] = fr((2 * uniform(words, rng) - 1) * biasLimit);
    }
    words[(fields.layers >>> 2) + l] = L.ptr;
    below = L.values;
    nIn = L.nOut;
    inStride = L.stride;
  }
  return ptr;
}

export function freeNetwork(m: Machine, ptr: number, ownsInput: boolean): void {
  const net = loadNetwork(m, ptr);
  for (const L of net.layerList) {
    freeLayerBuffers(m, L);
    m.heap.free(L.ptr);
  }
  if (ownsInput) m.heap.free(net.input);
  m.heap.free(net.layers);
  m.heap.free(net.rng);
  m.heap.free(ptr);
}

/** Ancestral sampling through every layer. */
export function forward(m: Machine, net: Network): void {
  for (const L of net.layerList) forwardLayer(m, L, true, net.rng);
}

/**
 * MAP propagation (ALGORITHMS.md §3.2): `steps` Jacobi sweeps moving every hidden layer along
 * the gradient of log π(H^l | H^{l−1}) + log π(H^{l+1} | H^l), output clamped, then a
 * bottom-up refresh of potentials and means.
 */
export function settle(m: Machine, net: Network, steps: number): void {
  const layers = net.layerList;
  const top = layers.length - 1;
  const fr = m.math.fr;
  const sh = m.math.shift;
  for (let s = 0; s < steps; s++) {
    for (let l = 1; l <= top; l++) {
      computeEligibility(m, layers[l]);
      backProject(m, layers[l]);
    }
    const F = m.F;
    for (let l = 0; l < top; l++) {
      const L = layers[l];
      const lowerRate = net.settleRate;
      const upperRate = fr(net.settleRate * L.variance);
      const values = L.values >>> sh;
      const mean = L.mean >>> sh;
      const push = layers[l + 1].back >>> sh;
      for (let k = 0; k < L.batch * L.stride; k++) {
        const h = F[values + k];
        const pull = fr(F[mean + k] - h);
        F[values + k] = fr(h + fr(fr(lowerRate * pull) + fr(upperRate * F[push + k])));
      }
    }
    for (let l = firstToRefresh(net, s); l <= top; l++) forwardLayer(m, layers[l], false, net.rng);
  }
}

/** The first layer a sweep's refresh recomputes: the bottom one only after the first sweep or if deterministic (see assembly/network.ts). */
export function firstToRefresh(net: Network, sweep: number): number {
  return sweep === 0 || net.layerList[0].unit === DETERMINISTIC ? 0 : 1;
}

/** The MAP critic gate's smallest |value − mean|, relative to max(1, |value|): 512 ulps of Float. */
export function gateFloor(m: Machine): number {
  return m.math.single ? 6.103515625e-5 : 1.1368683772161603e-13;
}

/**
 * The MAP critic's gate (§3.4): divides every layer's eligibility of each sample by the output's
 * value − mean, the gap's magnitude floored at relativeFloor · max(1, |value|).
 */
export function gateEligibilities(m: Machine, net: Network, relativeFloor: number): void {
  const layers = net.layerList;
  const out = layers[layers.length - 1];
  const F = m.F;
  const fr = m.math.fr;
  const sh = m.math.shift;
  for (let b = 0; b < net.batch; b++) {
    const k = b * out.stride;
    const value = F[(out.values >>> sh) + k];
    const floor = fr(relativeFloor * Math.max(1, Math.abs(value)));
    let gap = fr(value - F[(out.mean >>> sh) + k]);
    if (Math.abs(gap) < floor) gap = gap < 0 ? -floor : floor;
    const factor = fr(1 / gap);
    for (const L of layers) scaleEligibility(m, L, b, factor);
  }
}

/**
 * Folds the current eligibilities into the traces, z ← decay·z + x ⊗ elig; `gate` (the MAP
 * critic, §3.4) divides every layer's eligibility by the output's value − mean.
 */
export function recordTrace(m: Machine, net: Network, decay: number, mode: number, gate: boolean): void {
  const layers = net.layerList;
  const top = layers.length - 1;
  computeEligibility(m, layers[top]);
  if (mode === TRACE_BACKPROP) {
    for (let l = top; l > 0; l--) {
      backProject(m, layers[l]);
      backpropEligibility(m, layers[l - 1], layers[l].back);
    }
  } else {
    for (let l = 0; l < top; l++) computeEligibility(m, layers[l]);
  }
  // Near a settled fixed point the gap can be a few float32 ulps, pure rounding noise.
  if (gate) gateEligibilities(m, net, gateFloor(m));
  for (const L of layers) accumulateTrace(m, L, decay);
}

export function clearTraces(m: Machine, net: Network, b: number): void {
  for (const L of net.layerList) clearTraceSample(m, L, b);
}

function learningRate(m: Machine, net: Network, L: Layer, step: number): number {
  const endT = net.endT;
  return m.math.fr(L.lrStart + ((L.lrEnd - L.lrStart) * Math.min(step, endT)) / endT);
}

/** Steps of a tensor between sweeps that set its subnormal Adam moments to zero (why: assembly/subnormal.ts). */
const FLUSH_PERIOD = 1024;

// Adam's decay rates (the references use the defaults), as Floats of the build.
const BETA1 = 0.9;
const BETA2 = 0.999;

/** Adam's bias-correction factor 1 / (1 − β^t), in float64; 1 from t = 1000 on (§2.3). */
function correction(m: Machine, beta: number, t: number): number {
  return t < 1000 ? 1 / (1 - pow(m.math.fr(beta), t)) : 1;
}

/** The constants of one tensor's Adam step, rounded to Float as the Wasm splats them. */
interface AdamStep {
  readonly step: number; // lr · c1
  readonly c2: number;
  readonly eps: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly oneMinusBeta1: number;
  readonly oneMinusBeta2: number;
}

function adamStep(m: Machine, net: Network, lr: number, t: number): AdamStep {
  const fr = m.math.fr;
  const beta1 = fr(BETA1);
  const beta2 = fr(BETA2);
  return {
    step: fr(lr * fr(correction(m, BETA1, t))), c2: fr(correction(m, BETA2, t)), eps: net.adamEpsilon,
    beta1, beta2, oneMinusBeta1: fr(1 - beta1), oneMinusBeta2: fr(1 - beta2),
  };
}

/**
 * One Adam *ascent* step on parameter `o` of a tensor with gradient g.
 * The step is added with Kahan compensation, the rounding error carried in `residue`.
 */
function adam(F: FloatArray, fr: (x: number) => number, a: AdamStep, param: number, residue: number, moment: number, square: number, o: number, g: number): void {
  const mk = fr(fr(a.beta1 * F[moment + o]) + fr(a.oneMinusBeta1 * g));
  const vk = fr(fr(a.beta2 * F[square + o]) + fr(a.oneMinusBeta2 * fr(g * g)));
  F[moment + o] = mk;
  F[square + o] = vk;
  const w = F[param + o];
  const y = fr(fr(fr(a.step * mk) / fr(fr(Math.sqrt(fr(a.c2 * vk))) + a.eps)) + F[residue + o]);
  const sum = fr(w + y);
  F[residue + o] = fr(y - fr(sum - w));
  F[param + o] = sum;
}

/**
 * The layer's learning step: gradient = mean over samples of trace ⊙ reward, then Adam with the
 * layer's scheduled rate. With `below` (Weight Max, p = 2) also writes the layer below's rewards
 * from each row of weights right after its update (rewardBelow).
 */
function learnLayer(m: Machine, net: Network, L: Layer, step: number, below: Layer | null): void {
  const fr = m.math.fr;
  const sh = m.math.shift;
  const lr = learningRate(m, net, L, step);
  storeLayerField(m, L, "stepsW", L.stepsW + 1);
  storeLayerField(m, L, "stepsB", L.stepsB + 1);
  const F = m.F;
  const { stride, batch, nIn } = L;
  const nW = nIn * stride;
  const scale = fr(1 / fr(batch));
  const reward = L.reward >>> sh;

  const aW = adamStep(m, net, lr, L.stepsW);
  const weights = L.weights >>> sh;
  const residueW = L.residueW >>> sh;
  const momentW = L.momentW >>> sh;
  const squareW = L.squareW >>> sh;
  const traceW = L.traceW >>> sh;
  for (let i = 0; i < nIn; i++) {
    for (let j = 0; j < stride; j++) {
      const o = i * stride + j;
      let g = fr(F[traceW + o] * F[reward + j]);
      for (let b = 1; b < batch; b++) g = fr(g + fr(F[traceW + b * nW + o] * F[reward + b * stride + j]));
      adam(F, fr, aW, weights, residueW, momentW, squareW, o, fr(g * scale));
    }
    if (below) rewardBelow(m, L, below, i);
  }

  const aB = adamStep(m, net, lr, L.stepsB);
  const bias = L.bias >>> sh;
  const residueB = L.residueB >>> sh;
  const momentB = L.momentB >>> sh;
  const squareB = L.squareB >>> sh;
  const traceB = L.traceB >>> sh;
  for (let j = 0; j < stride; j++) {
    let g = fr(F[traceB + j] * F[reward + j]);
    for (let b = 1; b < batch; b++) g = fr(g + fr(F[traceB + b * stride + j] * F[reward + b * stride + j]));
    adam(F, fr, aB, bias, residueB, momentB, squareB, j, fr(g * scale));
  }
  if (L.stepsW % FLUSH_PERIOD === 0) {
    const smallest = m.math.single ? 2 ** -126 : 2 ** -1022;
    for (const [start, count] of [[momentW, nW], [squareW, nW], [momentB, stride], [squareB, stride]]) {
      for (let k = start; k < start + count; k++) if (Math.abs(F[k]) < smallest) F[k] = 0;
    }
  }
}

/**
 * Weight Max (p = 2): the layer below's reward for input unit i of every sample, 2·Σ_j W_ij·U_ij
 * with U = trace ⊙ reward and W the row just updated, summed per lane and then across lanes as
 * the Wasm core's vector accumulator does.
 */
function rewardBelow(m: Machine, L: Layer, below: Layer, i: number): void {
  const { F, math } = m;
  const { fr, lanes } = math;
  const sh = math.shift;
  const { stride } = L;
  const nW = L.nIn * stride;
  const row = (L.weights >>> sh) + i * stride;
  const partial = [0, 0, 0, 0];
  for (let b = 0; b < L.batch; b++) {
    const trace = (L.traceW >>> sh) + b * nW + i * stride;
    const reward = (L.reward >>> sh) + b * stride;
    partial.fill(0);
    for (let j = 0; j < stride; j++) partial[j % lanes] = fr(partial[j % lanes] + fr(F[row + j] * fr(F[trace + j] * F[reward + j])));
    F[(below.reward >>> sh) + b * below.stride + i] = fr(2 * math.sum4(partial[0], partial[1], partial[2], partial[3]));
  }
}

function fillReward(m: Machine, L: Layer, delta: number): void {
  const F = m.F;
  const sh = m.math.shift;
  for (let b = 0; b < L.batch; b++) {
    const row = (L.reward >>> sh) + b * L.stride;
    F.fill(F[(delta >>> sh) + b], row, row + L.stride);
  }
}

/** Every layer learns from the same per-sample reward δ. */
export function learnGlobal(m: Machine, net: Network, delta: number, step: number): void {
  for (const L of net.layerList) {
    fillReward(m, L, delta);
    learnLayer(m, net, L, step, null);
  }
}

/**
 * Weight Maximization (ALGORITHMS.md §4.2): top-down, the output layer learns from δ, each hidden
 * unit from the first-order change of the p-norm^p of its outgoing weights.
 */
export function learnWeightMax(m: Machine, net: Network, delta: number, step: number, exponent: number): void {
  const layers = net.layerList;
  const top = layers.length - 1;
  fillReward(m, layers[top], delta);
  for (let l = top; l >= 0; l--) {
    const L = layers[l];
    if (l === 0) {
      learnLayer(m, net, L, step, null);
    } else if (exponent === 2) {
      learnLayer(m, net, L, step, layers[l - 1]);
    } else {
      learnLayer(m, net, L, step, null);
      normReward(m, L, layers[l - 1], exponent);
    }
  }
}

/** Rewards of the layer below for a general exponent p, from the updated weights. */
function normReward(m: Machine, L: Layer, below: Layer, exponent: number): void {
  const F = m.F;
  const fr = m.math.fr;
  const sh = m.math.shift;
  const stride = L.stride;
  const nW = L.nIn * stride;
  const belowReward = below.reward >>> sh;
  F.fill(0, belowReward, belowReward + below.batch * below.stride);
  for (let b = 0; b < L.batch; b++) {
    const r = (L.reward >>> sh) + b * stride;
    const zw = (L.traceW >>> sh) + b * nW;
    for (let i = 0; i < L.nIn; i++) {
      const o = i * stride;
      let acc = 0;
      for (let j = 0; j < L.nOut; j++) {
        const w = F[(L.weights >>> sh) + o + j];
        const coefficient = w === 0 ? 0 : fr(fr(exponent * fr(pow(Math.abs(w), exponent - 1))) * (w > 0 ? 1 : -1));
        acc = fr(acc + fr(fr(coefficient * F[zw + o + j]) * F[r + j]));
      }
      F[belowReward + b * below.stride + i] = acc;
    }
  }
}
