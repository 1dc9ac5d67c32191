/**
 * The Mann–Whitney U test (Wilcoxon rank-sum): is a run of one group as likely to beat a run of
 * the other as to lose to it? It compares ranks, not means, so it suits outcomes that are
 * bimodal (some seeds learn, others freeze) or heavy-tailed, where Welch's t misleads.
 *
 * Matches `scipy.stats.mannwhitneyu(a, b, alternative="two-sided")` with its default
 * method="auto" (SciPy ≥ 1.12's `_mwu_choose_method`): the exact null distribution of U when
 * either sample has at most 8 values and no value is tied; otherwise the normal approximation
 * with the tie correction and the continuity correction.
 */
import { requireSample } from "./sample.js";
import { normalSurvival } from "./special.js";

/** How the p-value was computed. */
export type MannWhitneyMethod = "exact" | "asymptotic";

/** U of the first sample, the two-sided p-value, and how the p-value was computed. */
export interface MannWhitneyResult {
  /** U of `a`: the pairs (x from a, y from b) with x > y, ties counting one half. */
  u: number;
  p: number;
  method: MannWhitneyMethod;
}

/** Two-sided Mann–Whitney U test of `a` against `b` (each at least one value). */
export function mannWhitneyU(a: ArrayLike<number>, b: ArrayLike<number>): MannWhitneyResult {
  const xs = requireSample("a", a);
  const ys = requireSample("b", b);
  const n1 = xs.length;
  const n2 = ys.length;
  const { ranks, tieSizes } = averageRanks([...xs, ...ys]);
  let r1 = 0;
  for (let k = 0; k < n1; k++) r1 += ranks[k];
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u = Math.max(u1, n1 * n2 - u1); // the two-sided test doubles the upper tail of the larger U
  const ties = tieSizes.some((t) => t > 1);
  const method: MannWhitneyMethod = (n1 > 8 && n2 > 8) || ties ? "asymptotic" : "exact";
  const p = method === "exact" ? exactUpperTail(u, n1, n2) : asymptoticUpperTail(u, n1, n2, tieSizes);
  return { u: u1, p: Math.min(1, Math.max(0, 2 * p)), method };
}

/** Average ranks (1-based) of `values`, and the size of every group of equal values. */
function averageRanks(values: number[]): { ranks: Float64Array; tieSizes: number[] } {
  const order = values.map((_, k) => k).sort((i, j) => values[i] - values[j]);
  const ranks = new Float64Array(values.length);
  const tieSizes: number[] = [];
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && values[order[end]] === values[order[start]]) end++;
    const rank = (start + 1 + end) / 2; // the mean of ranks start+1 … end
    for (let k = start; k < end; k++) ranks[order[k]] = rank;
    tieSizes.push(end - start);
    start = end;
  }
  return { ranks, tieSizes };
}

/** P(U ≥ u) under the normal approximation, with the tie and continuity corrections. */
function asymptoticUpperTail(u: number, n1: number, n2: number, tieSizes: number[]): number {
  const n = n1 + n2;
  const tieTerm = tieSizes.reduce((sum, t) => sum + t ** 3 - t, 0);
  const sd = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  // The continuity correction: U is discrete, so the mass at u belongs to the tail.
  const z = (u - (n1 * n2) / 2 - 0.5) / sd; // ±Infinity or NaN when every value is tied: p then is 1
  return Number.isNaN(z) ? 0.5 : normalSurvival(z);
}

/**
 * P(U ≥ u) from the exact null distribution of U: the number of ways to interleave n1 and n2
 * untied values with U = k is the coefficient of q^k in the Gaussian binomial
 * [n1 + n2 choose n1]_q = Π_{i=1..m} (1 − q^(M+i)) / (1 − q^i), with m = min, M = max.
 * Counted in BigInt, so the probability is exact up to its final rounding.
 */
function exactUpperTail(u: number, n1: number, n2: number): number {
  const m = Math.min(n1, n2);
  const big = Math.max(n1, n2);
  const size = m * big + 1;
  const counts: bigint[] = new Array<bigint>(size).fill(0n);
  counts[0] = 1n;
  for (let i = 1; i <= m; i++) {
    // × (1 − q^(big+i)): from the top down, so each coefficient reads the old lower one.
    for (let k = size - 1; k >= big + i; k--) counts[k] -= counts[k - big - i];
    // ÷ (1 − q^i), exact: c_k += c_(k−i) from the bottom up.
    for (let k = i; k < size; k++) counts[k] += counts[k - i];
  }
  const total = counts.reduce((a, c) => a + c, 0n);
  let tail = 0n;
  for (let k = Math.ceil(u); k < size; k++) tail += counts[k];
  return ratio(tail, total);
}

/** a / b for big integers, correctly rounded up to the last bit or two. */
function ratio(a: bigint, b: bigint): number {
  // Scale so that the quotient has 64 significant bits, then divide in floating point.
  const shift = BigInt(Math.max(0, b.toString(2).length - a.toString(2).length + 64));
  return Number((a << shift) / b) / 2 ** Number(shift);
}
