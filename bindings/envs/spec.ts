/**
 * A task's specification, Gymnasium's `EnvSpec`: everything coagent knows about a task by its id —
 * how to make it, its time limit, the return that counts as solving it, and optionally how to draw
 * it, its struct-of-arrays kernel for lockstep groups, and whose reference settings it trains
 * with. The built-in tasks are specs (builtin-specs.ts) registered the same way as yours.
 */
import { ConfigurationError, describe, didYouMean } from "../errors.js";
import type { Canvas2D, FrameSize } from "../render/canvas.js";
import { tasksWithDefaults } from "../rules/settings.js";
import type { Environment, TaskEnvironment } from "./environment.js";
import type { TaskKernel } from "./kernel.js";
import type { SeedingOptions } from "./seeding.js";

/**
 * Draws one frame of `env`. Renderers take the environment rather than its `state` because some
 * frames need more than the physical state (LunarLander's terrain is drawn from `snapshot()`).
 */
export type EnvRenderer = (ctx: Canvas2D, env: Environment | TaskEnvironment, size?: Partial<FrameSize>) => void;

/** What a spec's `create` is given: the seed of the first reset without one, and the random stream. */
export type EnvCreateOptions = SeedingOptions;

/** A task by id: `register(spec)` makes `makeEnv(spec.id)` and every tool that takes an id work with it. */
export interface EnvSpec {
  /** The id, Gymnasium style ("Corridor-v0"): letters, digits and `_ . : -` (ids name folders of grid results). */
  readonly id: string;
  /** A fresh bare task; `makeEnv` applies the time limit, the reset-before-step order and the passive checks. */
  create(options: EnvCreateOptions): TaskEnvironment;
  /** Steps after which an episode is truncated (Gymnasium's TimeLimit). */
  readonly maxEpisodeSteps: number;
  /** The average return at which the task counts as solved (Gymnasium's `reward_threshold`). */
  readonly rewardThreshold?: number;
  /** Draws a frame of the task (`render(ctx, env)`). */
  readonly render?: EnvRenderer;
  /** The task's physics on struct-of-arrays state, for `makeLockstepEnv` (classic-control tasks). */
  readonly kernel?: TaskKernel;
  /**
   * The built-in task whose reference hyperparameters and budgets this task trains with (a
   * built-in task names itself). Without it a task trains with CartPole-v1's hyperparameters and
   * has no default budget: give the episodes (`--episodes` on the command line).
   */
  readonly referenceSettings?: string;
}

const fields = ["id", "create", "maxEpisodeSteps", "rewardThreshold", "render", "kernel", "referenceSettings"];
const kernelFunctions = ["acceptsAction", "actionError", "reset", "step", "reward", "observe"] as const;
const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;

/** The spec's fields checked, each problem a ConfigurationError naming the field and what it must be. */
export function requireSpec(spec: unknown): EnvSpec {
  if (spec === null || typeof spec !== "object" || Array.isArray(spec)) throw new ConfigurationError(`spec must be an object { id, create, maxEpisodeSteps }; got ${describe(spec)}`);
  const s = spec as Record<string, unknown>;
  for (const key of Object.keys(s)) {
    if (!fields.includes(key)) throw new ConfigurationError(`spec.${key} is not a field of an EnvSpec${didYouMean(key, fields)}; the fields are ${fields.join(", ")}`);
  }
  const id = s.id;
  if (typeof id !== "string" || !ID.test(id)) {
    throw new ConfigurationError(`spec.id must be a non-empty string of letters, digits and _ . : - (it names folders of grid results), e.g. "Corridor-v0"; got ${describe(id)}`);
  }
  if (typeof s.create !== "function") throw new ConfigurationError(`spec.create of ${id} must be a function (options) => environment; got ${describe(s.create)}`);
  const limit = s.maxEpisodeSteps;
  if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1) {
    throw new ConfigurationError(`spec.maxEpisodeSteps of ${id} must be a positive integer (every task has a time limit); got ${describe(limit)}`);
  }
  if (s.rewardThreshold !== undefined && (typeof s.rewardThreshold !== "number" || !Number.isFinite(s.rewardThreshold))) {
    throw new ConfigurationError(`spec.rewardThreshold of ${id} must be a finite number; got ${describe(s.rewardThreshold)}`);
  }
  if (s.render !== undefined && typeof s.render !== "function") throw new ConfigurationError(`spec.render of ${id} must be a function (ctx, env, size) => void; got ${describe(s.render)}`);
  if (s.kernel !== undefined) {
    const kernel = s.kernel as Record<string, unknown> | null;
    const missing = kernelFunctions.filter((name) => typeof kernel?.[name] !== "function");
    if (kernel === null || typeof kernel !== "object" || missing.length > 0 || !Array.isArray(kernel.stateNames) || !Number.isInteger(kernel.observationSize)) {
      throw new ConfigurationError(`spec.kernel of ${id} must be a TaskKernel (stateNames, observationSize, ${kernelFunctions.join(", ")}); got ${describe(s.kernel)}`);
    }
  }
  if (s.referenceSettings !== undefined && !tasksWithDefaults.includes(s.referenceSettings as string)) {
    throw new ConfigurationError(
      `spec.referenceSettings of ${id} must be a task with reference settings (${tasksWithDefaults.join(", ")}); got ${describe(s.referenceSettings)}${didYouMean(s.referenceSettings, tasksWithDefaults)}`,
    );
  }
  return s as unknown as EnvSpec;
}
