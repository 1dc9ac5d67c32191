// The statistics module against SciPy: test/fixtures/stats/make-fixtures.py computed SciPy's
// values on fixed data sets (small and large, ties and none, bimodal, constant, n = 2..50) and
// committed them; every statistic must agree to 1e-9 (the special functions to 1e-12).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  erfc, interquartileMean, interquartileMeanInterval, logGamma, mannWhitneyU, mean, performanceProfile, rateAtLeast, regularizedIncompleteBeta, sampleStd,
  standardError, stratifiedBootstrap, Random, compareGroups, studentTTwoSided, summarize, welchTTest, wilsonInterval, ShapeError, ValueError, ConfigurationError,
} from "../../dist/index.js";

interface Fixtures {
  samples: Record<string, number[]>;
  summaries: Record<string, { mean: number; std: number; se: number; iqm: number }>;
  tests: { a: string; b: string; welchT: number | null; welchP: number | null; welchDf: number | null; mannWhitneyU: number; mannWhitneyP: number }[];
  wilson: { k: number; n: number; low: number; high: number }[];
  special: { logGamma: number[][]; incompleteBeta: number[][]; erfc: number[][]; studentTTwoSided: number[][] };
}

const fixtures = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "stats", "scipy.json"), "utf8")) as Fixtures;

/** |actual − expected| ≤ tolerance · max(1, |expected|): absolute near zero, relative for large values. */
function close(actual: number, expected: number | null, tolerance: number, what: string): void {
  if (expected === null) {
    expect(actual, what).toBeNaN();
    return;
  }
  expect(Math.abs(actual - expected), `${what}: ${actual} vs SciPy's ${expected}`).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected)));
}

describe("descriptive statistics and the IQM", () => {
  for (const [name, expected] of Object.entries(fixtures.summaries)) {
    it(`match SciPy on ${name}`, () => {
      const xs = fixtures.samples[name];
      close(mean(xs), expected.mean, 1e-9, "mean");
      close(sampleStd(xs), expected.std, 1e-9, "std (ddof=1)");
      close(standardError(xs), expected.se, 1e-9, "sem");
      close(interquartileMean(xs), expected.iqm, 1e-9, "trim_mean(x, 0.25)");
      expect(summarize(xs)).toEqual({ n: xs.length, mean: mean(xs), std: sampleStd(xs), se: standardError(xs) });
    });
  }

  it("trims whole values, as SciPy: n = 10 averages the middle 6", () => {
    expect(interquartileMean([100, 1, 2, 3, 4, 5, 6, 7, 8, -100])).toBe((2 + 3 + 4 + 5 + 6 + 7) / 6);
    expect(interquartileMean([5, 1, 9])).toBe(5); // ⌊3/4⌋ = 0: nothing trimmed below n = 4
  });

  it("refuses empty, non-finite and too-short samples with a typed error naming the argument", () => {
    expect(() => mean([])).toThrow(ShapeError);
    expect(() => mean([1, NaN])).toThrow(/values\[1\] must be a finite number; got NaN/);
    expect(() => sampleStd([3])).toThrow(/at least 2 values; got 1/);
    expect(() => welchTTest([1, 2], [3])).toThrow(/b must hold at least 2 values/);
    expect(() => mannWhitneyU([1, 2], "x" as unknown as number[])).toThrow(/b must be an array of numbers/);
    expect(() => interquartileMean([Infinity])).toThrow(ValueError);
    expect(summarize([7]).std).toBeNaN();
  });
});

describe("Welch's t-test and the Mann–Whitney U test", () => {
  for (const t of fixtures.tests) {
    it(`match SciPy on ${t.a} vs ${t.b}`, () => {
      const [a, b] = [fixtures.samples[t.a], fixtures.samples[t.b]];
      const welch = welchTTest(a, b);
      close(welch.t, t.welchT, 1e-9, "Welch t");
      close(welch.p, t.welchP, 1e-9, "Welch p");
      // Small p-values too, relative to their size (7.8e-20 for normal-8 vs wide-1000).
      if (t.welchP !== null) expect(Math.abs(welch.p - t.welchP)).toBeLessThanOrEqual(1e-9 * t.welchP);
      if (t.welchT !== null) close(welch.df, t.welchDf, 1e-9, "Welch df");
      const mwu = mannWhitneyU(a, b);
      close(mwu.u, t.mannWhitneyU, 1e-9, "Mann–Whitney U");
      close(mwu.p, t.mannWhitneyP, 1e-9, "Mann–Whitney p");
      expect(Math.abs(mwu.p - t.mannWhitneyP)).toBeLessThanOrEqual(1e-9 * t.mannWhitneyP);
    });
  }

  it("chooses SciPy's method: exact below 9 values without ties, the normal approximation otherwise", () => {
    expect(mannWhitneyU([1, 2, 3], [4, 5, 6, 7, 8, 9, 10, 11, 12, 13]).method).toBe("exact");
    expect(mannWhitneyU([1, 2, 2], [4, 5, 6]).method).toBe("asymptotic");
    expect(mannWhitneyU(Array.from({ length: 9 }, (_, k) => k), Array.from({ length: 9 }, (_, k) => k + 0.5)).method).toBe("asymptotic");
  });

  it("gives the bimodal example of issue 28 its rank-test p-value", () => {
    const t = fixtures.tests.find((x) => x.a === "bimodal-learn-6-freeze-4" && x.b === "steady-10")!;
    expect(mannWhitneyU(fixtures.samples[t.a], fixtures.samples[t.b]).p).toBeCloseTo(0.4727, 4);
  });
});

describe("Wilson intervals", () => {
  for (const w of fixtures.wilson) {
    it(`match SciPy's binomtest(${w.k}, ${w.n}).proportion_ci(method="wilson")`, () => {
      const rate = wilsonInterval(w.k, w.n);
      close(rate.interval[0], w.low, 1e-9, "low");
      close(rate.interval[1], w.high, 1e-9, "high");
      expect(rate.rate).toBe(w.k / w.n);
    });
  }

  it("counts runs at or above a threshold, and refuses impossible counts", () => {
    expect(rateAtLeast([475, 474.9, 500, 12], 475)).toMatchObject({ successes: 2, trials: 4, rate: 0.5 });
    expect(() => wilsonInterval(3, 2)).toThrow(ConfigurationError);
    expect(() => wilsonInterval(0, 0)).toThrow(/trials must be a positive integer/);
  });
});

describe("special functions", () => {
  it("match SciPy to 1e-12", () => {
    for (const [x, expected] of fixtures.special.logGamma) close(logGamma(x), expected, 1e-12, `gammaln(${x})`);
    for (const [a, b, x, expected] of fixtures.special.incompleteBeta) close(regularizedIncompleteBeta(a, b, x), expected, 1e-12, `betainc(${a}, ${b}, ${x})`);
    for (const [x, expected] of fixtures.special.erfc) close(erfc(x), expected, 1e-12, `erfc(${x})`);
    for (const [t, df, expected] of fixtures.special.studentTTwoSided) close(studentTTwoSided(t, df), expected, 1e-12, `2 t.sf(|${t}|, ${df})`);
  });
});

describe("the stratified bootstrap", () => {
  const learners = fixtures.samples["bimodal-learn-6-freeze-4"];
  const steady = fixtures.samples["steady-10"];

  it("is reproducible from its seed, and its interval contains the IQM", () => {
    const first = interquartileMeanInterval(learners, { seed: 7 });
    expect(interquartileMeanInterval(learners, { seed: 7 })).toEqual(first);
    expect(first.estimate).toBe(interquartileMean(learners));
    expect(first.interval[0]).toBeLessThanOrEqual(first.estimate);
    expect(first.interval[1]).toBeGreaterThanOrEqual(first.estimate);
    expect(first).toMatchObject({ resamples: 10_000, seed: 7, confidence: 0.95 });
    expect(interquartileMeanInterval(learners, { seed: 8 }).interval).not.toEqual(first.interval);
  });

  it("stays inside the data's range and narrows as the confidence falls", () => {
    const wide = interquartileMeanInterval(steady);
    const narrow = interquartileMeanInterval(steady, { confidence: 0.5 });
    expect(wide.interval[0]).toBeGreaterThanOrEqual(Math.min(...steady));
    expect(wide.interval[1]).toBeLessThanOrEqual(Math.max(...steady));
    expect(narrow.interval[0]).toBeGreaterThan(wide.interval[0]);
    expect(narrow.interval[1]).toBeLessThan(wide.interval[1]);
  });

  it("resamples within strata: a task's runs are never replaced by another task's", () => {
    // Two tasks on scales far apart: every resample keeps 3 runs of each, so the pooled mean stays
    // between the two tasks' means; an unstratified bootstrap would reach all-low or all-high resamples.
    const strata = [[0, 1, 2], [1000, 1001, 1002]];
    const result = stratifiedBootstrap(strata, (xs) => xs.reduce((a, b) => a + b, 0) / xs.length, { resamples: 2000 });
    expect(result.estimate).toBe(501);
    expect(result.interval[0]).toBeGreaterThan(500);
    expect(result.interval[1]).toBeLessThan(502);
  });

  it("covers the true mean of a known distribution about 95 % of the time", () => {
    // 200 samples of 12 normals with mean 0 (from the project's generator); the 95 % interval of
    // the mean should miss 0 in about 10 of them (binomial: 3..19 with probability > 0.99).
    const random = new Random(11);
    let misses = 0;
    for (let k = 0; k < 200; k++) {
      const xs = Array.from({ length: 12 }, () => random.normal());
      const { interval } = stratifiedBootstrap(xs, (v) => v.reduce((a, b) => a + b, 0) / v.length, { resamples: 1000, seed: k });
      if (interval[0] > 0 || interval[1] < 0) misses++;
    }
    expect(misses).toBeGreaterThanOrEqual(3);
    expect(misses).toBeLessThanOrEqual(25); // the percentile interval under-covers a little at n = 12
  });

  it("refuses bad options before resampling", () => {
    expect(() => interquartileMeanInterval(steady, { resamples: 0 })).toThrow(/resamples must be a positive integer/);
    expect(() => interquartileMeanInterval(steady, { confidence: 1 })).toThrow(/confidence must be a number in \(0, 1\)/);
    expect(() => interquartileMeanInterval(steady, { seed: -1 })).toThrow(/seed must be an integer/);
  });
});

describe("performance profiles", () => {
  it("give the fraction of runs above each score, inside a reproducible band", () => {
    const runs = [10, 20, 30, 400, 450, 480];
    const profile = performanceProfile(runs, [0, 25, 100, 460, 500], { resamples: 500 });
    expect(profile.map((p) => p.fraction)).toEqual([1, 4 / 6, 0.5, 1 / 6, 0]);
    for (const p of profile) {
      expect(p.low).toBeLessThanOrEqual(p.fraction);
      expect(p.high).toBeGreaterThanOrEqual(p.fraction);
    }
    expect(performanceProfile(runs, [0, 25, 100, 460, 500], { resamples: 500 })).toEqual(profile);
  });
});

describe("compareGroups", () => {
  const learners = fixtures.samples["bimodal-learn-6-freeze-4"];
  const steady = fixtures.samples["steady-10"];
  const t = fixtures.tests.find((x) => x.a === "bimodal-learn-6-freeze-4" && x.b === "steady-10")!;

  it("gives each group's statistics and each pair's tests, as the single functions do", () => {
    const solved = learners.map((x) => x > 400);
    const result = compareGroups([{ label: "A", scores: learners, solved }, { label: "B", scores: steady }, { label: "C", scores: [1] }], { resamples: 500 });
    const [a, b, c] = result.groups;
    expect(a).toMatchObject({ label: "A", runs: 10, mean: mean(learners), std: sampleStd(learners), se: standardError(learners), iqm: interquartileMean(learners) });
    expect(a.ci95).toEqual(interquartileMeanInterval(learners, { resamples: 500 }).interval);
    expect(a.solved).toEqual({ successes: 6, runs: 10, rate: 0.6, ci95: wilsonInterval(6, 10).interval });
    expect(b.solved).toBeNull();
    expect(c).toMatchObject({ runs: 1, std: null, se: null });
    expect(result.pairs.map((p) => `${p.a}-${p.b}`)).toEqual(["A-B", "A-C", "B-C"]);
    close(result.pairs[0].welchP!, t.welchP, 1e-9, "Welch p");
    close(result.pairs[0].mannWhitneyP, t.mannWhitneyP, 1e-9, "Mann–Whitney p");
    expect(result.pairs[1]).toMatchObject({ welchT: null, welchP: null, mannWhitneyMethod: "exact" });
  });

  it("tests only the pairs asked for, and checks that solved has one entry per run", () => {
    const groups = [{ label: "A", scores: learners }, { label: "B", scores: steady }, { label: "C", scores: steady }];
    expect(compareGroups(groups, { resamples: 10, pairs: (x) => x.label === "A" }).pairs.map((p) => p.b)).toEqual(["B", "C"]);
    expect(() => compareGroups([{ label: "A", scores: learners, solved: [true] }])).toThrow(/groups\[0\]\.solved must hold one entry per run \(10\); got 1/);
  });
});
