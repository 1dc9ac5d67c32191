// Checkpoints written by earlier formats still load and continue training exactly. The files in
// test/fixtures/checkpoint-v1/ were written by coagent at 98aa35c (format version 1, whose
// metadata JSON carried the pending reward and flags); write.mjs there says how. Each is loaded
// and must equal, byte for byte once saved again, an agent of today that trained the same steps,
// then both continue together.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { Agent } from "../bindings/training/agent";
import type { Algorithm } from "../bindings/rules/algorithms";
import { type Precision, loadCore, precisions } from "../bindings/core/core";
import { makeEnv } from "../bindings/envs/registry";
import { makeVectorEnv } from "../bindings/envs/vector";
import { Policy } from "../bindings/training/policy";

const FOLDER = new URL("./fixtures/checkpoint-v1/", import.meta.url);
interface Row { file: string; algorithm: Algorithm; precision: Precision; batch: number; steps: number; hidden: number[] }
const rows: Row[] = JSON.parse(readFileSync(new URL("rows.json", FOLDER), "utf8"));

beforeAll(async () => {
  for (const precision of precisions) await loadCore({ precision });
});

/** An agent and its environments on the seed-3 drive of write.mjs; `drive(n)` steps both n times, returning the actions. */
function driver(row: Row) {
  const options = { algorithm: row.algorithm, seed: 3, precision: row.precision, hidden: row.hidden };
  if (row.batch === 1) {
    const env = makeEnv("CartPole-v1", { seed: 3 });
    let observation = env.reset({ seed: 3 }).observation;
    const state = { agent: Agent.create({ ...options, env }) };
    const drive = (n: number) => {
      const actions: number[] = [];
      for (let t = 0; t < n; t++) {
        const { action } = state.agent.act(observation);
        actions.push(action as number);
        const step = env.step(action);
        state.agent.learn(step);
        observation = step.terminated || step.truncated ? env.reset().observation : step.observation;
      }
      return actions;
    };
    return { state, drive };
  }
  const envs = makeVectorEnv("CartPole-v1", { count: row.batch, seed: 3 });
  let observations = envs.reset({ seed: 3 }).observations;
  const state = { agent: Agent.create({ ...options, env: envs, batch: row.batch }) };
  const drive = (n: number) => {
    const actions: number[] = [];
    for (let t = 0; t < n; t++) {
      const chosen = state.agent.actBatch(observations).actions;
      actions.push(...(chosen as number[]));
      const step = envs.step(chosen);
      state.agent.learnBatch(step);
      observations = step.observations;
    }
    return actions;
  };
  return { state, drive };
}

describe("version-1 checkpoints", () => {
  it.each(rows)("$file loads and continues as an uninterrupted run", (row) => {
    const bytes = new Uint8Array(readFileSync(new URL(row.file, FOLDER)));
    expect(new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true)).toBe(1);
    const uninterrupted = driver(row);
    const resumed = driver(row);
    uninterrupted.drive(row.steps);
    resumed.drive(row.steps);
    resumed.state.agent.dispose();
    resumed.state.agent = Agent.load(bytes);
    // Everything the old file held, pending outcome included, is what today's agent holds.
    expect(resumed.state.agent.save()).toEqual(uninterrupted.state.agent.save());
    expect(resumed.drive(300)).toEqual(uninterrupted.drive(300));
    expect(resumed.state.agent.save()).toEqual(uninterrupted.state.agent.save());
    resumed.state.agent.dispose();
    uninterrupted.state.agent.dispose();
  });

  it("a version-1 policy file loads and acts as today's policy of the same actor", () => {
    const row = rows[0];
    const policy = Policy.load(new Uint8Array(readFileSync(new URL(`policy-${row.file}`, FOLDER))));
    const run = driver(row);
    run.drive(row.steps);
    const today = run.state.agent.policy();
    const observation = new Float64Array(4);
    for (let k = 0; k < 50; k++) {
      observation.forEach((_, i) => (observation[i] = Math.sin(7 * k + i) * 2));
      expect(policy.act(observation, { greedy: true }).action).toBe(today.act(observation, { greedy: true }).action);
    }
    run.state.agent.dispose();
  });
});
