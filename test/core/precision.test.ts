// The float32 and float64 builds come from one source and consume the same random streams, so
// on the same seed they must take the same actions until rounding differences accumulate, and
// their weights must stay close meanwhile.
import { beforeAll, describe, expect, it } from "vitest";
import { Agent } from "../../bindings/training/agent";
import { algorithms } from "../../bindings/rules/algorithms";
import { loadCore } from "../../bindings/core/core";
import { makeEnv } from "../../bindings/envs/registry";
import { drive } from "../drive";

beforeAll(async () => {
  await loadCore({ precision: "float32" });
  await loadCore({ precision: "float64" });
});

// The 1e-3 weight tolerance below holds for these episodes but not for every seed: float32 and
// float64 drift apart chaotically. MAP propagation's largest weight gap over its scale after 300
// steps, seeds 0-11, was 0.13e-3 to 72e-3 on the legacy stream (2 of 12 above 1e-3) and 0.14e-3 to
// 806e-3 on Gymnasium's (5 of 12 above; seed 3: 4.0e-3). So the test keeps the legacy stream's
// seed-3 episodes it was written for, rather than hunting for a Gymnasium seed that passes.
function rollout(algorithm: (typeof algorithms)[number], precision: "float32" | "float64", steps: number) {
  const env = makeEnv("CartPole-v1", { seed: 3, seeding: "legacy" });
  const agent = Agent.create({ algorithm, env, seed: 3, precision });
  // Each run steps its own environment; equal actions keep the two trajectories equal.
  const actions = drive(agent, env, { observation: env.reset({ seed: 3 }).observation }, steps);
  const weights = Array.from(agent.actor.buffer(0, "weights"));
  agent.dispose();
  return { actions, weights };
}

describe("float32 and float64 builds", () => {
  it.each(algorithms)("%s: the same actions for the first 300 steps and close weights", (algorithm) => {
    const single = rollout(algorithm, "float32", 300);
    const double = rollout(algorithm, "float64", 300);
    expect(single.actions).toEqual(double.actions);
    // Asynchronous MAP weighs trace increments by 1/(ε + α g²) with ε = 1e-5: where a unit's
    // momentum g nears zero, rounding in g is amplified up to 1e5-fold, and after 300 steps its
    // first-layer weights differ by up to 16% of their scale between the builds (same actions).
    if (algorithm === "async-map-prop") return;
    const scale = Math.max(...double.weights.map(Math.abs));
    single.weights.forEach((w, k) => expect(Math.abs(w - double.weights[k])).toBeLessThan(1e-3 * scale));
  });
});
