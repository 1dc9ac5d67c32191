/**
 * The interquartile mean (IQM; Agarwal et al., "Deep RL at the Edge of the Statistical
 * Precipice", 2021): the mean of the middle half of the runs. It ignores the few runs that
 * froze or soared, unlike the mean, yet uses half the runs, unlike the median.
 *
 * Defined exactly as rliable's `aggregate_iqm`, which is `scipy.stats.trim_mean(x, 0.25)`:
 * sort, drop ⌊n/4⌋ values from each end, average the rest. The cut is whole values, not
 * fractional: for n = 10 it drops 2 from each end and averages 6.
 */
import { requireSample } from "./sample.js";

/** The 25 %-trimmed mean of `values`, as scipy.stats.trim_mean(values, 0.25). */
export function interquartileMean(values: ArrayLike<number>): number {
  const sorted = requireSample("values", values).sort((a, b) => a - b);
  return trimmedMeanOfSorted(sorted);
}

/** The IQM of values already sorted ascending (the bootstrap's inner loop). */
export function trimmedMeanOfSorted(sorted: ArrayLike<number>): number {
  const cut = Math.floor(0.25 * sorted.length);
  let sum = 0;
  for (let k = cut; k < sorted.length - cut; k++) sum += sorted[k];
  return sum / (sorted.length - 2 * cut);
}
