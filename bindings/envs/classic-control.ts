/**
 * What the classic-control tasks share with Gymnasium's: a seeded random stream for their resets,
 * a time limit, and the episode's bookkeeping — `step` before `reset` is an error, and stepping a
 * finished episode (a caller bug) yields no reward and changes nothing. The physics is the task's
 * kernel (kernel.ts), applied to a state of one copy.
 */
import { StateError, ValueError, describe } from "../errors.js";
import { envRandom, requireEnvSeeding, type EnvRandom, type EnvSeeding, type SeedingOptions } from "./seeding.js";
import type { Action, ResetResult, StepResult } from "./environment.js";
import { readState, stateColumns, writeState, type StateColumns, type TaskKernel } from "./kernel.js";

/**
 * Seeds the hidden class V8 gives every step result (`StepResult` literals of one shape share it)
 * with a fractional reward. Were CartPole's reward 1 stored first, the class's `reward` field would
 * hold small integers; MountainCarContinuous's fractional rewards would then generalise it, and
 * code already optimised for the old class stays slower: CartPole measured ~3M instead of ~9M
 * steps/s in a process that stepped CartPole, then Acrobot and MountainCarContinuous.
 */
let fractionalResult: StepResult | undefined;

/** Options of every classic-control task. */
export type ClassicControlOptions = SeedingOptions & { maxEpisodeSteps?: number };

/** The base of CartPole, Acrobot and MountainCarContinuous: seeding, time limit and episode bookkeeping. */
export abstract class ClassicControl {
  readonly maxEpisodeSteps: number;
  /** Whose random stream seeds select (see seeding.ts). */
  readonly seeding: EnvSeeding;
  /** @internal The stream the resets draw from (seeding.ts). */
  protected readonly random: EnvRandom;
  protected elapsedSteps = 0;
  private started = false;
  private done = false;
  /** The task's state as columns of one copy, which the kernel steps. */
  private readonly columns: StateColumns;

  /** @internal Each built-in task passes its name for messages and its kernel (kernel.ts). */
  constructor(
    private readonly name: string,
    private readonly kernel: TaskKernel,
    options: ClassicControlOptions,
    defaultMaxEpisodeSteps: number,
  ) {
    this.seeding = requireEnvSeeding("seeding", options.seeding);
    this.random = envRandom(this.seeding, options.seed ?? 0);
    this.maxEpisodeSteps = options.maxEpisodeSteps ?? defaultMaxEpisodeSteps;
    this.columns = stateColumns(kernel.stateNames.length, 1);
    fractionalResult ??= { observation: new Float64Array(0), reward: 0.5, terminated: false, truncated: false, info: {} };
  }

  /** The physical state as plain numbers, named by the kernel's `stateNames`. */
  get state(): number[] {
    return readState(this.columns, 0);
  }

  set state(value: number[]) {
    writeState(this.columns, 0, requireState(value, this.kernel.stateNames));
  }

  /** Starts an episode: a seed reseeds the stream, no seed continues it (Gymnasium's semantics). */
  reset(options: { seed?: number } = {}): ResetResult {
    if (options.seed !== undefined) this.random.seed(options.seed);
    this.elapsedSteps = 0;
    this.started = true;
    this.done = false;
    this.kernel.reset(this.columns, 0, this.random, this.seeding);
    return { observation: this.observe(), info: {} };
  }

  /** One step; a finished episode changes nothing. */
  step(action: Action): StepResult {
    return this.advance(action as number);
  }

  /** One step under `action`, which the kernel checks before anything moves. */
  protected advance(action: number): StepResult {
    if (!this.kernel.acceptsAction(action)) throw this.kernel.actionError("action", action);
    if (!this.started) throw new StateError(`${this.name}: call reset() before step()`);
    if (this.done) return { observation: this.observe(), reward: 0, terminated: true, truncated: false, info: {} };
    const terminated = this.kernel.step(this.columns, 0, action);
    this.elapsedSteps++;
    const truncated = this.elapsedSteps >= this.maxEpisodeSteps;
    this.done = terminated || truncated;
    return { observation: this.observe(), reward: this.kernel.reward(terminated, action), terminated, truncated, info: { elapsedSteps: this.elapsedSteps } };
  }

  /** The observation of the current state. */
  private observe(): Float64Array {
    const observation = new Float64Array(this.kernel.observationSize);
    this.kernel.observe(this.columns, 0, observation, 0);
    return observation;
  }
}

/** Checks a state assigned to a task: `names.length` finite numbers, named in the error. */
export function requireState(value: unknown, names: readonly string[]): number[] {
  if (!Array.isArray(value) || value.length !== names.length || !value.every(Number.isFinite)) {
    throw new ValueError(`state must be ${names.length} finite numbers [${names.join(", ")}]; got ${describe(value)}`);
  }
  return value;
}
