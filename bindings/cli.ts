#!/usr/bin/env node
/**
 * The `coagent` command line. `coagent train` trains one algorithm on one task for several
 * seeds, shows a live progress line, and writes the returns as JSON (and a learning-curve SVG).
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { algorithms, defaultHyperparameters, type Algorithm } from "./algorithms.js";
import { supervisedTask, supervisedTaskIds, type MultiplexerResult, type SupervisedTaskEntry } from "./bandit.js";
import { backends, loadCore, precisions, type Backend, type Precision } from "./core.js";
import { environmentIds } from "./envs/registry.js";
import { CoagentError } from "./errors.js";
import { writeFileAtomically } from "./files.js";
import { mergeResults, planGrid, runGrid, shardOf, writeReport, type GridProgress } from "./experiment.js";
import { learningCurveSvg } from "./plot.js";
import { train, type EpisodeReport, type RunResult } from "./train.js";

const DEFAULT_GRID_ENVS = environmentIds.filter((id) => ["CartPole-v1", "Acrobot-v1", "LunarLander-v2", "MountainCarContinuous-v0"].includes(id));
const DEFAULT_GRID_ALGORITHMS = ["map-prop", "weight-max", "reinforce", "backprop", "ste-backprop"];

const HELP = `coagent — train neural networks as teams of reinforcement-learning agents

Usage:
  coagent train [options]              train algorithms on one task for several seeds
  coagent reproduce [options]          the paper's grid: algorithms × tasks × seeds on all cores,
                                       resumable, with figures and a table beside the published numbers
  coagent merge <dir>... --out <dir>   join the outputs of grid shards and write the report
  coagent plot <run.json>... --out f   draw saved runs (from train --out) into one SVG figure
  coagent --help                       show this text

Options of train:
  --env <id>           task (default CartPole-v1); one of: ${environmentIds.join(", ")},
                       or a supervised task: Multiplexer (Weight Max and REINFORCE on the 4-bit task,
                       MAP propagation on the 5-bit task with batches of 128) or Regression (MAP
                       propagation on the references' scalar regression, batches of 128)
  --algorithm <names>  learning rule(s), comma-separated (default map-prop); each one of:
                         map-prop           MAP propagation: settle hidden values, then REINFORCE
                         async-map-prop     asynchronous MAP propagation (experimental): no feed-forward
                                            pass, traces weighted by how settled each unit is
                         weight-max         Weight Maximization: hidden units rewarded by the change
                                            of the squared norm of their outgoing weights
                         weight-max-traces  Weight Maximization with eligibility traces in the actor
                         reinforce          every unit learns by REINFORCE from the TD error
                         backprop           ReLU actor trained by backprop of the policy gradient
                         ste-backprop       Bernoulli actor, straight-through backprop
  --episodes <n>       episodes per run (default: the reference's budget for the algorithm and task,
                       e.g. 1000 on CartPole-v1)
  --samples <n>        samples per run on a supervised task (default: the reference's; multiplexer
                       800000, or 4000000 for map-prop; regression 1000000)
  --seeds <n>          number of runs (default 1); run k uses seed <seed> + k
  --seed <n>           first seed (default 0)
  --out <file.json>    write { env, algorithm, config, runs: [{ seed, episodeReturns, steps, wallSeconds }] }
                       (with several algorithms: a JSON array of such objects)
  --plot <file.svg>    write the learning curves (100-episode running average, mean ± std over runs)
  --precision <p>      float64 (default: the reference implementations' arithmetic) or float32
                       (four SIMD lanes, about twice as fast)
  --backend <b>        wasm (default); wasm-scalar: the same core compiled without SIMD (for
                       comparisons; sums round differently); or js: the core compiled to
                       JavaScript (same results as wasm, slower; used automatically where WebAssembly
                       SIMD is missing)
  --batch <n>          copies of the environment stepped together (default 1, as published); each
                       Adam step follows their mean update, episodes count as they end in any copy
  --quiet              no progress line

Options of reproduce:
  --envs <ids>         tasks, comma-separated (default: ${DEFAULT_GRID_ENVS.join(",")})
  --algorithms <names> learning rules, comma-separated (default: ${DEFAULT_GRID_ALGORITHMS.join(",")})
  --seeds <n>          runs per task and algorithm (default 10); --seed <n> the first (default 0)
  --episodes <n>       override every run's budget (default: the reference budget of each pair)
  --workers <n>        worker threads (default: one per core)
  --shard <i/n>        run only the i-th of n deterministic slices of the grid (for job arrays)
  --out <dir>          output directory (default results/reproduce): runs/<task>/<algorithm>/seed-<n>.json,
                       curves.csv, figures/<task>.svg, table.md. Finished runs are never recomputed.
  --precision <p>      float64 (default) or float32
  --quiet              no progress line

Hyper-parameters are the authors' reference settings for the algorithm on the task.
Example:
  coagent train --env CartPole-v1 --algorithm map-prop --episodes 1000 --seeds 10 --seed 0 --out run.json
`;

const trainOptions = {
  env: { type: "string", default: "CartPole-v1" },
  algorithm: { type: "string", default: "map-prop" },
  episodes: { type: "string" },
  samples: { type: "string" },
  seeds: { type: "string", default: "1" },
  seed: { type: "string", default: "0" },
  out: { type: "string" },
  plot: { type: "string" },
  precision: { type: "string", default: "float64" },
  backend: { type: "string", default: "wasm" },
  batch: { type: "string", default: "1" },
  quiet: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

class UsageError extends Error {}

function integerOption(name: string, text: string, min: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`--${name} must be an integer >= ${min}; got "${text}"`);
  }
  return value;
}


function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.round(seconds);
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

/** Progress on stderr: rewritten in place on a terminal, one line every few seconds otherwise. */
function progressPrinter(totalRuns: number, totalEpisodes: number, quiet: boolean) {
  const started = performance.now();
  let lastPrint = 0;
  let finishedSteps = 0;
  let finishedEpisodes = 0;
  const tty = process.stderr.isTTY;
  return {
    episode(runIndex: number, algorithm: string, report: EpisodeReport): void {
      if (quiet) return;
      const now = performance.now();
      if (now - lastPrint < (tty ? 200 : 5000) && report.episode !== report.episodes) return;
      lastPrint = now;
      const elapsed = (now - started) / 1000;
      const done = finishedEpisodes + report.episode;
      const eta = (elapsed / done) * (totalEpisodes - done);
      const stepsPerSecond = (finishedSteps + report.steps) / elapsed;
      const line = `run ${runIndex + 1}/${totalRuns} ${algorithm} seed ${report.seed}  episode ${report.episode}/${report.episodes}  ` +
        `avg100 ${report.runningAverage.toFixed(1)}  ${Math.round(stepsPerSecond).toLocaleString("en-US")} steps/s  ETA ${formatDuration(eta)}`;
      process.stderr.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
    },
    runFinished(result: RunResult): void {
      finishedSteps += result.steps;
      finishedEpisodes += result.episodeReturns.length;
      if (!quiet && tty) process.stderr.write("\n");
    },
  };
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

async function trainCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: trainOptions, strict: true, allowPositionals: false });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const bandit = supervisedTask(values.env);
  if (!bandit && !environmentIds.includes(values.env)) {
    throw new UsageError(`--env must be one of: ${[...environmentIds, ...supervisedTaskIds].join(", ")}; got "${values.env}"`);
  }
  const accepted: readonly string[] = bandit ? bandit.algorithms : algorithms;
  const chosen = values.algorithm.split(",").map((name) => name.trim());
  for (const name of chosen) {
    if (!accepted.includes(name)) throw new UsageError(`--algorithm must be one of: ${accepted.join(", ")}${bandit ? ` on ${values.env}` : ""}; got "${name}"`);
  }
  if (bandit && values.episodes !== undefined) throw new UsageError(`--episodes does not apply to ${values.env} (one step per sample); use --samples`);
  if (!bandit && values.samples !== undefined) throw new UsageError(`--samples only applies to the supervised tasks (${supervisedTaskIds.join(", ")}); use --episodes`);
  const episodesOption = values.episodes === undefined ? undefined : integerOption("episodes", values.episodes, 1);
  const seeds = integerOption("seeds", values.seeds, 1);
  const firstSeed = integerOption("seed", values.seed, 0);
  if (!(precisions as readonly string[]).includes(values.precision)) {
    throw new UsageError(`--precision must be one of: ${precisions.join(", ")}; got "${values.precision}"`);
  }
  const precision = values.precision as Precision;
  if (!(backends as readonly string[]).includes(values.backend)) {
    throw new UsageError(`--backend must be one of: ${backends.join(", ")}; got "${values.backend}"`);
  }
  const backend = values.backend as Backend;
  const batch = integerOption("batch", values.batch, 1);
  if (bandit && batch !== 1) throw new UsageError(`--batch does not apply to ${values.env}, which has its own batch of samples`);
  await loadCore({ precision, backend });
  if (bandit) {
    const samples = values.samples === undefined ? undefined : integerOption("samples", values.samples, 1);
    return supervisedCommand(values.env, bandit, chosen, { samples, seeds, firstSeed, precision, backend, quiet: values.quiet, out: values.out, plot: values.plot });
  }
  const budget = (algorithm: Algorithm) => episodesOption ?? defaultHyperparameters(algorithm, values.env).episodes;
  const totalEpisodes = (chosen as Algorithm[]).reduce((sum, algorithm) => sum + seeds * budget(algorithm), 0);
  const progress = progressPrinter(chosen.length * seeds, totalEpisodes, values.quiet);
  const results: { env: string; algorithm: Algorithm; config: object; runs: RunResult[] }[] = [];
  for (const algorithm of chosen as Algorithm[]) {
    const runs: RunResult[] = [];
    const episodes = budget(algorithm);
    for (let k = 0; k < seeds; k++) {
      const result = train({ env: values.env, algorithm, episodes, seed: firstSeed + k, precision, backend, batch, onEpisode: (r) => progress.episode(results.length * seeds + k, algorithm, r) });
      progress.runFinished(result);
      runs.push(result);
    }
    const averages = runs.map((r) => mean(r.episodeReturns));
    const spread = Math.sqrt(mean(averages.map((a) => (a - mean(averages)) ** 2)));
    const steps = runs.reduce((a, r) => a + r.steps, 0);
    const seconds = runs.reduce((a, r) => a + r.wallSeconds, 0);
    process.stdout.write(
      `${algorithm} on ${values.env}: average return over all episodes ${mean(averages).toFixed(2)} (std ${spread.toFixed(2)} over ${seeds} run${seeds > 1 ? "s" : ""}); ` +
        `${Math.round(steps / seconds).toLocaleString("en-US")} steps/s\n`,
    );
    results.push({ env: values.env, algorithm, config: { ...defaultHyperparameters(algorithm, values.env), precision, backend, ...(batch > 1 ? { batch } : {}) }, runs });
  }
  if (values.out) {
    writeFileAtomically(values.out, JSON.stringify(results.length === 1 ? results[0] : results, null, 1) + "\n");
    process.stdout.write(`wrote ${values.out}\n`);
  }
  if (values.plot) {
    const series = results.map((r) => ({ label: r.algorithm, runs: r.runs.map((run) => run.episodeReturns) }));
    writeFileAtomically(values.plot, learningCurveSvg(series, { title: values.env }));
    process.stdout.write(`wrote ${values.plot}\n`);
  }
}

/** `coagent train --env Multiplexer|Regression`: one-step bandit runs, reported as the mean reward per sample. */
function supervisedCommand(
  env: string,
  task: SupervisedTaskEntry,
  chosen: string[],
  o: { samples?: number; seeds: number; firstSeed: number; precision: Precision; backend: Backend; quiet: boolean; out?: string; plot?: string },
): void {
  const started = performance.now();
  const budget = (algorithm: string) => o.samples ?? task.defaultSamples(algorithm);
  const totalSamples = chosen.reduce((sum, algorithm) => sum + o.seeds * budget(algorithm), 0);
  const tty = process.stderr.isTTY;
  let finishedSamples = 0;
  let lastPrint = 0;
  const results: { env: string; algorithm: string; config: object; runs: (MultiplexerResult & { episodeReturns: number[] })[] }[] = [];
  for (const algorithm of chosen) {
    const runs: (MultiplexerResult & { episodeReturns: number[] })[] = [];
    for (let k = 0; k < o.seeds; k++) {
      const result = task.train({
        algorithm, samples: budget(algorithm), seed: o.firstSeed + k, precision: o.precision, backend: o.backend,
        onProgress: (p) => {
          const now = performance.now();
          if (o.quiet || now - lastPrint < (tty ? 200 : 5000)) return;
          lastPrint = now;
          const done = finishedSamples + p.samples;
          const elapsed = (now - started) / 1000;
          const line = `run ${results.length * o.seeds + k + 1}/${chosen.length * o.seeds} ${algorithm} seed ${p.seed}  sample ${p.samples}/${p.totalSamples}  ` +
            `avg reward ${p.averageReward.toFixed(3)}  ETA ${formatDuration((elapsed / done) * (totalSamples - done))}`;
          process.stderr.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
        },
      });
      finishedSamples += result.samples;
      // episodeReturns holds the curve so that `coagent plot` draws multiplexer runs too.
      runs.push({ ...result, episodeReturns: result.rewardCurve });
    }
    if (!o.quiet && tty) process.stderr.write("\n");
    const averages = runs.map((r) => r.averageReward);
    const spread = Math.sqrt(mean(averages.map((a) => (a - mean(averages)) ** 2)));
    process.stdout.write(
      `${algorithm} on ${env}: average reward over all samples ${mean(averages).toFixed(4)} (std ${spread.toFixed(4)} over ${o.seeds} run${o.seeds > 1 ? "s" : ""})\n`,
    );
    results.push({ env, algorithm, config: { samples: budget(algorithm), precision: o.precision }, runs });
  }
  if (o.out) {
    writeFileAtomically(o.out, JSON.stringify(results.length === 1 ? results[0] : results) + "\n");
    process.stdout.write(`wrote ${o.out}\n`);
  }
  if (o.plot) {
    const series = results.map((r) => ({ label: r.algorithm, runs: r.runs.map((run) => run.rewardCurve) }));
    writeFileAtomically(o.plot, learningCurveSvg(series, { title: env, window: 1, xLabel: "Share of the run (%)", yLabel: "Mean reward" }));
    process.stdout.write(`wrote ${o.plot}\n`);
  }
}

const reproduceOptions = {
  envs: { type: "string", default: DEFAULT_GRID_ENVS.join(",") },
  algorithms: { type: "string", default: DEFAULT_GRID_ALGORITHMS.join(",") },
  seeds: { type: "string", default: "10" },
  seed: { type: "string", default: "0" },
  episodes: { type: "string" },
  workers: { type: "string" },
  shard: { type: "string" },
  out: { type: "string", default: "results/reproduce" },
  precision: { type: "string", default: "float64" },
  quiet: { type: "boolean", default: false },
} as const;

function gridProgressLine(p: GridProgress): string {
  const runs = p.active.map((a) => `${a.id} ${a.done}/${a.budget} avg ${a.runningAverage.toFixed(supervisedTask(a.id.split("/")[0]) ? 3 : 1)}`).join(" | ");
  return `grid ${p.finished}/${p.total} runs${p.resumed ? ` (${p.resumed} from before)` : ""}  ${(100 * p.fraction).toFixed(0)}%  ` +
    `elapsed ${formatDuration(p.elapsedSeconds)}  ETA ${formatDuration(p.etaSeconds)}${runs ? `  | ${runs}` : ""}`;
}

async function reproduceCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: reproduceOptions, strict: true, allowPositionals: false });
  if (!(precisions as readonly string[]).includes(values.precision)) {
    throw new UsageError(`--precision must be one of: ${precisions.join(", ")}; got "${values.precision}"`);
  }
  const list = (text: string) => text.split(",").map((x) => x.trim()).filter((x) => x.length > 0);
  let runs = planGrid({
    envs: list(values.envs), algorithms: list(values.algorithms), seeds: integerOption("seeds", values.seeds, 1), firstSeed: integerOption("seed", values.seed, 0),
    budget: values.episodes === undefined ? undefined : integerOption("episodes", values.episodes, 1), precision: values.precision as Precision,
  });
  if (values.shard !== undefined) runs = shardOf(runs, values.shard);
  const workers = values.workers === undefined ? undefined : integerOption("workers", values.workers, 0);
  const tty = process.stderr.isTTY;
  let lastLine = 0;
  const summary = await runGrid({
    runs, outDir: values.out, workers,
    onProgress: (p) => {
      if (values.quiet) return;
      const now = performance.now();
      if (!tty && now - lastLine < 10_000 && p.fraction < 1) return;
      lastLine = now;
      const line = gridProgressLine(p);
      process.stderr.write(tty ? `\r\x1b[2K${line.slice(0, (process.stderr.columns ?? 160) - 1)}` : `${line}\n`);
    },
    onRun: (r) => {
      if (r.error && !values.quiet) process.stderr.write(`${tty ? "\n" : ""}${r.env}/${r.algorithm}/seed-${r.seed} failed: ${r.error.message}\n`);
    },
  });
  if (!values.quiet && tty) process.stderr.write("\n");
  const report = writeReport(values.out);
  process.stdout.write(readFileSync(report.table, "utf8"));
  process.stdout.write(`${summary.trained} runs trained, ${summary.resumed} found finished, ${summary.failed.length} failed; wrote ${values.out}/{runs/,curves.csv,table.md,figures/}\n`);
}

async function mergeCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: { out: { type: "string" } }, strict: true, allowPositionals: true });
  if (positionals.length === 0) throw new UsageError("merge needs the output directories of the shards");
  if (!values.out) throw new UsageError("merge needs --out <dir>");
  const count = mergeResults(positionals, values.out);
  const report = writeReport(values.out);
  process.stdout.write(readFileSync(report.table, "utf8"));
  process.stdout.write(`merged ${count} runs into ${values.out}\n`);
}

interface SavedRun {
  env: string;
  algorithm: string;
  runs: { episodeReturns: number[] }[];
}

/** `coagent plot a.json b.json --out fig.svg`: one curve per algorithm found in the files. */
async function plotCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: { out: { type: "string" }, title: { type: "string" } }, strict: true, allowPositionals: true });
  if (positionals.length === 0) throw new UsageError("plot needs at least one JSON file written by `coagent train --out`");
  if (!values.out) throw new UsageError("plot needs --out <file.svg>");
  const saved: SavedRun[] = [];
  for (const file of positionals) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, "utf8"));
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
    }
    for (const entry of Array.isArray(parsed) ? parsed : [parsed]) {
      const e = entry as SavedRun;
      if (typeof e?.algorithm !== "string" || !Array.isArray(e.runs) || !e.runs.every((r) => Array.isArray(r?.episodeReturns))) {
        throw new UsageError(`${file} is not output of \`coagent train --out\` (expected { env, algorithm, runs: [{ episodeReturns }] })`);
      }
      saved.push(e);
    }
  }
  const series = saved.map((e) => ({ label: e.algorithm, runs: e.runs.map((r) => r.episodeReturns) }));
  writeFileAtomically(values.out, learningCurveSvg(series, { title: values.title ?? saved[0].env }));
  process.stdout.write(`wrote ${values.out}\n`);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(HELP);
    return;
  }
  if (command === "train") return trainCommand(rest);
  if (command === "plot") return plotCommand(rest);
  if (command === "reproduce") return reproduceCommand(rest);
  if (command === "merge") return mergeCommand(rest);
  throw new UsageError(`unknown command "${command}"; expected one of: train, reproduce, merge, plot (see coagent --help)`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof CoagentError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, "");
    const hint = (error as { code?: string }).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION"
      ? `; accepted options: ${Object.keys(process.argv[2] === "reproduce" ? reproduceOptions : trainOptions).map((o) => `--${o}`).join(", ")}`
      : "";
    process.stderr.write(`coagent: ${message}${hint}\n`);
    process.exit(2);
  }
  throw error;
});
