/**
 * A training run's checkpoint: the agent's checkpoint (checkpoint.ts, `Agent.save`) with the
 * run's progress in its metadata under `run`, so that `train({ resume })` continues the run
 * exactly where it stopped.
 *
 * The agent's blocks hold everything the agent will draw and learn. The environment is not
 * saved: its state (the physics, the episode's step count, its random stream) is rebuilt by
 * replaying the run's actions on a fresh copy made from the same seed. Environments are
 * deterministic functions of their seed and actions, so the replay ends in exactly the state the
 * run had; the replayed episode returns are compared with the saved ones, and a difference (an
 * environment whose code changed between save and resume) is a CheckpointError, never a silently
 * different run. The replay costs environment steps only, no agent step: negligible on the
 * classic-control tasks, about as long as stepping LunarLander's physics that often.
 *
 * `run` in the metadata (JSON):
 *   version         1
 *   env, envSeeding, seed, batch, episodes   the run (episodes: its budget)
 *   episodeReturns  every finished episode's return, in order
 *   steps           environment steps so far (transitions, as `RunResult.steps` counts them)
 *   actions         { kind: "discrete" | "continuous", width, count, data }: `count` loop
 *                   iterations, each `batch` × `width` values, little-endian in base64 `data`
 *                   (discrete: one byte per action when the action space has at most 256 actions,
 *                   else two; continuous: float64 per dimension)
 *   note            optional JSON the caller attached (the command line stores its options there)
 */
import { CHECKPOINT_VERSION, CheckpointError, decodeCheckpoint, encodeCheckpoint } from "../core/checkpoint.js";
import { type Algorithm, type Hyperparameters, algorithms } from "../rules/algorithms.js";
import { settingsToStore, storedSettings } from "../rules/stored-settings.js";
import type { Action, Space } from "../envs/environment.js";
import type { EnvSeeding } from "../envs/seeding.js";

/** What a run checkpoint's metadata holds under `run`. */
export interface RunCheckpointState {
  version: 1;
  env: string;
  envSeeding: EnvSeeding;
  seed: number;
  batch: number;
  episodes: number;
  episodeReturns: number[];
  steps: number;
  actions: { kind: "discrete" | "continuous"; width: number; count: number; data: string };
  note?: unknown;
}

/** The actions a run took, one entry per loop iteration (one `env.step`, or one vector step). */
export class ActionLog {
  readonly kind: "discrete" | "continuous";
  /** Values per action: 1 for a discrete action, the action's dimensions for a continuous one. */
  readonly width: number;
  private readonly bytesPerValue: number;
  private readonly perEntry: number;
  private bytes: Uint8Array;
  private view: DataView;
  private length = 0;
  /** Entries logged. */
  count = 0;

  constructor(actionSpace: Space, readonly batch: number) {
    this.kind = actionSpace.kind === "discrete" ? "discrete" : "continuous";
    this.width = actionSpace.kind === "discrete" ? 1 : actionSpace.shape.reduce((a, b) => a * b, 1);
    this.bytesPerValue = actionSpace.kind === "discrete" ? (actionSpace.n <= 256 ? 1 : 2) : 8;
    this.perEntry = batch * this.width * this.bytesPerValue;
    this.bytes = new Uint8Array(Math.max(1024, this.perEntry * 64));
    this.view = new DataView(this.bytes.buffer);
  }

  /** A log holding the saved entries of `state.actions`, checked against the action space and batch. */
  static restore(state: RunCheckpointState, actionSpace: Space, batch: number): ActionLog {
    const log = new ActionLog(actionSpace, batch);
    const { kind, width, count, data } = state.actions ?? ({} as RunCheckpointState["actions"]);
    const bytes = typeof data === "string" ? fromBase64(data) : undefined;
    if (kind !== log.kind || width !== log.width || !Number.isSafeInteger(count) || !bytes || bytes.length !== count * log.perEntry) {
      throw new CheckpointError("the checkpoint's action log does not fit the environment's action space and batch");
    }
    log.reserve(bytes.length);
    log.bytes.set(bytes);
    log.length = bytes.length;
    log.count = count;
    return log;
  }

  /** Appends one iteration's actions (one per environment copy). */
  push(actions: ArrayLike<Action>): void {
    this.reserve(this.length + this.perEntry);
    for (let b = 0; b < this.batch; b++) {
      const action = actions[b];
      if (this.kind === "discrete") {
        if (this.bytesPerValue === 1) this.view.setUint8(this.length, action as number);
        else this.view.setUint16(this.length, action as number, true);
        this.length += this.bytesPerValue;
      } else {
        const values = action as ArrayLike<number>;
        for (let i = 0; i < this.width; i++, this.length += 8) this.view.setFloat64(this.length, values[i], true);
      }
    }
    this.count++;
  }

  /** Entry `index`'s actions, as the agent gave them (a number, or a Float64Array per copy). */
  entry(index: number): Action[] {
    const actions: Action[] = [];
    let at = index * this.perEntry;
    for (let b = 0; b < this.batch; b++) {
      if (this.kind === "discrete") {
        actions.push(this.bytesPerValue === 1 ? this.view.getUint8(at) : this.view.getUint16(at, true));
        at += this.bytesPerValue;
      } else {
        const values = new Float64Array(this.width);
        for (let i = 0; i < this.width; i++, at += 8) values[i] = this.view.getFloat64(at, true);
        actions.push(values);
      }
    }
    return actions;
  }

  /** The log as `RunCheckpointState.actions`. */
  toJSON(): RunCheckpointState["actions"] {
    return { kind: this.kind, width: this.width, count: this.count, data: toBase64(this.bytes.subarray(0, this.length)) };
  }

  private reserve(size: number): void {
    if (size <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(size, this.bytes.length * 2));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }
}

/** An agent checkpoint (`Agent.save()`) with the run's progress added to its metadata. */
export function encodeRunCheckpoint(agentCheckpoint: Uint8Array, run: RunCheckpointState): Uint8Array {
  const { metadata, blocks, version } = decodeCheckpoint<object>(agentCheckpoint);
  return encodeCheckpoint({ ...metadata, run }, blocks, version);
}

/**
 * The run's progress in a checkpoint written by `train`'s `onCheckpoint`. A checkpoint without it
 * (one from `Agent.save`) or of another kind is a CheckpointError saying so.
 */
export function readRunCheckpoint(bytes: Uint8Array): RunCheckpointState {
  const { metadata } = decodeCheckpoint<{ format?: string; run?: RunCheckpointState }>(bytes);
  if (metadata.format !== "coagent-agent") throw new CheckpointError(`the checkpoint holds a ${JSON.stringify(metadata.format)}, not an agent`);
  const run = metadata.run;
  if (!run) throw new CheckpointError("the checkpoint holds an agent but no run progress (it was written by Agent.save, not by train's onCheckpoint); load it with Agent.load instead");
  if (run.version !== 1 || !Array.isArray(run.episodeReturns) || !Number.isSafeInteger(run.steps) || !Number.isSafeInteger(run.episodes)) {
    throw new CheckpointError(`the checkpoint's run progress is of an unknown version (${JSON.stringify(run.version)}) or damaged`);
  }
  return run;
}

/**
 * The agent part of a run checkpoint, for comparing recipes: the same container without `run`,
 * its settings as this coagent records them (so that a run saved in format version 2, whose
 * metadata held the rule's full bag, resumes).
 */
export function agentRecipeOf(bytes: Uint8Array): string {
  const { metadata, version } = decodeCheckpoint<Record<string, unknown>>(bytes);
  const { run: _run, ...recipe } = metadata;
  if (version < CHECKPOINT_VERSION && (algorithms as readonly unknown[]).includes(recipe.algorithm)) {
    const algorithm = recipe.algorithm as Algorithm;
    recipe.hyperparameters = settingsToStore(algorithm, storedSettings(algorithm, recipe.hyperparameters, version) as Hyperparameters);
  }
  return JSON.stringify(recipe);
}

// Base64 without Buffer (the library also runs in browsers), in chunks that fit an argument list.
function toBase64(bytes: Uint8Array): string {
  let text = "";
  for (let k = 0; k < bytes.length; k += 0x8000) text += String.fromCharCode(...bytes.subarray(k, k + 0x8000));
  return btoa(text);
}

function fromBase64(data: string): Uint8Array | undefined {
  try {
    const text = atob(data);
    const bytes = new Uint8Array(text.length);
    for (let k = 0; k < text.length; k++) bytes[k] = text.charCodeAt(k);
    return bytes;
  } catch {
    return undefined;
  }
}
