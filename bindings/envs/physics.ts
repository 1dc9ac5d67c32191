/**
 * planck.js, LunarLander's physics, loaded only when a LunarLander is made: it is most of the
 * library's JavaScript (about 4× everything else), and CartPole, Acrobot and MountainCar never
 * need it. `await loadLunarLander()` loads it anywhere (bundlers put it in a chunk of its own);
 * in Node, creating a LunarLander without that call loads it synchronously with `require`.
 */
import type * as Planck from "planck";
import { StateError } from "../errors.js";
import { requireInNode } from "../core/host.js";

export type Physics = typeof Planck;

let physics: Physics | undefined;

/** Loads LunarLander's physics engine (planck.js); after it, makeEnv("LunarLander-v2") works in every runtime. */
export async function loadLunarLander(): Promise<void> {
  physics ??= (await import("planck")) as Physics;
}

/** Supplies an already imported planck module (the self-contained browser bundle does this). */
export function providePhysics(module: Physics): void {
  physics ??= module;
}

/** The loaded physics engine; in Node loaded on first use, elsewhere `loadLunarLander()` must have run. */
export function lunarPhysics(id: string): Physics {
  try {
    physics ??= requireInNode<Physics>("planck");
  } catch (cause) {
    throw new StateError(`${id} needs planck.js, which could not be loaded (${cause instanceof Error ? cause.message.split("\n")[0] : String(cause)}); it is a dependency of coagent: reinstall, or \`npm install planck\``);
  }
  if (!physics) throw new StateError(`${id} needs its physics engine (planck.js) loaded first: \`await loadLunarLander()\` before makeEnv("${id}") or new LunarLander()`);
  return physics;
}
