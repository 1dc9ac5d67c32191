// Acrobot-v1 against its specification (docs/environments.md). Expected transitions are computed
// from the mass-matrix form of the book equations, M(θ)·θ̈ = f, solved by Cramer's rule.
import { describe, expect, it } from "vitest";
import { Acrobot } from "../../bindings/envs/acrobot";
import { makeEnv } from "../../bindings/envs/registry";
import { StateError, ValueError } from "../../bindings/errors";

function accelerations(s: number[], torque: number): [number, number] {
  const [t1, t2, v1, v2] = s;
  const m = 1, l = 1, lc = 0.5, I = 1, g = 9.8;
  const m11 = m * lc * lc + m * (l * l + lc * lc + 2 * l * lc * Math.cos(t2)) + 2 * I;
  const m12 = m * (lc * lc + l * lc * Math.cos(t2)) + I;
  const m22 = m * lc * lc + I;
  const gravity2 = m * lc * g * Math.cos(t1 + t2 - Math.PI / 2);
  const h1 = -m * l * lc * v2 * v2 * Math.sin(t2) - 2 * m * l * lc * v2 * v1 * Math.sin(t2) + (m * lc + m * l) * g * Math.cos(t1 - Math.PI / 2) + gravity2;
  const f1 = -h1;
  const f2 = torque - gravity2 - m * l * lc * v1 * v1 * Math.sin(t2);
  const det = m11 * m22 - m12 * m12;
  return [(f1 * m22 - m12 * f2) / det, (m11 * f2 - m12 * f1) / det];
}

function expectedStep(s: number[], action: number): number[] {
  const torque = action - 1;
  const f = (y: number[]) => {
    const [a1, a2] = accelerations(y, torque);
    return [y[2], y[3], a1, a2];
  };
  const h = 0.2;
  const add = (y: number[], k: number[], c: number) => y.map((v, i) => v + c * k[i]);
  const k1 = f(s);
  const k2 = f(add(s, k1, h / 2));
  const k3 = f(add(s, k2, h / 2));
  const k4 = f(add(s, k3, h));
  const y = s.map((v, i) => v + (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]));
  const wrapAngle = (x: number) => {
    while (x > Math.PI) x -= 2 * Math.PI;
    while (x < -Math.PI) x += 2 * Math.PI;
    return x;
  };
  return [wrapAngle(y[0]), wrapAngle(y[1]), Math.max(-4 * Math.PI, Math.min(4 * Math.PI, y[2])), Math.max(-9 * Math.PI, Math.min(9 * Math.PI, y[3]))];
}

describe("Acrobot-v1", () => {
  it("has Gymnasium's spaces and time limit", () => {
    const env = makeEnv("Acrobot-v1");
    expect(env.id).toBe("Acrobot-v1");
    expect(env.actionSpace).toEqual({ kind: "discrete", n: 3 });
    expect(env.observationSpace.shape).toEqual([6]);
    expect(env.observationSpace.high[4]).toBeCloseTo(4 * Math.PI);
    expect(env.observationSpace.high[5]).toBeCloseTo(9 * Math.PI);
    expect(env.maxEpisodeSteps).toBe(500);
  });

  it.each([
    [[0, 0, 0, 0], 0],
    [[0.05, -0.08, 0.02, 0.1], 1],
    [[1.2, -0.7, 2.5, -3.0], 2],
    [[-2.9, 2.5, -6.0, 12.0], 0],
    [[3.0, 3.1, 4.0, 9.0], 2],
  ])("steps from %j with action %i by RK4 of the book equations", (state, action) => {
    const env = new Acrobot();
    env.reset({ seed: 0 });
    env.state = state;
    const step = env.step(action);
    const expected = expectedStep(state, action);
    expected.forEach((e, k) => expect(env.state[k]).toBeCloseTo(e, 10));
    const [t1, t2, v1, v2] = env.state;
    expect(Array.from(step.observation)).toEqual([Math.cos(t1), Math.sin(t1), Math.cos(t2), Math.sin(t2), v1, v2]);
    expect(step.observation).toBeInstanceOf(Float64Array);
  });

  it("keeps angles in [−π, π] and velocities within their bounds", () => {
    const env = new Acrobot();
    env.reset({ seed: 0 });
    env.state = [3.1, -3.1, 4 * Math.PI, -9 * Math.PI];
    for (let t = 0; t < 50; t++) {
      env.step(t % 3);
      const [t1, t2, v1, v2] = env.state;
      expect(Math.abs(t1)).toBeLessThanOrEqual(Math.PI);
      expect(Math.abs(t2)).toBeLessThanOrEqual(Math.PI);
      expect(Math.abs(v1)).toBeLessThanOrEqual(4 * Math.PI);
      expect(Math.abs(v2)).toBeLessThanOrEqual(9 * Math.PI);
    }
  });

  it("terminates when the tip rises above one link length, with reward 0; −1 otherwise", () => {
    const env = new Acrobot();
    env.reset({ seed: 0 });
    env.state = [Math.PI, 0, 0, 0]; // pointing straight up: −cos θ1 − cos(θ1+θ2) = 2
    const up = env.step(1);
    expect(up.terminated).toBe(true);
    expect(up.reward).toBe(0);
    env.reset({ seed: 0 });
    const down = env.step(1);
    expect(down.terminated).toBe(false);
    expect(down.reward).toBe(-1);
  });

  it("truncates at exactly 500 steps", () => {
    const env = makeEnv("Acrobot-v1");
    env.reset({ seed: 2 });
    for (let t = 1; t <= 500; t++) {
      env.state = [0, 0, 0, 0];
      const step = env.step(1);
      expect(step.terminated).toBe(false);
      expect(step.truncated).toBe(t === 500);
    }
  });

  it("starts in Uniform(±0.1)^4, reproducibly per seed", () => {
    const env = new Acrobot();
    const starts = Array.from({ length: 200 }, (_, seed) => (env.reset({ seed }), env.state));
    const all = starts.flat();
    expect(Math.max(...all.map(Math.abs))).toBeLessThan(0.1);
    expect(Math.max(...all)).toBeGreaterThan(0.09);
    env.reset({ seed: 11 });
    expect(env.state).toEqual(starts[11]);
    expect(starts[11]).not.toEqual(starts[12]);
  });

  it("rejects invalid actions, states and out-of-order calls with typed errors", () => {
    const env = makeEnv("Acrobot-v1");
    expect(() => env.step(0)).toThrow(StateError);
    env.reset({ seed: 0 });
    for (const bad of [3, -1, 1.5, NaN]) expect(() => env.step(bad)).toThrow(ValueError);
    expect(() => (env.state = [0, 0, 0])).toThrow(/state must be 4 finite numbers/);
  });
});
