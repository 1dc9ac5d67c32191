/**
 * A group of copies of one classic-control task stepped together from struct-of-arrays state, for
 * a group of training seeds run in lockstep: copy k is the single environment `makeEnv(id, { seed:
 * seeds[k] })`, bit for bit, and the group steps with Gymnasium's next-step autoreset as
 * `VectorEnv` does. Observations, rewards and flags land in preallocated typed arrays (row k = copy
 * k), so a step allocates nothing. The physics is the tasks' own kernels (kernel.ts), the same
 * functions the single environments call.
 */
import { ConfigurationError, ShapeError, StateError, describe, didYouMean, requirePositiveInteger, requireSeed } from "../errors.js";
import type { BoxSpace, Space } from "./environment.js";
import { stateColumns, readState, type StateColumns, type TaskKernel } from "./kernel.js";
import { environmentIds, isEnvironmentId, envSpec, makeEnv, type EnvironmentId, type TaskId } from "./registry.js";
import { envRandom, requireEnvSeeding, type EnvRandom, type EnvSeeding } from "./seeding.js";

/**
 * The id of a built-in task a `LockstepEnv` can step: the classic-control tasks, whose specs have a
 * kernel. LunarLander is not among them: its state is a planck.js world per copy, which has no
 * struct-of-arrays form; a `VectorEnv` steps its copies. A registered task with a kernel is accepted too.
 */
export type LockstepEnvironmentId = Extract<EnvironmentId, "CartPole-v1" | "Acrobot-v1" | "MountainCarContinuous-v0">;

/** The tasks whose spec has a kernel, registered so far. */
function kernelIds(): string[] {
  return environmentIds.filter((id) => envSpec(id).kernel !== undefined);
}

/** The built-in ids `makeLockstepEnv` accepts (any registered task whose spec has a kernel is accepted too). */
export const lockstepEnvironmentIds = kernelIds() as readonly LockstepEnvironmentId[];

/** Options of `makeLockstepEnv`. */
export interface LockstepOptions {
  /** One seed per copy: copy k's first reset is `reset({ seed: seeds[k] })`, as `makeEnv(id, { seed: seeds[k] })`. */
  seeds: readonly number[];
  /** Whose random stream the seeds select (default "gymnasium"), as for `makeEnv`. */
  seeding?: EnvSeeding;
  /** The time limit of every copy (default: the task's). */
  maxEpisodeSteps?: number;
}

/**
 * One step of every copy: views of the group's buffers, overwritten by the next `step` or `reset`.
 * Row k of `observations` (numbers k·observationSize onward) is copy k's.
 */
export interface LockstepStepResult {
  readonly observations: Float64Array;
  readonly rewards: Float64Array;
  /** 1 where the copy's episode terminated on this step. */
  readonly terminated: Uint8Array;
  /** 1 where the time limit cut the copy's episode on this step. */
  readonly truncated: Uint8Array;
}

/**
 * `count` copies of a classic-control task stepped together, each with its own seed, random
 * stream and episode boundaries. After a copy's episode ends, its next `step` ignores its action
 * and reports its reset observation with reward 0 and both flags 0 (Gymnasium's next-step
 * autoreset, as `VectorEnv`). Make one with `makeLockstepEnv`.
 */
export class LockstepEnv {
  readonly id: LockstepEnvironmentId | (string & {});
  readonly count: number;
  readonly observationSpace: BoxSpace;
  readonly actionSpace: Space;
  readonly maxEpisodeSteps: number;
  readonly seeding: EnvSeeding;
  /** Numbers per copy in `observations`. */
  readonly observationSize: number;
  readonly observations: Float64Array;
  readonly rewards: Float64Array;
  readonly terminated: Uint8Array;
  readonly truncated: Uint8Array;
  private readonly kernel: TaskKernel;
  /** State variable i of copy k is columns[i][k]. */
  private readonly columns: StateColumns;
  private readonly randoms: EnvRandom[];
  private readonly elapsedSteps: Int32Array;
  /** 1 where the copy's episode ended on the last step: its next step resets it. */
  private readonly ended: Uint8Array;
  private started = false;
  private readonly result: LockstepStepResult;

  constructor(id: LockstepEnvironmentId | TaskId, options: LockstepOptions) {
    const kernel = isEnvironmentId(id) ? envSpec(id).kernel : undefined;
    if (!kernel) {
      const ids = kernelIds();
      throw new ConfigurationError(
        `id must be a task a LockstepEnv steps (${ids.join(", ")}), one whose spec has a kernel; got ${describe(id)}${didYouMean(id, ids)}` +
          (typeof id === "string" && id.startsWith("LunarLander") ? " (LunarLander's physics is a planck.js world per copy: use makeVectorEnv)" : ""),
      );
    }
    const seeds = requireSeeds(options?.seeds);
    this.id = id;
    this.kernel = kernel;
    this.seeding = requireEnvSeeding("seeding", options.seeding);
    // A single environment supplies the spaces and default time limit, so they cannot differ.
    const single = makeEnv(id);
    this.maxEpisodeSteps = options.maxEpisodeSteps === undefined ? single.maxEpisodeSteps : requirePositiveInteger("maxEpisodeSteps", options.maxEpisodeSteps);
    this.observationSpace = single.observationSpace;
    this.actionSpace = single.actionSpace;
    this.count = seeds.length;
    this.observationSize = this.kernel.observationSize;
    this.observations = new Float64Array(this.count * this.observationSize);
    this.rewards = new Float64Array(this.count);
    this.terminated = new Uint8Array(this.count);
    this.truncated = new Uint8Array(this.count);
    this.columns = stateColumns(this.kernel.stateNames.length, this.count);
    this.randoms = seeds.map((seed) => envRandom(this.seeding, seed));
    this.elapsedSteps = new Int32Array(this.count);
    this.ended = new Uint8Array(this.count);
    this.result = { observations: this.observations, rewards: this.rewards, terminated: this.terminated, truncated: this.truncated };
  }

  /**
   * Starts an episode in every copy and returns the observations (the group's buffer). With
   * `seeds`, copy k's stream is reseeded with seeds[k]; without, each stream continues (the first
   * reset draws from the seeds the group was made with).
   */
  reset(options: { seeds?: readonly number[] } = {}): Float64Array {
    const seeds = options.seeds === undefined ? undefined : requireSeeds(options.seeds);
    if (seeds && seeds.length !== this.count) throw new ShapeError(`seeds must have one seed per copy (${this.count}); got ${describe(seeds)}`);
    for (let k = 0; k < this.count; k++) {
      if (seeds) this.randoms[k].seed(seeds[k]);
      this.resetCopy(k);
    }
    this.rewards.fill(0);
    this.terminated.fill(0);
    this.truncated.fill(0);
    this.ended.fill(0);
    this.started = true;
    return this.observations;
  }

  /**
   * One action per copy (an index for a discrete task, the force for MountainCarContinuous). The
   * result's arrays are the group's own buffers, valid until the next `step` or `reset`.
   */
  step(actions: ArrayLike<number>): LockstepStepResult {
    if (!this.started) throw new StateError(`${this.id}: call reset() before step()`);
    if (!actions || actions.length !== this.count) throw new ShapeError(`actions must have one action per copy (${this.count}); got ${describe(actions)}`);
    const { kernel, columns, ended, observations, rewards, terminated: terminatedFlags, truncated: truncatedFlags, observationSize } = this;
    // Checked before any copy moves, so a bad action leaves the whole group as it was. Copies
    // that reset ignore their action, as VectorEnv's do.
    for (let k = 0; k < this.count; k++) {
      if (!ended[k] && !kernel.acceptsAction(actions[k])) throw kernel.actionError(`actions[${k}]`, actions[k]);
    }
    for (let k = 0; k < this.count; k++) {
      if (ended[k]) {
        this.resetCopy(k);
        rewards[k] = 0;
        terminatedFlags[k] = 0;
        truncatedFlags[k] = 0;
        ended[k] = 0;
        continue;
      }
      const action = actions[k];
      const terminated = kernel.step(columns, k, action);
      const truncated = ++this.elapsedSteps[k] >= this.maxEpisodeSteps;
      kernel.observe(columns, k, observations, k * observationSize);
      rewards[k] = kernel.reward(terminated, action);
      terminatedFlags[k] = terminated ? 1 : 0;
      truncatedFlags[k] = truncated ? 1 : 0;
      ended[k] = terminated || truncated ? 1 : 0;
    }
    return this.result;
  }

  /** Copy k's physical state as plain numbers, as a single environment's `state`. */
  stateOf(k: number): number[] {
    if (!Number.isInteger(k) || k < 0 || k >= this.count) throw new ShapeError(`k must be a copy index in [0, ${this.count}); got ${describe(k)}`);
    return readState(this.columns, k);
  }

  /** Starts copy k's episode from its own stream and writes its observation. */
  private resetCopy(k: number): void {
    this.kernel.reset(this.columns, k, this.randoms[k], this.seeding);
    this.elapsedSteps[k] = 0;
    this.kernel.observe(this.columns, k, this.observations, k * this.observationSize);
  }
}

/**
 * A group of copies of a classic-control task stepped in lockstep, copy k seeded `seeds[k]`
 * exactly as `makeEnv(id, { seed: seeds[k], seeding })`.
 */
export function makeLockstepEnv<Id extends LockstepEnvironmentId | (string & {})>(
  // A built-in task without a kernel (LunarLander) is a type error; a registered id is checked when made.
  id: Id extends Exclude<EnvironmentId, LockstepEnvironmentId> ? never : Id,
  options: LockstepOptions,
): LockstepEnv {
  return new LockstepEnv(id, options);
}

/** A non-empty array of seeds, each an integer in [0, 2^32) as a training run's. */
function requireSeeds(seeds: unknown): number[] {
  if (!Array.isArray(seeds) || seeds.length === 0) throw new ConfigurationError(`seeds must be a non-empty array of seeds, one per copy; got ${describe(seeds)}`);
  return seeds.map((seed, k) => requireSeed(`seeds[${k}]`, seed));
}
