// Gymnasium-exact seeding, checked against numbers dumped from numpy 2.4 and Gymnasium 1.3 by
// test/fixtures/gymnasium-seeding.py: numpy's SeedSequence → PCG64 → Generator word for word,
// every classic-control reset bit for bit (as Gymnasium's float32 observations), and LunarLander's
// draws through their effect on the trajectory. Also the legacy stream and the option's errors.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCore } from "../../bindings/core/core";
import { Acrobot } from "../../bindings/envs/acrobot";
import { CartPole } from "../../bindings/envs/cartpole";
import { LunarLander } from "../../bindings/envs/lunarlander";
import { unwrapped } from "../../bindings/envs/episode-env";
import { MountainCarContinuous } from "../../bindings/envs/mountaincar";
import { type EnvironmentId, makeEnv } from "../../bindings/envs/registry";
import { makeVectorEnv } from "../../bindings/envs/vector";
import { ConfigurationError, ValueError } from "../../bindings/errors";
import { defaultRng } from "../../bindings/envs/numpy/generator";
import { PCG64 } from "../../bindings/envs/numpy/pcg64";
import { SeedSequence, entropyWords } from "../../bindings/envs/numpy/seed-sequence";
import { Random } from "../../bindings/core/random";
import { train } from "../../bindings/training/train";

interface Fixture {
  numpy: {
    seed: string; pool: number[]; generateState8: number[]; pcgState: string; pcgInc: string; rawUint64: string[]; random8: number[];
    uniform: { calls: [number, number, number][]; values: number[] };
  }[];
  classic: {
    id: EnvironmentId;
    resets: { seed: number; observation: number[]; state: number[] }[];
    unseededAfterSeed0: number[][];
    steps: { seed: number; actions: (number | number[])[]; results: { observation: number[]; reward: number; terminated: boolean; truncated: boolean }[] };
  }[];
  vector: { id: EnvironmentId; count: number; seed: number; observations: number[][] }[];
  lunar: {
    id: EnvironmentId;
    actions: (number | number[])[];
    episodes: {
      seed: number; observation: number[]; terrainY: number[]; nextRandomAfterSteps: number;
      steps: { observation: number[]; reward: number; terminated: boolean }[];
      draws: { heights: number[]; force: number[]; dispersion: number[][] };
    }[];
  }[];
}

const fixture: Fixture = JSON.parse(readFileSync(new URL("../fixtures/gymnasium-seeding.json", import.meta.url), "utf8"));
/** Gymnasium returns float32 observations: compare coagent's doubles rounded the same way. */
const float32 = (values: ArrayLike<number>) => Array.from(values, Math.fround);
/** A fixture seed as the smallest exact type: a number up to 2^53 − 1, else a bigint. */
const seedOf = (text: string) => (BigInt(text) <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(text) : BigInt(text));

describe("numpy's SeedSequence → PCG64 → Generator", () => {
  for (const f of fixture.numpy) {
    it(`matches numpy for seed ${f.seed}`, () => {
      const seed = seedOf(f.seed);
      const sequence = new SeedSequence(seed);
      expect(Array.from(sequence.pool)).toEqual(f.pool);
      expect(Array.from(sequence.generateState(8))).toEqual(f.generateState8);
      const pcg = new PCG64(seed);
      expect(pcg.stateBigInt).toEqual({ state: BigInt(f.pcgState), inc: BigInt(f.pcgInc) });
      expect(f.rawUint64.map(() => pcg.nextUint64())).toEqual(f.rawUint64.map(BigInt));
      const generator = defaultRng(seed);
      expect(f.random8.map(() => generator.random())).toEqual(f.random8);
      const uniform = defaultRng(seed);
      expect(f.uniform.calls.flatMap(([low, high, n]) => Array.from({ length: n }, () => uniform.uniform(low, high)))).toEqual(f.uniform.values);
    });
  }

  it("coerces integer seeds as numpy does and refuses the rest", () => {
    expect(entropyWords(0)).toEqual([0]);
    expect(entropyWords(2 ** 32 + 5)).toEqual([5, 1]);
    expect(entropyWords(2n ** 64n)).toEqual([0, 0, 1]);
    for (const bad of [-1, 1.5, NaN, 2 ** 53, -1n, "0"]) {
      expect(() => new SeedSequence(bad as never)).toThrow(ValueError);
    }
    expect(() => new SeedSequence(-1)).toThrow(/entropy must be a non-negative integer/);
    expect(() => defaultRng(0).uniform(-Infinity, 0)).toThrow(/finite high - low/);
  });
});

describe("classic-control resets and steps match Gymnasium's", () => {
  for (const c of fixture.classic) {
    it(`${c.id}: reset(seed) for seeds 0–20 and 2^31 − 1`, () => {
      const env = makeEnv(c.id);
      for (const r of c.resets) {
        expect(float32(env.reset({ seed: r.seed }).observation), `seed ${r.seed}`).toEqual(r.observation);
        // The physical state too, at Gymnasium's own precision (float64; Acrobot's is cast to float32).
        expect(env.state, `seed ${r.seed}`).toEqual(r.state);
      }
    });

    it(`${c.id}: makeEnv(id, { seed }) is gym.make(id) then reset(seed=seed)`, () => {
      for (const r of c.resets.slice(0, 4)) expect(float32(makeEnv(c.id, { seed: r.seed }).reset().observation)).toEqual(r.observation);
    });

    it(`${c.id}: resets without a seed continue the stream of reset(seed=0)`, () => {
      const env = makeEnv(c.id);
      env.reset({ seed: 0 });
      expect(c.unseededAfterSeed0.map(() => float32(env.reset().observation))).toEqual(c.unseededAfterSeed0);
    });

    it(`${c.id}: steps with fixed actions from reset(seed=${c.steps.seed})`, () => {
      const env = makeEnv(c.id);
      env.reset({ seed: c.steps.seed });
      c.steps.results.forEach((expected, k) => {
        const step = env.step(c.steps.actions[k]);
        expect([step.terminated, step.truncated]).toEqual([expected.terminated, expected.truncated]);
        if (c.id === "MountainCarContinuous-v0") {
          // Gymnasium stores this task's state as float32 after every step and charges the action
          // as (a²)·0.1; coagent keeps doubles and computes 0.1·a·a. So its steps agree to float32
          // rounding (3e-8 here) and its rewards to an ulp, not bit for bit.
          step.observation.forEach((v, i) => expect(Math.abs(v - expected.observation[i])).toBeLessThan(1e-7));
          expect(step.reward).toBeCloseTo(expected.reward, 14);
        } else {
          expect(float32(step.observation), `step ${k}`).toEqual(expected.observation);
          expect(step.reward).toBe(expected.reward);
        }
      });
    });
  }

  it("Acrobot's initial state is float32 as Gymnasium's; legacy seeding keeps the double it always drew", () => {
    const gymnasium = new Acrobot();
    gymnasium.reset({ seed: 3 });
    expect(gymnasium.state).toEqual(gymnasium.state.map(Math.fround));
    const legacy = new Acrobot({ seeding: "legacy" });
    legacy.reset({ seed: 3 });
    const random = new Random(3);
    expect(legacy.state).toEqual([0, 0, 0, 0].map(() => random.uniformIn(-0.1, 0.1)));
  });
});

describe("vector environments seed copy k with seed + k, as Gymnasium's SyncVectorEnv", () => {
  for (const v of fixture.vector) {
    it(`${v.id} × ${v.count}, seed ${v.seed}`, () => {
      const envs = makeVectorEnv(v.id, { count: v.count });
      expect(envs.reset({ seed: v.seed }).observations.map(float32)).toEqual(v.observations);
      // Seeding at construction is the same as seeding the first reset.
      expect(makeVectorEnv(v.id, { count: v.count, seed: v.seed }).reset().observations.map(float32)).toEqual(v.observations);
    });
  }
});

describe("LunarLander draws Gymnasium's numbers in Gymnasium's order", () => {
  for (const l of fixture.lunar) {
    for (const ep of l.episodes) {
      it(`${l.id}, seed ${ep.seed}: the fixture's replayed draws are the real environment's`, () => {
        // The script replays lunar_lander.py's np_random calls on default_rng(seed); after them the
        // real environment's generator must be where the replay's is.
        const generator = defaultRng(ep.seed);
        const replayed = [
          ...ep.draws.heights.map(() => generator.uniform(0, 400 / 30 / 2)),
          ...ep.draws.force.map(() => generator.uniform(-1000, 1000)),
          ...ep.draws.dispersion.flatMap((pair) => pair.map(() => generator.uniform(-1, 1) / 30)),
        ];
        expect(replayed).toEqual([...ep.draws.heights, ...ep.draws.force, ...ep.draws.dispersion.flat()]);
        expect(generator.random()).toBe(ep.nextRandomAfterSteps);
      });

      it(`${l.id}, seed ${ep.seed}: terrain exactly, trajectory to Box2D's float32 rounding`, () => {
        const env = unwrapped<LunarLander>(makeEnv(l.id));
        const first = env.reset({ seed: ep.seed }).observation;
        // Box2D stores the terrain vertices as float32: the drawn heights, smoothed, rounded so.
        expect(float32(env.terrain.y)).toEqual(ep.terrainY);
        // planck.js steps in double where Box2D uses float: the trajectories agree to ~4e-6 over
        // these steps, while one dispersion draw out of order moves them by ~1e-2.
        first.forEach((v, i) => expect(Math.abs(v - ep.observation[i])).toBeLessThan(1e-5));
        ep.steps.forEach((expected, k) => {
          const step = env.step(l.actions[k]);
          step.observation.forEach((v, i) => expect(Math.abs(v - expected.observation[i]), `step ${k}, observation ${i}`).toBeLessThan(1e-5));
          expect(Math.abs(step.reward - expected.reward), `step ${k} reward`).toBeLessThan(5e-4);
          expect(step.terminated).toBe(expected.terminated);
        });
      });
    }
  }
});

describe("the seeding option", () => {
  it('"legacy" replays coagent\'s earlier xoshiro128** stream', () => {
    const random = new Random(11);
    const expected = [0, 0, 0, 0].map(() => random.uniformIn(-0.05, 0.05));
    expect(Array.from(makeEnv("CartPole-v1", { seed: 11, seeding: "legacy" }).reset().observation)).toEqual(expected);
    expect(Array.from(new CartPole({ seeding: "legacy" }).reset({ seed: 11 }).observation)).toEqual(expected);
    const car = new Random(11);
    expect(new MountainCarContinuous({ seed: 11, seeding: "legacy" }).reset().observation[0]).toBe(car.uniformIn(-0.6, -0.4));
    // Copy k of a legacy vector environment is seeded seed + k on the legacy stream.
    const copies = makeVectorEnv("CartPole-v1", { count: 2, seed: 11, seeding: "legacy" }).reset().observations;
    expect(Array.from(copies[1])).toEqual(Array.from(makeEnv("CartPole-v1", { seeding: "legacy" }).reset({ seed: 12 }).observation));
  });

  it("defaults to Gymnasium's stream; an environment never seeded starts from seed 0", () => {
    const seed0 = fixture.classic[0].resets[0].observation;
    expect(new CartPole().seeding).toBe("gymnasium");
    expect(float32(new CartPole().reset().observation)).toEqual(seed0);
    expect(float32(new CartPole({ seeding: "gymnasium" }).reset().observation)).toEqual(seed0);
  });

  it("refuses an unknown stream or a seed Gymnasium would refuse, naming the argument", () => {
    for (const make of [
      () => makeEnv("CartPole-v1", { seeding: "numpy" as never }),
      () => new LunarLander({ seeding: "Gymnasium" as never }),
      () => makeVectorEnv("Acrobot-v1", { count: 2, seeding: 1 as never }),
    ]) {
      expect(make).toThrow(ConfigurationError);
      expect(make).toThrow(/seeding must be "gymnasium" or "legacy"/);
    }
    const env = makeEnv("CartPole-v1");
    for (const seed of [-1, 0.5, NaN, 2 ** 53]) expect(() => env.reset({ seed })).toThrow(/seed must be a non-negative integer/);
    expect(() => makeEnv("Acrobot-v1", { seed: -3 })).toThrow(ConfigurationError);
  });
});

describe("train({ envSeeding })", () => {
  beforeAll(async () => {
    await loadCore({ precision: "float64" });
  });
  const base = { algorithm: "weight-max", episodes: 3, seed: 4 } as const;

  it("selects the environment's stream, for one environment and for a batch of copies", () => {
    const legacy = train({ ...base, env: "Acrobot-v1", envSeeding: "legacy" }).episodeReturns;
    expect(train({ ...base, env: makeEnv("Acrobot-v1", { seed: 4, seeding: "legacy" }) }).episodeReturns).toEqual(legacy);
    expect(train({ ...base, env: "Acrobot-v1" }).episodeReturns).toEqual(train({ ...base, env: "Acrobot-v1", envSeeding: "gymnasium" }).episodeReturns);
    expect(train({ ...base, env: "Acrobot-v1" }).episodeReturns).not.toEqual(legacy);
    const batch = (envSeeding: "gymnasium" | "legacy") => train({ ...base, env: "CartPole-v1", batch: 2, episodes: 6, envSeeding }).episodeReturns;
    expect(batch("legacy")).not.toEqual(batch("gymnasium"));
  });

  it("refuses a bad value, and an Environment object (which keeps its own seeding)", () => {
    expect(() => train({ ...base, env: "CartPole-v1", envSeeding: "xoshiro" as never })).toThrow(/envSeeding must be "gymnasium" or "legacy"/);
    expect(() => train({ ...base, env: makeEnv("CartPole-v1"), envSeeding: "legacy" })).toThrow(ConfigurationError);
    expect(() => train({ ...base, env: makeEnv("CartPole-v1"), envSeeding: "legacy" })).toThrow(/envSeeding needs env to be an environment id/);
  });
});
