/** Renderers by environment id: `render(ctx, env)` draws the environment's current frame. */
import { ConfigurationError, describe } from "../errors.js";
import type { Environment } from "../envs/environment.js";
import type { LunarLander } from "../envs/lunarlander.js";
import { renderAcrobot } from "./acrobot.js";
import type { Canvas2D, FrameSize } from "./canvas.js";
import { renderCartPole } from "./cartpole.js";
import { renderLunarLander } from "./lunarlander.js";
import { renderMountainCar } from "./mountaincar.js";

/**
 * Draws one frame of `env`. Renderers take the environment rather than its `state` because some
 * frames need more than the physical state (LunarLander's terrain is drawn from `snapshot()`).
 */
export type EnvRenderer = (ctx: Canvas2D, env: Environment, size?: Partial<FrameSize>) => void;

/** The renderer for each environment id; add an entry to make `render` draw a new environment. */
export const renderers: Record<string, EnvRenderer> = {
  "CartPole-v1": (ctx, env, size) => renderCartPole(ctx, env.state, size),
  "Acrobot-v1": (ctx, env, size) => renderAcrobot(ctx, env.state, size),
  "MountainCarContinuous-v0": (ctx, env, size) => renderMountainCar(ctx, env.state, size),
};
for (const id of ["LunarLander-v2", "LunarLander-v3", "LunarLanderContinuous-v2", "LunarLanderContinuous-v3"]) {
  renderers[id] = (ctx, env, size) => renderLunarLander(ctx, (env as LunarLander).snapshot(), size);
}

/** The ids `render` can draw when this module loads (entries added later to `renderers` count too). */
export const renderableIds: readonly string[] = Object.keys(renderers);

/** Draws `env`'s current state on `canvas` with its task's renderer. */
export function render(ctx: Canvas2D, env: Environment, size?: Partial<FrameSize>): void {
  const draw = typeof env?.id === "string" && Object.hasOwn(renderers, env.id) ? renderers[env.id] : undefined;
  if (!draw) throw new ConfigurationError(`No renderer for environment ${describe(env?.id)}; renderers exist for: ${Object.keys(renderers).join(", ")}`);
  draw(ctx, env, size);
}

export { type Canvas2D, type DrawCall, type FrameSize, RecordingCanvas } from "./canvas.js";
export { renderCartPole, renderAcrobot, renderMountainCar, renderLunarLander };
