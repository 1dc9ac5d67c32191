/**
 * The environment interface: Gymnasium's semantics in TypeScript. Implement `TaskEnvironment` (a
 * task without its time limit) and `register` it, or implement `Environment` whole, to train an
 * agent on your own task.
 */

/** A finite set of actions 0..n-1. */
export interface DiscreteSpace {
  readonly kind: "discrete";
  readonly n: number;
}

/** A box of real vectors with per-dimension bounds (±Infinity for unbounded). */
export interface BoxSpace {
  readonly kind: "box";
  readonly shape: readonly number[];
  readonly low: readonly number[];
  readonly high: readonly number[];
}

/** An observation or action space. */
export type Space = DiscreteSpace | BoxSpace;

/** A discrete action is an index; a continuous action is a vector. */
export type Action = number | ArrayLike<number>;

/** What `reset` returns. */
export interface ResetResult {
  observation: Float64Array;
  info: Record<string, unknown>;
}

/** What `step` returns. */
export interface StepResult {
  observation: Float64Array;
  reward: number;
  /** The episode ended inside the task (e.g. the pole fell). */
  terminated: boolean;
  /** The episode was cut by the time limit; the state is not terminal. */
  truncated: boolean;
  info: Record<string, unknown>;
}

/**
 * A task with Gymnasium's semantics, time limit included: what `makeEnv` returns, and what training
 * takes. Implement it whole, or implement a `TaskEnvironment` and `register` it.
 */
export interface Environment {
  /** Registry id, e.g. "CartPole-v1". */
  readonly id: string;
  readonly observationSpace: BoxSpace;
  readonly actionSpace: Space;
  /** Steps after which `step` reports `truncated` (Gymnasium's TimeLimit). */
  readonly maxEpisodeSteps: number;
  /** The full internal physical state, readable and assignable (plain numbers). */
  state: number[];
  /** Start an episode; a seed re-seeds the environment's generator. */
  reset(options?: { seed?: number }): ResetResult;
  /** Applies `action` and returns the next observation, the reward and how the episode stands. */
  step(action: Action): StepResult;
}

/**
 * A bare task, as a spec's `create` returns it (Gymnasium's environment before `make` wraps it):
 * its spaces, state, reset and step. `makeEnv` adds the id, the time limit, the ordering of reset
 * and step, and the passive checks; a `maxEpisodeSteps` of its own, if any, is ignored.
 */
export type TaskEnvironment = Omit<Environment, "id" | "maxEpisodeSteps"> & { readonly id?: string; readonly maxEpisodeSteps?: number };
