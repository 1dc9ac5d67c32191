// Learning benchmark: the reference settings, 10 seeds, on every task with a published result
// (docs/reproduction.md), compared with the authors' numbers. Each (task, algorithm, precision)
// entry is written to bench/results/learning/<entry>.json as soon as it finishes, so an
// interrupted benchmark resumes where it stopped and filtered instances can run side by side;
// bench/results/learning.md is regenerated from every entry present.
//
//   node bench/experiments/learning.mjs [--only <substring>[,<substring>...]] [--seeds 10] [--precision float64] [--env-seeding gymnasium|legacy] [--force]
//   node bench/experiments/learning.mjs --import run.json... grid-dir...   (adopt runs made with
//   `coagent train --out`, or the run files of a `coagent reproduce` output directory)
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { defaultHyperparameters, envSeedings, findTask, loadCore, mean, readRuns, referenceResults } from "../../dist/node.js";

// The authors' published results (bindings/rules/references.ts), one entry per (task, algorithm).
const targets = referenceResults.map((r) => ({ env: r.env, algorithm: /** @type {import("../../dist/index.js").Algorithm} */ (r.algorithm), target: r.mean, spread: r.std }));

const { values, positionals } = parseArgs({
  options: {
    only: { type: "string" },
    seeds: { type: "string", default: "10" },
    precision: { type: "string", default: "float64" },
    force: { type: "boolean", default: false },
    import: { type: "boolean", default: false },
    // The RL tasks' random stream; the entries committed before coagent matched Gymnasium's
    // seeding were made with "legacy" (an entry without the field is one of them).
    "env-seeding": { type: "string", default: "gymnasium" },
  },
  allowPositionals: true,
});
const seeds = Number(values.seeds);
const precision = /** @type {"float32" | "float64"} */ (values.precision);
const filters = values.only?.split(",") ?? [];
const envSeeding = /** @type {import("../../dist/index.js").EnvSeeding} */ (values["env-seeding"]);
if (!envSeedings.includes(envSeeding)) throw new Error(`--env-seeding must be one of ${envSeedings.join(", ")}; got "${envSeeding}"`);
/** An entry's env seeding: none on the multiplexer; "legacy" for entries saved before the field. */
/** @type {(env: string, recorded?: import("../../dist/index.js").EnvSeeding) => import("../../dist/index.js").EnvSeeding | undefined} */
const seedingOf = (env, recorded) => (env === "Multiplexer" ? undefined : recorded ?? "legacy");
await loadCore({ precision });

const directory = new URL("../results/learning/", import.meta.url);
mkdirSync(directory, { recursive: true });
const entryName = (t) => `${t.env}-${t.algorithm}-${precision}`;
// The published stds are population stds (n in the denominator, bindings/rules/references.ts), so
// the table shows ours the same way; the standard errors below correct both to n − 1.
const populationStd = (xs) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));

function save(t, runs, entryPrecision, entrySeeding) {
  const averages = runs.map((r) => r.average);
  const result = { ...t, precision: entryPrecision, envSeeding: entrySeeding, seeds: runs.length, mean: mean(averages), std: populationStd(averages), runs, date: new Date().toISOString() };
  const name = `${t.env}-${t.algorithm}-${entryPrecision}`;
  const temporary = new URL(`${name}.json.tmp`, directory);
  writeFileSync(temporary, JSON.stringify(result) + "\n");
  renameSync(temporary, new URL(`${name}.json`, directory));
  const digits = Math.abs(t.target) < 10 ? 4 : 2;
  console.log(`${name}: ${result.mean.toFixed(digits)} (${result.std.toFixed(digits)}) over ${runs.length} seeds vs reference ${t.target} (${t.spread})`);
}

if (values.import) {
  for (const file of positionals) {
    if (statSync(file).isDirectory()) {
      // A grid directory: one entry per (task, algorithm), only for complete runs of the reference length.
      const records = readRuns(file).filter((r) => !r.error);
      for (const t of targets) {
        const runs = records.filter((r) => r.env === t.env && r.algorithm === t.algorithm && r.budget === defaultHyperparameters(t.algorithm, t.env).episodes);
        if (runs.length > 0) save(t, runs.map((r) => ({ seed: r.seed, average: r.average, steps: r.steps, wallSeconds: r.wallSeconds, episodeReturns: r.returns })), runs[0].precision, seedingOf(t.env, runs[0].envSeeding));
      }
      continue;
    }
    const parsed = JSON.parse(readFileSync(file, "utf8"));
    for (const e of Array.isArray(parsed) ? parsed : [parsed]) {
      const t = targets.find((x) => x.env === e.env && x.algorithm === e.algorithm);
      if (!t) continue;
      // train --out files: { returns, average, steps } now; before the task/run shape, RL runs had
      // episodeReturns and supervised ones averageReward.
      const runs = e.runs.map((r) => r.averageReward !== undefined
        ? { seed: r.seed, average: r.averageReward, samples: r.samples, wallSeconds: r.wallSeconds }
        : r.returns !== undefined && e.env === "Multiplexer"
          ? { seed: r.seed, average: r.average, samples: r.steps, wallSeconds: r.wallSeconds }
          : { seed: r.seed, average: r.average ?? mean(r.episodeReturns), steps: r.steps, wallSeconds: r.wallSeconds, episodeReturns: r.returns ?? r.episodeReturns });
      save(t, runs, e.config?.precision ?? "float64", seedingOf(t.env, e.config?.envSeeding));
    }
  }
  writeTable();
  process.exit(0);
}

for (const t of targets) {
  const name = entryName(t);
  if (filters.length > 0 && !filters.some((f) => name.includes(f))) continue;
  const file = new URL(`${name}.json`, directory);
  if (existsSync(file) && !values.force) {
    const before = seedingOf(t.env, JSON.parse(readFileSync(file, "utf8")).envSeeding);
    if (before !== seedingOf(t.env, envSeeding)) throw new Error(`${name} was made with --env-seeding ${before}; pass --env-seeding ${before}, or --force to replace it`);
    console.log(`${name}: done before (delete the file or pass --force to rerun)`);
    continue;
  }
  const runs = [];
  const started = performance.now();
  for (let seed = 0; seed < seeds; seed++) {
    let lastPrint = 0;
    const progress = (text) => {
      const now = performance.now();
      if (now - lastPrint < 10_000) return;
      lastPrint = now;
      console.log(`${name} seed ${seed}: ${text} (${Math.round((now - started) / 1000)} s)`);
    };
    // Every task runs the same way (bindings/training/tasks.ts): RL runs keep their episode returns.
    const task = findTask(t.env);
    const r = task.run({
      algorithm: t.algorithm, seed, precision, envSeeding: task.unit === "episodes" ? envSeeding : undefined,
      onProgress: (p) => progress(`${task.unit === "episodes" ? "episode" : "sample"} ${p.done}/${p.budget} avg ${p.runningAverage.toFixed(3)}`),
    });
    runs.push({ seed, average: r.average, steps: r.steps, wallSeconds: r.wallSeconds, ...(task.unit === "episodes" ? { episodeReturns: r.returns } : {}) });
    console.log(`${name} seed ${seed}: average ${r.average.toFixed(3)}`);
  }
  save(t, runs, precision, seedingOf(t.env, envSeeding));
}
writeTable();

function writeTable() {
  const rows = [];
  for (const file of readdirSync(directory).filter((f) => f.endsWith(".json")).sort()) {
    const r = JSON.parse(readFileSync(new URL(file, directory), "utf8"));
    // The published numbers are over 10 runs. A population std σ of n runs is a sample variance of
    // σ²·n/(n − 1), so the squared standard error of a mean is σ²/(n − 1) (Welch's t of the gap).
    const gap = (r.mean - r.target) / Math.sqrt(r.std ** 2 / (r.seeds - 1) + r.spread ** 2 / 9);
    const digits = Math.abs(r.target) < 10 ? 4 : 2;
    rows.push(`| ${r.env} | ${r.algorithm} | ${r.precision} | ${seedingOf(r.env, r.envSeeding) ?? "–"} | ${r.mean.toFixed(digits)} (${r.std.toFixed(digits)}) | ${r.target} (${r.spread}) | ${gap >= 0 ? "+" : ""}${gap.toFixed(1)} | ${r.seeds} |`);
  }
  const table = [
    "| task | algorithm | precision | env seeding | coagent: mean (population std) | reference: mean (population std) | difference in standard errors (Welch's t) | seeds |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
  writeFileSync(new URL("../learning.md", directory), `${table}\n`);
  console.log(table);
}
