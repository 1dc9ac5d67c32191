// `coagent sweep` (bindings/node/cli-sweep.ts, sweep.ts): the built CLI in a child process, as a
// user runs it, on a tiny grid (CartPole, Weight Max, 2 settings × 2 seeds × 5 episodes).
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, runCli } from "../coagent-cli";

const root = join(__dirname, "..", "..");

const coagent = (...args: string[]) => runCli(args, root);

const fresh = () => mkdtempSync(join(tmpdir(), "coagent-sweep-"));
const read = (path: string) => JSON.parse(readFileSync(path, "utf8"));
/** A refusal: exit 2 and one line on stderr, no stack. */
const refusal = (result: { code: number; stderr: string }) => {
  expect(result.code).toBe(2);
  expect(result.stderr.trim().split("\n")).toHaveLength(1);
  return result.stderr;
};

const LOW = "0.01:0.001:0.0001";
const HIGH = "0.1:0.01:0.001";
const sweep = (out: string, ...extra: string[]) =>
  coagent("sweep", "--env", "CartPole-v1", "--algorithm", "weight-max", "--grid", `actorLearningRate=${HIGH},${LOW}`, "--seeds", "2", "--episodes", "5", "--workers", "1", "--quiet", "--out", out, ...extra);

/**
 * Every run file under a sweep directory, by path relative to it. It is polled while a sweep
 * writes, so an entry may vanish between listing and stat (the CLI's write probes and temporary
 * files): such an entry is skipped.
 */
function runFiles(dir: string, prefix = ""): string[] {
  return readdirSync(join(dir, prefix)).flatMap((name) => {
    const path = join(prefix, name);
    const stats = statSync(join(dir, path), { throwIfNoEntry: false });
    if (stats === undefined) return [];
    return stats.isDirectory() ? runFiles(dir, path) : /seed-\d+\.json$/.test(name) ? [path] : [];
  }).sort();
}

const settingDirs = [`actorLearningRate=0.1_0.01_0.001`, `actorLearningRate=0.01_0.001_0.0001`];
const runPaths = settingDirs.flatMap((s) => [100, 101].map((seed) => join("settings", s, "runs", "CartPole-v1", "weight-max", `seed-${seed}.json`))).sort();

describe("coagent sweep", () => {
  const out = fresh();
  let first: Awaited<ReturnType<typeof coagent>>;

  it("trains every setting on the tuning seeds and writes run files, runs.jsonl and a ranking", async () => {
    first = await sweep(out);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(runFiles(out)).toEqual(runPaths);
    const record = read(join(out, runPaths[0]));
    expect(record.hyperparameters.actorLearningRate.start).toEqual([0.01, 0.001, 0.0001]);
    expect(record.config.actorLearningRate.start).toEqual([0.01, 0.001, 0.0001]);

    const lines = readFileSync(join(out, "runs.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line));
    expect(lines.map((l) => [l.setting, l.seed])).toEqual([
      [`actorLearningRate=${HIGH}`, 100], [`actorLearningRate=${HIGH}`, 101], [`actorLearningRate=${LOW}`, 100], [`actorLearningRate=${LOW}`, 101],
    ]);
    for (const line of lines) {
      const file = read(join(out, "settings", line.setting.replace(/:/g, "_"), "runs", "CartPole-v1", "weight-max", `seed-${line.seed}.json`));
      expect(line.meanReturn).toBe(file.average);
      expect(line.episodes).toBe(5);
      expect(line.settings.actorLearningRate.start).toEqual(file.hyperparameters.actorLearningRate.start);
    }
    // The two settings learn differently within five episodes, so the ranking has an order to find.
    const means = [0, 2].map((k) => (lines[k].meanReturn + lines[k + 1].meanReturn) / 2);
    expect(means[0]).not.toBe(means[1]);

    const ranking = read(join(out, "ranking.json"));
    expect(ranking.rankBy).toBe("mean");
    expect(ranking.rows).toHaveLength(2);
    expect(ranking.rows.map((r: { rank: number }) => r.rank)).toEqual([1, 2]);
    expect(ranking.rows[0].mean).toBeGreaterThanOrEqual(ranking.rows[1].mean);
    expect(ranking.rows[0].mean).toBeCloseTo(Math.max(...means), 12);
    for (const row of ranking.rows) {
      expect(row.runs).toBe(2);
      expect(row.se).toBeGreaterThanOrEqual(0);
      expect(row.ci95[0]).toBeLessThanOrEqual(row.iqm);
      expect(row.ci95[1]).toBeGreaterThanOrEqual(row.iqm);
    }
    const table = readFileSync(join(out, "ranking.md"), "utf8");
    expect(table).toContain("| rank | setting | runs | mean | SE | IQM | IQM 95% CI |");
    expect(table).toContain(`| 1 | ${ranking.rows[0].label} | 2 |`);
    expect(first.stdout).toContain(table);
    expect(first.stdout).toMatch(/4 runs trained, 0 found finished, 0 failed/);
  });

  it("resumes: a deleted run file is the only run trained again, and every file comes back identical", async () => {
    const before = new Map([...runPaths, "runs.jsonl", "ranking.json", "ranking.md"].map((p) => [p, readFileSync(join(out, p), "utf8")]));
    const mtimes = new Map(runPaths.map((p) => [p, statSync(join(out, p)).mtimeMs]));
    rmSync(join(out, runPaths[1]));
    const again = await sweep(out);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/1 runs trained, 3 found finished, 0 failed/);
    for (const p of runPaths.filter((p) => p !== runPaths[1])) expect(statSync(join(out, p)).mtimeMs).toBe(mtimes.get(p));
    // The retrained run computes the same returns (its wall time differs); the summaries are identical.
    const { wallSeconds: _a, ...retrained } = read(join(out, runPaths[1]));
    const { wallSeconds: _b, ...original } = JSON.parse(before.get(runPaths[1])!);
    expect(retrained).toEqual(original);
    for (const p of ["runs.jsonl", "ranking.json", "ranking.md"]) expect(readFileSync(join(out, p), "utf8")).toBe(before.get(p));
  });

  it("a sweep killed (SIGKILL) after its first run resumes without retraining what finished", async () => {
    const killed = fresh();
    const args = [cli, "sweep", "--env", "CartPole-v1", "--algorithm", "weight-max", "--grid", `actorLearningRate=${HIGH},${LOW}`, "--seeds", "2", "--episodes", "300", "--workers", "1", "--quiet", "--out", killed];
    const child = spawn(process.execPath, args, { cwd: root, stdio: "ignore" });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const first = join(killed, runPaths.find((p) => p.includes("0.1_0.01") && p.endsWith("seed-100.json"))!);
    while (!existsSync(first) && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 5));
    child.kill("SIGKILL");
    expect(await exited).toBeNull(); // killed mid-sweep, not finished
    const survivors = runFiles(killed);
    expect(survivors.length).toBeGreaterThanOrEqual(1);
    expect(survivors.length).toBeLessThan(4);
    const mtimes = new Map(survivors.map((p) => [p, statSync(join(killed, p)).mtimeMs]));
    const resumed = await coagent(...args.slice(1));
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`${4 - survivors.length} runs trained, ${survivors.length} found finished, 0 failed`);
    for (const p of survivors) expect(statSync(join(killed, p)).mtimeMs).toBe(mtimes.get(p));
    expect(runFiles(killed)).toEqual(runPaths);
    expect(readFileSync(join(killed, "runs.jsonl"), "utf8").trim().split("\n")).toHaveLength(4);
  });

  it("SIGTERM stops a sweep in one line (exit 143), its summaries written from the finished runs; the same command resumes", async () => {
    const stopped = fresh();
    const args = [cli, "sweep", "--env", "CartPole-v1", "--algorithm", "weight-max", "--grid", `actorLearningRate=${HIGH},${LOW}`, "--seeds", "2", "--episodes", "300", "--workers", "1", "--quiet", "--out", stopped];
    const child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    while (runFiles(stopped).length === 0 && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 5));
    child.kill("SIGTERM");
    expect(await exited).toBe(143);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/^coagent: stopped by SIGTERM with [123] of 4 runs finished; .*resume with the same command/);
    const kept = runFiles(stopped).length;
    expect(read(join(stopped, "ranking.json")).rows.reduce((sum: number, r: { runs: number }) => sum + r.runs, 0)).toBe(kept);
    const resumed = await coagent(...args.slice(1));
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`${4 - kept} runs trained, ${kept} found finished`);
  });

  it("shards 1/2 and 2/2 into one directory cover the grid and give the same runs and ranking", async () => {
    const sharded = fresh();
    const one = await sweep(sharded, "--shard", "1/2");
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/2 runs trained, 0 found finished/);
    expect(runFiles(sharded)).toHaveLength(2);
    expect(read(join(sharded, "ranking.json")).rows.every((r: { missing: number }) => r.missing === 1)).toBe(true);
    const two = await sweep(sharded, "--shard", "2/2");
    expect(two.code).toBe(0);
    expect(two.stdout).toMatch(/2 runs trained, 0 found finished/);
    expect(runFiles(sharded)).toEqual(runPaths);
    for (const p of runPaths) expect(read(join(sharded, p)).returns).toEqual(read(join(out, p)).returns);
    for (const p of ["runs.jsonl", "ranking.json", "ranking.md"]) expect(readFileSync(join(sharded, p), "utf8")).toBe(readFileSync(join(out, p), "utf8"));
  });

  it("the files do not depend on the threads: two settings at once on two workers give the same runs.jsonl and ranking", async () => {
    const [one, two] = [fresh(), fresh()];
    const args = ["sweep", "--algorithm", "weight-max", "--grid", `actorLearningRate=${HIGH},${LOW}`, "--seeds", "1", "--episodes", "5", "--quiet"];
    expect((await coagent(...args, "--workers", "1", "--out", one)).code).toBe(0);
    expect((await coagent(...args, "--workers", "2", "--out", two)).code).toBe(0);
    for (const p of ["runs.jsonl", "ranking.json", "ranking.md"]) expect(readFileSync(join(two, p), "utf8")).toBe(readFileSync(join(one, p), "utf8"));
  });

  it("--evaluate N trains the best setting and the defaults on seeds 0..N-1 and writes the comparison", async () => {
    const result = await sweep(out, "--evaluate", "3", "--rank-by", "iqm");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/0 runs trained, 4 found finished/);
    const ranking = read(join(out, "ranking.json"));
    expect(ranking.rankBy).toBe("iqm");
    const evaluation = read(join(out, "evaluation.json"));
    expect(evaluation.seeds).toEqual([0, 1, 2]);
    expect(evaluation.best.label).toBe(ranking.rows[0].label);
    expect(evaluation.defaults.settings).toEqual({});
    expect(evaluation.sameSettings).toBe(false); // both grid values differ from Weight Max's own rates
    expect(evaluation.groups.map((g: { label: string; runs: number }) => [g.label, g.runs])).toEqual([[ranking.rows[0].label, 3], ["defaults", 3]]);
    const bestDir = join(out, "evaluation", ranking.rows[0].dir.replace(/^settings[\\/]/, ""), "runs", "CartPole-v1", "weight-max");
    const defaultsDir = join(out, "evaluation", "defaults", "runs", "CartPole-v1", "weight-max");
    expect(readdirSync(bestDir).sort()).toEqual(["seed-0.json", "seed-1.json", "seed-2.json"]);
    const defaultsRuns = [0, 1, 2].map((seed) => read(join(defaultsDir, `seed-${seed}.json`)));
    expect(defaultsRuns.every((r) => r.hyperparameters === undefined)).toBe(true);
    const mean = defaultsRuns.reduce((a, r) => a + r.average, 0) / 3;
    expect(evaluation.groups[1].mean).toBeCloseTo(mean, 12);
    expect(evaluation.groups[1].std).toBeGreaterThanOrEqual(0);
    expect(evaluation.pair.a).toBe(ranking.rows[0].label);
    expect(evaluation.pair.b).toBe("defaults");
    expect(evaluation.pair.mannWhitneyP).toBeGreaterThan(0);
    expect(evaluation.pair.mannWhitneyP).toBeLessThanOrEqual(1);
    const table = readFileSync(join(out, "evaluation.md"), "utf8");
    expect(table).toMatch(/Welch's t .* Mann–Whitney U/);
    expect(result.stdout).toContain(table);
  });
});

describe("coagent sweep with --config and --import", () => {
  it("takes its grid axes and shared settings from a --config file", async () => {
    const dir = fresh();
    const config = join(dir, "sweep.json");
    writeFileSync(config, JSON.stringify({ algorithm: "weight-max", episodes: 3, seeds: 1, grid: ["gamma=0.9,0.99", "weightMaxExponent=1,2"], settings: { actorLambda: 0.9 } }));
    const result = await coagent("sweep", "--config", config, "--workers", "1", "--quiet", "--out", join(dir, "out"));
    expect(result.code).toBe(0);
    const lines = readFileSync(join(dir, "out", "runs.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line));
    expect(lines.map((l) => l.setting)).toEqual(["gamma=0.9 weightMaxExponent=1", "gamma=0.9 weightMaxExponent=2", "gamma=0.99 weightMaxExponent=1", "gamma=0.99 weightMaxExponent=2"]);
    expect(lines[3].settings).toEqual({ actorLambda: 0.9, gamma: 0.99, weightMaxExponent: 2 });
    expect(read(join(dir, "out", "sweep.json")).defaults).toEqual({ actorLambda: 0.9 });
  });

  it("sweeps a task registered with --import, on two worker threads", async () => {
    const out = fresh();
    const result = await coagent("sweep", "--import", "./examples/corridor.mjs", "--env", "Corridor-v0", "--algorithm", "reinforce", "--grid", "gamma=0.9,0.99", "--episodes", "3", "--seeds", "2", "--workers", "2", "--quiet", "--out", out);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(read(join(out, "ranking.json")).rows.map((r: { runs: number }) => r.runs)).toEqual([2, 2]);
    expect(existsSync(join(out, "settings", "gamma=0.99", "runs", "Corridor-v0", "reinforce", "seed-101.json"))).toBe(true);
  });
});

describe("coagent sweep refusals", () => {
  it("refuses tuning seeds below 100 unless --allow-evaluation-seeds", async () => {
    const out = fresh();
    expect(refusal(await sweep(out, "--seed", "0"))).toMatch(/--seed 0: tuning seeds must be >= 100 .*--allow-evaluation-seeds/);
    expect(existsSync(join(out, "settings"))).toBe(false);
    const allowed = await sweep(out, "--seed", "3", "--seeds", "1", "--allow-evaluation-seeds");
    expect(allowed.code).toBe(0);
    expect(existsSync(join(out, "settings", settingDirs[0], "runs", "CartPole-v1", "weight-max", "seed-3.json"))).toBe(true);
  });

  it.each([
    [["--grid", "gama=0.9,0.99"], /--grid gama: unknown hyperparameter "gama" \(did you mean "gamma"\?\)/],
    [["--grid", "gamma=0.9,banana"], /--grid gamma=banana: gamma must be/],
    [["--grid", "gamma=2"], /--grid gamma=2: gamma must be a number in \[0, 1\]; got 2/],
    [["--grid", "gamma=0.9,0.9"], /--grid gamma: value 0.9 appears twice/],
    [["--grid", "gamma"], /--grid must be name=v1,v2/],
    [["--grid", "hidden=8:x"], /--grid hidden must be colon-separated layer sizes, e.g. 128:64:32; got "8:x"/],
    [["--grid", "hidden=8,8"], /--grid hidden: value 8 appears twice/],
    [["--grid", "hidden=5000"], /--grid hidden=5000: hidden\[0\] must be an integer in \[1, 4096\]; got 5000/],
    [["--grid", "hidden.start=8"], /--grid hidden.start: hidden has no parts/],
    [["--grid", "episodes=5,10"], /--grid episodes: episodes is an option of its own; use --episodes/],
    [["--grid", "criticLearningRate.middle=1"], /criticLearningRate has parts .start and .end/],
    [["--grid", "settleSteps=1,2"], /settleSteps applies to .*weight-max does not use it/],
    [["--grid", "actorLearningRate=0.1:0.01"], /--grid actorLearningRate=0.1:0.01: actorLearningRate.start must be 3 numbers/],
    [["--grid", "gamma=0.9", "--set", "gamma=0.5"], /gamma is also fixed by --set/],
    [["--grid", "gamma=0.9", "--grid", "gamma=0.5"], /--grid gamma: given twice/],
    [["--grid", "actorLearningRate=1:2:3", "--grid", "actorLearningRate.end=1:2:3"], /--grid actorLearningRate.end: overlaps --grid actorLearningRate$/m],
    [["--grid", "actorLearningRate.start=1:2:3", "--set", "actorLearningRate=1,2,3"], /actorLearningRate is also fixed by --set/],
    [["--grid", "gamma=0.9", "--evaluate", "101"], /--evaluate 101: evaluation seeds 0–100 would include tuning seeds/],
    [["--grid", "gamma=0.9", "--rank-by", "median"], /--rank-by must be one of: mean, iqm; got "median"/],
    [["--grid", "gamma=0.9", "--bogus"], /Unknown option '--bogus'; accepted options: --env, --algorithm, --grid/],
  ])("refuses %j in one line before any run", async (args, message) => {
    const out = fresh();
    const result = await coagent("sweep", "--algorithm", "weight-max", "--seeds", "1", "--episodes", "2", "--out", out, ...args);
    expect(refusal(result)).toMatch(message);
    expect(readdirSync(out)).toEqual([]);
  });

  it("sweeps a schedule's .start and .end as two axes, and one part beside the other fixed by --set", async () => {
    const out = fresh();
    const both = await coagent("sweep", "--algorithm", "reinforce", "--grid", "actorLearningRate.start=0.1:0.01:0.001", "--grid", "actorLearningRate.end=0.01:0.001:0.0001,0.001:0.0001:0.00001", "--seeds", "1", "--episodes", "2", "--workers", "1", "--quiet", "--out", out);
    expect(both.code).toBe(0);
    expect(read(join(out, "ranking.json")).rows.map((r: { settings: unknown }) => r.settings)).toContainEqual({ actorLearningRate: { start: [0.1, 0.01, 0.001], end: [0.001, 0.0001, 0.00001] } });
    const beside = await coagent("sweep", "--algorithm", "reinforce", "--set", "actorLearningRate.end=0,0,0", "--grid", "actorLearningRate.start=0.1:0.01:0.001", "--seeds", "1", "--episodes", "2", "--workers", "1", "--quiet", "--out", fresh());
    expect(beside.code).toBe(0);
  });

  it("sweeps the hidden layer sizes as an axis, beside a setting, and records them in every file", async () => {
    const out = fresh();
    const widths = await coagent("sweep", "--algorithm", "reinforce", "--grid", "hidden=8:8,16", "--grid", "gamma=0.9", "--seed", "0", "--allow-evaluation-seeds", "--seeds", "1", "--episodes", "2", "--workers", "1", "--quiet", "--out", out);
    expect(widths.stderr).toBe("");
    expect(widths.code).toBe(0);
    const record = read(join(out, "settings", "hidden=8_8+gamma=0.9", "runs", "CartPole-v1", "reinforce", "seed-0.json"));
    expect([record.hidden, record.config.hidden, record.config.gamma]).toEqual([[8, 8], [8, 8], 0.9]);
    expect(read(join(out, "settings", "hidden=16+gamma=0.9", "runs", "CartPole-v1", "reinforce", "seed-0.json")).config.hidden).toEqual([16]);
    const lines = readFileSync(join(out, "runs.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line));
    expect(lines.map((l) => [l.setting, l.hidden, l.settings])).toEqual([["hidden=8:8 gamma=0.9", [8, 8], { gamma: 0.9 }], ["hidden=16 gamma=0.9", [16], { gamma: 0.9 }]]);
    expect(read(join(out, "ranking.json")).rows.map((r: { hidden: number[] }) => r.hidden).sort()).toEqual([[16], [8, 8]]);
    expect(read(join(out, "sweep.json")).settings.map((s: { hidden: number[] }) => s.hidden)).toEqual([[8, 8], [16]]);
    // The same runs as train's --hidden: a width point is the network train builds.
    const trained = fresh();
    expect((await coagent("train", "--algorithm", "reinforce", "--hidden", "8,8", "--set", "gamma=0.9", "--seed", "0", "--episodes", "2", "--quiet", "--out", join(trained, "run.json"))).code).toBe(0);
    expect(read(join(trained, "run.json")).runs[0].returns).toEqual(record.returns);

    // compare reads the sweep directory: one group per setting, the setting in its own column.
    const compared = await coagent("compare", out, "--group-by", "setting", "--json");
    expect(compared.code).toBe(0);
    const groups = JSON.parse(compared.stdout).groups;
    expect(groups.map((g: { label: string; runs: number; mean: number }) => [g.label, g.runs, g.mean])).toEqual([
      ["CartPole-v1 reinforce hidden=8:8 gamma=0.9", 1, record.average], ["CartPole-v1 reinforce hidden=16 gamma=0.9", 1, lines[1].meanReturn],
    ]);
    const table = await coagent("compare", out, "--group-by", "setting", "--markdown", "--groups-only", "--columns", "algorithm,setting,runs");
    expect(table.stdout).toContain("| reinforce | hidden=8:8 gamma=0.9 | 1 |");
    expect(refusal(await coagent("compare", out))).toMatch(/CartPole-v1\/reinforce\/seed-0 is in both .* a sweep's settings, --group-by setting/);
  });

  it("refuses a missing --algorithm, --grid or --out, and a supervised task", async () => {
    expect(refusal(await coagent("sweep", "--grid", "gamma=0.9", "--out", fresh()))).toMatch(/sweep needs --algorithm/);
    expect(refusal(await coagent("sweep", "--algorithm", "reinforce", "--out", fresh()))).toMatch(/sweep needs at least one --grid/);
    expect(refusal(await coagent("sweep", "--algorithm", "reinforce", "--grid", "gamma=0.9"))).toMatch(/sweep needs --out/);
    expect(refusal(await coagent("sweep", "--env", "Multiplexer", "--algorithm", "reinforce", "--grid", "gamma=0.9", "--out", fresh()))).toMatch(/supervised task/);
  });

  it("--help prints the command's options", async () => {
    const help = await coagent("sweep", "--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^coagent sweep /);
    for (const option of ["--grid", "--allow-evaluation-seeds", "--rank-by", "--evaluate", "--shard", "--set", "--config"]) expect(help.stdout).toContain(option);
  });
});

describe("the sweep library (coagent/node)", () => {
  it("gridPoints is the product of the axes, the last varying fastest, over the shared settings", async () => {
    const { gridPoints } = await import("../../bindings/node/sweep");
    const points = gridPoints([
      { name: "gamma", values: [{ text: "0.9", overrides: { gamma: 0.9 } }, { text: "0.99", overrides: { gamma: 0.99 } }] },
      { name: "actorLearningRate.start", values: [{ text: "1:2:3", overrides: { actorLearningRate: { start: [1, 2, 3] } } }] },
    ], { actorLambda: 0.5, actorLearningRate: { end: [4, 5, 6] } });
    expect(points).toEqual([
      { label: "gamma=0.9 actorLearningRate.start=1:2:3", overrides: { actorLambda: 0.5, gamma: 0.9, actorLearningRate: { end: [4, 5, 6], start: [1, 2, 3] } } },
      { label: "gamma=0.99 actorLearningRate.start=1:2:3", overrides: { actorLambda: 0.5, gamma: 0.99, actorLearningRate: { end: [4, 5, 6], start: [1, 2, 3] } } },
    ]);
    const widths = gridPoints([
      { name: "hidden", values: [{ text: "8:8", overrides: {}, hidden: [8, 8] }, { text: "16", overrides: {}, hidden: [16] }] },
      { name: "gamma", values: [{ text: "0.9", overrides: { gamma: 0.9 } }] },
    ]);
    expect(widths).toEqual([
      { label: "hidden=8:8 gamma=0.9", overrides: { gamma: 0.9 }, hidden: [8, 8] },
      { label: "hidden=16 gamma=0.9", overrides: { gamma: 0.9 }, hidden: [16] },
    ]);
  });

  it("planSweep lays out settings × seeds from 100 and refuses evaluation seeds, bad settings and duplicates", async () => {
    const { planSweep } = await import("../../bindings/node/sweep");
    const points = [{ label: "gamma=0.9", overrides: { gamma: 0.9 } }, { label: "gamma=0.99", overrides: { gamma: 0.99 } }];
    const plan = planSweep({ env: "CartPole-v1", algorithm: "reinforce", points, seeds: 2, budget: 7 });
    expect(plan.runs.map((r) => [r.setting, r.spec.seed, r.spec.budget, r.spec.hyperparameters])).toEqual([
      [0, 100, 7, { gamma: 0.9 }], [0, 101, 7, { gamma: 0.9 }], [1, 100, 7, { gamma: 0.99 }], [1, 101, 7, { gamma: 0.99 }],
    ]);
    expect(plan.settings.map((s) => s.dir)).toEqual([join("settings", "gamma=0.9"), join("settings", "gamma=0.99")]);
    expect(() => planSweep({ env: "CartPole-v1", algorithm: "reinforce", points, seeds: 2, firstSeed: 99 })).toThrow(/tuning seeds must be >= 100.*allowEvaluationSeeds/);
    expect(planSweep({ env: "CartPole-v1", algorithm: "reinforce", points, seeds: 1, firstSeed: 0, allowEvaluationSeeds: true }).runs[0].spec.seed).toBe(0);
    expect(() => planSweep({ env: "CartPole-v1", algorithm: "reinforce", points: [{ label: "x", overrides: { gamma: 3 } }], seeds: 1 })).toThrow(/gamma/);
    expect(() => planSweep({ env: "CartPole-v1", algorithm: "reinforce", points: [points[0], points[0]], seeds: 1 })).toThrow(/appear twice/);
    expect(() => planSweep({ env: "Multiplexer", algorithm: "reinforce", points, seeds: 1 })).toThrow(/supervised task/);
    const wide = planSweep({ env: "CartPole-v1", algorithm: "reinforce", points: [{ label: "hidden=8:8", overrides: {}, hidden: [8, 8] }], seeds: 1 });
    expect(wide.runs[0].spec.hidden).toEqual([8, 8]);
    expect(() => planSweep({ env: "CartPole-v1", algorithm: "reinforce", points: [{ label: "hidden=0", overrides: {}, hidden: [0] }], seeds: 1 })).toThrow(/hidden\[0\] must be an integer/);
  });
});
