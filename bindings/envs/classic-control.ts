/**
 * What the classic-control tasks share with Gymnasium's: a seeded random stream for their resets,
 * and the physics of the task's kernel (kernel.ts) applied to a state of one copy. The episode's
 * bookkeeping (the time limit, `step` before `reset`, stepping a finished episode) is not here:
 * `makeEnv` applies it to every task, built-in or registered, from the task's spec (episode-env.ts),
 * as Gymnasium's `make` wraps its bare environments.
 */
import { ValueError, describe } from "../errors.js";
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
export type ClassicControlOptions = SeedingOptions;

/**
 * The base of the bare CartPole, Acrobot and MountainCarContinuous: seeding and the kernel's
 * physics. `makeEnv` adds the time limit and the episode's bookkeeping.
 */
export abstract class ClassicControl {
  /** Whose random stream seeds select (see seeding.ts). */
  readonly seeding: EnvSeeding;
  /** @internal The stream the resets draw from (seeding.ts). */
  protected readonly random: EnvRandom;
  /** The task's state as columns of one copy, which the kernel steps. */
  private readonly columns: StateColumns;

  /** @internal Each built-in task passes its name for messages and its kernel (kernel.ts). */
  constructor(
    private readonly kernel: TaskKernel,
    options: ClassicControlOptions,
  ) {
    this.seeding = requireEnvSeeding("seeding", options.seeding);
    this.random = envRandom(this.seeding, options.seed ?? 0);
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
    this.kernel.reset(this.columns, 0, this.random, this.seeding);
    return { observation: this.observe(), info: {} };
  }

  /** One step of the physics; `truncated` is always false here (the time limit is makeEnv's). */
  step(action: Action): StepResult {
    return this.advance(action as number);
  }

  /** One step under `action`, which the kernel checks before anything moves. */
  protected advance(action: number): StepResult {
    if (!this.kernel.acceptsAction(action)) throw this.kernel.actionError("action", action);
    const terminated = this.kernel.step(this.columns, 0, action);
    return { observation: this.observe(), reward: this.kernel.reward(terminated, action), terminated, truncated: false, info: {} };
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
