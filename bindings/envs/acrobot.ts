/**
 * Acrobot-v1 with Gymnasium's "book" dynamics: one classical RK4 step of 0.2 s with the torque
 * held, angles wrapped into [−π, π], velocities clipped, 500-step limit (docs/environments.md).
 */
import { ValueError, describe } from "../errors.js";
import * as math from "../core/portable-math.js";
import { ClassicControl, type ClassicControlOptions } from "./classic-control.js";
import type { TaskEnvironment } from "./environment.js";
import { Box, Discrete } from "./spaces.js";
import type { StateColumns, TaskKernel } from "./kernel.js";
import type { EnvRandom, EnvSeeding } from "./seeding.js";

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
} as const;

/** Where `accelerate` leaves (θ̈1, θ̈2): the RK4 step allocates nothing. */
const acceleration = new Float64Array(2);

/**
 * The angular accelerations (θ̈1, θ̈2) at (θ1, θ2, θ̇1, θ̇2) under torque τ on the second joint,
 * written to `acceleration`; the rest of the time derivative is the velocities themselves.
 */
function accelerate(theta1: number, theta2: number, dtheta1: number, dtheta2: number, torque: number): void {
  const { linkMass1: m1, linkMass2: m2, linkLength1: l1, linkCenter1: lc1, linkCenter2: lc2, linkInertia: I, gravity: g } = ACROBOT;
  const d1 = m1 * (lc1 * lc1) + m2 * (l1 * l1 + lc2 * lc2 + 2 * l1 * lc2 * math.cos(theta2)) + I + I;
  const d2 = m2 * (lc2 * lc2 + l1 * lc2 * math.cos(theta2)) + I;
  const phi2 = m2 * lc2 * g * math.cos(theta1 + theta2 - Math.PI / 2);
  const phi1 =
    -m2 * l1 * lc2 * (dtheta2 * dtheta2) * math.sin(theta2) -
    2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * math.sin(theta2) +
    (m1 * lc1 + m2 * l1) * g * math.cos(theta1 - Math.PI / 2) +
    phi2;
  // "book" dynamics: includes the −m2·l1·lc2·θ̇1²·sinθ2 term that the "nips" variant omits.
  const ddtheta2 = (torque + (d2 / d1) * phi1 - m2 * l1 * lc2 * (dtheta1 * dtheta1) * math.sin(theta2) - phi2) / (m2 * (lc2 * lc2) + I - (d2 * d2) / d1);
  acceleration[0] = -(d2 * ddtheta2 + phi1) / d1;
  acceleration[1] = ddtheta2;
}

/** Wraps x into [low, high] by adding or subtracting the range, as Gymnasium's `wrap`. */
export function wrap(x: number, low: number, high: number): number {
  const range = high - low;
  while (x > high) x -= range;
  while (x < low) x += range;
  return x;
}

/** The RK4 update of one state variable: x + h/6·(k1 + 2·k2 + 2·k3 + k4). */
function rk4(x: number, k1: number, k2: number, k3: number, k4: number): number {
  return x + (ACROBOT.dt / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
}

/** Acrobot's arithmetic on copy k of struct-of-arrays state [θ1, θ2, θ̇1, θ̇2]: θ1 from hanging down, θ2 relative to the first link. */
export const acrobotKernel: TaskKernel = {
  stateNames: ["theta1", "theta2", "dtheta1", "dtheta2"],
  observationSize: 6,
  acceptsAction: (action) => action === 0 || action === 1 || action === 2,
  actionError: (name, action) => new ValueError(`${name} must be 0, 1 or 2; got ${describe(action)}`),

  reset(state: StateColumns, k: number, random: EnvRandom, seeding: EnvSeeding): void {
    // All four draws come before any cast, in state order. Gymnasium casts the drawn state to
    // float32 (acrobot.py: `.astype(np.float32)`); the legacy stream kept the double, and keeps
    // it so that its recorded runs replay.
    for (const column of state) column[k] = random.uniformIn(-0.1, 0.1);
    if (seeding === "gymnasium") for (const column of state) column[k] = Math.fround(column[k]);
  },

  step(state: StateColumns, k: number, action: number): boolean {
    const torque = ACROBOT.torques[action];
    const t1 = state[0][k];
    const t2 = state[1][k];
    const v1 = state[2][k];
    const v2 = state[3][k];
    const h = ACROBOT.dt;
    // One classical Runge–Kutta step with the torque held constant; stage i's derivative is
    // (velocity of stage i, acceleration of stage i).
    accelerate(t1, t2, v1, v2, torque);
    const a1 = acceleration[0];
    const b1 = acceleration[1];
    const u2 = v1 + (h / 2) * a1;
    const w2 = v2 + (h / 2) * b1;
    accelerate(t1 + (h / 2) * v1, t2 + (h / 2) * v2, u2, w2, torque);
    const a2 = acceleration[0];
    const b2 = acceleration[1];
    const u3 = v1 + (h / 2) * a2;
    const w3 = v2 + (h / 2) * b2;
    accelerate(t1 + (h / 2) * u2, t2 + (h / 2) * w2, u3, w3, torque);
    const a3 = acceleration[0];
    const b3 = acceleration[1];
    const u4 = v1 + h * a3;
    const w4 = v2 + h * b3;
    accelerate(t1 + h * u3, t2 + h * w3, u4, w4, torque);
    const a4 = acceleration[0];
    const b4 = acceleration[1];
    const next1 = wrap(rk4(t1, v1, u2, u3, u4), -Math.PI, Math.PI);
    const next2 = wrap(rk4(t2, v2, w2, w3, w4), -Math.PI, Math.PI);
    state[0][k] = next1;
    state[1][k] = next2;
    state[2][k] = Math.min(Math.max(rk4(v1, a1, a2, a3, a4), -ACROBOT.maxVelocity1), ACROBOT.maxVelocity1);
    state[3][k] = Math.min(Math.max(rk4(v2, b1, b2, b3, b4), -ACROBOT.maxVelocity2), ACROBOT.maxVelocity2);
    return -math.cos(next1) - math.cos(next2 + next1) > 1;
  },

  reward: (terminated) => (terminated ? 0 : -1),

  observe(state: StateColumns, k: number, out: Float64Array, offset: number): void {
    const t1 = state[0][k];
    const t2 = state[1][k];
    out[offset] = math.cos(t1);
    out[offset + 1] = math.sin(t1);
    out[offset + 2] = math.cos(t2);
    out[offset + 3] = math.sin(t2);
    out[offset + 4] = state[2][k];
    out[offset + 5] = state[3][k];
  },
};

/** Acrobot-v1's bare task: swing a two-link arm's tip above a line (Gymnasium's dynamics; `makeEnv` adds the 500-step limit). */
export class Acrobot extends ClassicControl implements TaskEnvironment {
  readonly id = "Acrobot-v1";
  readonly observationSpace = new Box([-1, -1, -1, -1, -ACROBOT.maxVelocity1, -ACROBOT.maxVelocity2], [1, 1, 1, 1, ACROBOT.maxVelocity1, ACROBOT.maxVelocity2]);
  readonly actionSpace = new Discrete(3);

  constructor(options: ClassicControlOptions = {}) {
    super(acrobotKernel, options);
  }
}
