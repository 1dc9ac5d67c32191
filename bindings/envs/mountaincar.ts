/**
 * MountainCarContinuous-v0 with Gymnasium's dynamics and reward, including the action cost
 * −0.1·a² on the *unclipped* action and the 999-step limit (docs/environments.md).
 */
import { ValueError, describe } from "../errors.js";
import { ClassicControl, requireState, type ClassicControlOptions } from "./classic-control.js";
import type { Action, BoxSpace, Environment, ResetResult, StepResult } from "./environment.js";

export const MOUNTAIN_CAR = {
  minPosition: -1.2,
  maxPosition: 0.6,
  maxSpeed: 0.07,
  goalPosition: 0.45,
  goalVelocity: 0,
  power: 0.0015,
  maxEpisodeSteps: 999,
} as const;

/** MountainCarContinuous-v0: drive an underpowered car up a hill with a continuous force. */
export class MountainCarContinuous extends ClassicControl implements Environment {
  readonly id = "MountainCarContinuous-v0";
  readonly observationSpace: BoxSpace = {
    kind: "box",
    shape: [2],
    low: [MOUNTAIN_CAR.minPosition, -MOUNTAIN_CAR.maxSpeed],
    high: [MOUNTAIN_CAR.maxPosition, MOUNTAIN_CAR.maxSpeed],
  };
  readonly actionSpace: BoxSpace = { kind: "box", shape: [1], low: [-1], high: [1] };
  private position = 0;
  private velocity = 0;

  constructor(options: ClassicControlOptions = {}) {
    super(options, MOUNTAIN_CAR.maxEpisodeSteps);
  }

  /** [position, velocity] */
  get state(): number[] {
    return [this.position, this.velocity];
  }

  set state(value: number[]) {
    [this.position, this.velocity] = requireState(value, ["position", "velocity"]);
  }

  protected observe(): Float64Array {
    return Float64Array.of(this.position, this.velocity);
  }

  reset(options: { seed?: number } = {}): ResetResult {
    this.beginEpisode(options.seed);
    this.position = this.random.uniformIn(-0.6, -0.4);
    this.velocity = 0;
    return { observation: this.observe(), info: {} };
  }

  step(action: Action): StepResult {
    const a = typeof action === "number" ? action : action?.length === 1 ? action[0] : NaN;
    if (!Number.isFinite(a)) throw new ValueError(`action must be one finite number (an array of length 1); got ${describe(action)}`);
    // Gymnasium clips the force but charges the unclipped action; refuse one whose cost overflows.
    if (!Number.isFinite(a * a)) throw new ValueError(`action ${a} is too large: its cost 0.1·a² is not finite (actions are clipped to [-1, 1] anyway)`);
    const finished = this.finishedEpisode("MountainCarContinuous");
    if (finished) return finished;
    const c = MOUNTAIN_CAR;
    const force = Math.min(Math.max(a, -1), 1);
    this.velocity += force * c.power - 0.0025 * Math.cos(3 * this.position);
    this.velocity = Math.min(Math.max(this.velocity, -c.maxSpeed), c.maxSpeed);
    this.position += this.velocity;
    this.position = Math.min(Math.max(this.position, c.minPosition), c.maxPosition);
    if (this.position === c.minPosition && this.velocity < 0) this.velocity = 0;
    const terminated = this.position >= c.goalPosition && this.velocity >= c.goalVelocity;
    // The action cost uses the action as given, not the clipped force.
    return this.endStep(this.observe(), (terminated ? 100 : 0) - 0.1 * a * a, terminated);
  }
}
