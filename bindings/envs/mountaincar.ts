/**
 * MountainCarContinuous-v0 with Gymnasium's dynamics and reward, including the action cost
 * −0.1·a² on the *unclipped* action and the 999-step limit (docs/environments.md).
 */
import { ValueError, describe } from "../errors.js";
import * as math from "../core/portable-math.js";
import { ClassicControl, type ClassicControlOptions } from "./classic-control.js";
import type { Action, StepResult, TaskEnvironment } from "./environment.js";
import { Box } from "./spaces.js";
import type { StateColumns, TaskKernel } from "./kernel.js";
import type { EnvRandom } from "./seeding.js";

export const MOUNTAIN_CAR = {
  minPosition: -1.2,
  maxPosition: 0.6,
  maxSpeed: 0.07,
  goalPosition: 0.45,
  goalVelocity: 0,
  power: 0.0015,
} as const;

/** MountainCarContinuous's arithmetic on copy k of struct-of-arrays state [position, velocity]; the action is the force. */
export const mountainCarKernel: TaskKernel = {
  stateNames: ["position", "velocity"],
  observationSize: 2,
  // Gymnasium clips the force but charges the unclipped action: refuse one whose cost overflows.
  acceptsAction: (action) => typeof action === "number" && Number.isFinite(action * action),
  actionError: (name, action) =>
    new ValueError(
      typeof action === "number" && Number.isFinite(action)
        ? `${name} ${action} is too large: its cost 0.1·a² is not finite (actions are clipped to [-1, 1] anyway)`
        : `${name} must be a finite number; got ${describe(action)}`,
    ),

  reset(state: StateColumns, k: number, random: EnvRandom): void {
    state[0][k] = random.uniformIn(-0.6, -0.4);
    state[1][k] = 0;
  },

  step(state: StateColumns, k: number, action: number): boolean {
    const c = MOUNTAIN_CAR;
    const positions = state[0];
    const velocities = state[1];
    const force = Math.min(Math.max(action, -1), 1);
    let velocity = velocities[k] + (force * c.power - 0.0025 * math.cos(3 * positions[k]));
    velocity = Math.min(Math.max(velocity, -c.maxSpeed), c.maxSpeed);
    let position = positions[k] + velocity;
    position = Math.min(Math.max(position, c.minPosition), c.maxPosition);
    if (position === c.minPosition && velocity < 0) velocity = 0;
    positions[k] = position;
    velocities[k] = velocity;
    return position >= c.goalPosition && velocity >= c.goalVelocity;
  },

  // The action cost uses the action as given, not the clipped force.
  reward: (terminated, action) => (terminated ? 100 : 0) - 0.1 * action * action,

  observe(state: StateColumns, k: number, out: Float64Array, offset: number): void {
    out[offset] = state[0][k];
    out[offset + 1] = state[1][k];
  },
};

/** MountainCarContinuous-v0's bare task: drive an underpowered car up a hill with a continuous force (`makeEnv` adds the 999-step limit). */
export class MountainCarContinuous extends ClassicControl implements TaskEnvironment {
  readonly id = "MountainCarContinuous-v0";
  readonly observationSpace = new Box([MOUNTAIN_CAR.minPosition, -MOUNTAIN_CAR.maxSpeed], [MOUNTAIN_CAR.maxPosition, MOUNTAIN_CAR.maxSpeed]);
  readonly actionSpace = new Box([-1], [1]);

  constructor(options: ClassicControlOptions = {}) {
    super(mountainCarKernel, options);
  }

  override step(action: Action): StepResult {
    const a = typeof action === "number" ? action : action?.length === 1 ? action[0] : NaN;
    if (!Number.isFinite(a)) throw new ValueError(`action must be one finite number (an array of length 1); got ${describe(action)}`);
    return this.advance(a);
  }
}
