/**
 * A classic-control task's arithmetic on one copy of its state, held as struct-of-arrays: column i
 * holds state variable i of every copy, so the same functions step a single environment (one copy,
 * k = 0) and a `LockstepEnv` (S copies). One source for the physics means the two cannot drift
 * apart, and a copy of a lockstep group reproduces the single environment bit for bit.
 */
import type { EnvRandom, EnvSeeding } from "./seeding.js";

/** One Float64Array per state variable, each holding that variable of every copy. */
export type StateColumns = readonly Float64Array[];

/** The per-copy functions of a task; `k` is the copy, every function allocates nothing. */
export interface TaskKernel {
  /** The state variables, in `state` order (one column each). */
  readonly stateNames: readonly string[];
  /** Numbers per observation. */
  readonly observationSize: number;
  /** Whether `action` is one this task accepts (fast check on the stepping path). */
  acceptsAction(action: number): boolean;
  /** The error for an action `acceptsAction` refused, naming the argument `name`. */
  actionError(name: string, action: unknown): Error;
  /** Draws copy k's starting state from its stream, in the order Gymnasium's task draws. */
  reset(state: StateColumns, k: number, random: EnvRandom, seeding: EnvSeeding): void;
  /** Advances copy k by one step under `action`; returns whether the episode terminated. */
  step(state: StateColumns, k: number, action: number): boolean;
  /** The reward of a step that took `action` and did or did not terminate. */
  reward(terminated: boolean, action: number): number;
  /** Writes copy k's observation to out[offset .. offset + observationSize). */
  observe(state: StateColumns, k: number, out: Float64Array, offset: number): void;
}

/** `variables` zeroed columns of `count` copies each. */
export function stateColumns(variables: number, count: number): StateColumns {
  return Array.from({ length: variables }, () => new Float64Array(count));
}

/** Copy k's state as plain numbers (a task's `state` getter). */
export function readState(state: StateColumns, k: number): number[] {
  return state.map((column) => column[k]);
}

/** Assigns copy k's state from plain numbers already checked (a task's `state` setter). */
export function writeState(state: StateColumns, k: number, value: readonly number[]): void {
  state.forEach((column, i) => {
    column[k] = value[i];
  });
}
