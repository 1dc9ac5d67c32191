// One dense layer of stochastic units, stored in linear memory with every per-sample buffer
// laid out as `batch` rows of `stride` floats (nOut rounded up to 4 so rows suit f32x4 lanes).
// Padding lanes always hold zero eligibility, so they never receive updates or leak into
// back-projections.

import { LayerBuffer, UnitCode } from "../../bindings/core/interface";
import { activateWithSlope } from "./activation";
import { boxMullerv, expFloat, expv, sigmoidv } from "./simdmath";
import { STEP, STEP_BYTES, Vec, vadd, vfirst, vgt, vload, vloadEvens, vloadOdds, vlt, vmul, vpmax, vselect, vsplat, vstore, vstoreSums4, vsub, vsum } from "../simd/vector";
import { Float, FLOAT_SHIFT, LANES } from "../simd/precision";
import { drawUniforms, uniform } from "./random";

/**
 * Static room for one row's temporaries (random draws, exponentials), so no kernel allocates;
 * wider layers are done in runs of this many floats.
 */
const ROW_SCRATCH_FLOATS: i32 = 512;
const ROW_SCRATCH: usize = memory.data(ROW_SCRATCH_FLOATS << <i32>FLOAT_SHIFT, 16);

@unmanaged
export class Layer {
  nIn: i32;
  nOut: i32;
  stride: i32;
  inStride: i32;
  batch: i32;
  unit: i32;
  activation: i32;
  fixedZeroLogit: i32; // 1: a fixed zero logit is appended (Weight Max's n-1-logit output)
  variance: Float;
  temperature: Float;
  lrStart: Float;
  lrEnd: Float;
  stepsW: i32; // Adam step counters, one per tensor
  stepsB: i32;
  input: usize; // batch × inStride, the layer below's values (or the observation)
  // The layer's own buffers, the members of LayerBuffer (bindings/core/interface.ts, which says what
  // each holds) in its order and with its names: a buffer's id is its slot here.
  weights: usize;
  bias: usize;
  momentWeights: usize;
  squareWeights: usize;
  momentBias: usize;
  squareBias: usize;
  residueWeights: usize;
  residueBias: usize;
  traceWeights: usize;
  traceBias: usize;
  scratch: usize;
  values: usize;
  mean: usize;
  potentials: usize;
  slope: usize;
  eligibility: usize;
  backProjection: usize;
  reward: usize;
  action: usize;
}

/** Number of LayerBuffer slots: the pointers from `weights` to the end of the record. */
// @ts-ignore: decorator
@inline export function layerBufferCount(): i32 {
  return <i32>((offsetof<Layer>() - offsetof<Layer>("weights")) >> 2);
}

/** Address of the Layer record's pointer to buffer `which` (a LayerBuffer). */
// @ts-ignore: decorator
@inline export function layerBufferSlot(L: Layer, which: i32): usize {
  return changetype<usize>(L) + offsetof<Layer>("weights") + (<usize>which << 2);
}

/** Floats in buffer `which` (a LayerBuffer) of a layer: what it is allocated, viewed and saved with. */
export function layerBufferFloats(L: Layer, which: i32): i32 {
  switch (which) {
    case LayerBuffer.weights:
    case LayerBuffer.momentWeights:
    case LayerBuffer.squareWeights:
    case LayerBuffer.residueWeights:
      return L.nIn * L.stride;
    case LayerBuffer.bias:
    case LayerBuffer.momentBias:
    case LayerBuffer.squareBias:
    case LayerBuffer.residueBias:
      return L.stride;
    case LayerBuffer.traceWeights:
      return L.batch * L.nIn * L.stride;
    case LayerBuffer.scratch:
      return L.batch * LANES;
    case LayerBuffer.backProjection:
      return L.batch * L.inStride;
    case LayerBuffer.action:
      return L.batch;
    default:
      return L.batch * L.stride; // one row per sample
  }
}

export function allocFloats(n: i32): usize {
  const bytes = <usize>n << FLOAT_SHIFT;
  const ptr = heap.alloc(bytes);
  memory.fill(ptr, 0, bytes);
  return ptr;
}

export function freeLayerBuffers(L: Layer): void {
  for (let k = 0; k < layerBufferCount(); k++) heap.free(load<usize>(layerBufferSlot(L, k)));
}

export function allocateLayerBuffers(L: Layer): void {
  for (let k = 0; k < layerBufferCount(); k++) store<usize>(layerBufferSlot(L, k), allocFloats(layerBufferFloats(L, k)));
}

// @ts-ignore: decorator
@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << FLOAT_SHIFT);
}

/**
 * potentials = x·W + b for every sample. Columns are processed four vectors at a time with the accumulators in
 * registers, so each weight is loaded once and potentials are written once. Zero inputs (silent Bernoulli
 * units) are not skipped: whether a unit fired is a coin flip the branch predictor cannot learn,
 * and the mispredictions cost more than the multiply-adds (skipping made CartPole steps ~7% slower).
 */
export function computePotentials(L: Layer): void {
  const stride = L.stride;
  const rowBytes = <usize>stride << FLOAT_SHIFT;
  for (let b = 0; b < L.batch; b++) {
    const x = at(L.input, b * L.inStride);
    const pot = at(L.potentials, b * stride);
    let j = 0;
    for (; j + 4 * STEP <= stride; j += 4 * STEP) {
      const col = <usize>j << FLOAT_SHIFT;
      let a0 = vload(L.bias + col);
      let a1 = vload(L.bias + col + STEP_BYTES);
      let a2 = vload(L.bias + col + 2 * STEP_BYTES);
      let a3 = vload(L.bias + col + 3 * STEP_BYTES);
      let w = L.weights + col;
      for (let i = 0; i < L.nIn; i++, w += rowBytes) {
        const xi = load<Float>(at(x, i));
        const xv = vsplat(xi);
        a0 = vadd(a0, vmul(xv, vload(w)));
        a1 = vadd(a1, vmul(xv, vload(w + STEP_BYTES)));
        a2 = vadd(a2, vmul(xv, vload(w + 2 * STEP_BYTES)));
        a3 = vadd(a3, vmul(xv, vload(w + 3 * STEP_BYTES)));
      }
      vstore(pot + col, a0);
      vstore(pot + col + STEP_BYTES, a1);
      vstore(pot + col + 2 * STEP_BYTES, a2);
      vstore(pot + col + 3 * STEP_BYTES, a3);
    }
    for (; j < stride; j += STEP) {
      const col = <usize>j << FLOAT_SHIFT;
      let a = vload(L.bias + col);
      let w = L.weights + col;
      for (let i = 0; i < L.nIn; i++, w += rowBytes) {
        const xi = load<Float>(at(x, i));
        a = vadd(a, vmul(vsplat(xi), vload(w)));
      }
      vstore(pot + col, a);
    }
  }
}

/** Writes softmax(potentials / T) of one sample into `mean`; returns the fixed logit's probability. */
function softmax(L: Layer, b: i32): Float {
  const pot = at(L.potentials, b * L.stride);
  const mean = at(L.mean, b * L.stride);
  const invT: Float = 1 / L.temperature;
  let top: Float = L.fixedZeroLogit ? 0 : -Infinity;
  for (let j = 0; j < L.nOut; j++) top = max(top, load<Float>(at(pot, j)) * invT);
  // Shifted logits are floored at -30 as in the reference. The exponentials are taken a vector
  // at a time into scratch, then summed in unit order.
  const extra: Float = L.fixedZeroLogit ? expFloat(max<Float>(-top, -30)) : 0;
  let sum = extra;
  for (let start = 0; start < L.nOut; start += ROW_SCRATCH_FLOATS) {
    const n = min(L.nOut - start, ROW_SCRATCH_FLOATS);
    for (let j = 0; j < n; j += STEP) {
      const shifted = vsub(vmul(vload(at(pot, start + j)), vsplat(invT)), vsplat(top));
      vstore(at(ROW_SCRATCH, j), expv(vpmax(shifted, vsplat(-30))));
    }
    for (let j = 0; j < n; j++) {
      const e = load<Float>(at(ROW_SCRATCH, j));
      store<Float>(at(mean, start + j), e);
      sum += e;
    }
  }
  const inv: Float = 1 / sum;
  for (let j = 0; j < L.nOut; j++) store<Float>(at(mean, j), load<Float>(at(mean, j)) * inv);
  return extra * inv;
}

/**
 * Recomputes potentials and means from the current inputs. With `sample`, draws new values
 * (ancestral sampling); otherwise stochastic units keep their values (MAP settling's refresh)
 * and deterministic units follow their means.
 */
export function forwardLayer(L: Layer, sample: bool, rng: usize): void {
  computePotentials(L);
  if (L.unit == UnitCode.categorical) {
    for (let b = 0; b < L.batch; b++) {
      const extra = softmax(L, b);
      if (sample) sampleCategorical(L, b, extra, rng);
    }
    return;
  }
  const stride = L.stride;
  const invT = vsplat(1 / L.temperature);
  for (let b = 0; b < L.batch; b++) {
    const row = b * stride;
    for (let j = 0; j < stride; j += STEP) {
      const a = vload(at(L.potentials, row + j));
      let m: Vec;
      if (L.unit == UnitCode.bernoulli) {
        m = sigmoidv(vmul(a, invT));
        // The reference's straight-through slope is σ'(a/T), without the 1/T factor.
        vstore(at(L.slope, row + j), vmul(m, vsub(vsplat(1), m)));
      } else {
        m = activateWithSlope(L.activation, a, at(L.slope, row + j));
      }
      vstore(at(L.mean, row + j), m);
      if (L.unit == UnitCode.deterministic) vstore(at(L.values, row + j), m);
    }
    if (!sample || L.unit == UnitCode.deterministic) continue;
    if (L.unit == UnitCode.bernoulli) sampleBernoulli(L, row, rng);
    else sampleGaussian(L, row, rng);
  }
}

// Draws stay in unit order so the random stream does not depend on the vector width; they are
// taken in runs into scratch (random.ts drawUniforms). Full vectors of units are sampled a vector
// at a time; the last units short of a vector one at a time, leaving padding lanes alone.

/** values = 1 where a uniform falls below the unit's probability, for one sample's row. */
function sampleBernoulli(L: Layer, row: i32, rng: usize): void {
  for (let start = 0; start < L.nOut; start += ROW_SCRATCH_FLOATS) {
    const n = min(L.nOut - start, ROW_SCRATCH_FLOATS);
    drawUniforms(rng, ROW_SCRATCH, n);
    let j = 0;
    for (; j + STEP <= n; j += STEP) {
      const k = row + start + j;
      vstore(at(L.values, k), vselect(vsplat(1), vsplat(0), vlt(vload(at(ROW_SCRATCH, j)), vload(at(L.mean, k)))));
    }
    for (; j < n; j++) {
      const k = row + start + j;
      store<Float>(at(L.values, k), load<Float>(at(ROW_SCRATCH, j)) < load<Float>(at(L.mean, k)) ? 1 : 0);
    }
  }
}

/** values = mean + sqrt(variance)·N(0, 1), two uniforms per unit, for one sample's row. */
function sampleGaussian(L: Layer, row: i32, rng: usize): void {
  const sd = vsplat(<Float>Math.sqrt(L.variance));
  const perRun = ROW_SCRATCH_FLOATS / 2;
  for (let start = 0; start < L.nOut; start += perRun) {
    const n = min(L.nOut - start, perRun);
    drawUniforms(rng, ROW_SCRATCH, 2 * n);
    let j = 0;
    for (; j + STEP <= n; j += STEP) {
      const pairs = at(ROW_SCRATCH, 2 * j);
      const k = row + start + j;
      vstore(at(L.values, k), vadd(vload(at(L.mean, k)), vmul(sd, boxMullerv(vloadEvens(pairs), vloadOdds(pairs)))));
    }
    for (; j < n; j++) {
      const pair = at(ROW_SCRATCH, 2 * j);
      const z = boxMullerv(vsplat(load<Float>(pair)), vsplat(load<Float>(pair + (1 << FLOAT_SHIFT))));
      const k = row + start + j;
      store<Float>(at(L.values, k), load<Float>(at(L.mean, k)) + vfirst(vmul(sd, z)));
    }
  }
}

function sampleCategorical(L: Layer, b: i32, extra: Float, rng: usize): void {
  const row = b * L.stride;
  const u = uniform(rng);
  let cumulative: Float = 0;
  let chosen = L.fixedZeroLogit ? L.nOut : L.nOut - 1;
  for (let j = 0; j < L.nOut; j++) {
    cumulative += load<Float>(at(L.mean, row + j));
    if (u < cumulative) {
      chosen = j;
      break;
    }
  }
  if (chosen == L.nOut && extra == 0) chosen = L.nOut - 1; // rounding at the top end
  clampAction(L, b, chosen);
}

/** Sets a categorical layer's one-hot values to given actions (clamping the output). */
export function clampAction(L: Layer, b: i32, action: i32): void {
  store<i32>(L.action + (<usize>b << 2), action);
  for (let j = 0; j < L.nOut; j++) store<Float>(at(L.values, b * L.stride + j), j == action ? 1 : 0);
}

/** Keeps padding lanes of a per-unit row at zero (they must never carry eligibility). */
function zeroPadding(L: Layer, buffer: usize, row: i32): void {
  for (let j = L.nOut; j < L.stride; j++) store<Float>(at(buffer, row + j), 0);
}

/** eligibility = ∂ log π(values | input) / ∂ potentials, per unit type (docs/learning-rules.md). */
export function computeEligibility(L: Layer): void {
  const invScale = vsplat(1 / (L.unit == UnitCode.gaussian ? L.variance : L.temperature));
  for (let b = 0; b < L.batch; b++) {
    const row = b * L.stride;
    for (let j = 0; j < L.stride; j += STEP) {
      const k = row + j;
      let g: Vec;
      if (L.unit == UnitCode.deterministic) {
        g = vload(at(L.slope, k));
      } else {
        g = vmul(vsub(vload(at(L.values, k)), vload(at(L.mean, k))), invScale);
        if (L.unit == UnitCode.gaussian) g = vmul(g, vload(at(L.slope, k)));
      }
      vstore(at(L.eligibility, k), g);
    }
    zeroPadding(L, L.eligibility, row);
  }
}

/**
 * Bernoulli units' eligibility relative to their mode, (h − [p > ½]) / T, for discrete MAP
 * propagation's settled values (TraceMode.mode): the analogue of continuous MAP propagation's
 * fixed point, where h − μ is σ² times the push from the layer above and so zero for a unit
 * nothing pulls. A unit the search left at its own mode records 0; one the layer above pulled
 * against it records ±1/T. (h − p has mean zero over the unit's coin flip, not at settled values.)
 */
export function computeModeEligibility(L: Layer): void {
  const invT = vsplat(1 / L.temperature);
  const half = vsplat(0.5);
  for (let b = 0; b < L.batch; b++) {
    const row = b * L.stride;
    for (let j = 0; j < L.stride; j += STEP) {
      const k = row + j;
      const mode = vselect(vsplat(1), vsplat(0), vgt(vload(at(L.mean, k)), half));
      vstore(at(L.eligibility, k), vmul(vsub(vload(at(L.values, k)), mode), invT));
    }
    zeroPadding(L, L.eligibility, row);
  }
}

/**
 * Backprop through a hidden layer: eligibility = upper · φ'(potentials), where `upper` is the layer
 * above's back-projection. Bernoulli units use the derivative of their mean (straight-through
 * estimator).
 */
export function backpropEligibility(L: Layer, upper: usize): void {
  for (let b = 0; b < L.batch; b++) {
    const row = b * L.stride;
    for (let j = 0; j < L.stride; j += STEP) {
      vstore(at(L.eligibility, row + j), vmul(vload(at(upper, row + j)), vload(at(L.slope, row + j))));
    }
    zeroPadding(L, L.eligibility, row);
  }
}

/**
 * backProjection = eligibility · Wᵀ: what this layer's eligibility asks of each of its inputs. Four rows at a
 * time, so each eligibility vector is loaded once per four dot products.
 */
export function backProject(L: Layer): void {
  const stride = L.stride;
  const rowBytes = <usize>stride << FLOAT_SHIFT;
  for (let b = 0; b < L.batch; b++) {
    const g = at(L.eligibility, b * stride);
    const out = at(L.backProjection, b * L.inStride);
    let i = 0;
    for (; i + 4 <= L.nIn; i += 4) {
      const w = L.weights + <usize>i * rowBytes;
      let a0 = vsplat(0);
      let a1 = vsplat(0);
      let a2 = vsplat(0);
      let a3 = vsplat(0);
      for (let j = 0; j < stride; j += STEP) {
        const col = <usize>j << FLOAT_SHIFT;
        const gv = vload(g + col);
        a0 = vadd(a0, vmul(gv, vload(w + col)));
        a1 = vadd(a1, vmul(gv, vload(w + rowBytes + col)));
        a2 = vadd(a2, vmul(gv, vload(w + 2 * rowBytes + col)));
        a3 = vadd(a3, vmul(gv, vload(w + 3 * rowBytes + col)));
      }
      vstoreSums4(at(out, i), a0, a1, a2, a3);
    }
    for (; i < L.nIn; i++) {
      const w = L.weights + <usize>i * rowBytes;
      let acc = vsplat(0);
      for (let j = 0; j < stride; j += STEP) acc = vadd(acc, vmul(vload(g + (<usize>j << FLOAT_SHIFT)), vload(w + (<usize>j << FLOAT_SHIFT))));
      store<Float>(at(out, i), vsum(acc));
    }
  }
}

/** z ← decay·z + x ⊗ eligibility for every sample (the eligibility trace). */
export function accumulateTrace(L: Layer, decay: Float): void {
  // λγ = 0 (Weight Max's actor): the trace is the last step's x⊗e, written without reading it.
  if (decay == 0) addToTraces(L, decay, false);
  else addToTraces(L, decay, true);
}

// @ts-ignore: decorator
@inline function addToTraces(L: Layer, decay: Float, decays: bool): void {
  const stride = L.stride;
  const d = vsplat(decay);
  for (let b = 0; b < L.batch; b++) {
    const x = at(L.input, b * L.inStride);
    const g = at(L.eligibility, b * stride);
    const zw = at(L.traceWeights, b * L.nIn * stride);
    for (let i = 0; i < L.nIn; i++) {
      const xv = vsplat(load<Float>(at(x, i)));
      const row = at(zw, i * stride);
      for (let j = 0; j < stride; j += STEP) {
        const p = at(row, j);
        const outer = vmul(xv, vload(at(g, j)));
        vstore(p, decays ? vadd(vmul(d, vload(p)), outer) : outer);
      }
    }
    const zb = at(L.traceBias, b * stride);
    for (let j = 0; j < stride; j += STEP) {
      const p = at(zb, j);
      vstore(p, decays ? vadd(vmul(d, vload(p)), vload(at(g, j))) : vload(at(g, j)));
    }
  }
}

/** Multiplies one sample's eligibility by a factor (the MAP critic's gate). */
export function scaleEligibility(L: Layer, b: i32, factor: Float): void {
  const row = at(L.eligibility, b * L.stride);
  const f = vsplat(factor);
  for (let j = 0; j < L.stride; j += STEP) vstore(at(row, j), vmul(f, vload(at(row, j))));
}

export function clearTraceSample(L: Layer, b: i32): void {
  memory.fill(at(L.traceWeights, b * L.nIn * L.stride), 0, <usize>(L.nIn * L.stride) << FLOAT_SHIFT);
  memory.fill(at(L.traceBias, b * L.stride), 0, <usize>L.stride << FLOAT_SHIFT);
}
