// `coagent compare`, run as a user would: the built CLI in a child process, on run files written
// here with known returns, so that every printed statistic can be checked against SciPy's
// values (test/fixtures/stats/scipy.json) or against the definition.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../coagent-cli";

const fixtures = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "stats", "scipy.json"), "utf8")) as {
  samples: Record<string, number[]>;
  summaries: Record<string, { mean: number; std: number; se: number; iqm: number }>;
  tests: { a: string; b: string; welchT: number; welchP: number; mannWhitneyU: number; mannWhitneyP: number }[];
};

const coagent = (...args: string[]) => runCli(args);

/** A `coagent train --out` file whose run k has `episodes` returns, all equal to averages[k]. */
function trainFile(dir: string, name: string, algorithm: string, averages: number[], episodes = 200): string {
  const path = join(dir, name);
  const runs = averages.map((a, seed) => ({ seed, returns: new Array(episodes).fill(a), average: a, steps: 1, wallSeconds: 1 }));
  writeFileSync(path, JSON.stringify({ env: "CartPole-v1", algorithm, config: {}, runs }));
  return path;
}

const bimodal = fixtures.samples["bimodal-learn-6-freeze-4"];
const steady = fixtures.samples["steady-10"];
const scipy = fixtures.tests.find((t) => t.a === "bimodal-learn-6-freeze-4" && t.b === "steady-10")!;

describe("coagent compare", () => {
  const dir = mkdtempSync(join(tmpdir(), "coagent-compare-"));
  const a = trainFile(dir, "a.json", "map-prop", bimodal);
  const b = trainFile(dir, "b.json", "weight-max", steady);

  it("prints, per group and per pair, the statistics SciPy computes (--json)", async () => {
    const result = await coagent("compare", a, b, "--json");
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.groups.map((g: { label: string }) => g.label)).toEqual(["CartPole-v1 map-prop", "CartPole-v1 weight-max"]);
    const [first, second] = report.groups;
    for (const key of ["label", "runs", "mean", "std", "se", "iqm", "ci95"]) expect(first).toHaveProperty(key);
    const expected = fixtures.summaries["bimodal-learn-6-freeze-4"];
    expect(first.runs).toBe(10);
    for (const key of ["mean", "std", "se", "iqm"] as const) expect(Math.abs(first[key] - expected[key])).toBeLessThanOrEqual(1e-9 * Math.abs(expected[key]));
    expect(first.ci95[0]).toBeLessThanOrEqual(first.iqm);
    expect(first.ci95[1]).toBeGreaterThanOrEqual(first.iqm);
    expect(second.solved).toMatchObject({ threshold: 475, successes: 0, runs: 10 });
    expect(report.pairs).toHaveLength(1);
    const pair = report.pairs[0];
    expect(pair).toMatchObject({ a: "CartPole-v1 map-prop", b: "CartPole-v1 weight-max", mannWhitneyU: scipy.mannWhitneyU });
    for (const key of ["welchT", "welchP", "mannWhitneyP"] as const) expect(Math.abs(pair[key] - scipy[key])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(scipy[key])));
  });

  it("prints a table by default, the same every time (the bootstrap is seeded)", async () => {
    const first = await coagent("compare", a, b);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/CartPole-v1 map-prop\s+10\s+200\s+/);
    expect(first.stdout).toMatch(/map-prop vs weight-max\s+Welch t = -0\.43 \(df 9\.48\) p = 0\.676\s+Mann–Whitney U = 60 p = 0\.473 \(asymptotic\)/);
    expect((await coagent("compare", a, b)).stdout).toBe(first.stdout);
    expect((await coagent("compare", a, b, "--seed", "1")).stdout).not.toBe(first.stdout);
  });

  it("compares the first N episodes with --budget, and refuses runs shorter than N", async () => {
    // Runs of 300 episodes: 100 of 10, then 200 of 490. The first 100 average 10.
    const path = join(dir, "late.json");
    const returns = [...new Array(100).fill(10), ...new Array(200).fill(490)];
    writeFileSync(path, JSON.stringify({ env: "CartPole-v1", algorithm: "reinforce", runs: [0, 1].map((seed) => ({ seed, returns })) }));
    const budgeted = JSON.parse((await coagent("compare", path, "--budget", "100", "--json")).stdout);
    expect(budgeted.groups[0]).toMatchObject({ mean: 10, episodes: [100], solved: { successes: 0 } });
    const whole = JSON.parse((await coagent("compare", path, "--json")).stdout);
    expect(whole.groups[0].mean).toBeCloseTo(330, 9);
    expect(whole.groups[0].solved.successes).toBe(2); // the last 100 episodes average 490 ≥ 475

    const refused = await coagent("compare", path, a, "--budget", "250");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^coagent: --budget 250: CartPole-v1\/map-prop\/seed-0 in .*a\.json has only 200 episodes; give a budget of at most 200 or leave the run out\n$/);
    expect(refused.stdout).toBe("");
  });

  it("notes when runs of different lengths are compared without --budget", async () => {
    const short = trainFile(dir, "short.json", "backprop", [1, 2, 3], 100);
    const result = await coagent("compare", a, short);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/runs of different lengths are compared .* add --budget 100/);
  });

  it("reads a grid directory of reproduce --out, leaving failed runs out", async () => {
    const grid = join(dir, "grid");
    for (const [seed, average] of [[0, 100], [1, 200], [2, 300]]) {
      mkdirSync(join(grid, "runs", "CartPole-v1", "map-prop"), { recursive: true });
      writeFileSync(join(grid, "runs", "CartPole-v1", "map-prop", `seed-${seed}.json`), JSON.stringify({ env: "CartPole-v1", algorithm: "map-prop", seed, budget: 4, precision: "float64", returns: new Array(4).fill(average), average, steps: 1, wallSeconds: 1 }));
    }
    writeFileSync(join(grid, "runs", "CartPole-v1", "map-prop", "seed-3.json"), JSON.stringify({ env: "CartPole-v1", algorithm: "map-prop", seed: 3, budget: 4, precision: "float64", returns: [], average: null, steps: 0, wallSeconds: 0, error: { name: "DivergenceError", message: "x" } }));
    const result = await coagent("compare", grid, "--json");
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.groups[0]).toMatchObject({ label: "CartPole-v1 map-prop", runs: 3, mean: 200, std: 100 });
    expect(report.warnings).toContain("1 failed run (diverged) left out");
  });

  it("groups by file, and refuses a run counted twice in one group", async () => {
    const again = trainFile(dir, "again.json", "map-prop", bimodal.map((x) => x + 1));
    const twice = await coagent("compare", a, again);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/^coagent: CartPole-v1\/map-prop\/seed-0 is in both .*a\.json and .*again\.json; .* use --group-by file; a sweep's settings, --group-by setting\)\n$/);
    const byFile = JSON.parse((await coagent("compare", a, again, "--group-by", "file", "--json")).stdout);
    expect(byFile.groups.map((g: { label: string }) => g.label)).toEqual([a, again]);
    // U of a: the pairs (x of a, y of again) with x > y, ties counting one half.
    const shifted = bimodal.map((x) => x + 1);
    const u = bimodal.reduce((sum, x) => sum + shifted.reduce((s, y) => s + (x > y ? 1 : x === y ? 0.5 : 0), 0), 0);
    expect(byFile.pairs[0].mannWhitneyU).toBe(u);
  });

  it("normalises to 0 = random policy and 1 = the best published mean", async () => {
    const report = JSON.parse((await coagent("compare", a, "--normalise", "--json")).stdout);
    const { random, reference } = report.normalisation["CartPole-v1"];
    expect(reference).toBe(459.7); // map-prop's published CartPole-v1 mean, the highest on the task
    expect(random).toBeGreaterThan(15); // a random CartPole policy lasts about 22 steps
    expect(random).toBeLessThan(30);
    const mean = bimodal.reduce((x, y) => x + y, 0) / bimodal.length;
    expect(report.groups[0].mean).toBeCloseTo((mean - random) / (reference - random), 12);
  });

  it("draws the IQM intervals and the performance profiles into one SVG", async () => {
    const svg = join(dir, "compare.svg");
    const result = await coagent("compare", a, b, "--plot", svg);
    expect(result.code).toBe(0);
    const text = readFileSync(svg, "utf8");
    expect(text.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(text.match(/<svg/g)).toHaveLength(3);
    expect(text).toContain("Fraction of runs with score &gt; τ");
    expect(text).toContain("CartPole-v1 weight-max");
  });

  it("answers --help, and refuses bad input with one line and exit code 2", async () => {
    const help = await coagent("compare", "--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--budget <n>/);
    const notRun = join(dir, "not-a-run.json");
    writeFileSync(notRun, JSON.stringify({ env: "CartPole-v1", greedy: true, episodeReturns: [1, 2] }));
    const cases: [string[], RegExp][] = [
      [[], /compare needs at least one run file or grid directory/],
      [[join(dir, "missing.json")], /cannot read .*missing\.json: no such file or directory/],
      [[notRun], /not-a-run\.json is not a run file \(expected the output of coagent train --out/],
      [[a, "--frobnicate"], /Unknown option '--frobnicate'; accepted options: --group-by, --budget/],
      [[a, "--budget", "0"], /--budget must be an integer >= 1; got "0"/],
      [[a, "--group-by", "algorithms"], /--group-by must be one of: task\+algorithm, algorithm, file, setting; got "algorithms" \(did you mean "algorithm"\?\)/],
      [[a, "--solve", "lots"], /--solve must be a number/],
      [[a, "--plot", join(dir, "x.png")], /--plot writes \.svg files/],
      [[a, b, "--group-by", "file", "--normalise", "--budget", "-5"], /--budget must be an integer >= 1; got "-5"/],
    ];
    for (const [args, message] of cases) {
      const result = await coagent("compare", ...args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr, args.join(" ")).toMatch(message);
      expect(result.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
    }
  });

  it("refuses to pool tasks on different scales without --normalise", async () => {
    const acrobot = join(dir, "acrobot.json");
    writeFileSync(acrobot, JSON.stringify({ env: "Acrobot-v1", algorithm: "map-prop", runs: [{ seed: 0, returns: [-100, -90] }] }));
    const result = await coagent("compare", a, acrobot, "--group-by", "algorithm");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/group "map-prop" pools the tasks CartPole-v1, Acrobot-v1, whose returns are on different scales; add --normalise/);
  });
});
