/**
 * What the classic-control tasks share with Gymnasium's: a seeded random stream for their resets,
 * a time limit, and the episode's bookkeeping — `step` before `reset` is an error, and stepping a
 * finished episode (a caller bug) yields no reward and changes nothing.
 */
import { StateError, ValueError, describe } from "../errors.js";
import { envRandom, requireEnvSeeding, type EnvRandom, type EnvSeeding, type SeedingOptions } from "./seeding.js";
import type { StepResult } from "./environment.js";

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

  constructor(options: ClassicControlOptions, defaultMaxEpisodeSteps: number) {
    this.seeding = requireEnvSeeding("seeding", options.seeding);
    this.random = envRandom(this.seeding, options.seed ?? 0);
    this.maxEpisodeSteps = options.maxEpisodeSteps ?? defaultMaxEpisodeSteps;
  }

  /** The observation of the current state. */
  protected abstract observe(): Float64Array;

  /** Starts an episode: a seed reseeds the stream, no seed continues it (Gymnasium's semantics). */
  protected beginEpisode(seed: number | undefined): void {
    if (seed !== undefined) this.random.seed(seed);
    this.elapsedSteps = 0;
    this.started = true;
    this.done = false;
  }

  /** Refuses a step before `reset`; for a finished episode, the result to return instead of stepping. */
  protected finishedEpisode(name: string): StepResult | undefined {
    if (!this.started) throw new StateError(`${name}: call reset() before step()`);
    return this.done ? { observation: this.observe(), reward: 0, terminated: true, truncated: false, info: {} } : undefined;
  }

  /** Counts a step and ends the episode on termination or at the time limit. */
  protected endStep(observation: Float64Array, reward: number, terminated: boolean): StepResult {
    this.elapsedSteps++;
    const truncated = this.elapsedSteps >= this.maxEpisodeSteps;
    this.done = terminated || truncated;
    return { observation, reward, terminated, truncated, info: { elapsedSteps: this.elapsedSteps } };
  }
}

/** Checks a state assigned to a task: `names.length` finite numbers, named in the error. */
export function requireState(value: unknown, names: readonly string[]): number[] {
  if (!Array.isArray(value) || value.length !== names.length || !value.every(Number.isFinite)) {
    throw new ValueError(`state must be ${names.length} finite numbers [${names.join(", ")}]; got ${describe(value)}`);
  }
  return value;
}
