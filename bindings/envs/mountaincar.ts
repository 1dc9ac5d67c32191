/**
 * MountainCarContinuous-v0 with Gymnasium's dynamics and reward, including the action cost
 * −0.1·a² on the *unclipped* action and the 999-step limit (docs/environments.md).
 */
import { StateError, ValueError, describe } from "../errors.js";
import { envRandom, requireEnvSeeding, type EnvRandom, type EnvSeeding, type SeedingOptions } from "./seeding.js";
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
export class MountainCarContinuous implements Environment {
  readonly id = "MountainCarContinuous-v0";
  readonly observationSpace: BoxSpace = {
    kind: "box",
    shape: [2],
    low: [MOUNTAIN_CAR.minPosition, -MOUNTAIN_CAR.maxSpeed],
    high: [MOUNTAIN_CAR.maxPosition, MOUNTAIN_CAR.maxSpeed],
  };
  readonly actionSpace: BoxSpace = { kind: "box", shape: [1], low: [-1], high: [1] };
  readonly maxEpisodeSteps: number;
  /** Whose random stream seeds select (see seeding.ts). */
  readonly seeding: EnvSeeding;
  private readonly random: EnvRandom;
  private position = 0;
  private velocity = 0;
  private elapsedSteps = 0;
  private started = false;
  private done = false;

  constructor(options: SeedingOptions & { maxEpisodeSteps?: number } = {}) {
    this.seeding = requireEnvSeeding("seeding", options.seeding);
    this.random = envRandom(this.seeding, options.seed ?? 0);
    this.maxEpisodeSteps = options.maxEpisodeSteps ?? MOUNTAIN_CAR.maxEpisodeSteps;
  }

  /** [position, velocity] */
  get state(): number[] {
    return [this.position, this.velocity];
  }

  set state(value: number[]) {
    if (!Array.isArray(value) || value.length !== 2 || !value.every(Number.isFinite)) {
      throw new ValueError(`state must be 2 finite numbers [position, velocity]; got ${describe(value)}`);
    }
    [this.position, this.velocity] = value;
  }

  reset(options: { seed?: number } = {}): ResetResult {
    if (options.seed !== undefined) this.random.seed(options.seed);
    this.position = this.random.uniformIn(-0.6, -0.4);
    this.velocity = 0;
    this.elapsedSteps = 0;
    this.started = true;
    this.done = false;
    return { observation: Float64Array.of(this.position, this.velocity), info: {} };
  }

  step(action: Action): StepResult {
    const a = typeof action === "number" ? action : action?.length === 1 ? action[0] : NaN;
    if (!Number.isFinite(a)) throw new ValueError(`action must be one finite number (an array of length 1); got ${describe(action)}`);
    // Gymnasium clips the force but charges the unclipped action; refuse one whose cost overflows.
    if (!Number.isFinite(a * a)) throw new ValueError(`action ${a} is too large: its cost 0.1·a² is not finite (actions are clipped to [-1, 1] anyway)`);
    if (!this.started) throw new StateError("MountainCarContinuous: call reset() before step()");
    if (this.done) return { observation: Float64Array.of(this.position, this.velocity), reward: 0, terminated: true, truncated: false, info: {} };
    const c = MOUNTAIN_CAR;
    const force = Math.min(Math.max(a, -1), 1);
    this.velocity += force * c.power - 0.0025 * Math.cos(3 * this.position);
    this.velocity = Math.min(Math.max(this.velocity, -c.maxSpeed), c.maxSpeed);
    this.position += this.velocity;
    this.position = Math.min(Math.max(this.position, c.minPosition), c.maxPosition);
    if (this.position === c.minPosition && this.velocity < 0) this.velocity = 0;
    this.elapsedSteps++;
    const terminated = this.position >= c.goalPosition && this.velocity >= c.goalVelocity;
    const truncated = this.elapsedSteps >= this.maxEpisodeSteps;
    this.done = terminated || truncated;
    // The action cost uses the action as given, not the clipped force.
    const reward = (terminated ? 100 : 0) - 0.1 * a * a;
    return { observation: Float64Array.of(this.position, this.velocity), reward, terminated, truncated, info: { elapsedSteps: this.elapsedSteps } };
  }
}
