/**
 * One training run as the Node runners see it (a grid's runs, `coagent train`'s runs): what it
 * is (`RunSpec`), what it gives (`RunRecord`), how it reports progress, and `executeRun`, which
 * trains it in the calling thread — on the main thread or inside a worker (worker.ts).
 */
import { existsSync, readFileSync } from "node:fs";
import type { Agent } from "../training/agent.js";
import { CoagentError } from "../errors.js";
import { systemErrorReason, writeFileAtomically } from "./files.js";
import type { Hyperparameters } from "../rules/algorithms.js";
import type { Backend, Precision } from "../core/core.js";
import { requireEnvSeeding, type EnvSeeding } from "../envs/seeding.js";
import { findTask } from "../training/tasks.js";
import { resolvedSettings } from "../rules/overrides.js";
import { coagentVersion } from "./version.js";
import { SignalLog, type SignalLogSpec } from "./signal-log.js";

/** One training run (of a grid, or of `coagent train`). */
export interface RunSpec {
  env: string;
  /** A rule, or a rule with hidden units ("weight-max@gaussian"): see `parseVariant`. */
  algorithm: string;
  seed: number;
  /** Episodes (RL tasks) or samples (the supervised tasks). */
  budget: number;
  precision: Precision;
  /** The core's implementation (default "wasm"); grids leave it unset. */
  backend?: Backend;
  /** RL tasks: environment copies stepped together (default 1) and hidden layer sizes (default 64,32). */
  batch?: number;
  hidden?: number[];
  /** Changes to the reference hyper-parameters (RL tasks), e.g. to extend a grid with a variant. */
  hyperparameters?: Partial<Hyperparameters>;
  /**
   * The RL task's random stream (default "gymnasium"); unset on the supervised tasks, which are
   * not Gymnasium's. Run files written before the option existed lack it: they are "legacy".
   */
  envSeeding?: EnvSeeding;
  /** RL tasks: append the run's signals as JSON lines to a file (`coagent train --log-signals`). */
  signals?: SignalLogSpec;
}

/** What a run file holds. `error` is set (and the returns empty) when the run failed. */
export interface RunRecord extends RunSpec {
  /** Episode returns (RL tasks) or the 100-point mean-reward curve (supervised tasks). */
  returns: number[];
  /** Average return over all episodes (mean reward over all samples on a supervised task). */
  average: number;
  steps: number;
  wallSeconds: number;
  error?: { name: string; message: string };
  /**
   * RL tasks: every setting the run used (the rule's defaults, `hyperparameters`, `hidden`), as
   * `train --out`'s `config` records them. Absent in files written before it was recorded.
   */
  config?: Hyperparameters;
  /** The coagent version that trained it. */
  coagent?: string;
  /** Set when the run was stopped (a signal) before its budget: `returns` are the episodes finished. */
  stopped?: true;
}

/** A run's checkpoint file (`coagent train --save` with --checkpoint-every, or resuming). */
export interface RunCheckpointing {
  /** Written atomically every `every` episodes, at a stop and at the end. */
  path: string;
  every?: number;
  /** Continue the run saved at `path`, if that file exists. */
  resume: boolean;
  /** JSON stored in the checkpoint (the command's options, for `--resume`). */
  note?: unknown;
}

/** How a run is checkpointed and stopped, beyond its spec. */
export interface RunControl {
  checkpoint?: RunCheckpointing;
  /** Stops the run at the next step boundary once aborted (RL tasks). */
  signal?: { readonly aborted: boolean };
  /** A checkpoint was written: the returns so far (e.g. to rewrite the results file). */
  onCheckpoint?: (returns: readonly number[], steps: number) => void;
}

/** A checkpoint could not be written (e.g. the disk is full); the previous one is left as it was. */
export class CheckpointWriteError extends CoagentError {
  override name = "CheckpointWriteError";
}

/** A run's id: task/algorithm/seed-n. */
export function runId(spec: Pick<RunSpec, "env" | "algorithm" | "seed">): string {
  return `${spec.env}/${spec.algorithm}/seed-${spec.seed}`;
}

/** Progress of one run. */
export interface RunProgress {
  id: string;
  /** Episodes (or samples) done in this run and its budget. */
  done: number;
  budget: number;
  runningAverage: number;
  /** Environment steps (or samples) so far. */
  steps: number;
}

/**
 * Trains one run in this thread; the core of its precision and backend must be loaded.
 * `onTrained` (RL tasks) receives the trained agent before it is disposed, e.g. to save it.
 */
export function executeRun(spec: RunSpec, onProgress?: (p: RunProgress) => void, onTrained?: (agent: Agent) => void, control: RunControl = {}): RunRecord {
  const id = runId(spec);
  const task = findTask(spec.env);
  const checkpoint = control.checkpoint;
  const log = spec.signals && new SignalLog(spec.signals.file, spec.env, spec.algorithm);
  const signals = log && { every: spec.signals!.every, onSignals: log.write.bind(log) };
  const r = task.run({
    algorithm: spec.algorithm, budget: spec.budget, seed: spec.seed, precision: spec.precision, backend: spec.backend, batch: spec.batch, hidden: spec.hidden,
    hyperparameters: spec.hyperparameters, envSeeding: spec.envSeeding, onTrained, signals,
    onProgress: onProgress && ((p) => onProgress({ id, done: p.done, budget: p.budget, runningAverage: p.runningAverage, steps: p.steps })),
    signal: control.signal,
    ...(checkpoint && {
      checkpointEvery: checkpoint.every, checkpointNote: checkpoint.note,
      resume: checkpoint.resume && existsSync(checkpoint.path) ? new Uint8Array(readFileSync(checkpoint.path)) : undefined,
      // The log reaches the disk before the checkpoint does: a resumed run must find every line up to it.
      onCheckpoint: checkpointWriter(checkpoint.path, control.onCheckpoint, () => log?.flush()),
    }),
  });
  log?.flush();
  const episodic = task.unit === "episodes";
  const seeding = episodic ? { envSeeding: requireEnvSeeding("envSeeding", spec.envSeeding) } : {};
  const settings = episodic ? { config: { ...resolvedSettings(spec.algorithm, spec.env, spec.hyperparameters ?? {}, spec.hidden), episodes: spec.budget } } : {};
  return {
    ...spec, ...seeding, returns: r.returns, average: r.average, steps: r.steps, wallSeconds: r.wallSeconds, ...settings, coagent: coagentVersion(),
    ...(r.stopped ? { stopped: r.stopped } : {}),
  };
}

/**
 * Writes each checkpoint to `path` atomically. A failed write (a full disk, say) leaves the
 * previous checkpoint as it was and ends the run with a one-line CheckpointWriteError saying so.
 * `before` runs first (the signal log flushes there).
 */
function checkpointWriter(path: string, written?: RunControl["onCheckpoint"], before?: () => void) {
  let savedEpisodes: number | undefined = existsSync(path) ? -1 : undefined; // -1: a file from before this session
  return (c: { bytes: Uint8Array; episodeReturns: readonly number[]; steps: number }) => {
    before?.();
    try {
      writeFileAtomically(path, c.bytes);
    } catch (error) {
      const previous = savedEpisodes === undefined ? "no earlier checkpoint was written" : `the previous checkpoint${savedEpisodes >= 0 ? ` (episode ${savedEpisodes})` : ""} is intact`;
      throw new CheckpointWriteError(`cannot write the checkpoint ${path} (${systemErrorReason(error)}) at episode ${c.episodeReturns.length}; ${previous}`);
    }
    savedEpisodes = c.episodeReturns.length;
    written?.(c.episodeReturns, c.steps);
  };
}
