/**
 * Sweeps (Node): one rule on one task, a grid of settings × tuning seeds, run through the grid
 * runner. Each setting has its own grid directory `<out>/settings/<name>/` holding reproduce's
 * run files (`runs/<task>/<algorithm>/seed-<n>.json`, written atomically), so a sweep resumes
 * exactly as a grid does: a finished run is never recomputed, and a killed sweep loses only the
 * runs in flight. `runs.jsonl`, the ranking and the evaluation are regenerated from those files,
 * so they always agree with them.
 *
 * Seed discipline: tuning seeds start at 100 (seeds 0–99 are the evaluation seeds); a sweep on
 * seeds below 100 is refused unless `allowEvaluationSeeds` says so, and `evaluateSweep` runs the
 * best setting and the defaults on seeds 0..n−1, which no tuning run used.
 */
import { existsSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import type { Precision } from "../core/core.js";
import { ConfigurationError, describe, requirePositiveInteger, requireSeed } from "../errors.js";
import type { EnvSeeding } from "../envs/seeding.js";
import { resolvedSettings, type SettingOverrides } from "../rules/overrides.js";
import { compareGroups, type GroupStatistics, type PairStatistics } from "../stats/index.js";
import { findTask } from "../training/tasks.js";
import { writeFileAtomically } from "./files.js";
import { planGrid, readRun, runGrid, type GridProgress, type RunRecord, type RunSpec } from "./experiment.js";

/** The first tuning seed: seeds below it are kept for evaluation. */
export const FIRST_TUNING_SEED = 100;

/**
 * One point of a sweep's grid: its name (e.g. "gamma=0.9 lambda=0.5"), the settings it changes
 * and, on a width axis, the hidden layer sizes of its networks (default: the rule's 64,32).
 */
export interface SweepPoint {
  label: string;
  overrides: SettingOverrides;
  hidden?: number[];
}

/** One value of an axis: its text, the overrides it makes and, on the `hidden` axis, the layer sizes. */
export interface SweepValue {
  text: string;
  overrides: SettingOverrides;
  hidden?: number[];
}

/** One axis of a grid: the setting's name (or "name.start", or "hidden") and its values. */
export interface SweepAxis {
  name: string;
  values: SweepValue[];
}

/**
 * The cartesian product of `axes` over `base` (settings every point shares), in order: the last
 * axis varies fastest. A point's label is "name=value" per axis, joined by spaces.
 */
export function gridPoints(axes: readonly SweepAxis[], base: SettingOverrides = {}): SweepPoint[] {
  if (axes.length === 0) throw new ConfigurationError("a sweep needs at least one axis (a setting and its values)");
  let points: SweepPoint[] = [{ label: "", overrides: structuredClone(base) }];
  for (const axis of axes) {
    if (axis.values.length === 0) throw new ConfigurationError(`axis ${axis.name} has no values`);
    points = points.flatMap((point) => axis.values.map((value) => ({
      label: point.label ? `${point.label} ${axis.name}=${value.text}` : `${axis.name}=${value.text}`,
      overrides: mergeOverrides(point.overrides, value.overrides),
      ...hiddenOf({ hidden: value.hidden ?? point.hidden }),
    })));
  }
  return points;
}

/** `b` over `a`, a schedule's parts ({ start }, { end }) merged rather than replaced. */
function mergeOverrides(a: SettingOverrides, b: SettingOverrides): SettingOverrides {
  const out = structuredClone(a);
  for (const [name, value] of Object.entries(b)) {
    const partial = (x: unknown) => typeof x === "object" && x !== null && !Array.isArray(x);
    out[name] = partial(value) && partial(out[name]) ? { ...(out[name] as object), ...(value as object) } : structuredClone(value);
  }
  return out;
}

/** What `planSweep` plans. */
export interface SweepOptions {
  env: string;
  /** One rule, or a rule with hidden units ("weight-max@gaussian"). */
  algorithm: string;
  points: SweepPoint[];
  /** Tuning runs per point: seeds firstSeed, firstSeed + 1, … */
  seeds: number;
  /** Default FIRST_TUNING_SEED (100). */
  firstSeed?: number;
  /** Seeds below 100 are refused unless this is true. */
  allowEvaluationSeeds?: boolean;
  /** Episodes per run (default: the reference budget of the rule on the task). */
  budget?: number;
  precision?: Precision;
  envSeeding?: EnvSeeding;
}

/** A setting of a plan: its point and the directory (under the sweep's) holding its runs. */
export interface SweepSetting extends SweepPoint {
  dir: string;
}

/** A sweep's plan: its settings and its runs, setting by setting, seed by seed. */
export interface SweepPlan {
  env: string;
  algorithm: string;
  budget: number;
  settings: SweepSetting[];
  runs: { setting: number; spec: RunSpec }[];
}

/**
 * A setting's directory name: its label with characters that are awkward in paths (spaces,
 * commas, colons, slashes) replaced, e.g. "gamma=0.9+actorLearningRate=0.01_0.02_0.03".
 */
export function settingDirectory(label: string): string {
  return label.replace(/ /g, "+").replace(/[^A-Za-z0-9._=+-]/g, "_");
}

/** Checks every point against the rule's declarations and lays out the runs; nothing is run. */
export function planSweep(options: SweepOptions): SweepPlan {
  const task = findTask(options.env);
  if (task.unit !== "episodes") throw new ConfigurationError(`a sweep changes settings of the RL rules; ${options.env} is a supervised task with the references' own network and settings`);
  const firstSeed = requireSeed("firstSeed", options.firstSeed ?? FIRST_TUNING_SEED);
  if (firstSeed < FIRST_TUNING_SEED && !options.allowEvaluationSeeds) {
    throw new ConfigurationError(`tuning seeds must be >= ${FIRST_TUNING_SEED} (seeds 0–${FIRST_TUNING_SEED - 1} are kept for evaluation); got firstSeed ${firstSeed}; set allowEvaluationSeeds to tune on them anyway`);
  }
  const seeds = requirePositiveInteger("seeds", options.seeds);
  if (!Array.isArray(options.points) || options.points.length === 0) throw new ConfigurationError(`points must be a non-empty array of settings; got ${describe(options.points)}`);
  const settings: SweepSetting[] = [];
  const dirs = new Map<string, string>();
  for (const point of options.points) {
    const dir = settingDirectory(point.label);
    const earlier = dirs.get(dir);
    if (earlier !== undefined) throw new ConfigurationError(`settings ${JSON.stringify(earlier)} and ${JSON.stringify(point.label)} ${earlier === point.label ? "appear twice" : "would share a directory"}; give each value once`);
    dirs.set(dir, point.label);
    resolvedSettings(options.algorithm, options.env, point.overrides, point.hidden); // a bad combination fails here, before any run
    settings.push({ ...point, dir: join("settings", dir) });
  }
  const runs = settings.flatMap((setting, k) =>
    planGrid({
      envs: [options.env], algorithms: [options.algorithm], seeds, firstSeed, budget: options.budget, precision: options.precision,
      envSeeding: options.envSeeding, hyperparameters: setting.overrides, hidden: setting.hidden,
    }).map((spec) => ({ setting: k, spec })),
  );
  return { env: options.env, algorithm: options.algorithm, budget: runs[0].spec.budget, settings, runs };
}

/** Options of `runSweep`. */
export interface RunSweepOptions {
  plan: SweepPlan;
  /** The runs to train now (a shard of plan.runs, say); default all of them. */
  runs?: SweepPlan["runs"];
  outDir: string;
  workers?: number;
  /** Called as the runs of a setting progress (runGrid's progress, with the setting). */
  onProgress?: (setting: SweepSetting, p: GridProgress) => void;
  /** Called when a run is saved, with its setting and record (error set for a failed run). */
  onRun?: (setting: SweepSetting, record: RunRecord) => void;
  workerScript?: URL;
  /** Aborting stops the sweep at once: no setting or run starts, runs in progress are dropped (the next session trains them). */
  signal?: AbortSignal;
}

/**
 * Trains the runs that have no file yet, then rewrites runs.jsonl. Each setting is a grid of its
 * own directory whose seeds spread over worker threads; when a setting has fewer runs than there
 * are threads, several settings train at once (at most `workers` threads in all). Results do not
 * depend on it. Returns the runs trained, found finished and failed.
 */
export async function runSweep(options: RunSweepOptions): Promise<{ trained: number; resumed: number; failed: RunRecord[] }> {
  const { plan, outDir } = options;
  const chosen = options.runs ?? plan.runs;
  const total = { trained: 0, resumed: 0, failed: [] as RunRecord[] };
  const queue = plan.settings.map((setting, k) => ({ setting, runs: chosen.filter((run) => run.setting === k).map((run) => run.spec) })).filter((q) => q.runs.length > 0);
  const threads = options.workers ?? availableParallelism();
  // workers 0 trains in this thread, one setting after another.
  const perSetting = threads <= 0 ? 0 : Math.min(threads, Math.max(1, ...queue.map((q) => q.runs.length)));
  const atOnce = perSetting === 0 ? 1 : Math.max(1, Math.floor(threads / perSetting));
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && !options.signal?.aborted && next < queue.length) {
      const { setting, runs } = queue[next++];
      try {
        const summary = await runGrid({
          runs, outDir: join(outDir, setting.dir), workers: perSetting, workerScript: options.workerScript, signal: options.signal,
          onProgress: options.onProgress && ((p) => options.onProgress!(setting, p)),
          onRun: options.onRun && ((record) => options.onRun!(setting, record)),
        });
        total.trained += summary.trained;
        total.resumed += summary.resumed;
        total.failed.push(...summary.failed);
      } catch (error) {
        failed = true; // no new setting starts; those in flight finish and keep their files
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(atOnce, queue.length) }, lane));
  writeRunLines(plan, outDir);
  return total;
}

/** One line of runs.jsonl: a finished (or failed) run of the sweep. Wall time is left out: the file depends only on what the runs computed. */
export interface SweepRunLine {
  setting: string;
  settings: SettingOverrides;
  /** The hidden layer sizes, when the setting changes them. */
  hidden?: number[];
  env: string;
  algorithm: string;
  seed: number;
  episodes: number;
  meanReturn: number | null;
  finalReturn: number | null;
  steps: number;
  error?: string;
}

/** The finished runs of the plan found under `outDir`, in the plan's order, with their setting's index. */
export function sweepRecords(plan: SweepPlan, outDir: string, runs: SweepPlan["runs"] = plan.runs): { setting: number; record: RunRecord }[] {
  return runs.flatMap(({ setting, spec }) => {
    const record = readRun(join(outDir, plan.settings[setting].dir), spec);
    return record ? [{ setting, record }] : [];
  });
}

/** Rewrites `<out>/runs.jsonl` from the run files: one JSON line per finished run, in the plan's order. */
export function writeRunLines(plan: SweepPlan, outDir: string): string {
  const lines = sweepRecords(plan, outDir).map(({ setting, record }): SweepRunLine => {
    const failed = record.error !== undefined;
    return {
      setting: plan.settings[setting].label, settings: plan.settings[setting].overrides, ...hiddenOf(plan.settings[setting]), env: record.env, algorithm: record.algorithm, seed: record.seed,
      episodes: record.returns.length, meanReturn: failed ? null : record.average, finalReturn: failed ? null : record.returns[record.returns.length - 1] ?? null,
      steps: record.steps, ...(failed ? { error: `${record.error!.name}: ${record.error!.message}` } : {}),
    };
  });
  const path = join(outDir, "runs.jsonl");
  writeFileAtomically(path, lines.map((line) => JSON.stringify(line) + "\n").join(""));
  return path;
}

/** Statistics a ranking can order the settings by. */
export const rankStatistics = ["mean", "iqm"] as const;
/** "mean" or "iqm" (interquartile mean) of the runs' average returns. */
export type RankStatistic = (typeof rankStatistics)[number];

/** One row of a ranking: a setting's statistics over its finished tuning runs (per-run score: average return over the whole budget). */
export interface RankingRow extends Omit<GroupStatistics, "solved"> {
  rank: number;
  settings: SettingOverrides;
  /** The hidden layer sizes, when the setting changes them. */
  hidden?: number[];
  dir: string;
  /** Runs of the plan that failed (diverged) or have not been run yet. */
  failed: number;
  missing: number;
}

/** A sweep's ranking: by which statistic, and the settings best first (settings without a finished run last, unranked). */
export interface SweepRanking {
  env: string;
  algorithm: string;
  episodes: number;
  seeds: number[];
  rankBy: RankStatistic;
  score: string;
  rows: RankingRow[];
  unranked: { label: string; failed: number; missing: number }[];
}

/**
 * Ranks the settings by `rankBy` of their runs' average returns (higher is better; ties keep the
 * grid's order). The IQM interval is a stratified bootstrap with the statistics module's default
 * resamples and seed 0, so a ranking is the same on every machine.
 */
export function rankSweep(plan: SweepPlan, outDir: string, rankBy: RankStatistic = "mean"): SweepRanking {
  const records = sweepRecords(plan, outDir);
  const perSetting = plan.settings.map((_, k) => records.filter((r) => r.setting === k).map((r) => r.record));
  const planned = plan.runs.filter((r) => r.setting === 0).length;
  const scored = plan.settings.map((setting, k) => ({ setting, k, scores: perSetting[k].filter((r) => !r.error).map((r) => r.average) }));
  const withRuns = scored.filter((s) => s.scores.length > 0);
  const stats = withRuns.length > 0 ? compareGroups(withRuns.map((s) => ({ label: s.setting.label, scores: s.scores })), { pairs: () => false }).groups : [];
  const rows = withRuns.map((s, j): RankingRow => {
    const { solved: _, ...group } = stats[j];
    const failed = perSetting[s.k].filter((r) => r.error).length;
    return { rank: 0, ...group, settings: s.setting.overrides, ...hiddenOf(s.setting), dir: s.setting.dir, failed, missing: planned - perSetting[s.k].length };
  });
  const sorted = rows.map((row, order) => ({ row, order })).sort((a, b) => b.row[rankBy] - a.row[rankBy] || a.order - b.order).map(({ row }, k) => ({ ...row, rank: k + 1 }));
  const unranked = scored.filter((s) => s.scores.length === 0).map((s) => ({ label: s.setting.label, failed: perSetting[s.k].filter((r) => r.error).length, missing: planned - perSetting[s.k].length }));
  const seeds = [...new Set(plan.runs.map((r) => r.spec.seed))];
  return { env: plan.env, algorithm: plan.algorithm, episodes: plan.budget, seeds, rankBy, score: "average return over all episodes", rows: sorted, unranked };
}

const fixed = (x: number | null, digits = 2) => (x === null ? "–" : x.toFixed(digits));

/** The ranking as a Markdown table. */
export function rankingMarkdown(ranking: SweepRanking): string {
  const lines = [
    `${ranking.algorithm} on ${ranking.env}, ${ranking.episodes} episodes per run, tuning seeds ${seedRange(ranking.seeds)}; ` +
      `score of a run: its ${ranking.score}; ranked by the ${ranking.rankBy === "iqm" ? "interquartile mean" : "mean"} of the scores.`,
    "",
    "| rank | setting | runs | mean | SE | IQM | IQM 95% CI |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...ranking.rows.map((r) =>
      `| ${r.rank} | ${r.label} | ${r.runs}${r.failed ? ` (+${r.failed} failed)` : ""}${r.missing ? ` (${r.missing} not run)` : ""} | ${fixed(r.mean)} | ${fixed(r.se)} | ${fixed(r.iqm)} | [${fixed(r.ci95[0])}, ${fixed(r.ci95[1])}] |`),
    ...ranking.unranked.map((u) => `| – | ${u.label} | 0${u.failed ? ` (+${u.failed} failed)` : ""}${u.missing ? ` (${u.missing} not run)` : ""} | – | – | – | – |`),
  ];
  return lines.join("\n") + "\n";
}

function seedRange(seeds: number[]): string {
  const sorted = [...seeds].sort((a, b) => a - b);
  const contiguous = sorted.every((s, k) => s === sorted[0] + k);
  return contiguous && sorted.length > 1 ? `${sorted[0]}–${sorted[sorted.length - 1]}` : sorted.join(", ");
}

/** Writes `<out>/ranking.md` and `<out>/ranking.json`; returns the ranking. */
export function writeRanking(plan: SweepPlan, outDir: string, rankBy: RankStatistic = "mean"): SweepRanking {
  const ranking = rankSweep(plan, outDir, rankBy);
  writeFileAtomically(join(outDir, "ranking.json"), JSON.stringify(ranking, null, 1) + "\n");
  writeFileAtomically(join(outDir, "ranking.md"), rankingMarkdown(ranking));
  return ranking;
}

/** Options of `evaluateSweep`. */
export interface EvaluateSweepOptions {
  plan: SweepPlan;
  ranking: SweepRanking;
  outDir: string;
  /** Evaluation runs per setting, on seeds 0..seeds−1. */
  seeds: number;
  /** The settings of "defaults": the ones every point shares (the rule's own unless --set changed them). */
  defaults: SettingOverrides;
  precision?: Precision;
  envSeeding?: EnvSeeding;
  workers?: number;
  /** Called as the runs of the best setting, then of the defaults, progress. */
  onProgress?: (setting: SweepSetting, p: GridProgress) => void;
  workerScript?: URL;
  /** Aborting stops the evaluation's runs as it stops a sweep's; no comparison is written then. */
  signal?: AbortSignal;
}

/** The comparison `evaluateSweep` writes. */
export interface SweepEvaluation {
  env: string;
  algorithm: string;
  episodes: number;
  seeds: number[];
  best: { label: string; settings: SettingOverrides; hidden?: number[] };
  defaults: { label: string; settings: SettingOverrides };
  /** Whether the best setting resolves to the very settings of the defaults (then both groups are the same runs). */
  sameSettings: boolean;
  groups: Omit<GroupStatistics, "solved">[];
  pair: PairStatistics;
}

/**
 * Runs the best setting of `ranking` and the defaults on the evaluation seeds 0..seeds−1 (under
 * `<out>/evaluation/<setting>/`, resumable as the sweep is), compares them (per setting mean,
 * std, SE, IQM with its interval; Welch's t and Mann–Whitney U between them) and writes
 * `<out>/evaluation.json` and `.md`. Every tuning run must have finished. Returns undefined,
 * writing no comparison, when `signal` stopped it.
 */
export async function evaluateSweep(options: EvaluateSweepOptions): Promise<SweepEvaluation | undefined> {
  const { plan, ranking, outDir } = options;
  const seeds = requirePositiveInteger("seeds", options.seeds);
  const tuning = Math.min(...plan.runs.map((r) => r.spec.seed));
  if (seeds > tuning) throw new ConfigurationError(`evaluation seeds 0–${seeds - 1} would include tuning seeds (from ${tuning}); evaluate on at most ${tuning} seeds`);
  const missing = ranking.rows.reduce((sum, r) => sum + r.missing, 0) + ranking.unranked.reduce((sum, u) => sum + u.missing, 0);
  if (missing > 0) throw new ConfigurationError(`${missing} tuning run${missing > 1 ? "s have" : " has"} not been run (another shard's?); evaluate once every run of the sweep has finished`);
  if (ranking.rows.length === 0) throw new ConfigurationError("no setting has a finished tuning run; nothing to evaluate");
  const best = ranking.rows[0];
  const contenders: SweepSetting[] = [
    { label: best.label, overrides: best.settings, ...hiddenOf(best), dir: join("evaluation", best.dir.replace(/^settings[\\/]/, "")) },
    { label: "defaults", overrides: options.defaults, dir: join("evaluation", "defaults") },
  ];
  const evaluationPlan: SweepPlan = {
    env: plan.env, algorithm: plan.algorithm, budget: plan.budget, settings: contenders,
    runs: contenders.flatMap((setting, k) =>
      planGrid({
        envs: [plan.env], algorithms: [plan.algorithm], seeds, firstSeed: 0, budget: plan.budget, precision: options.precision,
        envSeeding: options.envSeeding, hyperparameters: setting.overrides, hidden: setting.hidden,
      }).map((spec) => ({ setting: k, spec })),
    ),
  };
  for (const [k, setting] of contenders.entries()) {
    if (options.signal?.aborted) break;
    await runGrid({
      runs: evaluationPlan.runs.filter((r) => r.setting === k).map((r) => r.spec), outDir: join(outDir, setting.dir), workers: options.workers,
      workerScript: options.workerScript, signal: options.signal, onProgress: options.onProgress && ((p) => options.onProgress!(setting, p)),
    });
  }
  if (options.signal?.aborted) return undefined; // runs in flight were dropped: nothing to compare yet
  const records = sweepRecords(evaluationPlan, outDir);
  const scores = contenders.map((_, k) => records.filter((r) => r.setting === k && !r.record.error).map((r) => r.record.average));
  const empty = contenders.find((_, k) => scores[k].length === 0);
  if (empty) throw new ConfigurationError(`every evaluation run of ${empty.label} failed; see ${join(outDir, empty.dir)}`);
  const comparison = compareGroups(contenders.map((c, k) => ({ label: c.label, scores: scores[k] })));
  const evaluation: SweepEvaluation = {
    env: plan.env, algorithm: plan.algorithm, episodes: plan.budget, seeds: [...Array(seeds).keys()],
    best: { label: best.label, settings: best.settings, ...hiddenOf(best) }, defaults: { label: "defaults", settings: options.defaults },
    sameSettings: JSON.stringify(resolvedSettings(plan.algorithm, plan.env, best.settings, best.hidden)) === JSON.stringify(resolvedSettings(plan.algorithm, plan.env, options.defaults)),
    groups: comparison.groups.map(({ solved: _, ...group }) => group), pair: comparison.pairs[0],
  };
  writeFileAtomically(join(outDir, "evaluation.json"), JSON.stringify(evaluation, null, 1) + "\n");
  writeFileAtomically(join(outDir, "evaluation.md"), evaluationMarkdown(evaluation));
  return evaluation;
}

/** The evaluation as Markdown: one row per setting, then the two tests. */
export function evaluationMarkdown(e: SweepEvaluation): string {
  const p = e.pair;
  return [
    `${e.algorithm} on ${e.env}, ${e.episodes} episodes per run, evaluation seeds ${seedRange(e.seeds)} (never used for tuning); score of a run: its average return over all episodes.`,
    "",
    "| setting | runs | mean | std | SE | IQM | IQM 95% CI |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...e.groups.map((g) => `| ${g.label} | ${g.runs} | ${fixed(g.mean)} | ${fixed(g.std)} | ${fixed(g.se)} | ${fixed(g.iqm)} | [${fixed(g.ci95[0])}, ${fixed(g.ci95[1])}] |`),
    "",
    `${p.a} vs ${p.b}: Welch's t ${fixed(p.welchT, 3)} (p ${fixed(p.welchP, 4)}); Mann–Whitney U ${p.mannWhitneyU} (p ${fixed(p.mannWhitneyP, 4)}, ${p.mannWhitneyMethod}).`,
    ...(e.sameSettings ? ["", `The best setting is the defaults' own settings: both rows are the same runs, and the sweep found nothing better than the defaults.`] : []),
  ].join("\n") + "\n";
}

/** A sweep's description, written to `<out>/sweep.json` so a directory says what it holds. */
export function writeSweepDescription(plan: SweepPlan, outDir: string, extra: Record<string, unknown>): void {
  const description = {
    env: plan.env, algorithm: plan.algorithm, episodes: plan.budget, ...extra,
    settings: plan.settings.map((s) => ({ label: s.label, settings: s.overrides, ...hiddenOf(s), dir: s.dir })),
  };
  const path = join(outDir, "sweep.json");
  const text = JSON.stringify(description, null, 1) + "\n";
  if (existsSync(path) && readFileSync(path, "utf8") === text) return;
  writeFileAtomically(path, text);
}

/** `{ hidden }` when a setting changes the hidden layer sizes, else nothing: records of other sweeps stay as they were. */
function hiddenOf(setting: { hidden?: number[] }): { hidden?: number[] } {
  return setting.hidden ? { hidden: setting.hidden } : {};
}
