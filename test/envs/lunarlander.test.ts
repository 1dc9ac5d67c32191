// LunarLander against Gymnasium's specification (docs/environments.md): spaces, seeding, physical
// sanity of the Box2D (planck.js) world, the reward and endings, and a scripted controller that
// must land.
import { describe, expect, it } from "vitest";
import { LUNAR, LunarLander, WORLD_HEIGHT } from "../../bindings/envs/lunarlander";
import { makeEnv } from "../../bindings/envs/registry";
import { StateError, ValueError } from "../../bindings/errors";

const HALF_H = WORLD_HEIGHT / 2;
const PAD_Y = WORLD_HEIGHT / 4;
/** Lander, leg 0, leg 1 bodies at rest (x, y, angle, vx, vy, ω) around a lander origin at (x, y). */
function restingState(x: number, y: number, vx = 0, vy = 0, angle = 0): number[] {
  const legs = [-1, 1].flatMap((i) => [x - (i * LUNAR.legAway) / LUNAR.scale, y, i * 0.05, vx, vy, 0]);
  return [x, y, angle, vx, vy, 0, ...legs, 0, 0, 0, 0, 0];
}

/** The state after the legs have swung to their joint limits in flight, moved to lander origin (x, y) and stopped. */
function settledState(x: number, y: number, vx = 0, vy = 0): number[] {
  const env = new LunarLander();
  env.reset({ seed: 0 });
  env.state = restingState(10, 12);
  for (let k = 0; k < 40; k++) env.step(0);
  const s = env.state;
  const dx = x - s[0];
  const dy = y - s[1];
  for (let b = 0; b < 3; b++) {
    s[6 * b] += dx;
    s[6 * b + 1] += dy;
    s[6 * b + 3] = vx;
    s[6 * b + 4] = vy;
    s[6 * b + 5] = 0;
  }
  s[2] = 0;
  return s;
}

/** Areas (density 5 for the hull, 1 for the legs) give the masses, independently of planck. */
function masses(): number[] {
  const v = LUNAR.landerPolygon.map(([x, y]) => [x / LUNAR.scale, y / LUNAR.scale]);
  let area = 0;
  for (let k = 0; k < v.length; k++) area += v[k][0] * v[(k + 1) % v.length][1] - v[(k + 1) % v.length][0] * v[k][1];
  const leg = ((2 * LUNAR.legWidth) / LUNAR.scale) * ((2 * LUNAR.legHeight) / LUNAR.scale);
  return [5 * Math.abs(area / 2), leg, leg];
}

/** A PD controller on tilt and descent rate, written for this test. */
function pilot(o: Float64Array): { discrete: number; continuous: [number, number] } {
  const targetAngle = Math.min(Math.max(0.5 * o[0] + o[2], -0.4), 0.4); // lean towards the pad
  const targetHeight = 0.55 * Math.abs(o[0]);
  let turn = 0.5 * (targetAngle - o[4]) - o[5];
  let lift = 0.5 * (targetHeight - o[1]) - 0.5 * o[3];
  if (o[6] || o[7]) {
    turn = 0;
    lift = -0.5 * o[3];
  }
  const discrete = lift > Math.abs(turn) && lift > 0.05 ? 2 : turn < -0.05 ? 3 : turn > 0.05 ? 1 : 0;
  return { discrete, continuous: [Math.min(Math.max(20 * lift - 1, -1), 1), Math.min(Math.max(-20 * turn, -1), 1)] };
}

function fly(env: LunarLander, seed: number, continuous: boolean): number {
  let o = env.reset({ seed }).observation;
  let total = 0;
  for (;;) {
    const a = pilot(o);
    const step = env.step(continuous ? a.continuous : a.discrete);
    total += step.reward;
    if (step.terminated || step.truncated) return total;
    o = step.observation;
  }
}

describe("LunarLander", () => {
  it("registers v2, v3 and the continuous versions with Gymnasium's spaces and time limit", () => {
    const v2 = makeEnv("LunarLander-v2");
    expect(v2.actionSpace).toEqual({ kind: "discrete", n: 4 });
    expect(v2.observationSpace.shape).toEqual([8]);
    expect(v2.observationSpace.high[0]).toBe(Infinity);
    expect(v2.maxEpisodeSteps).toBe(1000);
    const v3 = makeEnv("LunarLander-v3");
    expect(v3.observationSpace.high).toEqual([2.5, 2.5, 10, 10, 2 * Math.PI, 10, 1, 1]);
    const c = makeEnv("LunarLanderContinuous-v3");
    expect(c.actionSpace).toEqual({ kind: "box", shape: [2], low: [-1, -1], high: [1, 1] });
  });

  it("reproduces episodes from a seed; other seeds give other terrain and pushes", () => {
    const run = (seed: number) => {
      const env = new LunarLander();
      const out = [Array.from(env.reset({ seed }).observation)];
      for (let k = 0; k < 60; k++) out.push(Array.from(env.step(k % 4).observation));
      return out;
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
    const a = new LunarLander();
    a.reset({ seed: 1 });
    const b = new LunarLander();
    b.reset({ seed: 2 });
    expect(a.snapshot().terrain).not.toEqual(b.snapshot().terrain);
  });

  it("builds the terrain with a flat helipad between x = 8 and 12 at a height of 0.99·H/4", () => {
    const env = new LunarLander();
    env.reset({ seed: 3 });
    const { terrain, helipad } = env.snapshot();
    expect(terrain.map((p) => p.x)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
    for (const k of [4, 5, 6]) expect(terrain[k].y).toBeCloseTo(0.99 * PAD_Y, 12);
    expect(helipad).toEqual({ x1: 8, x2: 12, y: PAD_Y });
    expect(terrain.every((p) => p.y >= 0 && p.y <= 0.99 * (WORLD_HEIGHT / 2))).toBe(true);
    // The getter gives the same ground; a copy, so a renderer cannot move it.
    const ground = env.terrain;
    expect(ground.y).toEqual(terrain.map((p) => p.y));
    expect(ground.helipad).toEqual(helipad);
    ground.y[0] = -1;
    expect(env.terrain.y[0]).toBe(terrain[0].y);
    expect(() => new LunarLander().terrain).toThrow(StateError);
  });

  it("falls at the world's gravity (10 m/s²) when no engine fires", () => {
    const env = new LunarLander();
    env.reset({ seed: 0 });
    env.state = settledState(10, 11);
    const m = masses();
    // The joints only exchange internal forces: the momentum of hull + legs changes by M·g·dt.
    const momentum = (s: number[]) => [0, 1, 2].reduce((p, b) => p + m[b] * s[6 * b + 4], 0);
    const before = momentum(env.state);
    const first = env.step(0).observation;
    const after = momentum(env.state);
    expect((after - before) / (m[0] + m[1] + m[2])).toBeCloseTo(-10 / LUNAR.fps, 10);
    // The hull alone, legs hanging at their limits, falls at nearly the same rate.
    const second = env.step(0).observation;
    expect((second[3] - first[3]) / (HALF_H / LUNAR.fps)).toBeCloseTo(-10 / LUNAR.fps, 2);
  });

  it("the main engine slows a descent; the side engines turn the lander opposite ways", () => {
    const after = (action: number, steps = 5) => {
      const env = new LunarLander();
      env.reset({ seed: 0 });
      env.state = restingState(10, 11, 0, -2);
      let o = env.step(action).observation;
      for (let k = 1; k < steps; k++) o = env.step(action).observation;
      return o;
    };
    const noop = after(0);
    expect(after(2)[3]).toBeGreaterThan(noop[3] + 0.05);
    const left = after(1);
    const right = after(3);
    expect(Math.sign(left[5])).toBe(-Math.sign(right[5]));
    expect(Math.abs(left[5])).toBeGreaterThan(0.01);
    // Firing costs fuel: 0.3 per main-engine step, 0.03 per side-engine step.
    const env = new LunarLander();
    env.reset({ seed: 0 });
    env.state = restingState(10, 11);
    const o0 = env.step(0).observation;
    const step = env.step(2);
    const shaping = (o: Float64Array) => -100 * Math.hypot(o[0], o[1]) - 100 * Math.hypot(o[2], o[3]) - 100 * Math.abs(o[4]) + 10 * o[6] + 10 * o[7];
    expect(step.reward).toBeCloseTo(shaping(step.observation) - shaping(o0) - 0.3, 10);
  });

  it("lands softly on the pad: both legs report contact, then the lander sleeps and scores +100", () => {
    const env = new LunarLander();
    env.reset({ seed: 0 });
    env.state = settledState(10, PAD_Y + 0.62); // leg tips a few centimetres above the pad
    let contact = false;
    for (let k = 0; k < 900; k++) {
      const step = env.step(0);
      if (step.observation[6] === 1 && step.observation[7] === 1) contact = true;
      if (step.terminated) {
        expect(contact).toBe(true);
        expect(step.reward).toBe(100);
        return;
      }
    }
    throw new Error("the lander never came to rest");
  });

  it("a crash of the body and leaving the screen end the episode with −100", () => {
    const env = new LunarLander();
    env.reset({ seed: 0 });
    env.state = restingState(10, PAD_Y + 1.5, 0, -1, Math.PI); // upside down: the hull hits first
    let step = env.step(0);
    for (let k = 0; k < 200 && !step.terminated; k++) step = env.step(0);
    expect(step.terminated).toBe(true);
    expect(step.reward).toBe(-100);
    env.reset({ seed: 0 });
    env.state = restingState(19.9, 10, 5, 0); // x observation reaches 1
    step = env.step(0);
    for (let k = 0; k < 20 && !step.terminated; k++) step = env.step(0);
    expect(step.terminated).toBe(true);
    expect(step.reward).toBe(-100);
    expect(step.observation[0]).toBeGreaterThanOrEqual(1);
  });

  it("truncates at the time limit", () => {
    const env = makeEnv("LunarLander-v2", { maxEpisodeSteps: 5 });
    env.reset({ seed: 0 });
    env.state = restingState(10, 12);
    const flags = Array.from({ length: 5 }, () => env.step(2).truncated);
    expect(flags).toEqual([false, false, false, false, true]);
  });

  it("validates actions and call order", () => {
    expect(() => new LunarLander().step(0)).toThrow(StateError);
    const env = new LunarLander();
    env.reset({ seed: 0 });
    for (const bad of [4, -1, 1.5, NaN, [0, 1]]) expect(() => env.step(bad as never)).toThrow(ValueError);
    const c = new LunarLander({ continuous: true });
    c.reset({ seed: 0 });
    for (const bad of [0, [0], [0, NaN], [1, 2, 3]]) expect(() => c.step(bad as never)).toThrow(/action must be 2 finite numbers/);
    expect(() => c.step([5, -5])).not.toThrow(); // clipped to [-1, 1]
  });

  it("its state round-trips", () => {
    const env = new LunarLander();
    env.reset({ seed: 4 });
    for (let k = 0; k < 30; k++) env.step(k % 4);
    const saved = env.state;
    expect(saved).toHaveLength(23);
    env.state = saved;
    env.state.forEach((v, k) => expect(v).toBeCloseTo(saved[k], 12)); // planck stores angles as rotations
    expect(() => (env.state = [1, 2])).toThrow(/state must be 23 finite numbers/);
  });

  it("a scripted controller lands with a positive score (discrete, seeds 0–4)", () => {
    const env = new LunarLander();
    const scores = [0, 1, 2, 3, 4].map((seed) => fly(env, seed, false));
    expect(Math.min(...scores)).toBeGreaterThan(0);
    expect(scores.reduce((a, b) => a + b, 0) / 5).toBeGreaterThan(100);
  });

  it("the same controller lands the continuous version", () => {
    const env = new LunarLander({ continuous: true });
    const scores = [0, 1, 2].map((seed) => fly(env, seed, true));
    expect(Math.min(...scores)).toBeGreaterThan(0);
  });
});
