// LockstepEnv against the environments it stands for: every copy of a group, seeded seeds[k], must
// report bit for bit what the single environment made with that seed reports when driven by the
// same actions under VectorEnv's next-step autoreset — across several episodes per copy, ending
// by termination and by truncation — and bad input must get typed errors naming the argument.
import { describe, expect, it } from "vitest";
import { makeEnv } from "../../bindings/envs/registry";
import { LockstepEnv, lockstepEnvironmentIds, makeLockstepEnv, type LockstepEnvironmentId } from "../../bindings/envs/lockstep";
import { VectorEnv } from "../../bindings/envs/vector";
import { envSeedings } from "../../bindings/envs/seeding";
import { Random } from "../../bindings/core/random";
import { ConfigurationError, ShapeError, StateError, ValueError } from "../../bindings/errors";

const SEEDS = [0, 7, 3, 11, 2];
const STEPS = 4000;

/**
 * Copy k's action: with probability k/(S−1) a hand-written controller's (which keeps CartPole's
 * pole up until the time limit, pumps MountainCar's energy to the goal, swings Acrobot), otherwise
 * a random one — so the copies' episodes end at different steps, some terminated, some truncated.
 */
function chooseAction(id: LockstepEnvironmentId, observation: Float64Array, k: number, count: number, random: Random): number {
  const controlled = random.uniform() < k / (count - 1);
  if (id === "CartPole-v1") return controlled ? (observation[2] + 0.5 * observation[3] > 0 ? 1 : 0) : random.uniform() < 0.5 ? 0 : 1;
  if (id === "Acrobot-v1") return controlled ? (observation[5] > 0 ? 2 : 0) : Math.floor(random.uniform() * 3);
  // MountainCarContinuous: beyond ±1 too, as the cost is charged on the unclipped action.
  return controlled ? (observation[1] >= 0 ? 1 : -1) : random.uniformIn(-1.5, 1.5);
}

/** True when the float64 values are identical bit for bit (Object.is: −0 ≠ 0, NaN = NaN). */
function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  return a.length === b.length && Array.from(a).every((x, i) => Object.is(x, b[i]));
}

describe("LockstepEnv reproduces the single environment of each seed", () => {
  for (const id of lockstepEnvironmentIds) {
    for (const seeding of envSeedings) {
      it(`${id}, ${seeding} seeding: ${SEEDS.length} copies over ${STEPS} steps`, () => {
        const group = makeLockstepEnv(id, { seeds: SEEDS, seeding });
        const singles = new VectorEnv(SEEDS.map((seed) => makeEnv(id, { seed, seeding })));
        const dim = group.observationSize;
        const random = new Random(42);
        let observations = group.reset();
        const first = singles.reset().observations;
        SEEDS.forEach((_, k) => expect(sameBits(observations.subarray(k * dim, (k + 1) * dim), first[k])).toBe(true));
        const terminations = new Array<number>(SEEDS.length).fill(0);
        const truncations = new Array<number>(SEEDS.length).fill(0);
        const actions = new Float64Array(SEEDS.length);
        for (let t = 0; t < STEPS; t++) {
          for (let k = 0; k < SEEDS.length; k++) actions[k] = chooseAction(id, observations.subarray(k * dim, (k + 1) * dim), k, SEEDS.length, random);
          const step = group.step(actions);
          const expected = singles.step(id === "MountainCarContinuous-v0" ? Array.from(actions, (a) => [a]) : Array.from(actions));
          for (let k = 0; k < SEEDS.length; k++) {
            const row = step.observations.subarray(k * dim, (k + 1) * dim);
            if (!sameBits(row, expected.observations[k]) || !Object.is(step.rewards[k], expected.rewards[k]) || step.terminated[k] !== Number(expected.terminated[k]) || step.truncated[k] !== Number(expected.truncated[k])) {
              expect.fail(`copy ${k} (seed ${SEEDS[k]}) differs at step ${t}: ${Array.from(row)} r=${step.rewards[k]} vs ${Array.from(expected.observations[k])} r=${expected.rewards[k]}`);
            }
            terminations[k] += step.terminated[k];
            truncations[k] += step.truncated[k];
          }
          observations = step.observations;
        }
        // The run covered what it claims: every copy ended several episodes, and both endings occurred.
        for (let k = 0; k < SEEDS.length; k++) expect(terminations[k] + truncations[k]).toBeGreaterThanOrEqual(3);
        expect(terminations.some((n) => n > 0)).toBe(true);
        expect(truncations.some((n) => n > 0)).toBe(true);
        SEEDS.forEach((_, k) => expect(group.stateOf(k)).toEqual(singles.envs[k].state));
      });
    }
  }

  it("a time limit of its own truncates every copy as the single environment with that limit", () => {
    const seeds = [4, 9];
    const group = makeLockstepEnv("CartPole-v1", { seeds, maxEpisodeSteps: 7 });
    const singles = new VectorEnv(seeds.map((seed) => makeEnv("CartPole-v1", { seed, maxEpisodeSteps: 7 })));
    group.reset();
    singles.reset();
    let truncations = 0;
    for (let t = 0; t < 40; t++) {
      // Alternating pushes keep the pole up for 7 steps, so every episode is cut by the limit.
      const actions = [t % 2, (t + 1) % 2];
      const step = group.step(actions);
      const expected = singles.step(actions);
      expect(sameBits(step.observations, Float64Array.from(expected.observations.flatMap((o) => Array.from(o))))).toBe(true);
      expect(Array.from(step.truncated)).toEqual(expected.truncated.map(Number));
      truncations += step.truncated[0];
    }
    expect(truncations).toBe(5);
  });

  it("reset with seeds reseeds each copy; without, each stream continues", () => {
    const group = makeLockstepEnv("Acrobot-v1", { seeds: [1, 2, 3] });
    const initial = group.reset().slice();
    const continued = group.reset().slice();
    expect(sameBits(continued, initial)).toBe(false);
    expect(sameBits(group.reset({ seeds: [1, 2, 3] }), initial)).toBe(true);
    const single = makeEnv("Acrobot-v1", { seed: 3 });
    single.reset();
    expect(sameBits(continued.subarray(12, 18), single.reset().observation)).toBe(true);
  });

  it("a copy that ended ignores its action on the autoreset step, with reward 0 and both flags 0", () => {
    const group = makeLockstepEnv("CartPole-v1", { seeds: [5] });
    group.reset();
    let step = group.step([1]);
    while (!step.terminated[0]) step = group.step([1]);
    // An invalid action is not even looked at: the copy resets instead of stepping.
    step = group.step([7]);
    const single = makeEnv("CartPole-v1", { seed: 5 });
    single.reset();
    expect(sameBits(step.observations, single.reset().observation)).toBe(true);
    expect([step.rewards[0], step.terminated[0], step.truncated[0]]).toEqual([0, 0, 0]);
  });

  it("writes into the same buffers every step", () => {
    const group = makeLockstepEnv("MountainCarContinuous-v0", { seeds: [0, 1] });
    const observations = group.reset();
    const step = group.step([0.5, -0.5]);
    expect(step.observations).toBe(observations);
    expect(group.step([0.5, -0.5])).toBe(step);
    expect(step.observations).toBe(group.observations);
    expect(step.observations).toHaveLength(2 * 2);
  });
});

describe("LockstepEnv refuses bad input with typed errors", () => {
  it("unsupported ids, naming the argument and the supported ids", () => {
    for (const id of ["LunarLander-v2", "Pong"]) {
      expect(() => makeLockstepEnv(id as never, { seeds: [0] })).toThrow(ConfigurationError);
      expect(() => makeLockstepEnv(id as never, { seeds: [0] })).toThrow(/id must be a task a LockstepEnv steps \(CartPole-v1, Acrobot-v1, MountainCarContinuous-v0\)/);
    }
    expect(() => makeLockstepEnv("LunarLander-v2" as never, { seeds: [0] })).toThrow(/use makeVectorEnv/);
    expect(() => makeLockstepEnv("toString" as never, { seeds: [0] })).toThrow(ConfigurationError);
  });

  it("bad seeds, seeding and time limit", () => {
    expect(() => makeLockstepEnv("CartPole-v1", {} as never)).toThrow(/seeds must be a non-empty array/);
    expect(() => makeLockstepEnv("CartPole-v1", { seeds: [] })).toThrow(ConfigurationError);
    expect(() => makeLockstepEnv("CartPole-v1", { seeds: [0, -1] })).toThrow(/seeds\[1\] must be an integer in \[0, 2\^32\)/);
    expect(() => makeLockstepEnv("CartPole-v1", { seeds: [0.5] })).toThrow(ConfigurationError);
    expect(() => makeLockstepEnv("CartPole-v1", { seeds: [2 ** 32] })).toThrow(ConfigurationError);
    expect(() => makeLockstepEnv("CartPole-v1", { seeds: ["1" as never] })).toThrow(/seeds\[0\]/);
    expect(() => makeLockstepEnv("CartPole-v1", { seeds: [0], seeding: "numpy" as never })).toThrow(/seeding must be "gymnasium" or "legacy"/);
    expect(() => makeLockstepEnv("CartPole-v1", { seeds: [0], maxEpisodeSteps: 0 })).toThrow(/maxEpisodeSteps must be a positive integer/);
    const group = makeLockstepEnv("CartPole-v1", { seeds: [0, 1] });
    expect(() => group.reset({ seeds: [0] })).toThrow(ShapeError);
    expect(() => group.reset({ seeds: [0, -3] })).toThrow(/seeds\[1\]/);
  });

  it("bad actions leave every copy where it was", () => {
    const group = makeLockstepEnv("CartPole-v1", { seeds: [0, 1, 2] });
    expect(() => group.step([0, 1, 0])).toThrow(StateError);
    group.reset();
    expect(() => group.step([0, 1])).toThrow(ShapeError);
    expect(() => group.step([0, 1])).toThrow(/actions must have one action per copy \(3\); got an array of length 2/);
    expect(() => group.step(undefined as never)).toThrow(ShapeError);
    const before = [0, 1, 2].map((k) => group.stateOf(k));
    expect(() => group.step([1, 1, 2])).toThrow(ValueError);
    expect(() => group.step([1, 1, 2])).toThrow(/actions\[2\] must be 0 or 1; got 2/);
    expect([0, 1, 2].map((k) => group.stateOf(k))).toEqual(before);
    expect(() => group.stateOf(3)).toThrow(ShapeError);

    const acrobot = makeLockstepEnv("Acrobot-v1", { seeds: [0] });
    acrobot.reset();
    expect(() => acrobot.step([3])).toThrow(/actions\[0\] must be 0, 1 or 2; got 3/);
    const car = makeLockstepEnv("MountainCarContinuous-v0", { seeds: [0, 0] });
    car.reset();
    expect(() => car.step([0, NaN])).toThrow(/actions\[1\] must be a finite number; got NaN/);
    expect(() => car.step([1e200, 0])).toThrow(/actions\[0\] 1e\+200 is too large/);
    expect(() => car.step(["0.5" as never, 0])).toThrow(ValueError);
  });

  it("is a class users can construct directly, with the same checks", () => {
    expect(new LockstepEnv("Acrobot-v1", { seeds: [3] }).count).toBe(1);
    expect(() => new LockstepEnv("LunarLanderContinuous-v3" as never, { seeds: [3] })).toThrow(ConfigurationError);
  });
});
