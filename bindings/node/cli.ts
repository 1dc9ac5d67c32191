#!/usr/bin/env node
/**
 * The `coagent` command line. `coagent train` trains algorithms on one task for several seeds
 * (the runs spread over worker threads), shows a live progress line, and writes the returns as
 * JSON (and a learning-curve SVG).
 */
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, extname } from "node:path";
import { parseArgs } from "node:util";
import { hiddenUnitKinds, unitsUnsupported, type Algorithm, type HiddenUnits } from "../rules/algorithms.js";
import { backends, loadCore, precisions, type Backend, type Precision } from "../core/core.js";
import { environmentIds } from "../envs/registry.js";
import { envSeedings, type EnvSeeding } from "../envs/seeding.js";
import { CoagentError, didYouMean } from "../errors.js";
import { sampleStd } from "../stats/descriptive.js";
import { writeFileAtomically } from "./files.js";
import { evalCommand, EVAL_OPTIONS } from "./cli-eval.js";
import { sweepCommand, SWEEP_HELP, SWEEP_OPTIONS } from "./cli-sweep.js";
import { compareCommand, COMPARE_OPTIONS, COMPARE_OPTIONS_HELP } from "./cli-compare.js";
import { commandHelp, fullHelp, ruleList, settingsList, settingsOptions, type Command } from "./cli-help.js";
import { importTasks, IMPORT_HELP } from "./cli-import.js";
import { UsageError, choiceOption, integerOption, joinNegativeValues, layerSizesOption, outputDirectoryOption, outputOption } from "./cli-options.js";
import { mergeResults, planGrid, runGrid, shardOf, writeReport, type GridProgress } from "./experiment.js";
import type { RunProgress, RunRecord, RunSpec } from "./run.js";
import { trainRuns } from "./train-runs.js";
import { checkOverrides, parseSetOptions, withConfigFile } from "./cli-settings.js";
import { overridesFor, resolvedSettings } from "../rules/overrides.js";
import { coagentVersion } from "./version.js";
import { invocationOf, readInvocation } from "./cli-resume.js";
import { signalExitCodes, stopOnSignals, type StopSignal } from "./cli-signals.js";
import { plotSignals } from "./cli-plot-signals.js";
import { joinSignalParts, keepSignalParts, removeSignalParts, signalLogOptions, signalPartFile } from "./signal-log.js";
import { learningCurveSvg } from "../plot.js";
import { findTask, taskIds, type Task, type TaskRun, type TaskRunOptions } from "../training/tasks.js";

const DEFAULT_GRID_ENVS = environmentIds.filter((id) => ["CartPole-v1", "Acrobot-v1", "LunarLander-v2", "MountainCarContinuous-v0"].includes(id));
const DEFAULT_GRID_ALGORITHMS = ["map-prop", "weight-max", "reinforce", "backprop", "ste-backprop"];

const trainHelp = `  --env <id>           task (default CartPole-v1); one of: ${environmentIds.join(", ")},
                       or a supervised task: Multiplexer (Weight Max and REINFORCE on the 4-bit task,
                       MAP propagation on the 5-bit task with batches of 128) or Regression (MAP
                       propagation on the references' scalar regression, batches of 128)
  --algorithm <names>  learning rule(s), comma-separated (default map-prop); each one of:
${ruleList()}
  --episodes <n>       episodes per run (default: the reference's budget for the algorithm and task,
                       e.g. 1000 on CartPole-v1)
  --samples <n>        samples per run on a supervised task (default: the reference's; multiplexer
                       800000, or 4000000 for map-prop; regression 1000000)
  --seeds <n>          number of runs (default 1); run k uses seed <seed> + k
  --seed <n>           first seed (default 0)
  --out <file.json>    write { env, algorithm, config, runs: [{ seed, returns, average, steps, wallSeconds }] }
                       (returns: each episode's; on a supervised task the mean reward of each
                       hundredth of the run), the shape of a grid's run files
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
  --env-seeding <s>    gymnasium (default: a seed gives Gymnasium's episodes) or legacy (coagent's
                       earlier stream, which produced the results in docs/ and bench/results/);
                       RL tasks only
  --hidden <sizes>     hidden layer sizes, comma-separated (default 64,32). Per-layer settings are
                       the reference's [first hidden, later hidden, output] values: every hidden
                       layer after the first takes the second hidden layer's rate and variance
  --units <kind>       the actor's hidden units: bernoulli, gaussian (softplus mean) or relu (default:
                       the rule's own — gaussian for map-prop, relu for backprop, bernoulli otherwise).
                       REINFORCE and Weight Max take bernoulli or gaussian; backprop relu or gaussian;
                       MAP propagation gaussian (bernoulli: use discrete-map-prop);
                       combinations a rule is not defined for are refused with the reason
  --save <file.ckpt>   save the trained agent (weights, optimiser state, RNG: training continues
                       from it exactly) with the run's progress; with several runs, one file per run:
                       <file>-<algorithm>-seed<n>.ckpt. Written at the end, on Ctrl-C, and periodically:
  --checkpoint-every <n>
                       with --save: every n episodes write each run's checkpoint and --out atomically;
                       a run killed even by SIGKILL resumes from its last one, losing at most n episodes
  --resume <file.ckpt> continue the train that wrote this --save file (or one of its per-run files) to
                       its budget, with its options and output files (only --workers and --quiet may be
                       given); the results equal an uninterrupted run's, bit for bit
  --save-policy <file> save the trained actor as a policy file (weights only; acts without learning,
                       e.g. in a web page); several runs name files as --save does
  --workers <n>        worker threads, each training one run at a time (default: one per core, at most
                       one per run); 1 trains the runs one after another (on one thread). The results,
                       files and summaries do not depend on it; the summary's steps/s is a run's speed,
                       and with several threads a last line gives the speed of all together
  --log-signals <file.jsonl>
                       write signals from inside every run as JSON lines (env, seed, algorithm,
                       episode, step, TD error, per layer eligibility, saturation, weight norm,
                       Weight Max's unit rewards, settling energy, entropy; docs/signals.md)
  --every <k>          with --log-signals: one line every k agent steps (default 100)
  --quiet              no progress line
${settingsOptions("train")}

Settings of the rules (--set name=value; each rule's defaults: docs/learning-rules.md#hyper-parameters):
${settingsList()}`;

const reproduceHelp = `  --envs <ids>         tasks, comma-separated (default: ${DEFAULT_GRID_ENVS.join(",")})
  --algorithms <names> learning rules, comma-separated (default: ${DEFAULT_GRID_ALGORITHMS.join(",")});
                       a rule with other hidden units is a variant of its own: weight-max@gaussian
  --seeds <n>          runs per task and algorithm (default 10); --seed <n> the first (default 0)
  --episodes <n>       override every run's budget (default: the reference budget of each pair)
  --workers <n>        worker threads (default: one per core)
  --shard <i/n>        run only the i-th of n deterministic slices of the grid (for job arrays)
  --out <dir>          output directory (default results/reproduce): runs/<task>/<algorithm>/seed-<n>.json,
                       curves.csv, figures/<task>.svg, table.md. Finished runs are never recomputed.
  --precision <p>      float64 (default) or float32
  --env-seeding <s>    gymnasium (default) or legacy, as for train; a directory's finished runs
                       count only if they used the same one (and the same budget, precision and
                       settings: a directory of other runs is refused)
  --quiet              no progress line
${settingsOptions("reproduce")}`;

const PREAMBLE = "coagent — train neural networks as teams of reinforcement-learning agents";
const EPILOGUE = `${IMPORT_HELP}
Ctrl-C (SIGINT) or SIGTERM stops any command at its next step: it writes what it has (checkpoints,
results, figure), says in one line what it wrote and how to resume, and exits 130 (SIGTERM: 143).
A second Ctrl-C ends it at once. Output directories that do not exist are created, and said so.

Settings are the authors' reference settings for the algorithm on the task unless --set or --config
changes them; every run file records the settings it ran with.
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
  "env-seeding": { type: "string" },
  hidden: { type: "string" },
  units: { type: "string" },
  save: { type: "string" },
  "save-policy": { type: "string" },
  workers: { type: "string" },
  "checkpoint-every": { type: "string" },
  resume: { type: "string" },
  "log-signals": { type: "string" },
  every: { type: "string" },
  quiet: { type: "boolean", default: false },
  set: { type: "string", multiple: true },
  config: { type: "string" },
} as const;

/** The file for one run: `path` itself for a single run, else <base>-<algorithm>-seed<n><ext>. */
function savedFile(path: string, single: boolean, algorithm: string, seed: number): string {
  if (single) return path;
  const ext = extname(path);
  return `${path.slice(0, path.length - ext.length)}-${algorithm}-seed${seed}${ext}`;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.round(seconds);
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

/**
 * Progress on stderr: rewritten in place on a terminal, one line every few seconds otherwise.
 * One thread shows its run; several show every run in progress, and the steps/s of them all.
 */
function progressPrinter(task: Task, runs: readonly RunSpec[], workers: number, quiet: boolean) {
  const started = performance.now();
  const totalBudget = runs.reduce((sum, run) => sum + run.budget, 0);
  const active = new Map<number, RunProgress>();
  let lastPrint = 0;
  let finishedRuns = 0;
  let finishedSteps = 0;
  let finishedBudget = 0;
  let open = false; // a line rewritten in place ends the terminal's output
  const tty = process.stderr.isTTY;
  const episodic = task.unit === "episodes";
  const describeRun = (index: number, p: RunProgress, gap: string) =>
    `${runs[index].algorithm} seed ${runs[index].seed}${gap}${episodic ? "episode" : "sample"} ${p.done}/${p.budget}${gap}` +
    (episodic ? `avg100 ${p.runningAverage.toFixed(1)}` : `avg reward ${p.runningAverage.toFixed(3)}`);
  return {
    progress(index: number, p: RunProgress): void {
      if (quiet) return;
      active.set(index, p);
      const now = performance.now();
      if (now - lastPrint < (tty ? 200 : 5000) && p.done !== p.budget) return;
      lastPrint = now;
      const elapsed = (now - started) / 1000;
      const inFlight = [...active.values()];
      const done = finishedBudget + inFlight.reduce((sum, a) => sum + a.done, 0);
      const eta = (elapsed / done) * (totalBudget - done);
      const steps = finishedSteps + inFlight.reduce((sum, a) => sum + a.steps, 0);
      const rate = episodic ? `  ${Math.round(steps / elapsed).toLocaleString("en-US")} steps/s` : "";
      const line = workers === 1
        ? `run ${index + 1}/${runs.length} ${describeRun(index, p, "  ")}${rate}  ETA ${formatDuration(eta)}`
        // The totals first: a narrow terminal cuts the list of runs, not the ETA.
        : `runs ${finishedRuns}/${runs.length} done${rate}  ETA ${formatDuration(eta)}  | ${[...active].sort(([a], [b]) => a - b).map(([k, a]) => describeRun(k, a, " ")).join(" | ")}`;
      process.stderr.write(tty ? `\r\x1b[2K${line.slice(0, (process.stderr.columns ?? 160) - 1)}` : `${line}\n`);
      open = tty;
    },
    runFinished(index: number, result: RunRecord): void {
      active.delete(index);
      finishedRuns++;
      finishedSteps += result.steps;
      finishedBudget += result.budget;
      if (workers === 1) this.end(); // one line per run stays on the terminal
    },
    /** Clears the line in progress, before stdout writes (the next report draws it again). */
    clear(): void {
      if (open) process.stderr.write("\r\x1b[2K");
      open = false;
    },
    /** Ends the line in progress, leaving it on the terminal. */
    end(): void {
      if (open) process.stderr.write("\n");
      open = false;
    },
  };
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

async function trainCommand(args: string[]): Promise<void> {
  const configured = withConfigFile(args, trainOptions);
  const parsed = parseArgs({ args: joinNegativeValues(configured.args), options: trainOptions, strict: true, allowPositionals: false }).values;
  // From here a signal asks the runs to stop (before they start, none starts).
  let onStop: ((signal: StopSignal) => void) | undefined;
  const stop = stopOnSignals((signal) => onStop?.(signal));
  // --resume takes every option that defines the runs from the checkpoint, which stored them.
  const resumed = parsed.resume === undefined ? undefined : resumedOptions(args, parsed);
  const values: typeof parsed = resumed?.values ?? parsed;
  choiceOption("env", values.env, taskIds());
  const task = findTask(values.env);
  const episodic = task.unit === "episodes";
  // A supervised run cannot stop midway, nor resume: a signal ends the command at once.
  if (!episodic) {
    onStop = (signal) => {
      process.stderr.write(`${process.stderr.isTTY ? "\n" : ""}coagent: stopped by ${signal}; ${values.env} runs cannot stop midway or resume, nothing written\n`);
      process.exit(signalExitCodes[signal]);
    };
  }
  const units = values.units === undefined ? undefined : choiceOption<HiddenUnits>("units", values.units, hiddenUnitKinds);
  // --units X trains every rule as its variant rule@X, as grids name it (a rule may also be given as rule@units).
  const chosen = values.algorithm.split(",").map((name) => name.trim()).map((name) => (units && episodic ? `${name}@${units}` : name));
  for (const name of chosen) {
    const [rule, ruleUnits] = name.split("@");
    if (!task.algorithms.includes(rule)) {
      throw new UsageError(`--algorithm must be one of: ${task.algorithms.join(", ")}${episodic ? "" : ` on ${values.env}`}; got "${rule}"${didYouMean(rule, task.algorithms)}`);
    }
    const why = task.refuses(name);
    if (!why) continue;
    const unsupported = hiddenUnitKinds.includes(ruleUnits as HiddenUnits) ? unitsUnsupported(rule as Algorithm, ruleUnits as HiddenUnits) : undefined;
    throw new UsageError(unsupported ? `--units ${ruleUnits} cannot be used with ${rule}: ${unsupported}` : `--algorithm: ${why}`);
  }
  if (values[episodic ? "samples" : "episodes"] !== undefined) {
    throw new UsageError(episodic
      ? `--samples only applies to the supervised tasks (${taskIds().filter((id) => findTask(id).unit === "samples").join(", ")}); use --episodes`
      : `--episodes does not apply to ${values.env} (one step per sample); use --samples`);
  }
  const budgetOption = values[task.unit] === undefined ? undefined : integerOption(task.unit, values[task.unit]!, 1);
  const seeds = integerOption("seeds", values.seeds, 1);
  const firstSeed = integerOption("seed", values.seed, 0);
  const workersOption = values.workers === undefined ? undefined : integerOption("workers", values.workers, 1);
  const precision = choiceOption<Precision>("precision", values.precision, precisions);
  const backend = choiceOption<Backend>("backend", values.backend, backends);
  const options = {
    precision, backend,
    batch: integerOption("batch", values.batch, 1),
    hidden: values.hidden === undefined ? undefined : layerSizesOption("--hidden", values.hidden, ","),
    envSeeding: values["env-seeding"] === undefined ? undefined : choiceOption<EnvSeeding>("env-seeding", values["env-seeding"], envSeedings),
  };
  const saving = values.save !== undefined || values["save-policy"] !== undefined;
  const checkpointEvery = values["checkpoint-every"] === undefined ? undefined : integerOption("checkpoint-every", values["checkpoint-every"], 1);
  if (checkpointEvery !== undefined && values.save === undefined) throw new UsageError("--checkpoint-every needs --save <file.ckpt>, the file the checkpoints are written to");
  const flags: [string, Omit<TaskRunOptions, "algorithm" | "seed">][] = [
    ["--batch", { batch: options.batch }], ["--hidden", { hidden: options.hidden }], ["--env-seeding", { envSeeding: options.envSeeding }],
    [values.save !== undefined ? "--save" : "--save-policy", { onTrained: saving ? () => {} : undefined }],
    ["--checkpoint-every", { onCheckpoint: checkpointEvery !== undefined ? () => {} : undefined }],
  ];
  for (const [flag, given] of flags) {
    if (task.inapplicable(given)) throw new UsageError(`${flag} does not apply to ${values.env}, a supervised task with the references' own network and batch`);
  }
  if (!episodic && units) throw new UsageError(`--units does not apply to ${values.env}, a supervised task with the references' own network`);
  const overrides = resumed?.settings ?? parseSetOptions(values.set ?? [], configured.settings);
  const overridden = Object.keys(overrides).length > 0;
  if (overridden && !episodic) throw new UsageError(`--set does not apply to ${values.env}, a supervised task with the references' own network and settings`);
  if (overridden) checkOverrides(overrides, chosen, values.env, options.hidden);
  outputOption("out", values.out);
  outputOption("plot", values.plot, [".svg"]);
  outputOption("save", values.save);
  outputOption("save-policy", values["save-policy"]);
  const signalLog = signalLogOptions(values);
  if (signalLog && !episodic) throw new UsageError(`--log-signals does not apply to ${values.env}, a supervised task`);
  await loadCore({ precision, backend });

  const budget = (algorithm: string) => budgetOption ?? task.referenceBudget(algorithm);
  const runs: RunSpec[] = chosen.flatMap((algorithm) => Array.from({ length: seeds }, (_, k) => ({
    env: values.env, algorithm, seed: firstSeed + k, budget: budget(algorithm), ...options,
    ...(overridden ? { hyperparameters: overridesFor(overrides, algorithm, values.env) } : {}),
  })));
  if (signalLog) {
    // A resumed train continues its log; a new one drops the parts a killed earlier train left behind.
    if (resumed) keepSignalParts(signalLog.path, runs);
    else removeSignalParts(signalLog.path, runs.length);
    runs.forEach((run, index) => (run.signals = { every: signalLog.every, file: signalPartFile(signalLog.path, index) }));
  }
  // One thread per core by default; more threads than runs would idle.
  const workers = Math.min(workersOption ?? availableParallelism(), runs.length);
  const progress = progressPrinter(task, runs, workers, values.quiet);
  const single = runs.length === 1;
  const started = performance.now();
  // Each run's returns: its record once finished (or stopped), else those of its last checkpoint.
  const finished: (TaskRun | undefined)[] = [];
  const checkpointed: (TaskRun | undefined)[] = [];
  const checkpointFile = (index: number) => values.save === undefined ? undefined : savedFile(values.save, single, runs[index].algorithm, runs[index].seed);
  /**
   * One algorithm's entry of the --out file: train's options as given or defaulted (a --config
   * file: it repeats the run), the settings that ran, the version, and the runs so far.
   */
  const runFile = (algorithm: string, group: TaskRun[]) => {
    const seeding = episodic ? { envSeeding: options.envSeeding ?? "gymnasium" } : {};
    const config = episodic
      ? { ...resolvedSettings(algorithm, values.env, overrides, options.hidden), episodes: budget(algorithm), ...(units ? { units } : {}), precision, backend, ...(options.batch > 1 ? { batch: options.batch } : {}), ...seeding }
      : { samples: budget(algorithm), precision, backend };
    return {
      env: values.env, algorithm, [task.unit]: budget(algorithm), seeds, seed: firstSeed, precision, backend,
      ...(episodic ? { batch: options.batch, ...seeding } : {}), ...(options.hidden ? { hidden: options.hidden } : {}),
      settings: overrides, coagent: coagentVersion(), config, runs: group,
    };
  };
  /** What --out holds: per algorithm, the runs with returns so far, in run order. */
  const results = () => chosen.map((algorithm, a) => runFile(algorithm,
    Array.from({ length: seeds }, (_, k) => finished[a * seeds + k] ?? checkpointed[a * seeds + k]).filter((run): run is TaskRun => run !== undefined && run.returns.length > 0),
  )).filter((entry) => entry.runs.length > 0);
  const writeResults = () => {
    const sofar = results();
    if (values.out === undefined || sofar.length === 0) return false;
    writeFileAtomically(values.out, JSON.stringify(chosen.length === 1 ? sofar[0] : sofar, null, 1) + "\n");
    return true;
  };
  const writePlot = () => {
    const series = results().map((r) => ({ label: r.algorithm, runs: r.runs.map((run) => run.returns) }));
    if (values.plot === undefined || series.length === 0) return false;
    writeFileAtomically(values.plot, learningCurveSvg(series, { title: values.env, ...task.figure }));
    return true;
  };
  const saved: string[] = [];
  try {
    await trainRuns({
      runs, workers, keep: values["save-policy"] !== undefined ? { policy: true } : undefined, stop: stop.flag,
      checkpoint: (index) => {
        const path = checkpointFile(index);
        return path === undefined ? undefined : { path, every: checkpointEvery, resume: values.resume !== undefined, note: invocationOf(values, dirname(values.save!), overrides) };
      },
      onCheckpoint: (index, returns, steps) => {
        const { seed } = runs[index];
        checkpointed[index] = { seed, returns: [...returns], average: mean([...returns]), steps, wallSeconds: (performance.now() - started) / 1000 };
        writeResults();
      },
      onProgress: (index, p) => progress.progress(index, p),
      onFinished: (index, record) => progress.runFinished(index, record),
      onResult: (index, record, kept) => {
        const { algorithm, seed } = record;
        const checkpoint = checkpointFile(index);
        if (checkpoint !== undefined && (record.stopped || record.returns.length > 0)) saved.push(checkpoint);
        if (values["save-policy"] !== undefined && kept.policy !== undefined) {
          const file = savedFile(values["save-policy"], single, algorithm, seed);
          writeFileAtomically(file, kept.policy);
          saved.push(file);
        }
        finished[index] = { seed, returns: record.returns, average: record.average, steps: record.steps, wallSeconds: record.wallSeconds };
        if (record.stopped || index % seeds !== seeds - 1) return;
        progress.clear();
        summarize(algorithm, finished.slice(index + 1 - seeds, index + 1) as TaskRun[]);
      },
    });
    if (signalLog) joinSignalParts(signalLog.path, runs.length);
  } finally {
    progress.end();
    if (signalLog) removeSignalParts(signalLog.path, runs.length);
    stop.dispose();
  }
  if (stop.received) {
    // Stopped at a step boundary: what there is goes to disk, and one line says where and how to go on.
    const wrote = saved.length > 3 ? [`${saved.length} checkpoints ${values.save!.slice(0, values.save!.length - extname(values.save!).length)}-<algorithm>-seed<n>${extname(values.save!)}`] : [...saved];
    if (writeResults()) wrote.push(values.out!);
    if (writePlot()) wrote.push(values.plot!);
    const done = runs.map((run, k) => finished[k]?.returns.length ?? 0);
    const where = single ? `at episode ${done[0]} of ${runs[0].budget}` : `with ${done.filter((n, k) => n === runs[k].budget).length} of ${runs.length} runs finished`;
    const resume = values.save !== undefined
      ? `; resume with: coagent train --resume ${values.save}`
      : "; no checkpoint (train with --save to be able to resume)";
    process.stderr.write(`coagent: stopped by ${stop.received} ${where}; wrote ${wrote.length > 0 ? wrote.join(", ") : "nothing"}${resume}\n`);
    process.exitCode = signalExitCodes[stop.received];
    return;
  }
  if (workers > 1) {
    const seconds = (performance.now() - started) / 1000;
    const rate = episodic ? `: ${Math.round(results().reduce((sum, r) => sum + r.runs.reduce((a, run) => a + run.steps, 0), 0) / seconds).toLocaleString("en-US")} steps/s in all` : "";
    process.stdout.write(`${runs.length} runs on ${workers} worker threads took ${seconds < 10 ? `${seconds.toFixed(1)}s` : formatDuration(seconds)}${rate}\n`);
  }

  function summarize(algorithm: string, group: TaskRun[]): void {
    const averages = group.map((r) => r.average);
    const digits = episodic ? 2 : 4;
    // The sample std, as every table of coagent's (docs/statistics.md); one run has no spread.
    const spread = averages.length > 1 ? `std ${sampleStd(averages).toFixed(digits)} over ${seeds} runs` : "1 run";
    const rate = episodic ? `; ${Math.round(group.reduce((a, r) => a + r.steps, 0) / group.reduce((a, r) => a + r.wallSeconds, 0)).toLocaleString("en-US")} steps/s` : "";
    process.stdout.write(
      `${algorithm} on ${values.env}: average ${episodic ? "return over all episodes" : "reward over all samples"} ${mean(averages).toFixed(digits)} (${spread})${rate}\n`,
    );
  }
  for (const file of saved) process.stdout.write(`wrote ${file}\n`);
  if (signalLog) process.stdout.write(`wrote ${signalLog.path}\n`);
  if (writeResults()) process.stdout.write(`wrote ${values.out}\n`);
  if (writePlot()) process.stdout.write(`wrote ${values.plot}\n`);
}

/**
 * The options of `train --resume <checkpoint>`: those stored in the checkpoint, with --workers
 * and --quiet as given now. Options that define the runs are refused beside --resume.
 */
function resumedOptions(args: string[], parsed: { resume?: string; workers?: string; quiet?: boolean }) {
  const given = args.filter((arg) => arg.startsWith("--")).map((arg) => arg.slice(2).split("=")[0]).filter((name) => !["resume", "workers", "quiet"].includes(name));
  if (given.length > 0) throw new UsageError(`--resume continues the runs as they were started, with their options; only --workers and --quiet may be given with it (got --${given.join(", --")})`);
  const { file, invocation, episodes, budget } = readInvocation(parsed.resume!);
  if (!parsed.quiet) process.stderr.write(`coagent: resuming from ${file} (episode ${episodes} of ${budget}${file === parsed.resume ? "" : ", and its sibling runs"})\n`);
  const values = parseArgs({ args: [], options: trainOptions, strict: true }).values;
  return {
    values: { ...values, ...invocation.options, resume: parsed.resume, workers: parsed.workers, quiet: parsed.quiet ?? false } as typeof values,
    settings: invocation.settings ?? {},
  };
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
  "env-seeding": { type: "string" },
  quiet: { type: "boolean", default: false },
  set: { type: "string", multiple: true },
  config: { type: "string" },
} as const;

function gridProgressLine(p: GridProgress): string {
  const runs = p.active.map((a) => `${a.id} ${a.done}/${a.budget} avg ${a.runningAverage.toFixed(findTask(a.id.split("/")[0]).unit === "samples" ? 3 : 1)}`).join(" | ");
  return `grid ${p.finished}/${p.total} runs${p.resumed ? ` (${p.resumed} from before)` : ""}  ${(100 * p.fraction).toFixed(0)}%  ` +
    `elapsed ${formatDuration(p.elapsedSeconds)}  ETA ${formatDuration(p.etaSeconds)}${runs ? `  | ${runs}` : ""}`;
}

async function reproduceCommand(args: string[]): Promise<void> {
  const configured = withConfigFile(args, reproduceOptions);
  const { values } = parseArgs({ args: joinNegativeValues(configured.args), options: reproduceOptions, strict: true, allowPositionals: false });
  choiceOption("precision", values.precision, precisions);
  const list = (text: string) => text.split(",").map((x) => x.trim()).filter((x) => x.length > 0);
  // Settings apply to every cell; each is checked against every rule of the grid before any run.
  const overrides = parseSetOptions(values.set ?? [], configured.settings);
  if (Object.keys(overrides).length > 0) {
    for (const env of list(values.envs)) {
      if (taskIds().includes(env) && findTask(env).unit !== "episodes") throw new UsageError(`--set does not apply to ${env}, a supervised task with the references' own network and settings`);
      if (taskIds().includes(env)) checkOverrides(overrides, list(values.algorithms).filter((a) => !findTask(env).refuses(a)), env);
    }
  }
  let runs = planGrid({
    hyperparameters: overrides,
    envs: list(values.envs), algorithms: list(values.algorithms), seeds: integerOption("seeds", values.seeds, 1), firstSeed: integerOption("seed", values.seed, 0),
    budget: values.episodes === undefined ? undefined : integerOption("episodes", values.episodes, 1), precision: values.precision as Precision,
    envSeeding: values["env-seeding"] === undefined ? undefined : choiceOption<EnvSeeding>("env-seeding", values["env-seeding"], envSeedings),
  });
  if (values.shard !== undefined) runs = shardOf(runs, values.shard);
  const workers = values.workers === undefined ? undefined : integerOption("workers", values.workers, 1);
  outputDirectoryOption("out", values.out);
  const tty = process.stderr.isTTY;
  let lastLine = 0;
  // A signal stops the grid at once: finished runs are on disk; the report is written from them.
  const abort = new AbortController();
  const stop = stopOnSignals(() => abort.abort());
  const summary = await runGrid({
    runs, outDir: values.out, workers, signal: abort.signal,
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
  stop.dispose();
  if (!values.quiet && tty) process.stderr.write("\n");
  const report = writeReport(values.out);
  if (stop.received) {
    const finished = summary.trained + summary.resumed;
    process.stderr.write(`coagent: stopped by ${stop.received} with ${finished} of ${runs.length} runs finished; wrote ${values.out}/{runs/,curves.csv,table.md,figures/}; resume with the same command (finished runs are kept)\n`);
    process.exitCode = signalExitCodes[stop.received];
    return;
  }
  process.stdout.write(readFileSync(report.table, "utf8"));
  process.stdout.write(`${summary.trained} runs trained, ${summary.resumed} found finished, ${summary.failed.length} failed; wrote ${values.out}/{runs/,curves.csv,table.md,figures/}\n`);
}

const MERGE_HELP = `  <dir>...             output directories of grid shards (reproduce --shard i/n --out <dir>)
  --out <dir>          where the merged runs/, curves.csv, figures/ and table.md go; the same run found
                       in two inputs must have the same returns`;

async function mergeCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: { out: { type: "string" } }, strict: true, allowPositionals: true });
  if (positionals.length === 0) throw new UsageError("merge needs the output directories of the shards");
  if (!values.out) throw new UsageError("merge needs --out <dir>");
  outputDirectoryOption("out", values.out);
  const count = mergeResults(positionals, values.out);
  const report = writeReport(values.out);
  process.stdout.write(readFileSync(report.table, "utf8"));
  process.stdout.write(`merged ${count} runs into ${values.out}\n`);
}

interface SavedRun {
  env: string;
  algorithm: string;
  // `returns`; files written before the task/run shape have `episodeReturns`.
  runs: { returns?: number[]; episodeReturns?: number[] }[];
}

const PLOT_HELP = `  <run.json>...        files written by train --out; one curve (mean ± std over runs) per algorithm
  --out <file.svg>     the figure to write
  --title <text>       its title (default: the first file's task)`;

/** `coagent plot a.json b.json --out fig.svg`: one curve per algorithm found in the files. */
async function plotCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: { out: { type: "string" }, title: { type: "string" } }, strict: true, allowPositionals: true });
  if (positionals.length === 0) throw new UsageError("plot needs at least one JSON file written by `coagent train --out`");
  if (!values.out) throw new UsageError("plot needs --out <file.svg>");
  outputOption("out", values.out, [".svg"]);
  if (positionals.every((file) => extname(file) === ".jsonl")) return plotSignals(positionals, values.out, values.title);
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
      if (typeof e?.algorithm !== "string" || !Array.isArray(e.runs) || !e.runs.every((r) => Array.isArray(r?.returns ?? r?.episodeReturns))) {
        throw new UsageError(`${file} is not output of \`coagent train --out\` (expected { env, algorithm, runs: [{ returns }] })`);
      }
      saved.push(e);
    }
  }
  const series = saved.map((e) => ({ label: e.algorithm, runs: e.runs.map((r) => (r.returns ?? r.episodeReturns)!) }));
  writeFileAtomically(values.out, learningCurveSvg(series, { title: values.title ?? saved[0].env }));
  process.stdout.write(`wrote ${values.out}\n`);
}

/**
 * The commands: each one's usage, summary and options' help beside its code. A new command is
 * one entry here (its code and help in its own file, as cli-eval.ts does).
 */
const commands: Readonly<Record<string, Command>> = {
  train: { usage: "train [options]", summary: "train algorithms on one task for several seeds, on all cores", options: trainHelp, run: trainCommand },
  reproduce: {
    usage: "reproduce [options]", summary: "the paper's grid: algorithms × tasks × seeds on all cores, resumable, with figures and a table beside the published numbers",
    options: reproduceHelp, run: reproduceCommand,
  },
  merge: { usage: "merge <dir>... --out <dir>", summary: "join the outputs of grid shards and write the report", options: MERGE_HELP, run: mergeCommand },
  plot: { usage: "plot <run.json>... --out f", summary: "draw saved runs (from train --out) into one SVG figure; a signal log (train --log-signals, .jsonl): one panel per signal over the steps", options: PLOT_HELP, run: plotCommand },
  eval: {
    usage: "eval --checkpoint <file>", summary: "run a trained agent or policy without learning; mean ± std return", options: EVAL_OPTIONS,
    run: (args) => evalCommand(joinNegativeValues(args)),
  },
  compare: {
    usage: "compare <file or dir>...", summary: "statistics of saved runs: mean, std, SE, IQM with bootstrap CI, solve rates, Welch's t and Mann–Whitney U per pair",
    options: COMPARE_OPTIONS_HELP, run: (args) => compareCommand(joinNegativeValues(args)),
  },
  sweep: {
    usage: "sweep --algorithm <name> --grid <name=v1,v2>... --out <dir>", summary: "a grid of settings on tuning seeds (>= 100), resumable and sharded; ranks the settings, and with --evaluate N compares the best with the defaults on fresh seeds",
    options: SWEEP_HELP, run: sweepCommand,
  },
};

const isHelp = (arg: string) => arg === "--help" || arg === "-h";

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === undefined || isHelp(command) || command === "help") {
    const topic = command === "help" ? rest[0] : undefined;
    process.stdout.write(topic !== undefined && Object.hasOwn(commands, topic) ? commandHelp(topic, commands[topic]) : fullHelp(commands, PREAMBLE, EPILOGUE));
    return;
  }
  if (command === "--version" || command === "-v" || command === "version") {
    process.stdout.write(`coagent ${coagentVersion()}\n`);
    return;
  }
  if (!Object.hasOwn(commands, command)) {
    throw new UsageError(`unknown command "${command}"${didYouMean(command, Object.keys(commands))}; expected one of: ${Object.keys(commands).join(", ")} (see coagent --help)`);
  }
  // `coagent <command> --help` anywhere among its arguments: that command's help, nothing run.
  if (rest.some(isHelp)) {
    process.stdout.write(commandHelp(command, commands[command]));
    return;
  }
  return commands[command].run(await importTasks(rest));
}

const acceptedOptions: Record<string, object> = { train: trainOptions, reproduce: reproduceOptions, sweep: SWEEP_OPTIONS, compare: COMPARE_OPTIONS };

main(process.argv.slice(2)).catch((error: unknown) => {
  const code = (error as { code?: string }).code;
  if (error instanceof UsageError || error instanceof CoagentError || code?.startsWith("ERR_PARSE_ARGS")) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, "");
    const options = acceptedOptions[process.argv[2]];
    const hint = code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && options ? `; accepted options: ${Object.keys(options).map((o) => `--${o}`).join(", ")}` : "";
    process.stderr.write(`coagent: ${message}${hint}\n`);
    process.exit(2);
  }
  // Anything else is a fault of coagent or of the system (a disk filling up mid-run): one line,
  // and the stack only when asked for.
  process.stderr.write(`coagent: ${(error as Error)?.message ?? String(error)}\n`);
  if (process.env.COAGENT_DEBUG) process.stderr.write(`${(error as Error)?.stack}\n`);
  else process.stderr.write("coagent: this is unexpected; run again with COAGENT_DEBUG=1 for the stack trace, and report it\n");
  process.exit(1);
});
