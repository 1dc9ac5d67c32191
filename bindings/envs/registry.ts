/** Environments by Gymnasium id. */
import { ConfigurationError, describe } from "../errors.js";
import { Acrobot } from "./acrobot.js";
import { CartPole } from "./cartpole.js";
import { LunarLander } from "./lunarlander.js";
import { MountainCarContinuous } from "./mountaincar.js";
import type { Environment } from "./environment.js";
import type { SeedingOptions } from "./seeding.js";

const registry: Record<string, (options: SeedingOptions) => Environment> = {
  "CartPole-v1": (options) => new CartPole(options),
  "Acrobot-v1": (options) => new Acrobot(options),
  "MountainCarContinuous-v0": (options) => new MountainCarContinuous(options),
  "LunarLander-v2": (options) => new LunarLander({ ...options, version: "v2" }),
  "LunarLander-v3": (options) => new LunarLander({ ...options, version: "v3" }),
  "LunarLanderContinuous-v2": (options) => new LunarLander({ ...options, version: "v2", continuous: true }),
  "LunarLanderContinuous-v3": (options) => new LunarLander({ ...options, version: "v3", continuous: true }),
};

export const environmentIds: readonly string[] = Object.keys(registry);

/**
 * A built-in task by Gymnasium id. `makeEnv(id, { seed })` is `gym.make(id)` whose first reset
 * without a seed is `reset(seed=seed)`; `seeding: "legacy"` selects coagent's earlier stream.
 */
export function makeEnv(id: string, options: SeedingOptions = {}): Environment {
  // hasOwn: ids like "toString" must not find Object.prototype's members.
  const make = typeof id === "string" && Object.hasOwn(registry, id) ? registry[id] : undefined;
  if (!make) throw new ConfigurationError(`Unknown environment ${describe(id)}; expected one of: ${environmentIds.join(", ")}`);
  return make(options);
}
