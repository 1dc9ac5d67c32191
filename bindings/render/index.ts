/** Drawing tasks: `render(ctx, env)` draws the environment's current frame with its spec's renderer. */
import { ConfigurationError, describe } from "../errors.js";
import type { Environment, TaskEnvironment } from "../envs/environment.js";
import { environmentIds, envSpec, isEnvironmentId, provideBuiltinRenderers } from "../envs/registry.js";
import { builtinRenderers } from "./builtin-renderers.js";
import type { FrameSize, Canvas2D } from "./canvas.js";
import { renderAcrobot } from "./acrobot.js";
import { renderCartPole } from "./cartpole.js";
import { renderLunarLander } from "./lunarlander.js";
import { renderMountainCar } from "./mountaincar.js";

export type { EnvRenderer } from "../envs/spec.js";

// The built-in specs get their renderers when this module loads, not before: see builtin-renderers.ts.
provideBuiltinRenderers(builtinRenderers);

/** The ids of the registered tasks whose spec has a renderer (a registered task with `render` counts as soon as it is registered). */
export function renderableIds(): string[] {
  return environmentIds.filter((id) => envSpec(id).render !== undefined);
}

/** Draws `env`'s current state on `canvas` with its task's renderer (the `render` of its spec). */
export function render(ctx: Canvas2D, env: Environment | TaskEnvironment, size?: Partial<FrameSize>): void {
  const draw = isEnvironmentId(env?.id) ? envSpec(env.id as string).render : undefined;
  if (!draw) throw new ConfigurationError(`No renderer for environment ${describe(env?.id)}; renderers exist for: ${renderableIds().join(", ")} (register a spec with render to draw another)`);
  draw(ctx, env, size);
}

export { type Canvas2D, type DrawCall, type FrameSize, RecordingCanvas } from "./canvas.js";
export { renderCartPole, renderAcrobot, renderMountainCar, renderLunarLander };
