/**
 * The built-in tasks as specs: each task's facts in one place — how it is made, its time limit,
 * the return that solves it (Gymnasium's thresholds), its renderer, its lockstep kernel and whose
 * reference settings it trains with. The registry registers them exactly as it registers yours.
 */
import { renderAcrobot } from "../render/acrobot.js";
import { renderCartPole } from "../render/cartpole.js";
import { renderLunarLander } from "../render/lunarlander.js";
import { renderMountainCar } from "../render/mountaincar.js";
import { Acrobot, acrobotKernel } from "./acrobot.js";
import { CartPole, cartPoleKernel } from "./cartpole.js";
import { unwrapped } from "./episode-env.js";
import { LunarLander } from "./lunarlander.js";
import { MountainCarContinuous, mountainCarKernel } from "./mountaincar.js";
import type { EnvRenderer, EnvSpec } from "./spec.js";

const drawLander: EnvRenderer = (ctx, env, size) => renderLunarLander(ctx, unwrapped<LunarLander>(env).snapshot(), size);

/** LunarLander's four tasks: v3 changed nothing the agents see, so every one takes v2's reference settings. */
const lunarLander = <Id extends string>(id: Id, version: "v2" | "v3", continuous: boolean) => ({
  id,
  // Its physics engine is loaded on demand (physics.ts): `await loadLunarLander()` first outside Node.
  create: (options) => new LunarLander({ ...options, version, continuous }),
  maxEpisodeSteps: 1000,
  rewardThreshold: 200,
  render: drawLander,
  referenceSettings: "LunarLander-v2",
}) satisfies EnvSpec;

export const builtinSpecs = [
  {
    id: "CartPole-v1", create: (options) => new CartPole(options), maxEpisodeSteps: 500, rewardThreshold: 475,
    render: (ctx, env, size) => renderCartPole(ctx, env.state, size), kernel: cartPoleKernel, referenceSettings: "CartPole-v1",
  },
  {
    id: "Acrobot-v1", create: (options) => new Acrobot(options), maxEpisodeSteps: 500, rewardThreshold: -100,
    render: (ctx, env, size) => renderAcrobot(ctx, env.state, size), kernel: acrobotKernel, referenceSettings: "Acrobot-v1",
  },
  {
    id: "MountainCarContinuous-v0", create: (options) => new MountainCarContinuous(options), maxEpisodeSteps: 999, rewardThreshold: 90,
    render: (ctx, env, size) => renderMountainCar(ctx, env.state, size), kernel: mountainCarKernel, referenceSettings: "MountainCarContinuous-v0",
  },
  lunarLander("LunarLander-v2", "v2", false),
  lunarLander("LunarLander-v3", "v3", false),
  lunarLander("LunarLanderContinuous-v2", "v2", true),
  lunarLander("LunarLanderContinuous-v3", "v3", true),
] as const satisfies readonly EnvSpec[];
