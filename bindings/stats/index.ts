/**
 * Statistics for comparing runs, one definition of each for the CLI, the benchmarks and the
 * docs: descriptive statistics (sample std, n − 1), the interquartile mean with a stratified-
 * bootstrap interval, success rates with Wilson intervals, Welch's t-test and the Mann–Whitney
 * U test. Each is checked against SciPy on fixed data (test/training/stats.test.ts). docs/statistics.md
 * says which to use when.
 */
export { mean, sampleVariance, sampleStd, standardError, summarize, type Summary } from "./descriptive.js";
export { interquartileMean } from "./iqm.js";
export { stratifiedBootstrap, interquartileMeanInterval, DEFAULT_RESAMPLES, type BootstrapOptions, type BootstrapInterval } from "./bootstrap.js";
export { wilsonInterval, rateAtLeast, type Rate } from "./wilson.js";
export { welchTTest, type WelchResult } from "./welch.js";
export { mannWhitneyU, type MannWhitneyResult, type MannWhitneyMethod } from "./mann-whitney.js";
export { performanceProfile, profileThresholds, fractionAbove, type ProfilePoint } from "./performance-profile.js";
export { logGamma, regularizedIncompleteBeta, erfc, normalSurvival, studentTTwoSided } from "./special.js";
export { sortedQuantile } from "./quantile.js";
export { compareGroups, type ComparisonGroup, type ComparisonOptions, type GroupStatistics, type PairStatistics } from "./compare.js";
