/**
 * CartPole-v1 with Gymnasium's dynamics (explicit Euler, τ = 0.02 s), termination, reward and
 * 500-step time limit (docs/environments.md). Dynamics only; rendering lives elsewhere.
 */
import { ValueError, describe } from "../errors.js";
import * as math from "../core/portable-math.js";
import { ClassicControl, type ClassicControlOptions } from "./classic-control.js";
import type { TaskEnvironment } from "./environment.js";
import { Box, Discrete } from "./spaces.js";
import type { StateColumns, TaskKernel } from "./kernel.js";
import type { EnvRandom } from "./seeding.js";

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
} as const;

/** CartPole's arithmetic on copy k of struct-of-arrays state [x, x_dot, theta, theta_dot]. */
export const cartPoleKernel: TaskKernel = {
  stateNames: ["x", "x_dot", "theta", "theta_dot"],
  observationSize: 4,
  acceptsAction: (action) => action === 0 || action === 1,
  actionError: (name, action) => new ValueError(`${name} must be 0 or 1; got ${describe(action)}`),

  reset(state: StateColumns, k: number, random: EnvRandom): void {
    for (const column of state) column[k] = random.uniformIn(-0.05, 0.05);
  },

  step(state: StateColumns, k: number, action: number): boolean {
    const c = CARTPOLE;
    const x = state[0][k];
    const xDot = state[1][k];
    const theta = state[2][k];
    const thetaDot = state[3][k];
    const force = action === 1 ? c.forceMagnitude : -c.forceMagnitude;
    const cos = math.cos(theta);
    const sin = math.sin(theta);
    const temp = (force + c.poleMassLength * (thetaDot * thetaDot) * sin) / c.totalMass;
    const thetaAcc = (c.gravity * sin - cos * temp) / (c.halfLength * (4 / 3 - (c.massPole * (cos * cos)) / c.totalMass));
    const xAcc = temp - (c.poleMassLength * thetaAcc * cos) / c.totalMass;
    // Euler: positions advance with the old velocities.
    const nextX = x + c.tau * xDot;
    const nextTheta = theta + c.tau * thetaDot;
    state[0][k] = nextX;
    state[1][k] = xDot + c.tau * xAcc;
    state[2][k] = nextTheta;
    state[3][k] = thetaDot + c.tau * thetaAcc;
    return nextX < -c.xThreshold || nextX > c.xThreshold || nextTheta < -c.thetaThreshold || nextTheta > c.thetaThreshold;
  },

  reward: () => 1,

  observe(state: StateColumns, k: number, out: Float64Array, offset: number): void {
    for (let i = 0; i < 4; i++) out[offset + i] = state[i][k];
  },
};

/** CartPole-v1's bare task: keep a pole balanced on a cart (Gymnasium's dynamics; `makeEnv` adds the 500-step limit). */
export class CartPole extends ClassicControl implements TaskEnvironment {
  readonly id = "CartPole-v1";
  readonly observationSpace = new Box(
    [-2 * CARTPOLE.xThreshold, -Infinity, -2 * CARTPOLE.thetaThreshold, -Infinity],
    [2 * CARTPOLE.xThreshold, Infinity, 2 * CARTPOLE.thetaThreshold, Infinity],
  );
  readonly actionSpace = new Discrete(2);

  constructor(options: ClassicControlOptions = {}) {
    super(cartPoleKernel, options);
  }
}
