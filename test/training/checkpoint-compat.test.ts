// Checkpoints written by earlier formats still load and continue training exactly. The files in
// test/fixtures/checkpoint-v1/ were written by coagent at 98aa35c (format version 1, whose
// metadata JSON carried the pending reward and flags), those in test/fixtures/checkpoint-v2/ at
// f58731f (format version 2, whose metadata held every rule's full bag of settings, the unused
// ones included); write.mjs in each says how. Each is loaded and must equal, byte for byte once
// saved again, an agent of today that trained the same steps, then both continue together.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { Agent } from "../../bindings/training/agent";
import type { Algorithm } from "../../bindings/rules/algorithms";
import { type Precision, loadCore, precisions } from "../../bindings/core/core";
import { makeEnv } from "../../bindings/envs/registry";
import { makeVectorEnv } from "../../bindings/envs/vector";
import { Policy } from "../../bindings/training/policy";
import { decodeCheckpoint } from "../../bindings/core/checkpoint";
import { train, type TrainOptions } from "../../bindings/training/train";
import type { HiddenUnits, Hyperparameters } from "../../bindings/rules/hyperparameters";

const FOLDER = new URL("../fixtures/checkpoint-v1/", import.meta.url);
const FOLDER_V2 = new URL("../fixtures/checkpoint-v2/", import.meta.url);
interface Row {
  file: string; algorithm: Algorithm; precision: Precision; batch: number; steps: number; hidden: number[];
  hyperparameters?: Partial<Hyperparameters>; units?: HiddenUnits;
}
const rows: Row[] = JSON.parse(readFileSync(new URL("rows.json", FOLDER), "utf8"));
const rowsV2: Row[] = JSON.parse(readFileSync(new URL("rows.json", FOLDER_V2), "utf8"));

beforeAll(async () => {
  for (const precision of precisions) await loadCore({ precision });
});

/** An agent and its environments on the seed-3 drive of write.mjs; `drive(n)` steps both n times, returning the actions. */
function driver(row: Row) {
  const options = { algorithm: row.algorithm, seed: 3, precision: row.precision, hidden: row.hidden, hyperparameters: row.hyperparameters, units: row.units };
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

/** Loads `row`'s file of format `version` into a run that trained the same steps, and checks both continue together. */
function loadsAndContinues(row: Row, folder: URL, version: number): void {
  const bytes = new Uint8Array(readFileSync(new URL(row.file, folder)));
  expect(new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true)).toBe(version);
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
}

describe("version-1 checkpoints", () => {
  it.each(rows)("$file loads and continues as an uninterrupted run", (row) => loadsAndContinues(row, FOLDER, 1));

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

describe("version-2 checkpoints", () => {
  it.each(rowsV2)("$file loads and continues as an uninterrupted run", (row) => loadsAndContinues(row, FOLDER_V2, 2));

  it("the fixtures hold each rule's full bag, unused settings and absent-by-default variants included", () => {
    const settingsOf = (file: string) => Object.keys(decodeCheckpoint<{ hyperparameters: object }>(new Uint8Array(readFileSync(new URL(file, FOLDER_V2)))).metadata.hyperparameters);
    expect(settingsOf("weight-max-float32.bin")).toContain("settleSteps"); // a MAP critic's setting, unused by weight-max
    expect(settingsOf("async-map-prop-last-float64.bin")).toContain("asyncTraces");
    expect(settingsOf("discrete-map-prop-mode-float32-batch4.bin")).toContain("discreteEligibility");
  });
});

describe("a version-2 run checkpoint", () => {
  it("resumes, and the run ends as one never stopped", () => {
    const bytes = new Uint8Array(readFileSync(new URL("run-weight-max-stopped.bin", FOLDER_V2)));
    expect(new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true)).toBe(2);
    // The options of write-run.mjs.
    const options: TrainOptions = { env: "CartPole-v1", algorithm: "weight-max", episodes: 6, seed: 4, hidden: [8, 4], hyperparameters: { actorLambda: 0.5 } };
    const finals: Uint8Array[] = [];
    const whole = train({ ...options, onCheckpoint: (c) => finals.push(c.bytes) });
    const resumed = train({ ...options, resume: bytes, onCheckpoint: (c) => finals.push(c.bytes) });
    expect(resumed.episodeReturns).toEqual(whole.episodeReturns);
    expect(resumed.steps).toBe(whole.steps);
    expect(finals.at(-1)).toEqual(finals[0]);
    expect(() => train({ ...options, hyperparameters: { actorLambda: 0.6 }, resume: bytes })).toThrow(/not the one these options make/);
  });
});
