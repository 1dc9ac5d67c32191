// Checkpoints: save → load → continue equals uninterrupted training, bit for bit; corruption is
// detected; the format's errors are typed.
import { beforeAll, describe, expect, it } from "vitest";
import { Agent } from "../../bindings/training/agent";
import { algorithms, settingsOf } from "../../bindings/rules/algorithms";
import { absentByDefault } from "../../bindings/rules/setting";
import { CHECKPOINT_VERSION, CheckpointError, crc32, decodeCheckpoint, encodeCheckpoint } from "../../bindings/core/checkpoint";
import { loadCore, precisions } from "../../bindings/core/core";
import { makeEnv } from "../../bindings/envs/registry";
import { drive } from "../drive";

beforeAll(async () => {
  for (const precision of precisions) await loadCore({ precision });
});


function weightsOf(agent: Agent): number[] {
  return [agent.actor, agent.critic].flatMap((net) => Array.from({ length: net.layerCount }, (_, l) => [...net.buffer(l, "weights"), ...net.buffer(l, "traceWeights")]).flat());
}

describe.each(precisions)("checkpoints (%s)", (precision) => {
  it.each(algorithms)("%s: a loaded agent continues exactly as one that never stopped", (algorithm) => {
    const make = () => {
      const env = makeEnv("CartPole-v1", { seed: 3 });
      return { env, agent: Agent.create({ algorithm, env, seed: 3, precision }), state: { observation: env.reset({ seed: 3 }).observation } };
    };
    const a = make();
    const b = make();
    expect(drive(a.agent, a.env, a.state, 150)).toEqual(drive(b.agent, b.env, b.state, 150));
    // b is saved mid-episode (with a pending reward), disposed and replaced by its checkpoint.
    const bytes = b.agent.save();
    b.agent.dispose();
    const restored = Agent.load(bytes);
    expect(restored.iterations).toBe(a.agent.iterations);
    expect(drive(restored, b.env, b.state, 400)).toEqual(drive(a.agent, a.env, a.state, 400));
    expect(weightsOf(restored)).toEqual(weightsOf(a.agent));
    expect(restored.lastTdError).toBe(a.agent.lastTdError);
    restored.dispose();
    a.agent.dispose();
  });
});

describe("checkpoint format", () => {
  let bytes: Uint8Array;
  beforeAll(() => {
    const env = makeEnv("CartPole-v1");
    const agent = Agent.create({ algorithm: "map-prop", env, seed: 1 });
    let observation = env.reset({ seed: 1 }).observation;
    for (let k = 0; k < 20; k++) {
      const step = env.step(agent.act(observation).action);
      agent.learn(step);
      observation = step.observation;
    }
    bytes = agent.save();
    agent.dispose();
  });

  it("starts with the signature and version, and round-trips metadata with infinities", () => {
    expect(new TextDecoder().decode(bytes.subarray(0, 7))).toBe("COAGENT");
    expect(new DataView(bytes.buffer).getUint32(8, true)).toBe(CHECKPOINT_VERSION);
    expect(CHECKPOINT_VERSION).toBe(3);
    const { metadata } = decodeCheckpoint<{ env: { observationSpace: { high: number[] } }; algorithm: string }>(bytes);
    expect(metadata.algorithm).toBe("map-prop");
    expect(metadata.env.observationSpace.high[1]).toBe(Infinity);
    // Since version 2 the pending outcome is core state, in the blocks, not host state in the metadata.
    expect(Object.keys(metadata).filter((k) => k.startsWith("pending"))).toEqual([]);
  });

  it("computes the standard CRC-32", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
  });

  it("detects a corrupted byte anywhere: every header byte and 1000 positions across the blocks", () => {
    const positions = [...Array.from({ length: 300 }, (_, i) => i), ...Array.from({ length: 1000 }, (_, i) => Math.floor(((i + 0.5) / 1000) * bytes.length)), bytes.length - 1];
    for (const position of positions) {
      const corrupt = bytes.slice();
      corrupt[position] ^= 1 << (position % 8);
      expect(() => Agent.load(corrupt), `byte ${position}`).toThrow(CheckpointError);
    }
  });

  it.each([
    ["truncated", (b: Uint8Array) => b.slice(0, b.length - 100), /corrupt or truncated/],
    ["empty", () => new Uint8Array(0), /not a coagent checkpoint/],
    ["another file", () => new TextEncoder().encode("{\"weights\": [1, 2, 3], \"padding\": \"..........\"}"), /not a coagent checkpoint/],
  ])("rejects a %s file with a clear error", (_name, make, message) => {
    expect(() => Agent.load(make(bytes))).toThrow(message);
  });

  it("rejects another format version, and blocks that do not fit the network", () => {
    for (const version of [0, 4]) {
      const other = bytes.slice();
      new DataView(other.buffer).setUint32(8, version, true);
      expect(() => Agent.load(other)).toThrow(new RegExp(`format version ${version} is not supported; this coagent reads versions 1 to 3`));
    }
    const { metadata, blocks } = decodeCheckpoint<object>(bytes);
    expect(() => Agent.load(encodeCheckpoint(metadata, blocks.slice(1)))).toThrow(/does not fit the network/);
    expect(() => Agent.load(encodeCheckpoint({ format: "something else" }, []))).toThrow(/not an agent/);
  });
});

describe("saving to a file", () => {
  it("a process killed at random moments while saving always leaves a checkpoint that loads", async () => {
    const { spawn } = await import("node:child_process");
    const { mkdtempSync, readFileSync, readdirSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const dir = mkdtempSync(join(tmpdir(), "coagent-ckpt-"));
    const path = join(dir, "agent.ckpt");
    let previousIterations = 0;
    for (let round = 0; round < 6; round++) {
      const child = spawn(process.execPath, [join(__dirname, "..", "fixtures", "save-loop.mjs"), path], { stdio: ["ignore", "pipe", "inherit"] });
      await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
      await new Promise((r) => setTimeout(r, 20 + ((round * 37) % 150)));
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));
      const agent = Agent.load(new Uint8Array(readFileSync(path)));
      expect(agent.iterations).toBeGreaterThan(0);
      previousIterations = agent.iterations;
      agent.dispose();
    }
    expect(previousIterations).toBeGreaterThan(0);
    // Temporary files of killed saves may remain; the checkpoint itself is never one of them.
    expect(readdirSync(dir)).toContain("agent.ckpt");
  }, 60_000);
});

describe("settings by name (format version 3)", () => {
  /** A weight-max agent with an overridden exponent, after 40 steps, its checkpoint and its drive. */
  function trained(hyperparameters: object = { weightMaxExponent: 3 }) {
    const env = makeEnv("CartPole-v1", { seed: 2 });
    const agent = Agent.create({ algorithm: "weight-max", env, seed: 2, hidden: [8, 4], hyperparameters });
    const state = { observation: env.reset({ seed: 2 }).observation };
    drive(agent, env, state, 40);
    return { agent, env, state, bytes: agent.save() };
  }
  type Metadata = { hyperparameters: Record<string, unknown> };
  /** `bytes` with its settings changed by `change`. */
  const edited = (bytes: Uint8Array, change: (settings: Record<string, unknown>) => void) => {
    const { metadata, blocks } = decodeCheckpoint<Metadata>(bytes);
    change(metadata.hyperparameters);
    return encodeCheckpoint(metadata, blocks);
  };

  it.each(algorithms)("%s: the metadata records exactly the settings the rule declares, in its order", (algorithm) => {
    const agent = Agent.create({ algorithm, env: makeEnv("CartPole-v1"), hidden: [8, 4] });
    const { metadata } = decodeCheckpoint<Metadata>(agent.save());
    const declared = settingsOf(algorithm).filter((s) => !absentByDefault(s)).map((s) => s.name);
    expect(Object.keys(metadata.hyperparameters)).toEqual(declared);
    for (const name of declared) expect(metadata.hyperparameters[name], name).toEqual((agent.hyperparameters as unknown as Record<string, unknown>)[name]);
    agent.dispose();
  });

  it("a rule's settings that others take are not recorded; a variant absent by default stays absent, one given is kept", () => {
    const settings = (algorithm: "weight-max" | "async-map-prop", hyperparameters = {}) => {
      const agent = Agent.create({ algorithm, env: makeEnv("CartPole-v1"), hidden: [8, 4], hyperparameters });
      const { metadata } = decodeCheckpoint<Metadata>(agent.save());
      agent.dispose();
      return metadata.hyperparameters;
    };
    expect(settings("weight-max")).not.toHaveProperty("settleSteps");
    expect(settings("weight-max")).not.toHaveProperty("criticVariance");
    expect(settings("async-map-prop")).not.toHaveProperty("asyncTraces");
    expect(settings("async-map-prop", { asyncTraces: "last" }).asyncTraces).toBe("last");
    const agent = Agent.load(edited(trained().bytes, () => {}));
    expect([agent.hyperparameters.settleSteps, agent.hyperparameters.criticVariance]).toEqual([0, [0, 0, 0]]); // the values weight-max keeps for them
    agent.dispose();
  });

  it("a loaded agent keeps its settings and continues exactly", () => {
    const a = trained();
    const b = trained();
    const restored = Agent.load(b.bytes);
    b.agent.dispose();
    expect(restored.hyperparameters).toEqual(a.agent.hyperparameters);
    expect(drive(restored, b.env, b.state, 200)).toEqual(drive(a.agent, a.env, a.state, 200));
    expect(restored.save()).toEqual(a.agent.save());
    restored.dispose();
    a.agent.dispose();
  });

  it("a setting the file lacks (one added after it was written) loads with its declared default", () => {
    // With the default exponent (2), a file without the setting is the same agent: it continues exactly.
    const a = trained({});
    const b = trained({});
    const older = edited(b.bytes, (settings) => delete settings.weightMaxExponent);
    b.agent.dispose();
    const restored = Agent.load(older);
    expect(restored.hyperparameters.weightMaxExponent).toBe(2);
    expect(drive(restored, b.env, b.state, 200)).toEqual(drive(a.agent, a.env, a.state, 200));
    expect(restored.save()).toEqual(a.agent.save());
    restored.dispose();
    a.agent.dispose();
    // The declaration's default, not the value the run had: the file does not say it.
    const c = trained({ weightMaxExponent: 3 });
    const loaded = Agent.load(edited(c.bytes, (settings) => delete settings.weightMaxExponent));
    expect(loaded.hyperparameters.weightMaxExponent).toBe(2);
    loaded.dispose();
    c.agent.dispose();
  });

  it("a setting the rule does not take, or an unknown one, is a CheckpointError naming it", () => {
    const { agent, bytes } = trained();
    agent.dispose();
    const foreign = edited(bytes, (settings) => (settings.settleSteps = 0));
    expect(() => Agent.load(foreign)).toThrow(CheckpointError);
    expect(() => Agent.load(foreign)).toThrow(/records hyperparameters\.settleSteps, which weight-max does not take \(it takes: episodes, hidden, gamma/);
    const typo = edited(bytes, (settings) => (settings.gama = 0.9));
    expect(() => Agent.load(typo)).toThrow(/hyperparameters\.gama, which weight-max does not take \(did you mean "gamma"\?\)/);
  });

  it("a missing setting without a default is a CheckpointError naming it", () => {
    const { agent, bytes } = trained();
    agent.dispose();
    const missing = edited(bytes, (settings) => delete settings.actorLambda);
    expect(() => Agent.load(missing)).toThrow(CheckpointError);
    expect(() => Agent.load(missing)).toThrow(/lacks hyperparameters\.actorLambda, which weight-max takes and which has no default/);
    const { metadata, blocks } = decodeCheckpoint<Record<string, unknown>>(bytes);
    expect(() => Agent.load(encodeCheckpoint({ ...metadata, hyperparameters: [1, 2] }, blocks))).toThrow(/hyperparameters must be an object of settings by name; got/);
  });
});
