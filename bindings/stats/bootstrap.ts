/**
 * The stratified bootstrap (rliable's `StratifiedBootstrap`): each resample draws, within every
 * stratum (a task), as many runs as the stratum has, with replacement, and computes the
 * statistic of all the drawn runs together. Tasks with few runs thus keep their weight. The
 * interval is the percentile interval of the resampled statistic.
 *
 * Resampling uses coagent's own seeded generator (xoshiro128**, `Random`), so one seed gives the
 * same interval on every machine and runtime.
 */
import { ConfigurationError, describe, requirePositiveInteger, requireSeed } from "../errors.js";
import { Random } from "../core/random.js";
import { interquartileMean } from "./iqm.js";
import { sortedQuantile } from "./quantile.js";
import { requireSample } from "./sample.js";

/** The resamples a bootstrap draws unless told otherwise. */
export const DEFAULT_RESAMPLES = 10_000;

/** Options of the bootstrap functions. */
export interface BootstrapOptions {
  /** Resamples drawn (default 10,000). */
  resamples?: number;
  /** Seed of the resampling stream (default 0). */
  seed?: number;
  /** Coverage of the interval, in (0, 1) (default 0.95). */
  confidence?: number;
}

/** A statistic with its bootstrap interval, and how the interval was made. */
export interface BootstrapInterval {
  /** The statistic of the data themselves. */
  estimate: number;
  /** Percentile interval [low, high]. */
  interval: [number, number];
  confidence: number;
  resamples: number;
  seed: number;
}

/** The strata as checked arrays: one sample, or an array of samples (one per task). */
function requireStrata(strata: ArrayLike<number> | ArrayLike<number>[]): number[][] {
  const list = Array.isArray(strata) && strata.length > 0 && typeof strata[0] !== "number" ? (strata as ArrayLike<number>[]) : [strata as ArrayLike<number>];
  return list.map((s, k) => requireSample(list.length === 1 ? "values" : `strata[${k}]`, s));
}

function requireOptions(options: BootstrapOptions): Required<BootstrapOptions> {
  const confidence = options.confidence ?? 0.95;
  if (typeof confidence !== "number" || !(confidence > 0 && confidence < 1)) {
    throw new ConfigurationError(`confidence must be a number in (0, 1); got ${describe(confidence)}`);
  }
  return { resamples: requirePositiveInteger("resamples", options.resamples ?? DEFAULT_RESAMPLES), seed: requireSeed("seed", options.seed ?? 0), confidence };
}

/**
 * Draws `resamples` stratified resamples and calls `visit` with each (all strata's draws in
 * one array, stratum after stratum). The draws of one seed are the same everywhere.
 */
export function forEachStratifiedResample(strata: number[][], resamples: number, seed: number, visit: (resample: Float64Array) => void): void {
  const random = new Random(seed);
  const resample = new Float64Array(strata.reduce((n, s) => n + s.length, 0));
  for (let r = 0; r < resamples; r++) {
    let k = 0;
    for (const stratum of strata) {
      for (let i = 0; i < stratum.length; i++) resample[k++] = stratum[Math.floor(random.uniform() * stratum.length)];
    }
    visit(resample);
  }
}

/**
 * `statistic` of the pooled strata, with its stratified-bootstrap percentile interval.
 * `strata` is one sample (one task) or an array of samples (one per task).
 */
export function stratifiedBootstrap(
  strata: ArrayLike<number> | ArrayLike<number>[],
  statistic: (values: Float64Array) => number,
  options: BootstrapOptions = {},
): BootstrapInterval {
  const samples = requireStrata(strata);
  const { resamples, seed, confidence } = requireOptions(options);
  const estimates = new Float64Array(resamples);
  let r = 0;
  forEachStratifiedResample(samples, resamples, seed, (resample) => {
    estimates[r++] = statistic(resample);
  });
  estimates.sort();
  const tail = (1 - confidence) / 2;
  return {
    estimate: statistic(Float64Array.from(samples.flat())),
    interval: [sortedQuantile(estimates, tail), sortedQuantile(estimates, 1 - tail)],
    confidence, resamples, seed,
  };
}

/** The interquartile mean with its 95 % stratified-bootstrap interval (rliable's recommendation). */
export function interquartileMeanInterval(strata: ArrayLike<number> | ArrayLike<number>[], options: BootstrapOptions = {}): BootstrapInterval {
  return stratifiedBootstrap(strata, interquartileMean, options);
}
