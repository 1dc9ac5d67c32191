// MountainCarContinuous-v0 against its specification (docs/environments.md).
import { describe, expect, it } from "vitest";
import { MountainCarContinuous } from "../../bindings/envs/mountaincar";
import { makeEnv } from "../../bindings/envs/registry";
import { StateError, ValueError } from "../../bindings/errors";

function expected(position: number, velocity: number, a: number): [number, number] {
  let v = velocity + Math.max(-1, Math.min(1, a)) * 0.0015 - 0.0025 * Math.cos(3 * position);
  v = Math.max(-0.07, Math.min(0.07, v));
  let p = Math.max(-1.2, Math.min(0.6, position + v));
  if (p === -1.2 && v < 0) v = 0;
  return [p, v];
}

describe("MountainCarContinuous-v0", () => {
  it("has Gymnasium's spaces and time limit", () => {
    const env = makeEnv("MountainCarContinuous-v0");
    expect(env.actionSpace).toEqual({ kind: "box", shape: [1], low: [-1], high: [1] });
    expect(env.observationSpace.low).toEqual([-1.2, -0.07]);
    expect(env.maxEpisodeSteps).toBe(999);
  });

  it.each([
    [-0.5, 0, 1],
    [-0.3, 0.02, -0.4],
    [0.2, -0.05, 0.7],
    [-1.19, -0.06, -1], // hits the left wall: velocity reset to 0
    [-0.8, 0.069, 1], // velocity clipped to 0.07
  ])("steps from position %d, velocity %d with force %d", (p, v, a) => {
    const env = new MountainCarContinuous();
    env.reset({ seed: 0 });
    env.state = [p, v];
    const step = env.step([a]);
    const [ep, ev] = expected(p, v, a);
    expect(step.observation[0]).toBeCloseTo(ep, 14);
    expect(step.observation[1]).toBeCloseTo(ev, 14);
    expect(step.reward).toBeCloseTo(-0.1 * a * a, 14);
  });

  it("applies the left-wall rule", () => {
    const env = new MountainCarContinuous();
    env.reset({ seed: 0 });
    env.state = [-1.19, -0.06];
    env.step([-1]);
    expect(env.state[0]).toBe(-1.2);
    expect(env.state[1]).toBe(0);
  });

  it("clips the force but charges the unclipped action", () => {
    const env = new MountainCarContinuous();
    env.reset({ seed: 0 });
    env.state = [-0.5, 0];
    const step = env.step(Float32Array.of(2));
    expect(step.observation[1]).toBeCloseTo(expected(-0.5, 0, 1)[1], 14);
    expect(step.reward).toBeCloseTo(-0.4, 12);
  });

  it("terminates at the goal with reward 100 − 0.1a²", () => {
    const env = new MountainCarContinuous();
    env.reset({ seed: 0 });
    env.state = [0.44, 0.02];
    const step = env.step([0.5]);
    expect(step.terminated).toBe(true);
    expect(step.reward).toBeCloseTo(100 - 0.025, 12);
  });

  it("truncates at exactly 999 steps", () => {
    const env = makeEnv("MountainCarContinuous-v0");
    env.reset({ seed: 0 });
    for (let t = 1; t <= 999; t++) {
      env.state = [-0.5, 0];
      const step = env.step([0]);
      expect(step.truncated).toBe(t === 999);
      expect(step.terminated).toBe(false);
    }
  });

  it("starts at position Uniform(−0.6, −0.4) with velocity 0, reproducibly", () => {
    const env = new MountainCarContinuous();
    const starts = Array.from({ length: 200 }, (_, seed) => Array.from(env.reset({ seed }).observation));
    for (const [p, v] of starts) {
      expect(p).toBeGreaterThanOrEqual(-0.6);
      expect(p).toBeLessThan(-0.4);
      expect(v).toBe(0);
    }
    expect(Array.from(env.reset({ seed: 5 }).observation)).toEqual(starts[5]);
  });

  it("rejects bad actions and out-of-order calls with typed errors", () => {
    const env = makeEnv("MountainCarContinuous-v0");
    expect(() => env.step([0])).toThrow(StateError);
    env.reset({ seed: 0 });
    for (const bad of [[NaN], [0, 1], [], "x"] as unknown[]) expect(() => env.step(bad as number[])).toThrow(ValueError);
  });
});
