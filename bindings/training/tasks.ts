/**
 * One way to run any task. The reinforcement-learning tasks (a budget of episodes) and the
 * papers' supervised tasks (a budget of samples, trained as one-step bandits) are both a `Task`:
 * the rules it accepts, its reference budget, and `run`, which trains one seed and returns one
 * result shape. The CLI, the grid runner and the learning benchmark all run tasks through it.
 */
import type { Agent } from "./agent.js";
import { algorithms, defaultHiddenUnits, hyperparametersFor, parseVariant, type Hyperparameters } from "../rules/algorithms.js";
import { supervisedTasks, type SupervisedTaskEntry } from "./bandit.js";
import type { Backend, Precision } from "../core/core.js";
import { envSpec, environmentIds, isEnvironmentId, referenceSettingsOf } from "../envs/registry.js";
import type { EnvSeeding } from "../envs/seeding.js";
import { ConfigurationError, describe, didYouMean } from "../errors.js";
import { train, type TrainOptions, type TrainSignalOptions } from "./train.js";

/** What a task's budget counts. */
export type BudgetUnit = "episodes" | "samples";

/** Options of `Task.run`. */
export interface TaskRunOptions {
  /** A rule, or a rule with hidden units ("weight-max@gaussian", RL tasks only). */
  algorithm: string;
  seed: number;
  /** Episodes or samples (default: the reference budget of the rule on the task). */
  budget?: number;
  precision?: Precision;
  backend?: Backend;
  /** RL tasks only: environments stepped together, hidden sizes, settings, random stream. */
  batch?: number;
  hidden?: number[];
  hyperparameters?: Partial<Hyperparameters>;
  envSeeding?: EnvSeeding;
  /** Called as the run progresses (after every episode, or every update). */
  onProgress?: (progress: TaskProgress) => void;
  /** RL tasks only: called with the trained agent before it is disposed, e.g. to save it. */
  onTrained?: (agent: Agent) => void;
  /** RL tasks only: checkpoints, resuming and stopping, as `train`'s options of these names. */
  onCheckpoint?: TrainOptions["onCheckpoint"];
  checkpointEvery?: number;
  resume?: Uint8Array;
  signal?: TrainOptions["signal"];
  checkpointNote?: unknown;
  /** RL tasks only: record signals from inside the run (`TrainOptions.signals`). */
  signals?: TrainSignalOptions;
}

/** Progress of one run. */
export interface TaskProgress {
  seed: number;
  /** Episodes or samples done, of `budget`. */
  done: number;
  budget: number;
  /** Mean return of the last 100 episodes, or mean reward so far. */
  runningAverage: number;
  /** Environment steps, or samples, so far. */
  steps: number;
  wallSeconds: number;
}

/** What one run of any task gives. */
export interface TaskRun {
  seed: number;
  /** Episode returns (RL), or the mean reward of 100 equal shares of the run (supervised). */
  returns: number[];
  /** Average return over all episodes, or mean reward over all samples: the papers' metric. */
  average: number;
  /** Environment steps, or samples. */
  steps: number;
  wallSeconds: number;
  /** Set when `signal` stopped the run before its budget (RL tasks). */
  stopped?: true;
}

/** A task that runs: an RL environment id or a supervised task. */
export interface Task {
  readonly id: string;
  readonly unit: BudgetUnit;
  /** How its curves are drawn (`learningCurveSvg` options): returns per episode, or reward per share of the run. */
  readonly figure: { window?: number; xLabel?: string; yLabel?: string };
  /** The rules it accepts (RL tasks also take rule@units variants). */
  readonly algorithms: readonly string[];
  /** Why `algorithm` cannot run on this task, or undefined when it can. */
  refuses(algorithm: string): string | undefined;
  /** The reference budget of `algorithm` here. */
  referenceBudget(algorithm: string): number;
  /** The settings a run of `algorithm` uses, as recorded beside its results. */
  settings(algorithm: string): object;
  /** Why these options do not apply to this task, or undefined: checked before any work. */
  inapplicable(options: Omit<TaskRunOptions, "algorithm" | "seed">): string | undefined;
  /** Trains one seed of `options.algorithm` on this task. */
  run(options: TaskRunOptions): TaskRun;
}

/** Every task id: the environments (built-in, then registered so far), then the supervised tasks. */
export function taskIds(): string[] {
  return [...environmentIds, ...Object.keys(supervisedTasks)];
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

function episodicTask(id: string): Task {
  const refuses = (algorithm: string) => {
    try {
      parseVariant(algorithm);
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  };
  const settings = (algorithm: string) => {
    const { algorithm: rule, units } = parseVariant(algorithm);
    return hyperparametersFor(rule, referenceSettingsOf(id), units ?? defaultHiddenUnits[rule]);
  };
  return {
    id, unit: "episodes", figure: {}, algorithms, refuses, settings,
    referenceBudget(algorithm) {
      if (envSpec(id).referenceSettings === undefined) {
        throw new ConfigurationError(`${id} has no reference settings, so no default budget: give the episodes (--episodes <n> on the command line), or register it with referenceSettings`);
      }
      return settings(algorithm).episodes;
    },
    inapplicable: () => undefined,
    run(o) {
      const variant = parseVariant(o.algorithm);
      const r = train({
        env: id, ...variant, episodes: o.budget ?? settings(o.algorithm).episodes, seed: o.seed, precision: o.precision, backend: o.backend,
        batch: o.batch, hidden: o.hidden, hyperparameters: o.hyperparameters, envSeeding: o.envSeeding, onTrained: o.onTrained,
        onCheckpoint: o.onCheckpoint, checkpointEvery: o.checkpointEvery, resume: o.resume, signal: o.signal, checkpointNote: o.checkpointNote,
        signals: o.signals,
        onEpisode: o.onProgress && ((e) => o.onProgress!({ seed: e.seed, done: e.episode, budget: e.episodes, runningAverage: e.runningAverage, steps: e.steps, wallSeconds: e.wallSeconds })),
      });
      return { seed: r.seed, returns: r.episodeReturns, average: mean(r.episodeReturns), steps: r.steps, wallSeconds: r.wallSeconds, ...(r.stopped ? { stopped: r.stopped } : {}) };
    },
  };
}

function supervisedTask(id: string, entry: SupervisedTaskEntry): Task {
  return {
    id, unit: "samples", algorithms: entry.algorithms, figure: { window: 1, xLabel: "Share of the run (%)", yLabel: "Mean reward" },
    refuses: (algorithm) => (entry.algorithms.includes(algorithm) ? undefined : `algorithm must be one of ${entry.algorithms.join(", ")} on ${id}; got ${describe(algorithm)}`),
    referenceBudget: (algorithm) => entry.defaultSamples(algorithm),
    settings: (algorithm) => ({ samples: entry.defaultSamples(algorithm) }),
    inapplicable(o) {
      const given = (["batch", "hidden", "hyperparameters", "envSeeding", "onTrained", "onCheckpoint", "resume", "signals"] as const).filter((name) => o[name] !== undefined && !(name === "batch" && o.batch === 1));
      return given.length > 0 ? `${given.join(", ")} ${given.length > 1 ? "do" : "does"} not apply to ${id}, a supervised task with the references' own network and batch` : undefined;
    },
    run(o) {
      const why = this.inapplicable(o);
      if (why) throw new ConfigurationError(why);
      const r = entry.train({
        algorithm: o.algorithm, samples: o.budget, seed: o.seed, precision: o.precision, backend: o.backend,
        onProgress: o.onProgress && ((p) => o.onProgress!({ seed: p.seed, done: p.samples, budget: p.totalSamples, runningAverage: p.averageReward, steps: p.samples, wallSeconds: p.wallSeconds })),
      });
      return { seed: r.seed, returns: r.rewardCurve, average: r.averageReward, steps: r.samples, wallSeconds: r.wallSeconds };
    },
  };
}

/** The task `id` names; an unknown id is a ConfigurationError listing the ids (and the likely one). */
export function findTask(id: string): Task {
  if (isEnvironmentId(id)) return episodicTask(id);
  if (typeof id === "string" && Object.hasOwn(supervisedTasks, id)) return supervisedTask(id, supervisedTasks[id]);
  const ids = taskIds();
  throw new ConfigurationError(`Unknown task ${describe(id)}; expected one of: ${ids.join(", ")}${didYouMean(id, ids)} (a task of your own must be registered first: --import <module> on the command line)`);
}
