/**
 * A whole comparison at once, as `coagent compare` prints it: per group of runs the summary, the
 * IQM with its stratified-bootstrap interval and (when each run's success is known) the success
 * rate with its Wilson interval; per pair of groups Welch's t-test and the Mann–Whitney U test.
 * Statistics that are undefined (Welch's t of groups of one run, or of two constant groups) are
 * null, so that the result is plain JSON.
 */
import { ShapeError } from "../errors.js";
import { interquartileMeanInterval, type BootstrapOptions } from "./bootstrap.js";
import { summarize } from "./descriptive.js";
import { mannWhitneyU, type MannWhitneyMethod } from "./mann-whitney.js";
import { welchTTest } from "./welch.js";
import { wilsonInterval } from "./wilson.js";

/** One group to compare: a label, one score per run (or one array per task), and optionally which runs succeeded. */
export interface ComparisonGroup {
  label: string;
  /** One score per run, or one array of scores per task (the strata of the bootstrap). */
  scores: number[] | number[][];
  /** Per run (in the order of the flattened scores), whether it solved the task. */
  solved?: boolean[];
}

/** A group's statistics. */
export interface GroupStatistics {
  label: string;
  runs: number;
  mean: number;
  /** Sample std (n − 1); null for one run. */
  std: number | null;
  /** Standard error of the mean; null for one run. */
  se: number | null;
  /** Interquartile mean and its 95 % stratified-bootstrap interval. */
  iqm: number;
  ci95: [number, number];
  /** Runs that solved the task, with the 95 % Wilson interval of the rate; null when not given. */
  solved: { successes: number; runs: number; rate: number; ci95: [number, number] } | null;
}

/** The two-sided tests of one pair of groups. */
export interface PairStatistics {
  a: string;
  b: string;
  /** Welch's t (a − b), its degrees of freedom and p-value; null with fewer than two runs a side or two constant groups. */
  welchT: number | null;
  welchDf: number | null;
  welchP: number | null;
  /** U of a and the two-sided p-value, and whether it is exact. */
  mannWhitneyU: number;
  mannWhitneyP: number;
  mannWhitneyMethod: MannWhitneyMethod;
}

/** Options of `compareGroups`: the bootstrap's, and which pairs to test. */
export interface ComparisonOptions extends BootstrapOptions {
  /** Whether to test a pair (default: every pair, in the groups' order). */
  pairs?: (a: ComparisonGroup, b: ComparisonGroup) => boolean;
}

const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

function flatten(group: ComparisonGroup): { strata: number[][]; pooled: number[] } {
  const strata = group.scores.length > 0 && Array.isArray(group.scores[0]) ? (group.scores as number[][]) : [group.scores as number[]];
  return { strata, pooled: strata.flat() };
}

/** Every group's statistics and the tests of every pair (or of those `options.pairs` selects). */
export function compareGroups(groups: ComparisonGroup[], options: ComparisonOptions = {}): { groups: GroupStatistics[]; pairs: PairStatistics[] } {
  const { pairs: selectPair, ...bootstrap } = options;
  const flat = groups.map(flatten);
  const statistics = groups.map((group, k): GroupStatistics => {
    const { strata, pooled } = flat[k];
    const summary = summarize(pooled);
    const { estimate, interval } = interquartileMeanInterval(strata, bootstrap);
    let solved: GroupStatistics["solved"] = null;
    if (group.solved) {
      if (group.solved.length !== pooled.length) throw new ShapeError(`groups[${k}].solved must hold one entry per run (${pooled.length}); got ${group.solved.length}`);
      const rate = wilsonInterval(group.solved.filter(Boolean).length, pooled.length);
      solved = { successes: rate.successes, runs: rate.trials, rate: rate.rate, ci95: rate.interval };
    }
    return { label: group.label, runs: pooled.length, mean: summary.mean, std: finiteOrNull(summary.std), se: finiteOrNull(summary.se), iqm: estimate, ci95: interval, solved };
  });
  const pairs: PairStatistics[] = [];
  for (let i = 0; i < groups.length; i++) {
    for (let j = i + 1; j < groups.length; j++) {
      if (selectPair && !selectPair(groups[i], groups[j])) continue;
      const [xs, ys] = [flat[i].pooled, flat[j].pooled];
      const welch = xs.length >= 2 && ys.length >= 2 ? welchTTest(xs, ys) : undefined;
      const ranks = mannWhitneyU(xs, ys);
      pairs.push({
        a: groups[i].label, b: groups[j].label,
        welchT: welch ? finiteOrNull(welch.t) : null, welchDf: welch ? finiteOrNull(welch.df) : null, welchP: welch ? finiteOrNull(welch.p) : null,
        mannWhitneyU: ranks.u, mannWhitneyP: ranks.p, mannWhitneyMethod: ranks.method,
      });
    }
  }
  return { groups: statistics, pairs };
}
