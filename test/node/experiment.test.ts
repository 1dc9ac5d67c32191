// The experiment runner: grid planning, sharding, resuming, reports, merging and failures.
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ConfigurationError } from "../../bindings/errors";
import { mergeResults, planGrid, readRuns, runFile, runGrid, shardOf, writeReport } from "../../bindings/node/experiment";

const cli = join(__dirname, "..", "..", "dist", "node", "cli.js");
const tiny = { envs: ["CartPole-v1"], algorithms: ["reinforce", "weight-max"], seeds: 2, budget: 5 };
const fresh = () => mkdtempSync(join(tmpdir(), "coagent-grid-"));
const returnsOf = (dir: string) => readRuns(dir).map((r) => ({ id: `${r.env}/${r.algorithm}/${r.seed}`, returns: r.returns }));

describe("planGrid and shardOf", () => {
  it("orders runs by task, algorithm and seed with the reference budgets", () => {
    const runs = planGrid({ envs: ["CartPole-v1", "Acrobot-v1"], algorithms: ["map-prop", "weight-max"], seeds: 2, firstSeed: 5 });
    expect(runs.map((r) => `${r.env} ${r.algorithm} ${r.seed} ${r.budget}`)).toEqual([
      "CartPole-v1 map-prop 5 1000", "CartPole-v1 map-prop 6 1000", "CartPole-v1 weight-max 5 1000", "CartPole-v1 weight-max 6 1000",
      "Acrobot-v1 map-prop 5 500", "Acrobot-v1 map-prop 6 500", "Acrobot-v1 weight-max 5 1000", "Acrobot-v1 weight-max 6 1000",
    ]);
    expect(planGrid({ envs: ["Multiplexer"], algorithms: ["weight-max"], seeds: 1 })[0].budget).toBe(800_000);
  });

  it("a rule with hidden units (rule@units) is a variant of its own in the grid, trained on those units", async () => {
    const runs = planGrid({ envs: ["CartPole-v1"], algorithms: ["weight-max", "weight-max@gaussian"], seeds: 1, budget: 3 });
    expect(runs.map((r) => r.algorithm)).toEqual(["weight-max", "weight-max@gaussian"]);
    const dir = fresh();
    await runGrid({ runs, outDir: dir, workers: 0 });
    const [plain, gaussian] = readRuns(dir);
    expect(runFile(dir, gaussian)).toContain(join("CartPole-v1", "weight-max@gaussian", "seed-0.json"));
    expect(gaussian.returns).not.toEqual(plain.returns); // other units, other episodes
    expect(readFileSync(writeReport(dir).table, "utf8")).toMatch(/\| CartPole-v1 \| weight-max@gaussian \| 1 \| 3 \|/);
  });

  it("splits a grid into disjoint shards that cover it", () => {
    const runs = planGrid({ envs: ["CartPole-v1", "Acrobot-v1"], algorithms: ["map-prop", "weight-max", "reinforce"], seeds: 3 });
    const shards = [1, 2, 3, 4].map((i) => shardOf(runs, `${i}/4`));
    expect(shards.flat().length).toBe(runs.length);
    expect(new Set(shards.flat()).size).toBe(runs.length);
    expect(shardOf(runs, "2/4")).toEqual(shardOf(runs, "2/4"));
  });

  it.each([
    [{ ...tiny, envs: ["Pong-v0"] }, /Unknown task "Pong-v0"/],
    [{ ...tiny, algorithms: ["sgd"] }, /algorithm must be one of .*; got "sgd"/],
    [{ ...tiny, algorithms: ["map-prop@bernoulli"] }, /"map-prop@bernoulli": MAP propagation settles hidden values by gradient descent/],
    [{ ...tiny, algorithms: ["weight-max@spiking"] }, /units in "weight-max@spiking" must be one of bernoulli, gaussian, relu/],
    [{ ...tiny, envs: ["Multiplexer"], algorithms: ["backprop"] }, /on Multiplexer; got "backprop"/],
    [{ ...tiny, seeds: 0 }, /seeds must be a positive integer/],
    [{ ...tiny, envs: [] }, /envs must be a non-empty array/],
  ])("rejects a bad grid %#", (options, message) => {
    expect(() => planGrid(options)).toThrow(ConfigurationError);
    expect(() => planGrid(options)).toThrow(message);
  });

  it.each(["0/2", "3/2", "1", "a/b"])("rejects shard %j", (shard) => {
    expect(() => shardOf([], shard)).toThrow(/shard must be "i\/n" with 1 <= i <= n/);
  });
});

describe("runGrid", () => {
  it("trains every run, writes run files, a CSV, one figure per task and a table", async () => {
    const dir = fresh();
    const progress: number[] = [];
    const summary = await runGrid({ runs: planGrid(tiny), outDir: dir, workers: 0, onProgress: (p) => progress.push(p.fraction) });
    expect(summary).toEqual({ trained: 4, resumed: 0, failed: [] });
    expect(progress.at(-1)).toBe(1);
    const report = writeReport(dir);
    const records = readRuns(dir);
    expect(records).toHaveLength(4);
    for (const r of records) {
      expect(r.returns).toHaveLength(5);
      expect(r.average).toBeCloseTo(r.returns.reduce((a, b) => a + b, 0) / 5, 12);
    }
    const csv = readFileSync(report.csv, "utf8").trim().split("\n");
    expect(csv[0]).toBe("env,algorithm,seed,index,return");
    expect(csv).toHaveLength(1 + 4 * 5);
    const svg = readFileSync(join(dir, "figures", "CartPole-v1.svg"), "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    const bands = svg.slice(svg.indexOf('fill-opacity="0.2"'), svg.indexOf("</g>", svg.indexOf('fill-opacity="0.2"')));
    expect(bands.match(/<path d="M[^"]+Z" fill="#[0-9a-f]{6}"/g)).toHaveLength(2); // one band per algorithm
    const table = readFileSync(report.table, "utf8");
    expect(table).toMatch(/\| CartPole-v1 \| reinforce \| 2 \| 5 \| [\d.]+ \([\d.]+\) \| no published number \|/);
    expect(table).toMatch(/\| CartPole-v1 \| weight-max \| 2 \| 5 \| [\d.]+ \([\d.]+\) \| 390.38 \(43.25\) \| – \|/); // not comparable: 5 episodes
  });

  it("resumes without recomputing finished runs", async () => {
    const dir = fresh();
    const runs = planGrid(tiny);
    await runGrid({ runs: runs.slice(0, 2), outDir: dir, workers: 0 });
    const before = statSync(runFile(dir, runs[0])).mtimeMs;
    const summary = await runGrid({ runs, outDir: dir, workers: 0 });
    expect(summary.trained).toBe(2);
    expect(summary.resumed).toBe(2);
    expect(statSync(runFile(dir, runs[0])).mtimeMs).toBe(before);
  });

  it("records each RL run's env seeding and refuses to resume a directory made with the other one", async () => {
    const dir = fresh();
    const legacy = planGrid({ ...tiny, algorithms: ["reinforce"], seeds: 1, envSeeding: "legacy" });
    expect(legacy[0].envSeeding).toBe("legacy");
    expect(planGrid(tiny)[0].envSeeding).toBe("gymnasium");
    expect(planGrid({ envs: ["Multiplexer"], algorithms: ["weight-max"], seeds: 1 })[0]).not.toHaveProperty("envSeeding");
    await runGrid({ runs: legacy, outDir: dir, workers: 0 });
    expect(readRuns(dir)[0].envSeeding).toBe("legacy");
    const gymnasium = planGrid({ ...tiny, algorithms: ["reinforce"], seeds: 1 });
    await expect(runGrid({ runs: gymnasium, outDir: dir, workers: 0 })).rejects.toThrow(/trained with env seeding "legacy", this grid asks for "gymnasium"/);
    // The two streams give different episodes, hence different returns, for the same seed.
    const other = fresh();
    await runGrid({ runs: gymnasium, outDir: other, workers: 0 });
    expect(readRuns(other)[0].returns).not.toEqual(readRuns(dir)[0].returns);
    expect(() => mergeResults([dir, other], fresh())).toThrow(/differs between the inputs/);
    expect(() => planGrid({ ...tiny, envSeeding: "numpy" as never })).toThrow(/envSeeding must be "gymnasium" or "legacy"/);
  });

  it("shards merged equal the unsharded grid bit for bit", async () => {
    const whole = fresh();
    const parts = [fresh(), fresh()];
    const runs = planGrid({ ...tiny, seeds: 3 });
    await runGrid({ runs, outDir: whole, workers: 0 });
    for (const [k, dir] of parts.entries()) await runGrid({ runs: shardOf(runs, `${k + 1}/2`), outDir: dir, workers: 0 });
    const merged = fresh();
    expect(mergeResults(parts, merged)).toBe(runs.length);
    expect(returnsOf(merged)).toEqual(returnsOf(whole));
    expect(() => mergeResults([fresh()], merged)).toThrow(/holds no runs\/ directory/);
  });

  it("records a diverging run as failed and goes on with the others", async () => {
    const dir = fresh();
    const runs = planGrid({ ...tiny, algorithms: ["weight-max"], seeds: 1, budget: 30 });
    const broken = { ...runs[0], seed: 1, hyperparameters: { criticLearningRate: { start: [1e300, 1e300, 1e300], end: [1e300, 1e300, 1e300] } as never } };
    const summary = await runGrid({ runs: [broken, runs[0]], outDir: dir, workers: 0 });
    expect(summary.trained).toBe(2);
    expect(summary.failed).toHaveLength(1);
    expect(summary.failed[0].error?.name).toBe("DivergenceError");
    expect(summary.failed[0].error?.message).toMatch(/diverged at step \d+: critic layer \d/);
    expect(readFileSync(writeReport(dir).table, "utf8")).toMatch(/\| weight-max \| 1 \(\+1 failed\) \|/);
  });
});

describe("coagent reproduce (worker threads)", () => {
  const args = ["reproduce", "--envs", "CartPole-v1", "--algorithms", "reinforce,weight-max", "--seeds", "2", "--episodes", "5"];

  it("runs the grid on workers exactly as in one thread, and merges shards", async () => {
    const inline = fresh();
    await runGrid({ runs: planGrid(tiny), outDir: inline, workers: 0 });
    const threaded = fresh();
    const { stdout } = await promisify(execFile)(process.execPath, [cli, ...args, "--workers", "2", "--out", threaded, "--quiet"]);
    expect(stdout).toMatch(/4 runs trained, 0 found finished, 0 failed/);
    expect(returnsOf(threaded)).toEqual(returnsOf(inline));
    const shards = [fresh(), fresh()];
    for (const [k, dir] of shards.entries()) await promisify(execFile)(process.execPath, [cli, ...args, "--shard", `${k + 1}/2`, "--out", dir, "--quiet"]);
    const merged = fresh();
    const merge = await promisify(execFile)(process.execPath, [cli, "merge", ...shards, "--out", merged]);
    expect(merge.stdout).toMatch(/merged 4 runs/);
    expect(returnsOf(merged)).toEqual(returnsOf(inline));
    expect(existsSync(join(merged, "figures", "CartPole-v1.svg"))).toBe(true);
  });

  it("killed mid-grid, a restart completes it without recomputing finished runs", async () => {
    const dir = fresh();
    const longer = ["reproduce", "--envs", "CartPole-v1", "--algorithms", "reinforce,weight-max,map-prop", "--seeds", "3", "--episodes", "40", "--workers", "1", "--out", dir, "--quiet"];
    const child = spawn(process.execPath, [cli, ...longer], { stdio: "ignore" });
    const runsDir = join(dir, "runs", "CartPole-v1");
    const finished = () => (existsSync(runsDir) ? readdirSync(runsDir, { withFileTypes: true }).filter((e) => e.isDirectory()).flatMap(({ name: a }) => readdirSync(join(runsDir, a)).filter((f) => f.endsWith(".json")).map((f) => join(runsDir, a, f))) : []);
    while (finished().length < 2) await new Promise((r) => setTimeout(r, 20));
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    const done = finished();
    expect(done.length).toBeLessThan(9);
    const stamps = new Map(done.map((f) => [f, statSync(f).mtimeMs]));
    const { stdout } = await promisify(execFile)(process.execPath, [cli, ...longer]);
    expect(stdout).toContain(`${done.length} found finished`);
    expect(finished()).toHaveLength(9);
    for (const [file, stamp] of stamps) expect(statSync(file).mtimeMs).toBe(stamp);
  }, 60_000);
});

describe("worker crashes", () => {
  it("a worker that dies is reported and its run retried once on a fresh worker", async () => {
    const dir = fresh();
    process.env.COAGENT_CRASH_MARKER = join(dir, "crash-marker");
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on("warning", onWarning);
    try {
      const runs = planGrid({ ...tiny, algorithms: ["reinforce"], seeds: 1 });
      const summary = await runGrid({ runs, outDir: dir, workers: 1, workerScript: new URL("../fixtures/crash-once-worker.mjs", import.meta.url) });
      expect(summary).toEqual({ trained: 1, resumed: 0, failed: [] });
      await new Promise((r) => setImmediate(r));
      expect(warnings.join("\n")).toMatch(/the worker training CartPole-v1\/reinforce\/seed-0 crashed \(worker exited with code 70\); retrying it once/);
      const inline = fresh();
      await runGrid({ runs, outDir: inline, workers: 0 });
      expect(returnsOf(dir)).toEqual(returnsOf(inline));
    } finally {
      process.off("warning", onWarning);
      delete process.env.COAGENT_CRASH_MARKER;
    }
  });
});
