/**
 * CartPole-v1 with Gymnasium's dynamics (explicit Euler, τ = 0.02 s), termination, reward and
 * 500-step time limit (docs/environments.md). Dynamics only; rendering lives elsewhere.
 */
import { ValueError, describe } from "../errors.js";
import { ClassicControl, requireState, type ClassicControlOptions } from "./classic-control.js";
import type { Action, BoxSpace, DiscreteSpace, Environment, ResetResult, StepResult } from "./environment.js";

export const CARTPOLE = {
  gravity: 9.8,
  massCart: 1.0,
  massPole: 0.1,
  totalMass: 1.1,
  halfLength: 0.5,
  poleMassLength: 0.05,
  forceMagnitude: 10.0,
  tau: 0.02,
  thetaThreshold: (12 * 2 * Math.PI) / 360,
  xThreshold: 2.4,
  maxEpisodeSteps: 500,
} as const;

/** CartPole-v1: keep a pole balanced on a cart for up to 500 steps (Gymnasium's dynamics). */
export class CartPole extends ClassicControl implements Environment {
  readonly id = "CartPole-v1";
  readonly observationSpace: BoxSpace = {
    kind: "box",
    shape: [4],
    low: [-2 * CARTPOLE.xThreshold, -Infinity, -2 * CARTPOLE.thetaThreshold, -Infinity],
    high: [2 * CARTPOLE.xThreshold, Infinity, 2 * CARTPOLE.thetaThreshold, Infinity],
  };
  readonly actionSpace: DiscreteSpace = { kind: "discrete", n: 2 };
  private x = 0;
  private xDot = 0;
  private theta = 0;
  private thetaDot = 0;

  constructor(options: ClassicControlOptions = {}) {
    super(options, CARTPOLE.maxEpisodeSteps);
  }

  /** [x, x_dot, theta, theta_dot] */
  get state(): number[] {
    return [this.x, this.xDot, this.theta, this.thetaDot];
  }

  set state(value: number[]) {
    [this.x, this.xDot, this.theta, this.thetaDot] = requireState(value, ["x", "x_dot", "theta", "theta_dot"]);
  }

  protected observe(): Float64Array {
    return Float64Array.of(this.x, this.xDot, this.theta, this.thetaDot);
  }

  reset(options: { seed?: number } = {}): ResetResult {
    this.beginEpisode(options.seed);
    this.x = this.random.uniformIn(-0.05, 0.05);
    this.xDot = this.random.uniformIn(-0.05, 0.05);
    this.theta = this.random.uniformIn(-0.05, 0.05);
    this.thetaDot = this.random.uniformIn(-0.05, 0.05);
    return { observation: this.observe(), info: {} };
  }

  step(action: Action): StepResult {
    if (action !== 0 && action !== 1) throw new ValueError(`action must be 0 or 1; got ${describe(action)}`);
    const finished = this.finishedEpisode("CartPole");
    if (finished) return finished;
    const c = CARTPOLE;
    const force = action === 1 ? c.forceMagnitude : -c.forceMagnitude;
    const cos = Math.cos(this.theta);
    const sin = Math.sin(this.theta);
    const temp = (force + c.poleMassLength * this.thetaDot ** 2 * sin) / c.totalMass;
    const thetaAcc = (c.gravity * sin - cos * temp) / (c.halfLength * (4 / 3 - (c.massPole * cos ** 2) / c.totalMass));
    const xAcc = temp - (c.poleMassLength * thetaAcc * cos) / c.totalMass;
    // Euler: positions advance with the old velocities.
    this.x += c.tau * this.xDot;
    this.xDot += c.tau * xAcc;
    this.theta += c.tau * this.thetaDot;
    this.thetaDot += c.tau * thetaAcc;
    const terminated = this.x < -c.xThreshold || this.x > c.xThreshold || this.theta < -c.thetaThreshold || this.theta > c.thetaThreshold;
    return this.endStep(this.observe(), 1, terminated);
  }
}
