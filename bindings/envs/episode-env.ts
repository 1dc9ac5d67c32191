/**
 * What `makeEnv` returns for every task, built-in or registered: the bare task of a spec with the
 * episode's rules applied once, here, rather than by each task — Gymnasium's TimeLimit,
 * OrderEnforcing and PassiveEnvChecker in one wrapper. The physics, rewards and random draws are
 * the bare task's, untouched, so a wrapped task steps exactly as the bare one.
 */
import { StateError } from "../errors.js";
import type { Action, BoxSpace, Environment, ResetResult, Space, StepResult, TaskEnvironment } from "./environment.js";
import { declarationProblems, refuseProblems, resetResultProblems, stepResultProblems } from "./passive-checks.js";
import type { EnvSpec } from "./spec.js";

/**
 * A task with its time limit (`truncated` after `maxEpisodeSteps` steps), the order of calls
 * (`step` before the first `reset` is a StateError; stepping an episode that ended yields reward 0,
 * `terminated`, and changes nothing) and the passive checks (the spaces and time limit when made,
 * the first reset's and first step's results: an EnvironmentCheckError with the checker's
 * sentences). `unwrapped` is the bare task (e.g. LunarLander's `snapshot()`).
 */
export class EpisodeEnv<T extends TaskEnvironment = TaskEnvironment> implements Environment {
  readonly id: string;
  readonly maxEpisodeSteps: number;
  readonly observationSpace: BoxSpace;
  readonly actionSpace: Space;
  private elapsedSteps = 0;
  private started = false;
  private done = false;
  private resetChecked = false;
  private stepChecked = false;
  private lastObservation: Float64Array = new Float64Array(0);

  constructor(
    /** The bare task. */
    readonly unwrapped: T,
    /** The spec it was made from. */
    readonly spec: EnvSpec,
    maxEpisodeSteps = spec.maxEpisodeSteps,
  ) {
    this.id = spec.id;
    this.maxEpisodeSteps = maxEpisodeSteps;
    refuseProblems(spec.id, declarationProblems({ observationSpace: unwrapped?.observationSpace, actionSpace: unwrapped?.actionSpace, maxEpisodeSteps }));
    this.observationSpace = unwrapped.observationSpace;
    this.actionSpace = unwrapped.actionSpace;
  }

  /** The bare task's physical state. */
  get state(): number[] {
    return this.unwrapped.state;
  }

  /** Assigns the bare task's state; an episode that had ended goes on from it (the step count is kept). */
  set state(value: number[]) {
    this.unwrapped.state = value;
    this.done = false;
  }

  /** Starts an episode: a seed reseeds the task's stream, no seed continues it. */
  reset(options: { seed?: number } = {}): ResetResult {
    const result = this.unwrapped.reset(options);
    if (!this.resetChecked) {
      refuseProblems(this.id, resetResultProblems("reset", result, this.observationSpace));
      this.resetChecked = true;
    }
    this.elapsedSteps = 0;
    this.started = true;
    this.done = false;
    this.lastObservation = result.observation;
    return result;
  }

  /** One step of the bare task, truncated at the time limit; a finished episode changes nothing. */
  step(action: Action): StepResult {
    if (!this.started) throw new StateError(`${this.id}: call reset() before step()`);
    if (this.done) return { observation: this.lastObservation.slice(), reward: 0, terminated: true, truncated: false, info: {} };
    const result = this.unwrapped.step(action);
    if (!this.stepChecked) {
      refuseProblems(this.id, stepResultProblems(result, this.observationSpace));
      this.stepChecked = true;
    }
    this.lastObservation = result.observation;
    const truncated = ++this.elapsedSteps >= this.maxEpisodeSteps && !result.truncated;
    this.done = result.terminated || result.truncated || truncated;
    // A new result only when the limit cuts the episode (once per episode): the bare task's result
    // is returned as it is on every other step.
    return truncated ? { observation: result.observation, reward: result.reward, terminated: result.terminated, truncated: true, info: result.info } : result;
  }
}

/** The bare task inside `env` (itself when it is not wrapped). */
export function unwrapped<T extends object = TaskEnvironment>(env: Environment | TaskEnvironment): T {
  return (env instanceof EpisodeEnv ? env.unwrapped : env) as T;
}
