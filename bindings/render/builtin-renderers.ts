/**
 * The built-in tasks' renderers, by id. They live here rather than in envs/builtin-specs.ts so that
 * an app which makes and trains tasks but never draws them carries no drawing code: render/index.ts
 * gives them to the registry when it loads (provideBuiltinRenderers), and from then on each built-in
 * spec has its `render` (in Node, and in any bundled app that imports `render`, that is always).
 */
import { unwrapped } from "../envs/episode-env.js";
import type { LunarLander } from "../envs/lunarlander.js";
import type { EnvRenderer } from "../envs/spec.js";
import { renderAcrobot } from "./acrobot.js";
import { renderCartPole } from "./cartpole.js";
import { renderLunarLander } from "./lunarlander.js";
import { renderMountainCar } from "./mountaincar.js";

// LunarLander's terrain is drawn from its snapshot(), not from `state`.
const drawLander: EnvRenderer = (ctx, env, size) => renderLunarLander(ctx, unwrapped<LunarLander>(env).snapshot(), size);

export const builtinRenderers: Readonly<Record<string, EnvRenderer>> = {
  "CartPole-v1": (ctx, env, size) => renderCartPole(ctx, env.state, size),
  "Acrobot-v1": (ctx, env, size) => renderAcrobot(ctx, env.state, size),
  "MountainCarContinuous-v0": (ctx, env, size) => renderMountainCar(ctx, env.state, size),
  "LunarLander-v2": drawLander,
  "LunarLander-v3": drawLander,
  "LunarLanderContinuous-v2": drawLander,
  "LunarLanderContinuous-v3": drawLander,
};
