/** Environments by Gymnasium id. */
import { ConfigurationError, describe } from "../errors.js";
import { Acrobot } from "./acrobot.js";
import { CartPole } from "./cartpole.js";
import { LunarLander } from "./lunarlander.js";
import { MountainCarContinuous } from "./mountaincar.js";
import type { Environment } from "./environment.js";

const registry: Record<string, (options: { seed?: number }) => Environment> = {
  "CartPole-v1": (options) => new CartPole(options),
  "Acrobot-v1": (options) => new Acrobot(options),
  "MountainCarContinuous-v0": (options) => new MountainCarContinuous(options),
  "LunarLander-v2": (options) => new LunarLander({ ...options, version: "v2" }),
  "LunarLander-v3": (options) => new LunarLander({ ...options, version: "v3" }),
  "LunarLanderContinuous-v2": (options) => new LunarLander({ ...options, version: "v2", continuous: true }),
  "LunarLanderContinuous-v3": (options) => new LunarLander({ ...options, version: "v3", continuous: true }),
};

export const environmentIds: readonly string[] = Object.keys(registry);

export function makeEnv(id: string, options: { seed?: number } = {}): Environment {
  // hasOwn: ids like "toString" must not find Object.prototype's members.
  const make = typeof id === "string" && Object.hasOwn(registry, id) ? registry[id] : undefined;
  if (!make) throw new ConfigurationError(`Unknown environment ${describe(id)}; expected one of: ${environmentIds.join(", ")}`);
  return make(options);
}
