// Short seeded learning runs on CartPole must show the paper's ordering: MAP propagation and
// Weight Maximization far above REINFORCE after a few hundred episodes. Seeds are fixed, so
// these are exact reproductions, not statistical tests.
import { beforeAll, describe, expect, it } from "vitest";
import { loadCore } from "../../bindings/core/core";
import { train } from "../../bindings/training/train";

beforeAll(async () => {
  await loadCore();
  await loadCore({ precision: "float32" });
});

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

describe("CartPole-v1 learning (seed 0)", () => {
  const episodes = 300;
  const late = (returns: number[]) => mean(returns.slice(episodes - 100));
  let reinforce = 0;

  beforeAll(() => {
    reinforce = late(train({ env: "CartPole-v1", algorithm: "reinforce", episodes, seed: 0 }).episodeReturns);
  });

  it("REINFORCE on every unit barely learns", () => {
    expect(reinforce).toBeLessThan(60);
  });

  it("MAP propagation is far above REINFORCE", () => {
    const mapProp = late(train({ env: "CartPole-v1", algorithm: "map-prop", episodes, seed: 0 }).episodeReturns);
    expect(mapProp).toBeGreaterThan(250);
    expect(mapProp).toBeGreaterThan(4 * reinforce);
  });

  it("Weight Maximization is far above REINFORCE", () => {
    const weightMax = late(train({ env: "CartPole-v1", algorithm: "weight-max", episodes, seed: 0 }).episodeReturns);
    expect(weightMax).toBeGreaterThan(2 * reinforce);
  });
});

describe("asynchronous MAP propagation (experimental)", () => {
  // Seed 0 starts from a policy that always pushes the same way (~10 per episode, with no
  // learning too). In float64 it stayed there for 1000 episodes while the critic's gate had only
  // a rounding floor (average 17); with ASYNC_GATE_FLOOR it learns (287 over episodes 200–300).
  it("learns CartPole within 300 episodes (float64, seed 0)", () => {
    const returns = train({ env: "CartPole-v1", algorithm: "async-map-prop", episodes: 300, seed: 0 }).episodeReturns;
    expect(mean(returns.slice(0, 100))).toBeLessThan(20);
    expect(mean(returns.slice(200))).toBeGreaterThan(200);
  });
});

describe("reproducibility", () => {
  it.each(["map-prop", "weight-max", "backprop"] as const)("%s: the same seed gives the same run, another seed a different one", (algorithm) => {
    const run = (seed: number) => train({ env: "CartPole-v1", algorithm, episodes: 15, seed }).episodeReturns;
    const first = run(4);
    expect(run(4)).toEqual(first);
    expect(run(5)).not.toEqual(first);
  });
});
