/**
 * `coagent sweep`: a grid of settings of one rule on one task, on tuning seeds (>= 100), run
 * through the grid runner (resumable, sharded, worker threads); writes runs.jsonl, a ranking
 * and, with --evaluate N, the best setting against the defaults on evaluation seeds 0..N−1.
 * The library does the work (sweep.ts); this file reads the command line and prints.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { precisions, type Precision } from "../core/core.js";
import { envSeedings, type EnvSeeding } from "../envs/seeding.js";
import { didYouMean } from "../errors.js";
import { declaredSettings, unknownSettingMessage } from "../rules/algorithms.js";
import type { SettingOverrides } from "../rules/overrides.js";
import { findTask, taskIds } from "../training/tasks.js";
import { optionLine, settingsOptions } from "./cli-help.js";
import { checkOverrides, parseSetOptions, withConfigFile } from "./cli-settings.js";
import { UsageError, choiceOption, integerOption, joinNegativeValues, layerSizesOption } from "./cli-options.js";
import { shardOf } from "./experiment.js";
import { requireWritableDirectory } from "./files.js";
import {
  FIRST_TUNING_SEED, evaluateSweep, gridPoints, sweepRecords, planSweep, rankStatistics, runSweep, writeRanking, writeSweepDescription,
  type RankStatistic, type SweepAxis, type SweepSetting,
} from "./sweep.js";
import type { GridProgress } from "./experiment.js";
import { signalExitCodes, stopOnSignals } from "./cli-signals.js";

export const SWEEP_OPTIONS = {
  env: { type: "string", default: "CartPole-v1" },
  algorithm: { type: "string" },
  grid: { type: "string", multiple: true },
  episodes: { type: "string" },
  seeds: { type: "string", default: "5" },
  seed: { type: "string", default: String(FIRST_TUNING_SEED) },
  "allow-evaluation-seeds": { type: "boolean", default: false },
  "rank-by": { type: "string", default: "mean" },
  evaluate: { type: "string" },
  out: { type: "string" },
  shard: { type: "string" },
  workers: { type: "string" },
  precision: { type: "string", default: "float64" },
  "env-seeding": { type: "string" },
  quiet: { type: "boolean", default: false },
  set: { type: "string", multiple: true },
  config: { type: "string" },
} as const;

export const SWEEP_HELP = [
  optionLine("--env <id>", "task (default CartPole-v1): an RL task, or one registered with --import"),
  optionLine("--algorithm <name>", "the rule whose settings are swept (one; a variant such as weight-max@gaussian is one too)"),
  optionLine("--grid <name=v1,v2>", "an axis of the grid: a setting (as --set names it, e.g. gamma or actorLearningRate.start) and its values, comma-separated (repeatable; the grid is the product of the axes). A per-layer value or a learning rate's a,b,c is written with colons: --grid actorLearningRate=0.01:0.001:0.0001,0.02:0.002:0.0002. The hidden layer sizes are an axis too: --grid hidden=16:16,64:64,256:256 (actor and critic). Every value is checked against the rule's declaration before any run"),
  optionLine("--seeds <n>", "tuning runs per setting (default 5)"),
  optionLine("--seed <n>", `first tuning seed (default ${FIRST_TUNING_SEED}); seeds below ${FIRST_TUNING_SEED} are the evaluation seeds and are refused`),
  optionLine("--allow-evaluation-seeds", `tune on seeds below ${FIRST_TUNING_SEED} anyway (their results then say nothing fresh about the chosen setting)`),
  optionLine("--episodes <n>", "episodes per run (default: the reference's budget for the rule and task)"),
  optionLine("--out <dir>", "output directory (required): settings/<setting>/runs/<task>/<rule>/seed-<n>.json (one file per run, as reproduce writes them; finished runs are never recomputed), runs.jsonl (one line per finished run), ranking.md and ranking.json, sweep.json"),
  optionLine("--rank-by <s>", "mean (default) or iqm: the statistic of the runs' average returns over the whole budget that orders the settings; the table shows mean, SE, IQM and its 95% bootstrap interval"),
  optionLine("--evaluate <n>", "then train the best setting and the defaults (the rule's settings with --set/--config but no --grid value) on evaluation seeds 0..n−1 and write evaluation.md and evaluation.json: per setting mean, std, SE, IQM with its interval; Welch's t and Mann–Whitney U between them"),
  optionLine("--shard <i/n>", "train only the i-th of n slices of the sweep's runs (every run of a setting on its own seed is one run); shards written to one directory (or their settings/ directories copied together) complete it, and a run of the command without --shard then writes the ranking (and the evaluation)"),
  optionLine("--workers <n>", "worker threads (default: one per core): a setting's seeds run in parallel, and several settings at once when a setting has fewer seeds than threads; the results do not depend on it"),
  optionLine("--precision <p>", "float64 (default) or float32"),
  optionLine("--env-seeding <s>", "gymnasium (default) or legacy, as for train"),
  optionLine("--quiet", "no progress lines"),
  settingsOptions("sweep"),
].join("\n");

/** One --grid text ("gamma=0.9,0.99") as an axis, every value checked as --set checks it. */
function parseAxis(text: string): SweepAxis {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new UsageError(`--grid must be name=v1,v2,…, e.g. --grid gamma=0.9,0.99; got ${JSON.stringify(text)}`);
  const name = text.slice(0, eq).trim();
  const base = name.split(".")[0];
  if (base === "hidden") return widthAxis(name, text.slice(eq + 1));
  if (!declaredSettings.has(base)) throw new UsageError(`--grid ${name}: ${unknownSettingMessage(base)}`);
  const texts = text.slice(eq + 1).split(",").map((v) => v.trim());
  if (texts.some((v) => v === "")) throw new UsageError(`--grid ${name}: a value is empty in ${JSON.stringify(text)}; values are comma-separated, a per-layer value's parts colon-separated (0.01:0.001:0.0001)`);
  const duplicate = texts.find((v, k) => texts.indexOf(v) !== k);
  if (duplicate !== undefined) throw new UsageError(`--grid ${name}: value ${duplicate} appears twice`);
  return {
    name,
    values: texts.map((value) => {
      try {
        return { text: value, overrides: parseSetOptions([`${name}=${value.replace(/:/g, ",")}`]) };
      } catch (error) {
        throw new UsageError((error as Error).message.replace(/^--set /, "--grid "));
      }
    }),
  };
}

/** --grid hidden=16:16,32:32: the hidden layer sizes of actor and critic, one network per value. */
function widthAxis(name: string, list: string): SweepAxis {
  if (name !== "hidden") throw new UsageError(`--grid ${name}: hidden has no parts; write --grid hidden=64:32,128:64`);
  const texts = list.split(",").map((v) => v.trim());
  const duplicate = texts.find((v, k) => texts.indexOf(v) !== k);
  if (duplicate !== undefined) throw new UsageError(`--grid hidden: value ${duplicate} appears twice`);
  return { name, values: texts.map((text) => ({ text, overrides: {}, hidden: layerSizesOption("--grid hidden", text, ":") })) };
}

export async function sweepCommand(rawArgs: string[]): Promise<void> {
  const configured = withConfigFile(joinNegativeValues(rawArgs), SWEEP_OPTIONS);
  const { values } = parseArgs({ args: joinNegativeValues(configured.args), options: SWEEP_OPTIONS, strict: true, allowPositionals: false });
  choiceOption("env", values.env, taskIds());
  const task = findTask(values.env);
  if (task.unit !== "episodes") throw new UsageError(`--env: a sweep changes settings of the RL rules; ${values.env} is a supervised task with the references' own network and settings`);
  if (values.algorithm === undefined) throw new UsageError(`sweep needs --algorithm <name>, one of: ${task.algorithms.join(", ")}`);
  const algorithm = values.algorithm.trim();
  if (algorithm.includes(",")) throw new UsageError(`--algorithm: a sweep tunes one rule; got ${JSON.stringify(algorithm)} (run one sweep per rule)`);
  const rule = algorithm.split("@")[0];
  if (!task.algorithms.includes(rule)) throw new UsageError(`--algorithm must be one of: ${task.algorithms.join(", ")}; got "${rule}"${didYouMean(rule, task.algorithms)}`);
  const refused = task.refuses(algorithm);
  if (refused) throw new UsageError(`--algorithm: ${refused}`);
  if (values.out === undefined) throw new UsageError("sweep needs --out <dir>");
  if (!values.grid || values.grid.length === 0) throw new UsageError("sweep needs at least one --grid name=v1,v2,… (a setting and its values)");

  const seeds = integerOption("seeds", values.seeds, 1);
  const firstSeed = integerOption("seed", values.seed, 0);
  if (firstSeed < FIRST_TUNING_SEED && !values["allow-evaluation-seeds"]) {
    throw new UsageError(`--seed ${firstSeed}: tuning seeds must be >= ${FIRST_TUNING_SEED} (seeds 0–${FIRST_TUNING_SEED - 1} are kept for evaluation); pass --allow-evaluation-seeds to tune on them anyway`);
  }
  const budget = values.episodes === undefined ? undefined : integerOption("episodes", values.episodes, 1);
  const rankBy = choiceOption<RankStatistic>("rank-by", values["rank-by"], rankStatistics);
  const evaluate = values.evaluate === undefined ? undefined : integerOption("evaluate", values.evaluate, 1);
  if (evaluate !== undefined && evaluate > firstSeed) {
    throw new UsageError(`--evaluate ${evaluate}: evaluation seeds 0–${evaluate - 1} would include tuning seeds (from ${firstSeed}); evaluate on at most ${firstSeed} seeds`);
  }
  if (evaluate !== undefined && values.shard !== undefined) throw new UsageError("--evaluate needs every tuning run: run the shards without it, then the same command without --shard and with --evaluate");
  const workers = values.workers === undefined ? undefined : integerOption("workers", values.workers, 1);
  const precision = choiceOption<Precision>("precision", values.precision, precisions);
  const envSeeding = values["env-seeding"] === undefined ? undefined : choiceOption<EnvSeeding>("env-seeding", values["env-seeding"], envSeedings);

  // Settings every point shares, then the axes; all checked against the rule before any run.
  const defaults: SettingOverrides = parseSetOptions(values.set ?? [], configured.settings);
  checkOverrides(defaults, [algorithm], values.env);
  const axes = values.grid.map(parseAxis);
  // Two axes, or an axis and --set, must not set the same value (a schedule's .start and .end are two).
  const overlaps = (a: string, b: string) => a === b || a.split(".")[0] === b || b.split(".")[0] === a;
  for (const [k, axis] of axes.entries()) {
    const [base, part] = axis.name.split(".");
    const earlier = axes.slice(0, k).find((a) => overlaps(a.name, axis.name));
    if (earlier) throw new UsageError(`--grid ${axis.name}: ${earlier.name === axis.name ? "given twice; give all its values in one --grid" : `overlaps --grid ${earlier.name}`}`);
    const fixed = defaults[base];
    if (fixed !== undefined && (part === undefined || (typeof fixed === "object" && fixed !== null && Object.hasOwn(fixed, part)))) {
      throw new UsageError(`--grid ${axis.name}: ${base} is also fixed by --set or --config; give it in one place`);
    }
  }
  const points = gridPoints(axes, defaults);
  for (const point of points) {
    try {
      checkOverrides(point.overrides, [algorithm], values.env, point.hidden);
    } catch (error) {
      throw new UsageError(`--grid ${point.label}: ${(error as Error).message.replace(/^--set /, "")}`);
    }
  }
  const plan = planSweep({ env: values.env, algorithm, points, seeds, firstSeed, allowEvaluationSeeds: values["allow-evaluation-seeds"], budget, precision, envSeeding });
  const runs = values.shard === undefined ? plan.runs : shardOf(plan.runs, values.shard);
  requireWritableDirectory("--out", values.out);
  const out = values.out;

  writeSweepDescription(plan, out, { seeds, seed: firstSeed, precision, envSeeding: envSeeding ?? "gymnasium", defaults, rankBy });
  // Progress on stderr: a line per finished run, and the runs in flight — rewritten in place on a
  // terminal, every ten seconds otherwise (a long run's episodes, in a log).
  let finished = 0;
  let open = false;
  let lastLine = 0;
  const tty = process.stderr.isTTY;
  const say = (line: string) => {
    if (values.quiet) return;
    process.stderr.write(`${open ? "\r\x1b[2K" : ""}${line}\n`);
    open = false;
  };
  const progress = (stage: string) => (setting: SweepSetting, p: GridProgress) => {
    const now = performance.now();
    if (values.quiet || now - lastLine < (tty ? 250 : 10_000)) return;
    lastLine = now;
    const active = p.active.map((a) => `seed ${a.id.split("seed-")[1]} episode ${a.done}/${a.budget} avg100 ${a.runningAverage.toFixed(1)}`).join(" | ");
    const line = `${stage}: ${setting.label}${active ? `  | ${active}` : ""}`;
    process.stderr.write(tty ? `\r\x1b[2K${line.slice(0, (process.stderr.columns ?? 160) - 1)}` : `${line}\n`);
    open = tty;
  };
  // A signal stops the sweep at once: finished runs are on disk; the summaries are written from them.
  const abort = new AbortController();
  const stop = stopOnSignals(() => abort.abort());
  const summary = await runSweep({
    plan, runs, outDir: out, workers, signal: abort.signal,
    onProgress: progress(`sweep ${values.shard ? `shard ${values.shard} ` : ""}(${runs.length} runs)`),
    onRun: (setting, record) => {
      finished++;
      say(`sweep ${finished}/${runs.length}: ${setting.label} seed ${record.seed}: ${record.error ? `failed: ${record.error.message}` : `average return ${record.average.toFixed(2)}`}`);
    },
  });
  if (open) process.stderr.write("\r\x1b[2K");
  open = false;
  const ranking = writeRanking(plan, out, rankBy);
  const stopped = () => {
    stop.dispose();
    const finished = sweepRecords(plan, out, runs).length;
    process.stderr.write(`coagent: stopped by ${stop.received} with ${finished} of ${runs.length} runs finished; wrote ${out}/{runs.jsonl,ranking.md,ranking.json}; resume with the same command (finished runs are kept)\n`);
    process.exitCode = signalExitCodes[stop.received!];
  };
  if (stop.received) return stopped();
  process.stdout.write(readFileSync(join(out, "ranking.md"), "utf8"));
  process.stdout.write(`${summary.trained} runs trained, ${summary.resumed} found finished, ${summary.failed.length} failed; wrote ${out}/{runs.jsonl,ranking.md,ranking.json}\n`);
  if (evaluate === undefined) return stop.dispose();
  await evaluateSweep({
    plan, ranking, outDir: out, seeds: evaluate, defaults, precision, envSeeding, workers, signal: abort.signal, onProgress: progress(`evaluation on ${evaluate === 1 ? "seed 0" : `seeds 0–${evaluate - 1}`}`),
  });
  if (open) process.stderr.write("\r\x1b[2K");
  if (stop.received) return stopped();
  stop.dispose();
  process.stdout.write(`\n${readFileSync(join(out, "evaluation.md"), "utf8")}`);
  process.stdout.write(`wrote ${out}/{evaluation.md,evaluation.json}\n`);
}
