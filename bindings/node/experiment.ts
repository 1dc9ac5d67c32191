/**
 * Experiment grids (Node): algorithms × tasks × seeds with the reference budgets, spread over
 * worker threads that share one compiled core. Every finished run is written at once to
 * `<out>/runs/<task>/<algorithm>/seed-<n>.json`, so an interrupted grid resumes where it
 * stopped; `shard` selects a deterministic slice so a grid can be spread over machines, and
 * `mergeResults` joins the slices. `writeReport` turns the run files into a CSV of curves, one
 * SVG figure per task and a Markdown table beside the published numbers.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { type Precision, loadCore, precisions } from "../core/core.js";
import { requireEnvSeeding, type EnvSeeding } from "../envs/seeding.js";
import { writeFileAtomically } from "./files.js";
import { runInWorkers } from "./pool.js";
import { executeRun, runId, type RunProgress, type RunRecord, type RunSpec } from "./run.js";
import { CoagentError, ConfigurationError, describe, requirePositiveInteger, requireSeed } from "../errors.js";
import { learningCurveSvg } from "../plot.js";
import { overridesFor, resolvedSettings } from "../rules/overrides.js";
import { referenceResult } from "../rules/references.js";
import { findTask } from "../training/tasks.js";

export { executeRun, runId, CheckpointWriteError, type RunCheckpointing, type RunControl, type RunProgress, type RunRecord, type RunSpec } from "./run.js";

/** What `planGrid` plans: tasks × algorithms × seeds. */
export interface GridOptions {
  envs: string[];
  algorithms: string[];
  seeds: number;
  firstSeed?: number;
  /** Overrides the reference budget of every run (episodes, or samples on the multiplexer). */
  budget?: number;
  precision?: Precision;
  /** The RL tasks' random stream (default "gymnasium"); "legacy" to extend grids made before it. */
  envSeeding?: EnvSeeding;
  /**
   * Changes to the reference settings of every run (RL tasks; checked against each rule's
   * declaration). A schedule given by one part (`{ start }`) keeps each rule's other part.
   */
  hyperparameters?: Record<string, unknown>;
  /** Hidden layer sizes of every run's actor and critic (RL tasks; default each rule's 64,32). */
  hidden?: number[];
}

/** The file a run is written to under a grid's output directory. */
export function runFile(outDir: string, spec: Pick<RunSpec, "env" | "algorithm" | "seed">): string {
  return join(outDir, "runs", `${runId(spec)}.json`);
}

/** The runs of a grid in a fixed order: task, then algorithm, then seed. */
export function planGrid(options: GridOptions): RunSpec[] {
  const seeds = requirePositiveInteger("seeds", options.seeds);
  const firstSeed = requireSeed("firstSeed", options.firstSeed ?? 0);
  const precision = options.precision ?? "float64";
  const envSeeding = requireEnvSeeding("envSeeding", options.envSeeding);
  if (!precisions.includes(precision)) throw new ConfigurationError(`precision must be one of ${precisions.join(", ")}; got ${describe(precision)}`);
  if (options.budget !== undefined) requirePositiveInteger("budget", options.budget);
  if (!Array.isArray(options.envs) || options.envs.length === 0) throw new ConfigurationError(`envs must be a non-empty array of task ids; got ${describe(options.envs)}`);
  if (!Array.isArray(options.algorithms) || options.algorithms.length === 0) throw new ConfigurationError(`algorithms must be a non-empty array; got ${describe(options.algorithms)}`);
  const overrides = options.hyperparameters ?? {};
  const overridden = Object.keys(overrides).length > 0;
  const hidden = options.hidden === undefined ? {} : { hidden: [...options.hidden] };
  const runs: RunSpec[] = [];
  for (const env of options.envs) {
    const task = findTask(env);
    if (overridden && task.unit !== "episodes") throw new ConfigurationError(`hyperparameters do not apply to ${env}, a supervised task with the references' own network and settings`);
    if (options.hidden !== undefined && task.unit !== "episodes") throw new ConfigurationError(`hidden does not apply to ${env}, a supervised task with the references' own network`);
    for (const algorithm of options.algorithms) {
      // An unknown rule or units, or a setting the rule does not take, fail here, before any run.
      const why = task.refuses(algorithm);
      if (why) throw new ConfigurationError(why);
      const settings = overridden ? { hyperparameters: overridesFor(overrides, algorithm, env) } : {};
      if (overridden || options.hidden !== undefined) resolvedSettings(algorithm, env, overrides, options.hidden);
      const budget = options.budget ?? task.referenceBudget(algorithm);
      for (let k = 0; k < seeds; k++) runs.push({ env, algorithm, seed: firstSeed + k, budget, precision, ...(task.unit === "episodes" ? { envSeeding } : {}), ...hidden, ...settings });
    }
  }
  return runs;
}

/** Parses "i/n" (1-based i) and returns that slice of the grid: every n-th run starting at i. */
export function shardOf<T>(runs: readonly T[], shard: string): T[] {
  const match = /^(\d+)\/(\d+)$/.exec(shard);
  const i = match ? Number(match[1]) : NaN;
  const n = match ? Number(match[2]) : NaN;
  if (!match || n < 1 || i < 1 || i > n) throw new ConfigurationError(`shard must be "i/n" with 1 <= i <= n; got ${describe(shard)}`);
  return runs.filter((_, k) => k % n === i - 1);
}

/** A finished run's record, or undefined if the run has not finished (or its file is unreadable). */
export function readRun(outDir: string, spec: Pick<RunSpec, "env" | "algorithm" | "seed">): RunRecord | undefined {
  const path = runFile(outDir, spec);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as RunRecord;
  } catch {
    return undefined; // a torn file cannot exist (writes are atomic), but a hand-edited one can
  }
}

/** Progress of a grid, given to `onProgress`. */
export interface GridProgress {
  /** Runs finished (including earlier sessions) and in the grid. */
  finished: number;
  total: number;
  /** Runs skipped because an earlier session finished them. */
  resumed: number;
  /** Work done (episodes/samples, weighted by share of each run's budget) as a fraction of what this session has to do. */
  fraction: number;
  elapsedSeconds: number;
  etaSeconds: number;
  active: RunProgress[];
}

/** Options of `runGrid`. */
export interface RunGridOptions {
  runs: RunSpec[];
  outDir: string;
  /** Worker threads (default: the machine's parallelism); 0 trains in this thread. */
  workers?: number;
  /** Called as runs progress (at most every few hundred milliseconds per worker). */
  onProgress?: (p: GridProgress) => void;
  /** Called when a run is saved, with its record (error set for a failed run). */
  onRun?: (record: RunRecord) => void;
  /** The worker-thread module (default: dist/node/worker.js next to this file); e.g. to instrument runs. */
  workerScript?: URL;
  /**
   * Aborting stops the grid at once: queued runs do not start and runs in progress are dropped
   * (a run's file is written only when it finishes, so the next session trains them again).
   */
  signal?: AbortSignal;
}

/** What `runGrid` did: runs trained, found finished, and failed. */
export interface GridSummary {
  trained: number;
  resumed: number;
  failed: RunRecord[];
}

/**
 * Trains every run of `runs` that has no file in `outDir` yet. A run that throws a CoagentError
 * (a divergence, say) is saved as failed and the grid goes on; a worker that dies is reported
 * and its run retried once on a fresh worker.
 */
export async function runGrid(options: RunGridOptions): Promise<GridSummary> {
  const { outDir } = options;
  for (const spec of options.runs) {
    const record = readRun(outDir, spec);
    // Resuming must not mix the two random streams: a finished run counts only if it used the spec's.
    if (record && envSeedingOf(record) !== envSeedingOf(spec)) {
      throw new ConfigurationError(
        `${runFile(outDir, spec)} was trained with env seeding ${describe(envSeedingOf(record))}, this grid asks for ${describe(envSeedingOf(spec))}; ` +
          `use another output directory or the same env seeding (--env-seeding ${envSeedingOf(record)})`,
      );
    }
  }
  for (const spec of options.runs) {
    const record = readRun(outDir, spec);
    const differences = record ? trainedDifferently(record, spec) : [];
    if (differences.length > 0) {
      throw new ConfigurationError(
        `${runFile(outDir, spec)} was trained with other settings than this grid asks for (${differences.join("; ")}); ` +
          `a finished run counts only if it ran as asked: use another output directory`,
      );
    }
  }
  const pending = options.runs.filter((spec) => readRun(outDir, spec) === undefined);
  const resumed = options.runs.length - pending.length;
  const workers = Math.min(options.workers ?? availableParallelism(), pending.length);
  const started = performance.now();
  const summary: GridSummary = { trained: 0, resumed, failed: [] };
  const active = new Map<string, RunProgress>();
  let completedShare = 0;
  let lastReport = 0;

  const report = (force = false) => {
    if (!options.onProgress) return;
    const now = performance.now();
    if (!force && now - lastReport < 250) return;
    lastReport = now;
    const inFlight = [...active.values()].reduce((s, p) => s + p.done / p.budget, 0);
    const fraction = pending.length === 0 ? 1 : (completedShare + inFlight) / pending.length;
    const elapsedSeconds = (now - started) / 1000;
    options.onProgress({
      finished: resumed + summary.trained, total: options.runs.length, resumed, fraction, elapsedSeconds,
      etaSeconds: fraction > 0 ? (elapsedSeconds / fraction) * (1 - fraction) : Infinity, active: [...active.values()],
    });
  };
  const save = (record: RunRecord) => {
    writeFileAtomically(runFile(outDir, record), JSON.stringify(record) + "\n");
    active.delete(runId(record));
    completedShare += 1;
    summary.trained += 1;
    if (record.error) summary.failed.push(record);
    options.onRun?.(record);
    report(true);
  };
  const failure = (spec: RunSpec, error: { name: string; message: string }): RunRecord => ({
    ...spec, envSeeding: envSeedingOf(spec), returns: [], average: NaN, steps: 0, wallSeconds: 0, error: { name: error.name, message: error.message },
  });

  if (workers <= 0) {
    for (const { precision, backend } of pending) await loadCore({ precision, backend });
    for (const spec of pending) {
      if (options.signal?.aborted) break;
      if (readRun(outDir, spec) !== undefined) {
        summary.resumed++; // finished meanwhile by another process sharing outDir
        continue;
      }
      const progress = (p: RunProgress) => {
        active.set(p.id, p);
        report();
      };
      try {
        save(executeRun(spec, progress));
      } catch (error) {
        if (!(error instanceof CoagentError)) throw error;
        save(failure(spec, error));
      }
    }
    return summary;
  }

  const pool = runInWorkers({
    jobs: pending.map((spec) => ({ spec })), workers, script: options.workerScript,
    // Another process sharing the output directory may have finished this run meanwhile.
    skip: ({ spec }) => {
      if (readRun(outDir, spec) === undefined) return false;
      summary.resumed++;
      return true;
    },
    onProgress: (_, p) => {
      active.set(p.id, p);
      report();
    },
    onDone: (_, record) => save(record),
    onFailed: ({ spec }, error) => save(failure(spec, error)),
  });
  options.signal?.addEventListener("abort", () => pool.cancel(() => true), { once: true });
  await pool.finished;
  return summary;
}

/**
 * The random stream a run's environment used: none on the supervised tasks; on an RL task the
 * spec's, with "gymnasium" the default of a new spec and "legacy" that of a run file saved
 * before the option existed (records always carry it since).
 */
function envSeedingOf(run: RunSpec | RunRecord): EnvSeeding | undefined {
  if (findTask(run.env).unit === "samples") return undefined;
  return run.envSeeding ?? ("returns" in run ? "legacy" : "gymnasium");
}

/**
 * What differs between how a finished run was trained and how `spec` asks for it, beside the
 * env seeding: budget, precision, batch, hidden sizes and settings ("budget 5, asked 10").
 */
function trainedDifferently(record: RunRecord, spec: RunSpec): string[] {
  const fields: [string, unknown, unknown][] = [
    ["budget", record.budget, spec.budget],
    ["precision", record.precision, spec.precision],
    ["batch", record.batch ?? 1, spec.batch ?? 1],
    ["hidden", record.hidden ?? "default", spec.hidden ?? "default"],
    ["settings", record.hyperparameters ?? {}, spec.hyperparameters ?? {}],
  ];
  return fields.filter(([, a, b]) => JSON.stringify(a) !== JSON.stringify(b)).map(([name, a, b]) => `${name} ${JSON.stringify(a)}, asked ${JSON.stringify(b)}`);
}

/** Every run file under `outDir`, sorted by task, algorithm and seed. */
export function readRuns(outDir: string): RunRecord[] {
  const root = join(outDir, "runs");
  if (!existsSync(root)) return [];
  const records: RunRecord[] = [];
  for (const env of readdirSync(root).sort()) {
    for (const algorithm of readdirSync(join(root, env)).sort()) {
      for (const file of readdirSync(join(root, env, algorithm)).filter((f) => /^seed-\d+\.json$/.test(f))) {
        records.push(JSON.parse(readFileSync(join(root, env, algorithm, file), "utf8")) as RunRecord);
      }
    }
  }
  return records.sort((a, b) => a.env.localeCompare(b.env) || a.algorithm.localeCompare(b.algorithm) || a.seed - b.seed);
}

/**
 * Copies the run files of several grid directories (e.g. shards) into `outDir`. The same run
 * found twice must have identical returns; otherwise the merge stops rather than pick one.
 */
export function mergeResults(inputs: string[], outDir: string): number {
  const merged = new Map<string, RunRecord>();
  for (const input of inputs) {
    if (!existsSync(join(input, "runs"))) throw new ConfigurationError(`${input} holds no runs/ directory; expected the output directory of a grid`);
    for (const record of readRuns(input)) {
      const id = runId(record);
      const earlier = merged.get(id);
      if (earlier && JSON.stringify(earlier.returns) !== JSON.stringify(record.returns)) {
        throw new ConfigurationError(`${id} differs between the inputs; were they run with different settings?`);
      }
      merged.set(id, record);
    }
  }
  // One report must not average runs of both random streams.
  const streams = new Set([...merged.values()].map(envSeedingOf).filter((x) => x !== undefined));
  if (streams.size > 1) throw new ConfigurationError(`the inputs mix env seedings ${[...streams].join(" and ")}; merge runs of one kind`);
  for (const record of merged.values()) writeFileAtomically(runFile(outDir, record), JSON.stringify(record) + "\n");
  return merged.size;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const populationStd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));

/** The files `writeReport` wrote. */
export interface ReportFiles {
  csv: string;
  table: string;
  figures: string[];
}

/** Writes curves.csv, table.md and figures/<task>.svg for every run file under `outDir`. */
export function writeReport(outDir: string): ReportFiles {
  const records = readRuns(outDir);
  const finished = records.filter((r) => !r.error);
  const csv = ["env,algorithm,seed,index,return", ...finished.flatMap((r) => r.returns.map((v, k) => `${r.env},${r.algorithm},${r.seed},${k + 1},${v}`))].join("\n") + "\n";
  writeFileAtomically(join(outDir, "curves.csv"), csv);

  const envs = [...new Set(records.map((r) => r.env))];
  const lines = [
    "| task | algorithm | runs | budget (episodes or samples) | average return over all episodes: mean (std) | reference mean (std) | difference |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  ];
  const figures: string[] = [];
  for (const env of envs) {
    const byAlgorithm = new Map<string, RunRecord[]>();
    for (const r of records.filter((x) => x.env === env)) byAlgorithm.set(r.algorithm, [...(byAlgorithm.get(r.algorithm) ?? []), r]);
    const task = findTask(env);
    const digits = task.unit === "samples" ? 4 : 2;
    for (const [algorithm, runs] of byAlgorithm) {
      const ok = runs.filter((r) => !r.error);
      const averages = ok.map((r) => r.average);
      const reference = referenceResult(env, algorithm);
      const cell = ok.length > 0 ? `${mean(averages).toFixed(digits)} (${populationStd(averages).toFixed(digits)})` : "–";
      const failed = runs.length - ok.length;
      const refCell = reference ? `${reference.mean} (${reference.std})` : "no published number";
      // A difference is only meaningful for runs of the reference length (a registered task may have neither).
      const budgets = [...new Set(runs.map((r) => r.budget))];
      const comparable = reference !== undefined && budgets.length === 1 && budgets[0] === task.referenceBudget(algorithm) && runs.every((r) => !r.hyperparameters);
      const difference = reference && ok.length > 0 && comparable ? `${mean(averages) - reference.mean >= 0 ? "+" : ""}${(mean(averages) - reference.mean).toFixed(digits)}` : "–";
      lines.push(`| ${env} | ${algorithm} | ${ok.length}${failed ? ` (+${failed} failed)` : ""} | ${budgets.join(", ")} | ${cell} | ${refCell} | ${difference} |`);
    }
    const series = [...byAlgorithm].map(([algorithm, runs]) => ({ label: algorithm, runs: runs.filter((r) => !r.error).map((r) => r.returns) })).filter((s) => s.runs.length > 0);
    if (series.length === 0) continue;
    const figure = join(outDir, "figures", `${env}.svg`);
    writeFileAtomically(figure, learningCurveSvg(series, { title: env, ...task.figure }));
    figures.push(figure);
  }
  const table = lines.join("\n") + "\n";
  writeFileAtomically(join(outDir, "table.md"), table);
  return { csv: join(outDir, "curves.csv"), table: join(outDir, "table.md"), figures };
}
