// @ts-check
// How close one rule's per-sample updates of one layer come to the gradient, from N samples:
// - cosine: of the expected update E[u] with ∇J;
// - gain: ⟨E[u], ∇J⟩ / ‖∇J‖², the part of the gradient the rule delivers on average (1 for an
//   unbiased estimator), with its standard error;
// - norm ratio ‖E[u]‖ / ‖∇J‖;
// - relative variance: E‖u − E[u]‖² / ‖∇J‖², the per-sample noise against the signal;
// - SNR: ‖E[u]‖² / E‖u − E[u]‖², the same free of the rule's scale (Weight Max's updates are not
//   on the gradient's scale);
// - single-sample cosine: the mean over samples of cos(u, ∇J), what one step learns from (an
//   update of zero counts as cosine 0).
// ‖E[u]‖² is estimated without the bias of the sample mean's own noise, ‖ū‖² − tr Σ̂/N (and the
// reference's likewise, over its M samples); the cosine uses ⟨ū, ĝ⟩, unbiased because the rule's
// samples and the reference's are independent. Where the noise swamps the mean (the corrected
// squared norm is not positive, or the mean's standard error exceeds half its norm) cosine and
// norm ratio are null: undetermined at this N. The gain and its standard error remain.

/** The largest standard error of the mean update, relative to its norm, at which its cosine is reported. */
export const NOISE_LIMIT = 0.5;

/** Sums over samples of one layer's updates: enough for every measure above. */
export class Accumulator {
  /** @param {number} nIn @param {number} nOut @param {Float64Array | null} [target] the gradient the updates are compared with */
  constructor(nIn, nOut, target = null) {
    this.nIn = nIn;
    this.nOut = nOut;
    this.target = target;
    this.targetNorm = target ? Math.sqrt(squaredNorm(target)) : 0;
    this.sum = new Float64Array((nIn + 1) * nOut);
    this.count = 0;
    this.sumSquares = 0;
    this.sumProjection = 0;
    this.sumProjectionSquares = 0;
    this.sumCosine = 0;
  }

  /** Adds one sample's update input ⊗ delta (biases: delta). @param {import("./update.mjs").LayerUpdate} update */
  add({ input, delta }) {
    const { nIn, nOut, sum, target } = this;
    let inputSquares = 1;
    for (let i = 0; i < nIn; i++) inputSquares += input[i] * input[i];
    let deltaSquares = 0;
    for (let j = 0; j < nOut; j++) deltaSquares += delta[j] * delta[j];
    let projection = 0;
    for (let i = 0; i <= nIn; i++) {
      const xi = i < nIn ? input[i] : 1;
      if (xi === 0) continue;
      const row = i * nOut;
      let dot = 0;
      for (let j = 0; j < nOut; j++) {
        sum[row + j] += xi * delta[j];
        if (target) dot += target[row + j] * delta[j];
      }
      projection += xi * dot;
    }
    const squares = inputSquares * deltaSquares;
    this.count++;
    this.sumSquares += squares;
    if (target) {
      this.sumProjection += projection;
      this.sumProjectionSquares += projection * projection;
      this.sumCosine += squares > 0 ? projection / (Math.sqrt(squares) * this.targetNorm) : 0;
    }
  }

  /** The mean update ū. */
  mean() {
    return this.sum.map((v) => v / this.count);
  }

  /** The trace of the updates' covariance, E‖u − E[u]‖², estimated (N − 1 in the denominator). */
  variance() {
    const N = this.count;
    const meanSquares = squaredNorm(this.mean());
    return Math.max(0, (this.sumSquares - N * meanSquares) / (N - 1));
  }

  /** ‖E[u]‖² without the sample mean's noise: ‖ū‖² − tr Σ̂ / N. */
  signalSquares() {
    return squaredNorm(this.mean()) - this.variance() / this.count;
  }

  /**
   * The measures against the gradient this accumulator was made with, whose own squared norm
   * (noise-corrected, for a sampled reference) is `targetSquares`.
   * @param {number} targetSquares
   */
  measures(targetSquares) {
    if (!this.target) throw new TypeError("measures: this accumulator was made without a target gradient");
    const N = this.count;
    const variance = this.variance();
    const signal = this.signalSquares();
    const projectionMean = this.sumProjection / N;
    const projectionVariance = Math.max(0, (this.sumProjectionSquares - N * projectionMean * projectionMean) / (N - 1));
    const gain = projectionMean / targetSquares;
    // The cosine's direction is known only when the mean's noise is small against its own norm.
    const determined = signal > 0 && targetSquares > 0 && variance / N <= NOISE_LIMIT * NOISE_LIMIT * signal;
    const rawMean = this.mean();
    return {
      samples: N,
      cosine: determined ? clamp(projectionMean / Math.sqrt(signal * targetSquares)) : null,
      rawCosine: dot(rawMean, this.target) / (Math.sqrt(squaredNorm(rawMean)) * this.targetNorm) || 0,
      gain,
      gainStandardError: Math.sqrt(projectionVariance / N) / targetSquares,
      normRatio: determined ? Math.sqrt(signal / targetSquares) : null,
      relativeVariance: variance / targetSquares,
      snr: signal > 0 ? signal / variance : 0,
      meanRelativeStandardError: Math.sqrt(variance / N / targetSquares),
      singleSampleCosine: this.sumCosine / N,
    };
  }
}

/** @param {ArrayLike<number>} v */
export function squaredNorm(v) {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return s;
}

/** @param {ArrayLike<number>} a @param {ArrayLike<number>} b */
export function dot(a, b) {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Cosine of two vectors (0 if either is zero). @param {ArrayLike<number>} a @param {ArrayLike<number>} b */
export function cosine(a, b) {
  const d = Math.sqrt(squaredNorm(a) * squaredNorm(b));
  return d > 0 ? dot(a, b) / d : 0;
}

/** @param {number} c */
function clamp(c) {
  return Math.max(-1, Math.min(1, c));
}
