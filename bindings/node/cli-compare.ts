/**
 * `coagent compare FILE…`: the statistics of saved runs (bindings/stats/), per group and per
 * pair of groups. It reads run files of `coagent train --out` and grid directories or run files
 * of `coagent reproduce --out`, scores every run by its average return (over its first N
 * episodes with --budget N, so that budgets are equal), and prints per group the runs, mean,
 * sample std, standard error, IQM with its stratified-bootstrap interval and the solve rate
 * with its Wilson interval; per pair Welch's t-test and the Mann–Whitney U test.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { didYouMean } from "../errors.js";
import { Random } from "../core/random.js";
import { envSpec, isEnvironmentId, makeEnv } from "../envs/registry.js";
import { loadLunarLander } from "../envs/physics.js";
import { referenceResult, referenceResults } from "../rules/references.js";
import { comparisonSvg } from "../plot.js";
import { findTask, taskIds } from "../training/tasks.js";
import { DEFAULT_RESAMPLES } from "../stats/bootstrap.js";
import { compareGroups, type GroupStatistics, type PairStatistics } from "../stats/compare.js";
import { mean } from "../stats/descriptive.js";
import { UsageError, integerOption, outputOption } from "./cli-options.js";
import { readRuns } from "./experiment.js";
import { writeFileAtomically } from "./files.js";
import { DEFAULT_COLUMNS, MARKDOWN_COLUMNS, formatP, markdownReport, parseColumns } from "./cli-compare-markdown.js";

/** The options part of `coagent compare --help` (the CLI adds the usage line). */
export const COMPARE_OPTIONS_HELP = `  <file or dir>        run files of train --out (or a folder of them), grid directories or run files
                       of reproduce --out, sweep directories of sweep --out (every setting's runs)
  --group-by <key>     task+algorithm (default: one group per algorithm on each task; pairs compare
                       algorithms on the same task), algorithm (pools tasks; needs --normalise when
                       there are several), file (one group per input: e.g. two settings of one rule),
                       or setting (as task+algorithm, and one group per setting of a sweep directory)
  --budget <n>         score each run by its first n episodes (refuses a shorter run), so that every
                       group has the same budget (default: all of each run's episodes)
  --normalise          map returns to 0 = a uniformly random policy (measured: 100 episodes, seed 0)
                       and 1 = the best published mean on the task (bindings/rules/references.ts)
  --solve <x>          a run solves the task when its last 100 episodes average at least x (default:
                       the task's Gymnasium reward threshold: CartPole-v1 475, Acrobot-v1 -100,
                       MountainCarContinuous-v0 90, LunarLander 200)
  --resamples <n>      bootstrap resamples of the IQM's interval (default ${DEFAULT_RESAMPLES})
  --seed <n>           seed of the bootstrap (default 0)
  --json               print { groups: [{ label, runs, mean, std, se, iqm, ci95, solved, ... }],
                       pairs: [{ a, b, welchT, welchP, mannWhitneyU, mannWhitneyP, ... }] }
  --plot <file.svg>    draw the IQMs with their intervals and the performance profiles
  --algorithms <names> compare only these algorithms' runs (comma-separated; the rest are left out)
  --envs <ids>         compare only the runs on these tasks (comma-separated)
  --against <group>    test only the pairs that include this group (an algorithm, or a file with
                       --group-by file)
  --markdown           print Markdown tables (the groups, then the pairs) instead of the text report
  --groups-only        with --markdown: the groups table alone, no tests of pairs
  --columns <list>     the groups table's columns with --markdown, comma-separated, of: ${MARKDOWN_COLUMNS.join(", ")}
                       (default ${DEFAULT_COLUMNS.join(",")}; published: the authors' mean (population std);
                       vs-published: the difference from it in standard errors, the published std taken
                       over 10 runs)
`;

const compareOptions = {
  "group-by": { type: "string", default: "task+algorithm" },
  budget: { type: "string" },
  normalise: { type: "boolean", default: false },
  solve: { type: "string" },
  resamples: { type: "string", default: String(DEFAULT_RESAMPLES) },
  seed: { type: "string", default: "0" },
  json: { type: "boolean", default: false },
  plot: { type: "string" },
  algorithms: { type: "string" },
  envs: { type: "string" },
  against: { type: "string" },
  markdown: { type: "boolean", default: false },
  "groups-only": { type: "boolean", default: false },
  columns: { type: "string" },
} as const;

/** The options `compare` accepts (for the CLI's unknown-option hint). */
export const COMPARE_OPTIONS: object = compareOptions;

const groupings = ["task+algorithm", "algorithm", "file", "setting"] as const;
type Grouping = (typeof groupings)[number];

/**
 * Gymnasium's registered reward thresholds (gymnasium/envs/__init__.py), the level at which a
 * task counts as solved: a mean over 100 consecutive episodes at or above it.
 */
/** The task's reward threshold from its spec (Gymnasium's), if it is a registered task with one. */
function rewardThreshold(env: string): number | undefined {
  return isEnvironmentId(env) ? envSpec(env).rewardThreshold : undefined;
}

/** The episodes over which a run's solving is judged, as Gymnasium's criterion. */
const SOLVE_WINDOW = 100;

/** One run as compare sees it, whatever file it came from. */
interface LoadedRun {
  env: string;
  algorithm: string;
  seed: number;
  returns: number[];
  /** The run's average over its whole budget (the papers' metric; the only score of a supervised run). */
  average: number;
  file: string;
  episodic: boolean;
  /** The sweep setting the run belongs to ("hidden=64:64"), when it was read from a sweep directory. */
  setting?: string;
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    const reason = (error as { code?: string }).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new UsageError(`cannot read ${path}: ${reason}`);
  }
}

const isNumberArray = (value: unknown): value is number[] => Array.isArray(value) && value.every((v) => typeof v === "number");

function isEpisodic(env: string): boolean {
  return taskIds().includes(env) ? findTask(env).unit === "episodes" : true;
}

/** The runs in one path: a grid directory, a grid run file, or a train output (object or array). */
function loadPath(path: string, skipped: { failed: number }): LoadedRun[] {
  if (!existsSync(path)) throw new UsageError(`cannot read ${path}: no such file or directory`);
  const notRuns = `${path} is not a run file (expected the output of coagent train --out: { env, algorithm, runs: [{ seed, returns }] }, or a grid's run file or directory from coagent reproduce --out)`;
  if (statSync(path).isDirectory()) {
    if (existsSync(join(path, "sweep.json")) && existsSync(join(path, "settings"))) return loadSweep(path, skipped);
    if (!existsSync(`${path}/runs`)) {
      // A directory of run files (bench/results/learning/): each .json in it, in name order.
      const files = readdirSync(path).filter((f) => f.endsWith(".json")).sort();
      if (files.length === 0) throw new UsageError(`${path} is a directory without runs/ or .json run files; expected the output directory of coagent reproduce or a folder of train --out files`);
      return files.flatMap((f) => loadPath(join(path, f), skipped));
    }
    let records;
    try {
      records = readRuns(path);
    } catch (error) {
      throw new UsageError(`cannot read the runs under ${path}: ${(error as Error).message}`);
    }
    return records.flatMap((r) => fromRecord(r as unknown as Record<string, unknown>, path, skipped, notRuns));
  }
  const parsed = readJson(path);
  return (Array.isArray(parsed) ? parsed : [parsed]).flatMap((entry) => {
    const e = entry as Record<string, unknown> | null;
    if (typeof e?.env !== "string" || typeof e.algorithm !== "string") throw new UsageError(notRuns);
    if (Array.isArray(e.runs)) {
      return e.runs.map((run: Record<string, unknown>) => {
        const returns = run?.returns ?? run?.episodeReturns; // episodeReturns: files of coagent before the task/run shape
        // A supervised run may keep only its average (bench/experiments/learning.mjs's Multiplexer entries).
        if (!isEpisodic(e.env as string) && returns === undefined && typeof run?.average === "number" && typeof run.seed === "number") {
          return { env: e.env as string, algorithm: e.algorithm as string, seed: run.seed, returns: [], average: run.average, file: path, episodic: false };
        }
        if (!isNumberArray(returns) || returns.length === 0 || typeof run.seed !== "number") throw new UsageError(notRuns);
        const average = typeof run.average === "number" ? run.average : mean(returns);
        return { env: e.env as string, algorithm: e.algorithm as string, seed: run.seed, returns, average, file: path, episodic: isEpisodic(e.env as string) };
      });
    }
    return fromRecord(e, path, skipped, notRuns);
  });
}

/** Every setting's runs of a sweep directory (sweep.json names the settings and their directories), each run tagged with its setting. */
function loadSweep(path: string, skipped: { failed: number }): LoadedRun[] {
  const description = readJson(join(path, "sweep.json")) as { settings?: { label?: unknown; dir?: unknown }[] };
  if (!Array.isArray(description?.settings)) throw new UsageError(`${join(path, "sweep.json")} does not list the sweep's settings; is it coagent sweep's?`);
  return description.settings.flatMap(({ label, dir }) => {
    if (typeof label !== "string" || typeof dir !== "string") throw new UsageError(`${join(path, "sweep.json")} lists a setting without its label and directory`);
    const grid = join(path, dir);
    return existsSync(join(grid, "runs")) ? loadPath(grid, skipped).map((run) => ({ ...run, setting: label })) : []; // a setting with no finished run yet
  });
}

/** A grid's run record; a failed run (a divergence) is counted and left out. */
function fromRecord(r: Record<string, unknown>, file: string, skipped: { failed: number }, notRuns: string): LoadedRun[] {
  if (typeof r.env !== "string" || typeof r.algorithm !== "string" || typeof r.seed !== "number" || !isNumberArray(r.returns)) throw new UsageError(notRuns);
  if (r.error) {
    skipped.failed++;
    return [];
  }
  if (r.returns.length === 0) throw new UsageError(notRuns);
  return [{ env: r.env, algorithm: r.algorithm, seed: r.seed, returns: r.returns, average: typeof r.average === "number" ? r.average : mean(r.returns), file, episodic: isEpisodic(r.env) }];
}

/** A run's score: its average return over the compared episodes. */
function scoreOf(run: LoadedRun, budget: number | undefined): number {
  if (budget === undefined) return run.episodic ? mean(run.returns) : run.average;
  if (!run.episodic) throw new UsageError(`--budget counts episodes; ${run.env} is a supervised task (its runs have no episodes): compare it without --budget`);
  if (run.returns.length < budget) {
    throw new UsageError(`--budget ${budget}: ${run.env}/${run.algorithm}/seed-${run.seed} in ${run.file} has only ${run.returns.length} episodes; give a budget of at most ${run.returns.length} or leave the run out`);
  }
  return mean(run.returns.slice(0, budget));
}

/** The mean of a run's last 100 compared episodes (its whole curve on a supervised task). */
function finalLevel(run: LoadedRun, budget: number | undefined): number {
  if (!run.episodic) return run.average;
  const compared = budget === undefined ? run.returns : run.returns.slice(0, budget);
  return mean(compared.slice(-SOLVE_WINDOW));
}

/**
 * A uniformly random policy's mean return on a built-in task: 100 episodes, the environment
 * seeded 0 (Gymnasium's stream) and the actions drawn from coagent's generator seeded 0.
 */
async function randomPolicyMean(env: string): Promise<number> {
  if (!isEnvironmentId(env)) throw new UsageError(`--normalise needs a built-in task's random policy; ${env} is not one`);
  if (env.startsWith("LunarLander")) await loadLunarLander();
  const task = makeEnv(env, { seed: 0 });
  const random = new Random(0);
  const space = task.actionSpace;
  const returns: number[] = [];
  task.reset({ seed: 0 });
  for (let episode = 0; episode < 100; episode++) {
    let total = 0;
    for (;;) {
      const action = space.kind === "discrete" ? Math.floor(random.uniform() * space.n) : space.low.map((low, k) => random.uniformIn(low, space.high[k]));
      const step = task.step(action);
      total += step.reward;
      if (step.terminated || step.truncated) break;
    }
    returns.push(total);
    task.reset();
  }
  return mean(returns);
}

/** The best published mean on a task: the 1 of --normalise. */
function bestPublishedMean(env: string): number | undefined {
  const means = [...new Set(referenceResults.map((r) => r.algorithm))].map((algorithm) => referenceResult(env, algorithm)?.mean).filter((m) => m !== undefined);
  return means.length > 0 ? Math.max(...means) : undefined;
}

/** A group's statistics as printed and in --json: the library's, with the task's threshold, budgets and tasks. */
interface GroupStats extends Omit<GroupStatistics, "solved"> {
  solved: (GroupStatistics["solved"] & { threshold: number | null }) | null;
  /** Episodes compared per run (one value when every run compared as many). */
  episodes: number[];
  tasks: string[];
}

export async function compareCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: compareOptions, strict: true, allowPositionals: true });
  if (positionals.length === 0) throw new UsageError("compare needs at least one run file or grid directory (see coagent compare --help)");
  if (!(groupings as readonly string[]).includes(values["group-by"])) {
    throw new UsageError(`--group-by must be one of: ${groupings.join(", ")}; got "${values["group-by"]}"${didYouMean(values["group-by"], groupings)}`);
  }
  const grouping = values["group-by"] as Grouping;
  const budget = values.budget === undefined ? undefined : integerOption("budget", values.budget, 1);
  const resamples = integerOption("resamples", values.resamples, 1);
  const seed = integerOption("seed", values.seed, 0);
  if (seed > 0xffffffff) throw new UsageError(`--seed must be below 2^32; got "${values.seed}"`);
  let solve: number | undefined;
  if (values.solve !== undefined) {
    solve = Number(values.solve);
    if (values.solve.trim() === "" || !Number.isFinite(solve)) throw new UsageError(`--solve must be a number (a return); got "${values.solve}"`);
  }
  outputOption("plot", values.plot, [".svg"]);
  if (values.json && values.markdown) throw new UsageError("--json and --markdown are two formats of the report; give one");
  if (values.columns !== undefined && !values.markdown) throw new UsageError("--columns chooses the columns of --markdown's table; add --markdown");
  if (values["groups-only"] && !values.markdown) throw new UsageError("--groups-only leaves the pairs out of --markdown's tables; add --markdown");
  const columns = parseColumns(values.columns);
  const listOption = (name: "algorithms" | "envs", what: string) => {
    const list = values[name]?.split(",").map((a) => a.trim());
    if (list?.some((a) => a === "")) throw new UsageError(`--${name} must be comma-separated ${what}; got "${values[name]}"`);
    return list;
  };
  const only = listOption("algorithms", "algorithm names");
  const onlyEnvs = listOption("envs", "task ids");

  const skipped = { failed: 0 };
  const loaded = positionals.flatMap((path) => loadPath(path, skipped));
  // --algorithms, --envs: keep only those runs; a name with no runs is a mistake, not an empty group.
  const filters = [["algorithms", only, (r: LoadedRun) => r.algorithm], ["envs", onlyEnvs, (r: LoadedRun) => r.env]] as const;
  for (const [name, list, field] of filters) {
    if (!list) continue;
    const present = new Set(loaded.map(field));
    const missing = list.filter((a) => !present.has(a));
    if (missing.length > 0) throw new UsageError(`--${name}: no runs of ${missing.join(", ")} in ${positionals.join(", ")}; the inputs hold ${[...present].join(", ")}`);
  }
  const runs = loaded.filter((r) => filters.every(([, list, field]) => !list || list.includes(field(r))));
  if (runs.length === 0) throw new UsageError(`no finished runs in ${positionals.join(", ")}`);
  const scores = new Map(runs.map((run) => [run, scoreOf(run, budget)]));

  // Groups, in the order their first run was read.
  const keyOf = (run: LoadedRun) =>
    grouping === "file" ? run.file
    : grouping === "algorithm" ? run.algorithm
    : grouping === "setting" && run.setting !== undefined ? `${run.env} ${run.algorithm} ${run.setting}`
    : `${run.env} ${run.algorithm}`;
  const groups = new Map<string, LoadedRun[]>();
  for (const run of runs) groups.set(keyOf(run), [...(groups.get(keyOf(run)) ?? []), run]);
  for (const [label, members] of groups) {
    const seen = new Map<string, string>();
    for (const run of members) {
      const id = `${run.env}/${run.algorithm}/seed-${run.seed}`;
      const earlier = seen.get(id);
      if (earlier !== undefined) {
        throw new UsageError(`${id} is in both ${earlier} and ${run.file}; a group counts each run once (to compare the two files, use --group-by file; a sweep's settings, --group-by setting)`);
      }
      seen.set(id, run.file);
    }
    const tasks = new Set(members.map((r) => r.env));
    if (tasks.size > 1 && !values.normalise) {
      throw new UsageError(`group "${label}" pools the tasks ${[...tasks].join(", ")}, whose returns are on different scales; add --normalise or use --group-by task+algorithm`);
    }
  }

  // --normalise: 0 = the random policy, 1 = the best published mean, per task.
  const normalisation = new Map<string, { random: number; reference: number }>();
  if (values.normalise) {
    for (const env of new Set(runs.map((r) => r.env))) {
      const reference = bestPublishedMean(env);
      if (reference === undefined) throw new UsageError(`--normalise needs a published mean on ${env}, and there is none (bindings/rules/references.ts)`);
      if (!isEpisodic(env)) throw new UsageError(`--normalise applies to RL tasks; ${env} is a supervised task`);
      normalisation.set(env, { random: await randomPolicyMean(env), reference });
    }
  }
  const normalised = (run: LoadedRun, value: number) => {
    const n = normalisation.get(run.env);
    return n ? (value - n.random) / (n.reference - n.random) : value;
  };

  // One stratum per task; a run's "solved" follows the same order as its score.
  const inputs = [...groups].map(([label, members]) => {
    const tasks = [...new Set(members.map((r) => r.env))];
    const ordered = tasks.flatMap((env) => members.filter((r) => r.env === env));
    const thresholds = tasks.map((env) => solve ?? rewardThreshold(env));
    const judged = thresholds.every((t) => t !== undefined);
    return {
      label, tasks, thresholds, members: ordered,
      scores: tasks.map((env) => ordered.filter((r) => r.env === env).map((r) => normalised(r, scores.get(r)!))),
      solved: judged ? ordered.map((r) => finalLevel(r, budget) >= (solve ?? rewardThreshold(r.env)!)) : undefined,
    };
  });
  // --against: an algorithm (its group on each task) or, grouped by file, a file.
  const against = values.against;
  const isAgainst = (label: string) => (grouping === "file" || grouping === "algorithm" ? label === against : groups.get(label)![0].algorithm === against || label === against);
  if (against !== undefined && ![...groups.keys()].some(isAgainst)) {
    const names = grouping === "task+algorithm" ? [...new Set(runs.map((r) => r.algorithm))] : grouping === "setting" ? [...new Set([...runs.map((r) => r.algorithm), ...groups.keys()])] : [...groups.keys()];
    throw new UsageError(`--against must name one of the compared groups: ${names.join(", ")}; got "${against}"${didYouMean(against, names)}`);
  }
  // Pairs: groups on the same task (task+algorithm, setting), else every pair of groups.
  const perTask = grouping === "task+algorithm" || grouping === "setting";
  const comparison = compareGroups(inputs, {
    resamples, seed, pairs: (a, b) => (!perTask || groups.get(a.label)![0].env === groups.get(b.label)![0].env) && (against === undefined || isAgainst(a.label) || isAgainst(b.label)),
  });
  const stats: GroupStats[] = comparison.groups.map((g, k) => {
    const { members, tasks, thresholds } = inputs[k];
    const threshold = new Set(thresholds).size === 1 ? thresholds[0]! : null;
    const episodes = [...new Set(members.map((r) => (budget ?? (r.episodic ? r.returns.length : 0))))].sort((a, b) => a - b);
    return { ...g, solved: g.solved && { threshold, ...g.solved }, episodes, tasks };
  });
  const pairs = comparison.pairs;
  const strata = new Map(inputs.map((input) => [input.label, input.scores]));

  // Averages over different budgets are not comparable (issue 28: 500 against 1,000 episodes).
  const episodesOf = (label: string) => stats.find((s) => s.label === label)!.episodes.join("/");
  const unequal = pairs.find((p) => episodesOf(p.a).includes("/") || episodesOf(p.a) !== episodesOf(p.b));
  const warnings: string[] = [];
  if (budget === undefined && unequal && !values["groups-only"]) {
    const shortest = Math.min(...runs.filter((r) => r.episodic).map((r) => r.returns.length));
    warnings.push(`runs of different lengths are compared (${unequal.a}: ${episodesOf(unequal.a)} episodes, ${unequal.b}: ${episodesOf(unequal.b)}); add --budget ${shortest} to compare equal budgets`);
  }
  if (skipped.failed > 0) warnings.push(`${skipped.failed} failed run${skipped.failed > 1 ? "s" : ""} (diverged) left out`);

  const scoreName = values.normalise ? "normalised return (0 = random policy, 1 = best published mean)" : budget === undefined ? "average return over each run's episodes" : `average return over the first ${budget} episodes`;
  if (values.json) {
    const normalisationJson = Object.fromEntries([...normalisation].map(([env, n]) => [env, n]));
    process.stdout.write(`${JSON.stringify({
      score: scoreName, budget: budget ?? null, bootstrap: { resamples, seed, confidence: 0.95, method: "stratified percentile" },
      ...(values.normalise ? { normalisation: normalisationJson } : {}), groups: stats, pairs, warnings,
    }, null, 1)}\n`);
  } else if (values.markdown) {
    const rows = stats.map((s) => {
      const first = groups.get(s.label)![0];
      return { stats: s, task: s.tasks.join(", "), setting: [...new Set(groups.get(s.label)!.map((r) => r.setting ?? "–"))].join(", "), algorithm: grouping === "file" ? [...new Set(groups.get(s.label)!.map((r) => r.algorithm))].join(", ") : first.algorithm, reference: s.tasks.length === 1 && !values.normalise ? referenceResult(first.env, first.algorithm) : undefined };
    });
    process.stdout.write(markdownReport(rows, values["groups-only"] ? [] : pairs, columns, { scoreName, resamples, seed, }));
    for (const warning of warnings) process.stderr.write(`coagent compare: note: ${warning}\n`);
  } else {
    process.stdout.write(formatReport(stats, pairs, scoreName, normalisation, resamples, seed));
    for (const warning of warnings) process.stderr.write(`coagent compare: note: ${warning}\n`);
  }
  if (values.plot) {
    const figureGroups = stats.map((s) => ({ label: s.label, scores: strata.get(s.label)! }));
    writeFileAtomically(values.plot, comparisonSvg(figureGroups, { scoreLabel: values.normalise ? "Normalised return" : "Average return", bootstrap: { resamples, seed } }));
    if (!values.json) process.stdout.write(`wrote ${values.plot}\n`);
  }
}

/** Numbers with a precision that suits their size (returns in the hundreds, rates below 1). */
function format(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return "–";
  const size = Math.abs(x);
  return x.toFixed(size >= 100 ? 1 : size >= 1 ? 2 : 3);
}

function formatReport(stats: GroupStats[], pairs: PairStatistics[], scoreName: string, normalisation: Map<string, { random: number; reference: number }>, resamples: number, seed: number): string {
  const width = Math.max(5, ...stats.map((s) => s.label.length));
  const lines = [`score: ${scoreName}`];
  for (const [env, n] of normalisation) lines.push(`  ${env}: random policy ${format(n.random)} (100 episodes, seed 0), best published mean ${format(n.reference)}`);
  lines.push("", `${"group".padEnd(width)}  runs  episodes      mean       std        SE       IQM  [95% CI]                solved [95% Wilson]`);
  for (const s of stats) {
    const ci = `[${format(s.ci95[0])}, ${format(s.ci95[1])}]`;
    const solved = s.solved ? `${s.solved.successes}/${s.solved.runs} ${s.solved.rate.toFixed(2)} [${s.solved.ci95[0].toFixed(2)}, ${s.solved.ci95[1].toFixed(2)}]${s.solved.threshold === null ? "" : ` (≥ ${s.solved.threshold})`}` : "– (no threshold: --solve)";
    lines.push(
      `${s.label.padEnd(width)}  ${String(s.runs).padStart(4)}  ${(s.episodes.join("/") || "–").padStart(8)}  ${format(s.mean).padStart(8)}  ${format(s.std).padStart(8)}  ${format(s.se).padStart(8)}  ${format(s.iqm).padStart(8)}  ${ci.padEnd(22)}  ${solved}`,
    );
  }
  lines.push(`(std: sample, n − 1; IQM: 25% trimmed mean; CI: stratified bootstrap, ${resamples} resamples, seed ${seed}; solved: mean of the last ${SOLVE_WINDOW} episodes at or above the threshold)`);
  if (pairs.length > 0) {
    lines.push("", "pairs (two-sided tests)");
    const pairWidth = Math.max(...pairs.map((p) => `${p.a} vs ${shortLabel(p.a, p.b)}`.length));
    for (const p of pairs) {
      const welch = p.welchT === null ? "Welch: – (needs 2 runs each, not all equal)" : `Welch t = ${p.welchT.toFixed(2)} (df ${format(p.welchDf)}) p = ${formatP(p.welchP)}`;
      lines.push(`${`${p.a} vs ${shortLabel(p.a, p.b)}`.padEnd(pairWidth)}  ${welch.padEnd(38)}  Mann–Whitney U = ${p.mannWhitneyU} p = ${formatP(p.mannWhitneyP)} (${p.mannWhitneyMethod})`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** b without the task it shares with a ("CartPole-v1 map-prop vs weight-max"). */
function shortLabel(a: string, b: string): string {
  const task = a.split(" ")[0];
  return a.includes(" ") && b.startsWith(`${task} `) ? b.slice(task.length + 1) : b;
}
