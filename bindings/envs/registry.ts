/** Environments by Gymnasium id. */
import { ConfigurationError, describe, didYouMean } from "../errors.js";
import { Acrobot } from "./acrobot.js";
import { CartPole } from "./cartpole.js";
import { LunarLander } from "./lunarlander.js";
import { MountainCarContinuous } from "./mountaincar.js";
import type { Environment } from "./environment.js";
import type { SeedingOptions } from "./seeding.js";

const registry = {
  "CartPole-v1": (options) => new CartPole(options),
  "Acrobot-v1": (options) => new Acrobot(options),
  "MountainCarContinuous-v0": (options) => new MountainCarContinuous(options),
  // LunarLander's physics engine is loaded on demand (physics.ts): `await loadLunarLander()`
  // first outside Node.
  "LunarLander-v2": (options) => new LunarLander({ ...options, version: "v2" }),
  "LunarLander-v3": (options) => new LunarLander({ ...options, version: "v3" }),
  "LunarLanderContinuous-v2": (options) => new LunarLander({ ...options, version: "v2", continuous: true }),
  "LunarLanderContinuous-v3": (options) => new LunarLander({ ...options, version: "v3", continuous: true }),
} satisfies Record<string, (options: SeedingOptions) => Environment>;

/** The id of a registered environment: a typo is a compile-time error. */
export type EnvironmentId = keyof typeof registry;

/** The ids `makeEnv` accepts. */
export const environmentIds = Object.keys(registry) as readonly EnvironmentId[];

/** Whether `id` names a registered environment (narrows a string, e.g. from the command line). */
export function isEnvironmentId(id: unknown): id is EnvironmentId {
  // hasOwn: ids like "toString" must not find Object.prototype's members.
  return typeof id === "string" && Object.hasOwn(registry, id);
}

/**
 * A built-in task by Gymnasium id. `makeEnv(id, { seed })` is `gym.make(id)` whose first reset
 * without a seed is `reset(seed=seed)`; `seeding: "legacy"` selects coagent's earlier stream.
 */
export function makeEnv(id: EnvironmentId, options: SeedingOptions = {}): Environment {
  if (!isEnvironmentId(id)) throw new ConfigurationError(`Unknown environment ${describe(id)}; expected one of: ${environmentIds.join(", ")}${didYouMean(id, environmentIds)}`);
  return registry[id](options);
}
