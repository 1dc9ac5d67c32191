/**
 * Welch's t-test: do two samples have the same mean, without assuming equal variances?
 * Matches `scipy.stats.ttest_ind(a, b, equal_var=False)`. Its p-value assumes the means are
 * nearly normal; with bimodal outcomes (some seeds learn, some freeze) and few runs, prefer
 * the rank test (mann-whitney.ts).
 */
import { sampleVariance, mean } from "./descriptive.js";
import { requireSample } from "./sample.js";
import { studentTTwoSided } from "./special.js";

/** Welch's t statistic, its degrees of freedom (Welch–Satterthwaite) and two-sided p-value. */
export interface WelchResult {
  t: number;
  df: number;
  p: number;
}

/**
 * Welch's t-test of mean(a) = mean(b), two-sided. Each sample needs two values. When both
 * samples are constant the test is undefined: t, df and p are NaN (as in SciPy).
 */
export function welchTTest(a: ArrayLike<number>, b: ArrayLike<number>): WelchResult {
  const xs = requireSample("a", a, 2);
  const ys = requireSample("b", b, 2);
  const va = sampleVariance(xs) / xs.length;
  const vb = sampleVariance(ys) / ys.length;
  const t = (mean(xs) - mean(ys)) / Math.sqrt(va + vb);
  const df = (va + vb) ** 2 / (va ** 2 / (xs.length - 1) + vb ** 2 / (ys.length - 1));
  return { t, df, p: studentTTwoSided(t, df) };
}
