/**
 * Performance profiles (Agarwal et al. 2021, after Dolan and Moré): for every score τ, the
 * fraction of runs that score above τ. One curve shows the whole distribution of outcomes —
 * a group whose seeds split into learners and non-learners shows a step, which a mean hides.
 * The band is the stratified bootstrap's percentile interval at each τ.
 */
import { ConfigurationError } from "../errors.js";
import { forEachStratifiedResample, DEFAULT_RESAMPLES, type BootstrapOptions } from "./bootstrap.js";
import { sortedQuantile } from "./quantile.js";
import { requireSample } from "./sample.js";

/** One point of a profile: τ, the fraction of runs above it, and the band around that fraction. */
export interface ProfilePoint {
  tau: number;
  fraction: number;
  low: number;
  high: number;
}

/** The fraction of `values` strictly above `tau`. */
export function fractionAbove(values: ArrayLike<number>, tau: number): number {
  let above = 0;
  for (let k = 0; k < values.length; k++) if (values[k] > tau) above++;
  return above / values.length;
}

/**
 * The performance profile of one group at each τ of `taus`, with a stratified-bootstrap band
 * (default 95 %, 10,000 resamples, seed 0). `strata` is one sample or one sample per task.
 */
export function performanceProfile(strata: ArrayLike<number> | ArrayLike<number>[], taus: ArrayLike<number>, options: BootstrapOptions = {}): ProfilePoint[] {
  const isNested = Array.isArray(strata) && strata.length > 0 && typeof strata[0] !== "number";
  const samples = (isNested ? (strata as ArrayLike<number>[]) : [strata as ArrayLike<number>]).map((s, k) => requireSample(isNested ? `strata[${k}]` : "values", s));
  const thresholds = requireSample("taus", taus);
  const confidence = options.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1)) throw new ConfigurationError(`confidence must be a number in (0, 1); got ${confidence}`);
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const fractions = thresholds.map(() => new Float64Array(resamples));
  let r = 0;
  forEachStratifiedResample(samples, resamples, options.seed ?? 0, (resample) => {
    const sorted = Float64Array.from(resample).sort();
    thresholds.forEach((tau, k) => {
      fractions[k][r] = (sorted.length - upperBound(sorted, tau)) / sorted.length;
    });
    r++;
  });
  const pooled = samples.flat();
  const tail = (1 - confidence) / 2;
  return thresholds.map((tau, k) => {
    const sorted = fractions[k].sort();
    return { tau, fraction: fractionAbove(pooled, tau), low: sortedQuantile(sorted, tail), high: sortedQuantile(sorted, 1 - tail) };
  });
}

/** The number of values ≤ tau in an ascending array (binary search). */
function upperBound(sorted: Float64Array, tau: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid] <= tau) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** `count` evenly spaced τ from the lowest to the highest value of all `groups`. */
export function profileThresholds(groups: ArrayLike<number>[], count = 101): number[] {
  const all = groups.flatMap((g) => Array.from(g));
  const low = Math.min(...all);
  const high = Math.max(...all);
  if (low === high) return [low];
  return Array.from({ length: count }, (_, k) => low + ((high - low) * k) / (count - 1));
}
