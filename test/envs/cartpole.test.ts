// CartPole-v1 against Gymnasium's specification (docs/environments.md), with the expected
// transitions derived in the test from the equations of motion (Barto, Sutton & Anderson 1983,
// as in Gymnasium's source: a cart of 1 kg, a pole of 0.1 kg and half-length 0.5 m).
import { describe, expect, it } from "vitest";
import { CartPole } from "../../bindings/envs/cartpole";
import { makeEnv } from "../../bindings/envs/registry";
import { unwrapped } from "../../bindings/envs/episode-env";
import { ConfigurationError, StateError, ValueError } from "../../bindings/errors";

/** One Euler step written from the Lagrangian form of the cart-pole equations. */
function expectedStep(s: number[], action: number): number[] {
  const [x, v, th, w] = s;
  const g = 9.8, mc = 1, mp = 0.1, l = 0.5, dt = 0.02;
  const F = action === 1 ? 10 : -10;
  // θ̈ = [g sinθ − cosθ (F + mp l ω² sinθ)/(mc+mp)] / [l (4/3 − mp cos²θ/(mc+mp))]
  const m = mc + mp;
  const thAcc = (g * Math.sin(th) - Math.cos(th) * ((F + mp * l * w * w * Math.sin(th)) / m)) / (l * (4 / 3 - (mp * Math.cos(th) ** 2) / m));
  // ẍ = (F + mp l (ω² sinθ − θ̈ cosθ)) / (mc+mp)
  const xAcc = (F + mp * l * (w * w * Math.sin(th) - thAcc * Math.cos(th))) / m;
  return [x + dt * v, v + dt * xAcc, th + dt * w, w + dt * thAcc];
}

describe("CartPole-v1", () => {
  it("has Gymnasium's spaces and time limit", () => {
    const env = makeEnv("CartPole-v1");
    expect(env.id).toBe("CartPole-v1");
    expect(env.actionSpace).toEqual({ kind: "discrete", n: 2 });
    expect(env.observationSpace.shape).toEqual([4]);
    expect(env.observationSpace.high[0]).toBeCloseTo(4.8);
    expect(env.observationSpace.high[2]).toBeCloseTo(0.41887902047863906, 12);
    expect(env.maxEpisodeSteps).toBe(500);
  });

  it.each([
    [[0, 0, 0, 0], 1],
    [[0.1, -0.3, 0.05, 0.2], 0],
    [[-1.5, 1.2, -0.15, -1.1], 1],
    [[2.0, 0.5, 0.18, 2.5], 0],
  ])("steps from %j with action %i as the equations of motion say", (state, action) => {
    const env = new CartPole();
    env.reset({ seed: 0 });
    env.state = state;
    const step = env.step(action);
    const expected = expectedStep(state, action);
    expected.forEach((e, k) => expect(step.observation[k]).toBeCloseTo(e, 12));
    expect(env.state).toEqual(Array.from(step.observation));
    expect(step.observation).toBeInstanceOf(Float64Array);
    expect(step.reward).toBe(1);
  });

  it("terminates exactly when |x| > 2.4 or |θ| > 12°, with reward 1 on the terminating step", () => {
    const env = new CartPole();
    env.reset({ seed: 0 });
    env.state = [2.39, 1.0, 0, 0]; // x becomes 2.41
    const out = env.step(1);
    expect(out.terminated).toBe(true);
    expect(out.reward).toBe(1);
    env.reset();
    env.state = [2.3, 1.0, 0, 0]; // x becomes 2.32
    expect(env.step(1).terminated).toBe(false);
    env.reset();
    env.state = [0, 0, 0.2094, 0.01]; // θ crosses 12° = 0.20944 rad
    expect(env.step(1).terminated).toBe(true);
    env.reset();
    env.state = [0, 0, -0.2094, -0.01];
    expect(env.step(0).terminated).toBe(true);
  });

  it("a finished episode yields no further reward until reset", () => {
    const env = makeEnv("CartPole-v1");
    env.reset({ seed: 0 });
    env.state = [2.39, 1.0, 0, 0];
    env.step(1);
    const after = env.step(1);
    expect(after.reward).toBe(0);
    expect(after.terminated).toBe(true);
  });

  it("truncates at exactly 500 steps", () => {
    const env = makeEnv("CartPole-v1");
    env.reset({ seed: 1 });
    for (let t = 1; t <= 500; t++) {
      env.state = [0, 0, 0, 0]; // hold it balanced
      const step = env.step(t % 2);
      expect(step.terminated).toBe(false);
      expect(step.truncated).toBe(t === 500);
    }
  });

  it("starts in Uniform(±0.05)^4, reproducibly per seed", () => {
    const env = new CartPole();
    const starts = Array.from({ length: 300 }, (_, seed) => Array.from(env.reset({ seed }).observation));
    for (const s of starts) for (const v of s) expect(Math.abs(v)).toBeLessThan(0.05);
    const all = starts.flat();
    expect(Math.min(...all)).toBeLessThan(-0.045);
    expect(Math.max(...all)).toBeGreaterThan(0.045);
    expect(Array.from(env.reset({ seed: 7 }).observation)).toEqual(starts[7]);
    expect(starts[7]).not.toEqual(starts[8]);
    // Without a seed the stream continues: consecutive episodes differ.
    const a = Array.from(env.reset().observation);
    expect(Array.from(env.reset().observation)).not.toEqual(a);
  });

  it("rejects invalid actions, states and out-of-order calls with typed errors", () => {
    const env = makeEnv("CartPole-v1");
    expect(() => env.step(0)).toThrow(StateError);
    env.reset({ seed: 0 });
    for (const bad of [2, -1, 0.5, NaN, "1" as unknown as number]) expect(() => env.step(bad)).toThrow(ValueError);
    expect(() => env.step(2)).toThrow(/action must be 0 or 1/);
    expect(() => (env.state = [0, 0, 0])).toThrow(/state must be 4 finite numbers/);
    expect(() => (env.state = [0, 0, NaN, 0])).toThrow(ValueError);
  });

  it("is made by id, and unknown ids name the known ones", () => {
    expect(unwrapped(makeEnv("CartPole-v1"))).toBeInstanceOf(CartPole);
    // Registered ids are accepted as strings, so an unknown one is caught when made.
    expect(() => makeEnv("Cartpole")).toThrow(ConfigurationError);
    expect(() => makeEnv("Cartpole")).toThrow(/Unknown environment "Cartpole"; expected one of: CartPole-v1/);
  });
});
