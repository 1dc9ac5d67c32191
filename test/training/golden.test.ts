// Golden runs: the safety net under every change to the core. Each row trains one rule for a
// fixed number of steps on one precision, backend and batch size, then hashes what the run
// learned: every action taken, and each network's weights, biases, Adam moments and traces, with
// the agent's last value and TD error. The expected hashes are checked in
// (test/fixtures/golden.json), so CI fails on any change to a learning result, however small.
//
// A change that is meant to alter results regenerates the file and says why in its commit:
//   UPDATE_GOLDEN=1 npx vitest run test/training/golden.test.ts
//
// The checkpoint is hashed twice. Its state blocks (the core's state, whatever the container
// around them) must never change without a learning hash changing too; its bytes may change only
// with CHECKPOINT_VERSION (a format change that leaves every learning and state hash alone).
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Agent } from "../../bindings/training/agent";
import { decodeCheckpoint } from "../../bindings/core/checkpoint";
import { type Algorithm, algorithms } from "../../bindings/rules/algorithms";
import { type Backend, type Core, type Precision, backends, loadCore, precisions } from "../../bindings/core/core";
import { makeEnv, type EnvironmentId } from "../../bindings/envs/registry";
import { makeVectorEnv } from "../../bindings/envs/vector";
import type { LayerBufferName } from "../../bindings/core/network";

const FIXTURE = new URL("../fixtures/golden.json", import.meta.url);
const UPDATE = process.env.UPDATE_GOLDEN === "1";

/** Environment steps per run: enough for episodes to end, traces to clear and Adam to warm up. */
const STEPS = 1_200;
const BATCH_SIZES = [1, 4] as const;
const LEARNED: LayerBufferName[] = ["weights", "bias", "momentWeights", "squareWeights", "momentBias", "squareBias", "traceWeights", "traceBias"];

interface Golden { learned: string; state: string; checkpoint: string }
const expected: Record<string, Golden> = UPDATE ? {} : JSON.parse(readFileSync(FIXTURE, "utf8"));
const computed: Record<string, Golden> = {};

const cores = {} as Record<string, Core>;
beforeAll(async () => {
  for (const backend of backends) for (const precision of precisions) cores[`${backend}:${precision}`] = await loadCore({ precision, backend });
});
afterAll(() => {
  if (UPDATE) writeFileSync(FIXTURE, `${JSON.stringify(Object.fromEntries(Object.entries(computed).sort()), null, 1)}\n`);
});

/** SHA-256 over the run's actions and everything each network has learned. */
function learnedHash(agent: Agent, actions: number[]): string {
  const hash = createHash("sha256");
  hash.update(new Float64Array(actions));
  for (const net of [agent.actor, agent.critic]) {
    for (let layer = 0; layer < net.layerCount; layer++) {
      for (const name of LEARNED) hash.update(new Float64Array(net.buffer(layer, name)));
    }
  }
  hash.update(new Float64Array([agent.iterations, agent.lastValue, agent.lastTdError]));
  return hash.digest("hex");
}

/** SHA-256 over a checkpoint's state blocks, each after its length: what the format carries, not how. */
function stateHash(checkpoint: Uint8Array): string {
  const hash = createHash("sha256");
  for (const block of decodeCheckpoint(checkpoint).blocks) hash.update(new Uint32Array([block.length])).update(block);
  return hash.digest("hex");
}

function run(algorithm: Algorithm, precision: Precision, backend: Backend, batch: number, envId: EnvironmentId): Golden {
  const core = cores[`${backend}:${precision}`];
  const actions: number[] = [];
  const record = (action: number | ArrayLike<number>) => actions.push(...(typeof action === "number" ? [action] : Array.from(action)));
  let agent: Agent;
  if (batch === 1) {
    const env = makeEnv(envId, { seed: 3 });
    agent = Agent.create({ algorithm, env, seed: 3, precision }, core);
    let observation = env.reset({ seed: 3 }).observation;
    for (let t = 0; t < STEPS; t++) {
      const { action } = agent.act(observation);
      record(action);
      const step = env.step(action);
      agent.learn(step);
      observation = step.terminated || step.truncated ? env.reset().observation : step.observation;
    }
  } else {
    const envs = makeVectorEnv(envId, { count: batch, seed: 3 });
    agent = Agent.create({ algorithm, env: envs, seed: 3, precision, batch }, core);
    let observations = envs.reset({ seed: 3 }).observations;
    for (let t = 0; t < STEPS / batch; t++) {
      const step = envs.step(agent.actBatch(observations).actions.map((a) => (record(a), a)));
      agent.learnBatch(step);
      observations = step.observations;
    }
  }
  const checkpoint = agent.save();
  const golden = {
    learned: learnedHash(agent, actions),
    state: stateHash(checkpoint),
    checkpoint: createHash("sha256").update(checkpoint).digest("hex"),
  };
  agent.dispose();
  return golden;
}

const rows = algorithms.flatMap((algorithm) =>
  precisions.flatMap((precision) => backends.flatMap((backend) => BATCH_SIZES.map((batch) => ({ algorithm, precision, backend, batch, env: "CartPole-v1" as EnvironmentId })))),
);
// Gaussian actions: one continuous-control row per rule that supports it.
for (const algorithm of ["map-prop", "async-map-prop", "weight-max", "reinforce"] as const) {
  rows.push({ algorithm, precision: "float64", backend: "wasm", batch: 1, env: "MountainCarContinuous-v0" });
}

describe("golden runs: learning results are unchanged", () => {
  it.each(rows)("$algorithm $precision $backend batch $batch $env", ({ algorithm, precision, backend, batch, env }) => {
    const key = `${env} ${algorithm} ${precision} ${backend} batch ${batch}`;
    const golden = run(algorithm, precision, backend, batch, env);
    computed[key] = golden;
    if (UPDATE) return;
    expect(expected[key], `${key} has no golden hash: run UPDATE_GOLDEN=1`).toBeDefined();
    expect(golden.learned, `${key}: actions or learned parameters changed`).toBe(expected[key].learned);
    expect(golden.state, `${key}: the checkpoint's state blocks changed`).toBe(expected[key].state);
    expect(golden.checkpoint, `${key}: checkpoint bytes changed (bump CHECKPOINT_VERSION if the format changed)`).toBe(expected[key].checkpoint);
  });

  it.runIf(!UPDATE)("the fixture has no rows the test no longer runs", () => {
    const keys = rows.map((r) => `${r.env} ${r.algorithm} ${r.precision} ${r.backend} batch ${r.batch}`);
    expect(Object.keys(expected).sort()).toEqual(keys.sort());
  });
});
