/**
 * Descriptive statistics of one sample: the mean, the sample standard deviation (n − 1 in the
 * denominator, as SciPy's `std(ddof=1)`), and the standard error of the mean built on it. One
 * definition for every table, so that no two tables divide by different n.
 */
import { requireSample } from "./sample.js";

/** Arithmetic mean. */
export function mean(values: ArrayLike<number>): number {
  const xs = requireSample("values", values);
  // Two passes: the mean of the residuals corrects the rounding of the first sum.
  const first = xs.reduce((a, b) => a + b, 0) / xs.length;
  return first + xs.reduce((a, x) => a + (x - first), 0) / xs.length;
}

/** Sample variance (divides by n − 1): an unbiased estimate of the population's variance. */
export function sampleVariance(values: ArrayLike<number>): number {
  const xs = requireSample("values", values, 2);
  const m = mean(xs);
  let squares = 0;
  let residuals = 0;
  for (const x of xs) {
    squares += (x - m) ** 2;
    residuals += x - m;
  }
  // The corrected two-pass formula (Chan, Golub and LeVeque), exact when m is.
  return (squares - (residuals * residuals) / xs.length) / (xs.length - 1);
}

/** Sample standard deviation (n − 1 in the variance's denominator). */
export function sampleStd(values: ArrayLike<number>): number {
  return Math.sqrt(sampleVariance(values));
}

/** Standard error of the mean: sample std / √n. */
export function standardError(values: ArrayLike<number>): number {
  return Math.sqrt(sampleVariance(values) / values.length);
}

/** The summary a table row shows. */
export interface Summary {
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1); NaN for a single value. */
  std: number;
  /** Standard error of the mean; NaN for a single value. */
  se: number;
}

/** n, mean, sample std and standard error at once (std and se are NaN when n = 1). */
export function summarize(values: ArrayLike<number>): Summary {
  const xs = requireSample("values", values);
  const std = xs.length > 1 ? sampleStd(xs) : NaN;
  return { n: xs.length, mean: mean(xs), std, se: xs.length > 1 ? standardError(xs) : NaN };
}
