// assembly/layer.ts: one dense layer of stochastic units, with every per-sample buffer laid out
// as `batch` rows of `stride` floats (nOut rounded up to 4). The kernels run over whole rows,
// padding included, so memory ends up exactly as the Wasm leaves it.
//
// Only the order of floating-point operations within one output matters for the result, not
// the order in which outputs are visited, so loops are arranged for JavaScript (row-major,
// contiguous inner loops). Where the Wasm sums *across* lanes (back-projections, Weight Max
// rewards) the sum is kept in per-lane partial sums and added up at the end, as the SIMD code does.
import { type Fields, type Layout, type Machine, layout, readRecord, writeField } from "./machine.js";
import type { FloatArray } from "./math.js";
import { uniform } from "./random.js";

export const BERNOULLI = 0;
export const GAUSSIAN = 1;
export const DETERMINISTIC = 2;
export const CATEGORICAL = 3;

const LAYER_FIELDS = [
  ["nIn", "i32"], ["nOut", "i32"], ["stride", "i32"], ["inStride", "i32"], ["batch", "i32"], ["unit", "i32"],
  ["activation", "i32"], ["extraLogit", "i32"], ["variance", "Float"], ["temperature", "Float"], ["lrStart", "Float"],
  ["lrEnd", "Float"], ["stepsW", "i32"], ["stepsB", "i32"], ["weights", "usize"], ["bias", "usize"], ["momentW", "usize"],
  ["squareW", "usize"], ["momentB", "usize"], ["squareB", "usize"], ["residueW", "usize"], ["residueB", "usize"],
  ["traceW", "usize"], ["traceB", "usize"], ["scratch", "usize"], ["input", "usize"], ["values", "usize"], ["mean", "usize"],
  ["pot", "usize"], ["slope", "usize"], ["elig", "usize"], ["back", "usize"], ["reward", "usize"], ["action", "usize"],
] as const;
type LayerField = (typeof LAYER_FIELDS)[number][0];
export type Layer = Fields<LayerField>;

export const LAYER_LAYOUT: Record<4 | 8, Layout<LayerField>> = { 4: layout(LAYER_FIELDS, 4), 8: layout(LAYER_FIELDS, 8) };

/** The Layer record at `ptr`, read into an object (the kernels write back only what they change). */
export function loadLayer(m: Machine, ptr: number): Layer {
  return readRecord(m, LAYER_LAYOUT[m.floatBytes], ptr);
}

export function storeLayerField(m: Machine, L: Layer, name: LayerField, value: number): void {
  L[name] = value;
  writeField(m, LAYER_LAYOUT[m.floatBytes], L.ptr, name, value);
}

/** The per-layer buffers in the record's order, with their sizes in floats. */
export function layerBuffers(L: Pick<Layer, "nIn" | "stride" | "batch" | "inStride">, lanes: number) {
  const nW = L.nIn * L.stride;
  const rows = L.batch * L.stride;
  return [
    ["weights", nW], ["bias", L.stride], ["momentW", nW], ["squareW", nW], ["momentB", L.stride], ["squareB", L.stride],
    ["residueW", nW], ["residueB", L.stride], ["traceW", L.batch * nW], ["traceB", rows], ["scratch", L.batch * lanes],
    ["values", rows], ["mean", rows], ["pot", rows], ["slope", rows], ["elig", rows], ["back", L.batch * L.inStride],
    ["reward", rows], ["action", L.batch],
  ] as const;
}

export function allocateLayerBuffers(m: Machine, L: Layer): void {
  for (const [name, floats] of layerBuffers(L, m.math.lanes)) storeLayerField(m, L, name, m.allocFloats(floats));
}

export function freeLayerBuffers(m: Machine, L: Layer): void {
  for (const [name] of layerBuffers(L, m.math.lanes)) m.heap.free(L[name]);
}

/** pot = x·W + b for every sample; zero inputs (silent Bernoulli units) are skipped, as in the Wasm. */
export function computePotentials(m: Machine, L: Layer): void {
  const F = m.F;
  const fr = m.math.fr;
  const sh = m.math.shift;
  const { stride, nIn } = L;
  const W = L.weights >>> sh;
  const bias = L.bias >>> sh;
  for (let b = 0; b < L.batch; b++) {
    const x = (L.input >>> sh) + b * L.inStride;
    const pot = (L.pot >>> sh) + b * stride;
    for (let j = 0; j < stride; j++) F[pot + j] = F[bias + j];
    for (let i = 0; i < nIn; i++) {
      const xi = F[x + i];
      const w = W + i * stride;
      for (let j = 0; j < stride; j++) F[pot + j] = fr(F[pot + j] + fr(xi * F[w + j]));
    }
  }
}

/** softmax(pot / T) of one sample into `mean`; returns the fixed logit's probability. */
function softmax(m: Machine, L: Layer, b: number): number {
  const F = m.F;
  const fr = m.math.fr;
  const sh = m.math.shift;
  const pot = (L.pot >>> sh) + b * L.stride;
  const mean = (L.mean >>> sh) + b * L.stride;
  const invT = fr(1 / L.temperature);
  let top = L.extraLogit ? 0 : -Infinity;
  for (let j = 0; j < L.nOut; j++) top = Math.max(top, fr(F[pot + j] * invT));
  // Shifted logits are floored at −30 as in the reference; exponentials as the build takes them
  // (float32: the polynomial, float64: NativeMath), summed in unit order.
  const exp = m.math.exp;
  const extra = L.extraLogit ? exp(Math.max(-top, -30)) : 0;
  let sum = extra;
  for (let j = 0; j < L.nOut; j++) {
    const e = exp(Math.max(fr(fr(F[pot + j] * invT) - top), -30));
    F[mean + j] = e;
    sum = fr(sum + e);
  }
  const inv = fr(1 / sum);
  for (let j = 0; j < L.nOut; j++) F[mean + j] = fr(F[mean + j] * inv);
  return fr(extra * inv);
}

/**
 * Recomputes potentials and means. With `sample`, draws new values; otherwise stochastic units
 * keep theirs (MAP settling's refresh) and deterministic units follow their means.
 */
export function forwardLayer(m: Machine, L: Layer, sample: boolean, rng: number): void {
  computePotentials(m, L);
  if (L.unit === CATEGORICAL) {
    for (let b = 0; b < L.batch; b++) {
      const extra = softmax(m, L, b);
      if (sample) sampleCategorical(m, L, b, extra, rng);
    }
    return;
  }
  const F = m.F;
  const { fr, sigmoid, activateWithSlope, boxMuller } = m.math;
  const sh = m.math.shift;
  const words = m.heap.u32;
  const stride = L.stride;
  const invT = fr(1 / L.temperature);
  const pot = L.pot >>> sh;
  const mean = L.mean >>> sh;
  const slope = L.slope >>> sh;
  const values = L.values >>> sh;
  for (let b = 0; b < L.batch; b++) {
    const row = b * stride;
    for (let k = row; k < row + stride; k++) {
      let mk: number;
      if (L.unit === BERNOULLI) {
        mk = sigmoid(fr(F[pot + k] * invT));
        // The reference's straight-through slope is σ'(a/T), without the 1/T factor.
        F[slope + k] = fr(mk * fr(1 - mk));
      } else {
        mk = activateWithSlope(L.activation, F[pot + k], F, slope + k);
      }
      F[mean + k] = mk;
      if (L.unit === DETERMINISTIC) F[values + k] = mk;
    }
    if (!sample || L.unit === DETERMINISTIC) continue;
    // Draws in unit order, one stream: the same draws whatever the vector width.
    if (L.unit === BERNOULLI) {
      for (let j = 0; j < L.nOut; j++) F[values + row + j] = uniform(words, rng >>> 2) < F[mean + row + j] ? 1 : 0;
    } else {
      const sd = fr(Math.sqrt(L.variance));
      for (let j = 0; j < L.nOut; j++) {
        const first = uniform(words, rng >>> 2);
        F[values + row + j] = fr(F[mean + row + j] + fr(sd * boxMuller(first, uniform(words, rng >>> 2))));
      }
    }
  }
}

function sampleCategorical(m: Machine, L: Layer, b: number, extra: number, rng: number): void {
  const F = m.F;
  const fr = m.math.fr;
  const mean = (L.mean >>> m.math.shift) + b * L.stride;
  const u = uniform(m.heap.u32, rng >>> 2);
  let cumulative = 0;
  let chosen = L.extraLogit ? L.nOut : L.nOut - 1;
  for (let j = 0; j < L.nOut; j++) {
    cumulative = fr(cumulative + F[mean + j]);
    if (u < cumulative) {
      chosen = j;
      break;
    }
  }
  if (chosen === L.nOut && extra === 0) chosen = L.nOut - 1; // rounding at the top end
  clampAction(m, L, b, chosen);
}

/** Sets a categorical layer's one-hot values to a given action. */
export function clampAction(m: Machine, L: Layer, b: number, action: number): void {
  m.heap.i32[(L.action >>> 2) + b] = action;
  const values = (L.values >>> m.math.shift) + b * L.stride;
  const F = m.F;
  for (let j = 0; j < L.nOut; j++) F[values + j] = j === action ? 1 : 0;
}

/** Padding lanes never carry eligibility. */
function zeroPadding(F: FloatArray, L: Layer, buffer: number, row: number): void {
  for (let j = L.nOut; j < L.stride; j++) F[buffer + row + j] = 0;
}

/** elig = ∂ log π(values | input) / ∂ pot per unit type (ALGORITHMS.md §1). */
export function computeEligibility(m: Machine, L: Layer): void {
  const F = m.F;
  const fr = m.math.fr;
  const sh = m.math.shift;
  const invScale = fr(1 / (L.unit === GAUSSIAN ? L.variance : L.temperature));
  const elig = L.elig >>> sh;
  const slope = L.slope >>> sh;
  const values = L.values >>> sh;
  const mean = L.mean >>> sh;
  for (let b = 0; b < L.batch; b++) {
    const row = b * L.stride;
    for (let k = row; k < row + L.stride; k++) {
      let g: number;
      if (L.unit === DETERMINISTIC) {
        g = F[slope + k];
      } else {
        g = fr(fr(F[values + k] - F[mean + k]) * invScale);
        if (L.unit === GAUSSIAN) g = fr(g * F[slope + k]);
      }
      F[elig + k] = g;
    }
    zeroPadding(F, L, elig, row);
  }
}

/** Backprop through a hidden layer: elig = upper · φ'(pot) (Bernoulli: straight-through slope). */
export function backpropEligibility(m: Machine, L: Layer, upper: number): void {
  const F = m.F;
  const fr = m.math.fr;
  const sh = m.math.shift;
  const elig = L.elig >>> sh;
  const slope = L.slope >>> sh;
  const up = upper >>> sh;
  for (let b = 0; b < L.batch; b++) {
    const row = b * L.stride;
    for (let k = row; k < row + L.stride; k++) F[elig + k] = fr(F[up + k] * F[slope + k]);
    zeroPadding(F, L, elig, row);
  }
}

/** back = elig · Wᵀ, each dot product in per-lane partial sums added up in lane order. */
export function backProject(m: Machine, L: Layer): void {
  const F = m.F;
  const { fr, sum4 } = m.math;
  const sh = m.math.shift;
  const four = m.math.lanes === 4;
  const stride = L.stride;
  const W = L.weights >>> sh;
  for (let b = 0; b < L.batch; b++) {
    const g = (L.elig >>> sh) + b * stride;
    const out = (L.back >>> sh) + b * L.inStride;
    for (let i = 0; i < L.nIn; i++) {
      const w = W + i * stride;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      if (four) {
        for (let j = 0; j < stride; j += 4) {
          a0 = fr(a0 + fr(F[g + j] * F[w + j]));
          a1 = fr(a1 + fr(F[g + j + 1] * F[w + j + 1]));
          a2 = fr(a2 + fr(F[g + j + 2] * F[w + j + 2]));
          a3 = fr(a3 + fr(F[g + j + 3] * F[w + j + 3]));
        }
      } else {
        for (let j = 0; j < stride; j += 2) {
          a0 = a0 + F[g + j] * F[w + j];
          a1 = a1 + F[g + j + 1] * F[w + j + 1];
        }
      }
      F[out + i] = sum4(a0, a1, a2, a3);
    }
  }
}

/** z ← decay·z + x ⊗ elig for every sample (the eligibility trace). */
export function accumulateTrace(m: Machine, L: Layer, decay: number): void {
  const F = m.F;
  const fr = m.math.fr;
  const sh = m.math.shift;
  const stride = L.stride;
  for (let b = 0; b < L.batch; b++) {
    const x = (L.input >>> sh) + b * L.inStride;
    const g = (L.elig >>> sh) + b * stride;
    const zw = (L.traceW >>> sh) + b * L.nIn * stride;
    for (let i = 0; i < L.nIn; i++) {
      const xi = F[x + i];
      const row = zw + i * stride;
      // λγ = 0: the trace is x⊗e itself (not 0·z + x⊗e, whose zeros can differ in sign), as the Wasm writes it.
      for (let j = 0; j < stride; j++) F[row + j] = decay === 0 ? fr(xi * F[g + j]) : fr(fr(decay * F[row + j]) + fr(xi * F[g + j]));
    }
    const zb = (L.traceB >>> sh) + b * stride;
    for (let j = 0; j < stride; j++) F[zb + j] = decay === 0 ? F[g + j] : fr(fr(decay * F[zb + j]) + F[g + j]);
  }
}

/** Multiplies one sample's eligibility by a factor (the MAP critic's gate). */
export function scaleEligibility(m: Machine, L: Layer, b: number, factor: number): void {
  const F = m.F;
  const fr = m.math.fr;
  const row = (L.elig >>> m.math.shift) + b * L.stride;
  for (let j = 0; j < L.stride; j++) F[row + j] = fr(factor * F[row + j]);
}

export function clearTraceSample(m: Machine, L: Layer, b: number): void {
  const F = m.F;
  const sh = m.math.shift;
  const zw = (L.traceW >>> sh) + b * L.nIn * L.stride;
  F.fill(0, zw, zw + L.nIn * L.stride);
  const zb = (L.traceB >>> sh) + b * L.stride;
  F.fill(0, zb, zb + L.stride);
}
