/**
 * The built-in tasks as specs: each task's facts in one place — how it is made, its time limit,
 * the return that solves it (Gymnasium's thresholds), its lockstep kernel and whose reference
 * settings it trains with. The registry registers them exactly as it registers yours.
 *
 * Their renderers are not here but in render/builtin-renderers.ts, which render/index.ts hands to
 * the registry when it loads: an app that never draws (a bundled training app) then carries no
 * drawing code. In Node, and in any app that imports `render`, every built-in spec has its `render`.
 */
import { Acrobot, acrobotKernel } from "./acrobot.js";
import { CartPole, cartPoleKernel } from "./cartpole.js";
import { LunarLander } from "./lunarlander.js";
import { MountainCarContinuous, mountainCarKernel } from "./mountaincar.js";
import type { EnvSpec } from "./spec.js";

/** LunarLander's four tasks: v3 changed nothing the agents see, so every one takes v2's reference settings. */
const lunarLander = <Id extends string>(id: Id, version: "v2" | "v3", continuous: boolean) => ({
  id,
  // Its physics engine is loaded on demand (physics.ts): `await loadLunarLander()` first outside Node.
  create: (options) => new LunarLander({ ...options, version, continuous }),
  maxEpisodeSteps: 1000,
  rewardThreshold: 200,
  referenceSettings: "LunarLander-v2",
}) satisfies EnvSpec;

export const builtinSpecs = [
  {
    id: "CartPole-v1", create: (options) => new CartPole(options), maxEpisodeSteps: 500, rewardThreshold: 475, kernel: cartPoleKernel, referenceSettings: "CartPole-v1",
  },
  {
    id: "Acrobot-v1", create: (options) => new Acrobot(options), maxEpisodeSteps: 500, rewardThreshold: -100, kernel: acrobotKernel, referenceSettings: "Acrobot-v1",
  },
  {
    id: "MountainCarContinuous-v0", create: (options) => new MountainCarContinuous(options), maxEpisodeSteps: 999, rewardThreshold: 90, kernel: mountainCarKernel, referenceSettings: "MountainCarContinuous-v0",
  },
  lunarLander("LunarLander-v2", "v2", false),
  lunarLander("LunarLander-v3", "v3", false),
  lunarLander("LunarLanderContinuous-v2", "v2", true),
  lunarLander("LunarLanderContinuous-v3", "v3", true),
] as const satisfies readonly EnvSpec[];
