// LunarLander's dynamics pinned bit for bit: episodes with fixed seeds and fixed action streams
// (random actions from a seeded generator, and a deterministic pilot that lands), recorded from
// the implementation the committed learning results were produced with. Any change to the
// physics or to its use — world reuse across resets, planck options, the order of bodies —
// must reproduce every observation, reward and ending exactly, or it changes those results.
//
// The fixture holds, per episode, a SHA-256 of every step's observation, reward and flags, plus
// the length, the return and the last observation (readable when a hash differs). It was
// recorded before LunarLander's step was optimised; regenerate only for a change that is meant
// to alter the dynamics, and say why in the commit:
//   UPDATE_LUNAR_TRAJECTORIES=1 npx vitest run test/envs/lunarlander-trajectories.test.ts
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import type { Environment } from "../../bindings/envs/environment";
import { makeEnv } from "../../bindings/envs/registry";
import type { EnvSeeding } from "../../bindings/envs/seeding";

const FIXTURE = new URL("../fixtures/lunarlander-trajectories.json", import.meta.url);
const UPDATE = process.env.UPDATE_LUNAR_TRAJECTORIES === "1";

interface Recorded { steps: number; return: number; ending: string; last: number[]; hash: string }
const expected: Record<string, Recorded> = UPDATE ? {} : JSON.parse(readFileSync(FIXTURE, "utf8"));
const computed: Record<string, Recorded> = {};
afterAll(() => {
  if (UPDATE) writeFileSync(FIXTURE, `${JSON.stringify(computed, null, 1)}\n`);
});

/** A small fixed generator (xorshift32) for the action streams, independent of the library's. */
function actionStream(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

/**
 * A PD pilot on tilt and descent rate that lands most episodes (so contacts and sleep are
 * covered), or with `hover` holds the lander above the pad until the time limit.
 */
function pilot(o: Float64Array, hover = false): { discrete: number; continuous: [number, number] } {
  const targetAngle = Math.min(Math.max(0.5 * o[0] + o[2], -0.4), 0.4);
  let turn = 0.5 * (targetAngle - o[4]) - o[5];
  let lift = 0.5 * ((hover ? 0.4 : 0.55 * Math.abs(o[0])) - o[1]) - 0.5 * o[3];
  if (!hover && (o[6] || o[7])) {
    turn = 0;
    lift = -0.5 * o[3];
  }
  const discrete = lift > Math.abs(turn) && lift > 0.05 ? 2 : turn < -0.05 ? 3 : turn > 0.05 ? 1 : 0;
  return { discrete, continuous: [Math.min(Math.max(20 * lift - 1, -1), 1), Math.min(Math.max(-20 * turn, -1), 1)] };
}

type Driver = "random" | "pilot" | "hover";
interface Case { continuous: boolean; seeding: EnvSeeding; seed: number | undefined; driver: Driver; maxEpisodeSteps?: number }

/**
 * Runs episodes on one environment in sequence, so unseeded resets (seed undefined) continue the
 * stream of the previous episode and the world of one episode follows another's.
 */
function fly(env: Environment, c: Case, streamSeed: number): Recorded {
  const next = actionStream(streamSeed);
  const hash = createHash("sha256");
  let o = env.reset(c.seed === undefined ? {} : { seed: c.seed }).observation;
  hash.update(o);
  let total = 0;
  for (let t = 0; ; t++) {
    let action: number | [number, number];
    if (c.driver === "random") action = c.continuous ? [2 * next() - 1, 2 * next() - 1] : Math.floor(4 * next());
    else if (c.driver === "pilot") action = c.continuous ? pilot(o).continuous : pilot(o).discrete;
    else action = c.continuous ? pilot(o, true).continuous : pilot(o, true).discrete;
    const s = env.step(action);
    hash.update(s.observation);
    hash.update(Float64Array.of(s.reward, s.terminated ? 1 : 0, s.truncated ? 1 : 0));
    total += s.reward;
    o = s.observation;
    if (s.terminated || s.truncated) {
      const ending = s.truncated ? "truncated" : s.reward === 100 ? "landed" : s.reward === -100 ? "crashed or left" : "terminated";
      return { steps: t + 1, return: total, ending, last: Array.from(o), hash: hash.digest("hex") };
    }
  }
}

const sequences: { name: string; continuous: boolean; seeding: EnvSeeding; maxEpisodeSteps?: number; episodes: Omit<Case, "continuous" | "seeding">[] }[] = [
  {
    name: "discrete gymnasium", continuous: false, seeding: "gymnasium",
    episodes: [
      { seed: 0, driver: "random" }, { seed: undefined, driver: "random" }, { seed: 1, driver: "pilot" }, { seed: undefined, driver: "pilot" },
      { seed: 7, driver: "hover" }, { seed: 2 ** 31 - 1, driver: "random" }, { seed: 3, driver: "pilot" },
    ],
  },
  {
    name: "discrete legacy", continuous: false, seeding: "legacy",
    episodes: [{ seed: 0, driver: "pilot" }, { seed: 5, driver: "random" }, { seed: undefined, driver: "pilot" }, { seed: 11, driver: "hover" }],
  },
  {
    name: "continuous gymnasium", continuous: true, seeding: "gymnasium",
    episodes: [{ seed: 4, driver: "pilot" }, { seed: undefined, driver: "random" }, { seed: 9, driver: "hover" }],
  },
  {
    name: "discrete gymnasium, 200-step limit", continuous: false, seeding: "gymnasium", maxEpisodeSteps: 200,
    episodes: [{ seed: 12, driver: "hover" }, { seed: undefined, driver: "hover" }],
  },
];

describe("LunarLander trajectories against the recorded implementation", () => {
  for (const sequence of sequences) {
    it(`${sequence.name}: every observation, reward and ending as recorded`, () => {
      const env = makeEnv(sequence.continuous ? "LunarLanderContinuous-v2" : "LunarLander-v2", { seeding: sequence.seeding, maxEpisodeSteps: sequence.maxEpisodeSteps });
      sequence.episodes.forEach((episode, k) => {
        const key = `${sequence.name} #${k} seed ${episode.seed ?? "none"} ${episode.driver}`;
        const got = fly(env, { ...episode, continuous: sequence.continuous, seeding: sequence.seeding }, 1 + 7919 * k);
        computed[key] = got;
        if (UPDATE) return;
        expect(expected[key], `${key} is missing from the fixture`).toBeDefined();
        // Readable fields first, so a mismatch says how the episode differs before the hash does.
        expect({ ...got, hash: "" }, key).toEqual({ ...expected[key], hash: "" });
        expect(got.hash, key).toBe(expected[key].hash);
      });
    });
  }

  it("covers landings, crashes and truncations (the fixture exercises contacts and sleep)", () => {
    const endings = new Set(Object.values(UPDATE ? computed : expected).map((r) => r.ending));
    expect(endings).toContain("landed");
    expect(endings).toContain("crashed or left");
    expect(endings).toContain("truncated");
  });
});
