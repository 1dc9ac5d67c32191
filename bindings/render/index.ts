/** Renderers by environment id: `render(ctx, env)` draws the environment's current frame. */
import { ConfigurationError, describe } from "../errors.js";
import type { Environment } from "../envs/environment.js";
import type { LunarLander } from "../envs/lunarlander.js";
import { renderAcrobot } from "./acrobot.js";
import type { Canvas2D } from "./canvas.js";
import { renderCartPole } from "./cartpole.js";
import { renderLunarLander } from "./lunarlander.js";
import { renderMountainCar } from "./mountaincar.js";

const byId: Record<string, (ctx: Canvas2D, env: Environment) => void> = {
  "CartPole-v1": (ctx, env) => renderCartPole(ctx, env.state),
  "Acrobot-v1": (ctx, env) => renderAcrobot(ctx, env.state),
  "MountainCarContinuous-v0": (ctx, env) => renderMountainCar(ctx, env.state),
};
for (const id of ["LunarLander-v2", "LunarLander-v3", "LunarLanderContinuous-v2", "LunarLanderContinuous-v3"]) {
  byId[id] = (ctx, env) => renderLunarLander(ctx, (env as LunarLander).snapshot());
}

export const renderableIds: readonly string[] = Object.keys(byId);

export function render(ctx: Canvas2D, env: Environment): void {
  const draw = typeof env?.id === "string" && Object.hasOwn(byId, env.id) ? byId[env.id] : undefined;
  if (!draw) throw new ConfigurationError(`No renderer for environment ${describe(env?.id)}; renderers exist for: ${renderableIds.join(", ")}`);
  draw(ctx, env);
}

export { type Canvas2D, type DrawCall, RecordingCanvas } from "./canvas.js";
export { renderCartPole, renderAcrobot, renderMountainCar, renderLunarLander };
