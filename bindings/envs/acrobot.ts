/**
 * Acrobot-v1 with Gymnasium's "book" dynamics: one classical RK4 step of 0.2 s with the torque
 * held, angles wrapped into [−π, π], velocities clipped, 500-step limit (docs/environments.md).
 */
import { ValueError, describe } from "../errors.js";
import { ClassicControl, requireState, type ClassicControlOptions } from "./classic-control.js";
import type { Action, BoxSpace, DiscreteSpace, Environment, ResetResult, StepResult } from "./environment.js";

export const ACROBOT = {
  dt: 0.2,
  linkLength1: 1,
  linkLength2: 1,
  linkMass1: 1,
  linkMass2: 1,
  linkCenter1: 0.5,
  linkCenter2: 0.5,
  linkInertia: 1,
  gravity: 9.8,
  maxVelocity1: 4 * Math.PI,
  maxVelocity2: 9 * Math.PI,
  torques: [-1, 0, 1],
  maxEpisodeSteps: 500,
} as const;

/** Time derivative of (θ1, θ2, θ̇1, θ̇2) under torque τ on the second joint. */
export function acrobotDerivative(s: readonly number[], torque: number): number[] {
  const { linkMass1: m1, linkMass2: m2, linkLength1: l1, linkCenter1: lc1, linkCenter2: lc2, linkInertia: I, gravity: g } = ACROBOT;
  const [theta1, theta2, dtheta1, dtheta2] = s;
  const d1 = m1 * lc1 ** 2 + m2 * (l1 ** 2 + lc2 ** 2 + 2 * l1 * lc2 * Math.cos(theta2)) + I + I;
  const d2 = m2 * (lc2 ** 2 + l1 * lc2 * Math.cos(theta2)) + I;
  const phi2 = m2 * lc2 * g * Math.cos(theta1 + theta2 - Math.PI / 2);
  const phi1 =
    -m2 * l1 * lc2 * dtheta2 ** 2 * Math.sin(theta2) -
    2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * Math.sin(theta2) +
    (m1 * lc1 + m2 * l1) * g * Math.cos(theta1 - Math.PI / 2) +
    phi2;
  // "book" dynamics: includes the −m2·l1·lc2·θ̇1²·sinθ2 term that the "nips" variant omits.
  const ddtheta2 = (torque + (d2 / d1) * phi1 - m2 * l1 * lc2 * dtheta1 ** 2 * Math.sin(theta2) - phi2) / (m2 * lc2 ** 2 + I - d2 ** 2 / d1);
  const ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
  return [dtheta1, dtheta2, ddtheta1, ddtheta2];
}

/** Wraps x into [low, high] by adding or subtracting the range, as Gymnasium's `wrap`. */
export function wrap(x: number, low: number, high: number): number {
  const range = high - low;
  while (x > high) x -= range;
  while (x < low) x += range;
  return x;
}

/** Acrobot-v1: swing a two-link arm's tip above a line within 500 steps (Gymnasium's dynamics). */
export class Acrobot extends ClassicControl implements Environment {
  readonly id = "Acrobot-v1";
  readonly observationSpace: BoxSpace = {
    kind: "box",
    shape: [6],
    low: [-1, -1, -1, -1, -ACROBOT.maxVelocity1, -ACROBOT.maxVelocity2],
    high: [1, 1, 1, 1, ACROBOT.maxVelocity1, ACROBOT.maxVelocity2],
  };
  readonly actionSpace: DiscreteSpace = { kind: "discrete", n: 3 };
  private s = [0, 0, 0, 0];

  constructor(options: ClassicControlOptions = {}) {
    super(options, ACROBOT.maxEpisodeSteps);
  }

  /** (θ1, θ2, θ̇1, θ̇2): θ1 from hanging down, θ2 relative to the first link. */
  get state(): number[] {
    return this.s.slice();
  }

  set state(value: number[]) {
    this.s = requireState(value, ["theta1", "theta2", "dtheta1", "dtheta2"]).slice();
  }

  protected observe(): Float64Array {
    const [t1, t2, v1, v2] = this.s;
    return Float64Array.of(Math.cos(t1), Math.sin(t1), Math.cos(t2), Math.sin(t2), v1, v2);
  }

  reset(options: { seed?: number } = {}): ResetResult {
    this.beginEpisode(options.seed);
    const start = [0, 0, 0, 0].map(() => this.random.uniformIn(-0.1, 0.1));
    // Gymnasium casts the drawn state to float32 (acrobot.py: `.astype(np.float32)`); the legacy
    // stream kept the double, and keeps it so that its recorded runs replay.
    this.s = this.seeding === "gymnasium" ? start.map(Math.fround) : start;
    return { observation: this.observe(), info: {} };
  }

  step(action: Action): StepResult {
    if (action !== 0 && action !== 1 && action !== 2) throw new ValueError(`action must be 0, 1 or 2; got ${describe(action)}`);
    const finished = this.finishedEpisode("Acrobot");
    if (finished) return finished;
    const torque = ACROBOT.torques[action];
    const s = this.s;
    const h = ACROBOT.dt;
    // One classical Runge–Kutta step with the torque held constant.
    const k1 = acrobotDerivative(s, torque);
    const k2 = acrobotDerivative(s.map((x, i) => x + (h / 2) * k1[i]), torque);
    const k3 = acrobotDerivative(s.map((x, i) => x + (h / 2) * k2[i]), torque);
    const k4 = acrobotDerivative(s.map((x, i) => x + h * k3[i]), torque);
    const next = s.map((x, i) => x + (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]));
    next[0] = wrap(next[0], -Math.PI, Math.PI);
    next[1] = wrap(next[1], -Math.PI, Math.PI);
    next[2] = Math.min(Math.max(next[2], -ACROBOT.maxVelocity1), ACROBOT.maxVelocity1);
    next[3] = Math.min(Math.max(next[3], -ACROBOT.maxVelocity2), ACROBOT.maxVelocity2);
    this.s = next;
    const terminated = -Math.cos(next[0]) - Math.cos(next[1] + next[0]) > 1;
    return this.endStep(this.observe(), terminated ? 0 : -1, terminated);
  }
}
