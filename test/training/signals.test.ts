// Signals from inside a run (bindings/training/signals.ts): the recorded values against what they
// mean on small cases, runs identical with and without recording, and the CLI's --log-signals.

import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { beforeAll, describe, expect, it } from "vitest";
import { Agent } from "../../bindings/training/agent";
import { train, type RunSignalRecord } from "../../bindings/training/train";
import { type SignalRecord, entropyOf, isSaturated, recordSignals } from "../../bindings/training/signals";
import { loadCore } from "../../bindings/core/core";
import { makeEnv } from "../../bindings/envs/registry";
import { ConfigurationError } from "../../bindings/errors";
import type { Algorithm } from "../../bindings/rules/algorithms";
import { runCli } from "../coagent-cli";

beforeAll(async () => {
  await loadCore();
});

const cartPole = makeEnv("CartPole-v1", { seed: 0 });

describe("recorded values", () => {
  it("records the TD error r + γV(s') − V(s) computed from the agent's values", () => {
    const records: SignalRecord[] = [];
    const agent = Agent.create({ algorithm: "reinforce", env: cartPole, seed: 4 });
      recordSignals(agent, { every: 1, onSignals: (r) => records.push(r) });
    const env = makeEnv("CartPole-v1", { seed: 4 });
    let observation = env.reset({ seed: 4 }).observation;
    const expected: number[] = [];
    let previous = NaN;
    let reward = NaN;
    for (let t = 0; t < 30; t++) {
      const { action } = agent.act(observation);
      const value = agent.lastValue;
      if (t > 0) expected.push(reward + agent.hyperparameters.gamma * value - previous);
      previous = value;
      const step = env.step(action);
      reward = step.reward;
      agent.learn(step);
      if (step.terminated || step.truncated) break;
      observation = step.observation;
    }
    agent.dispose();
    expect(expected.length).toBeGreaterThan(5);
    expect(records[0].tdError).toBe(0); // the first step has no transition to learn from
    expect(records.slice(1, 1 + expected.length).map((r) => r.tdError)).toEqual(expected.map((e) => expect.closeTo(e, 12)));
    expect(records.map((r) => r.iteration)).toEqual(records.map((_, k) => k + 1));
  });

  it("records the entropy of a known softmax: ln 2 for two equally likely actions", () => {
    expect(entropyOf([0.25, 0.25, 0.25, 0.25])).toBeCloseTo(Math.log(4), 15);
    expect(entropyOf([1, 0])).toBe(0);
    for (const algorithm of ["reinforce", "weight-max"] as const) {
      const records: SignalRecord[] = [];
      const agent = Agent.create({ algorithm, env: cartPole, seed: 1 });
      recordSignals(agent, { every: 1, onSignals: (r) => records.push(r) });
      const top = agent.actor.layerCount - 1;
      agent.actor.buffer(top, "weights").fill(0);
      agent.actor.buffer(top, "bias").fill(0);
      agent.act([0.1, 0, -0.1, 0]);
      agent.dispose();
      expect(records[0].entropy).toBeCloseTo(Math.log(2), 12); // weight-max: one logit plus the fixed zero one
    }
  });

  it("counts saturated units of a constructed layer: Bernoulli p outside [0.01, 0.99], ReLU potential ≤ 0", () => {
    for (const [algorithm, bias] of [["reinforce", [10, -10, 0, 0.5]], ["backprop", [-1, -0.5, 1, 2]]] as [Algorithm, number[]][]) {
      const records: SignalRecord[] = [];
      const agent = Agent.create({ algorithm, env: cartPole, seed: 2, hidden: [8, 4] });
      recordSignals(agent, { every: 1, onSignals: (r) => records.push(r) });
      agent.actor.buffer(0, "weights").fill(0);
      // Units 0–3 take these biases, units 4–7 bias 0: Bernoulli p = ½, ReLU potential 0 (saturated).
      const biases = agent.actor.buffer(0, "bias");
      biases.fill(0);
      biases.set(bias);
      agent.act([0.3, -0.2, 0.1, 0.4]);
      agent.dispose();
      expect(records[0].actor[0].saturated).toBe(algorithm === "reinforce" ? 2 / 8 : 6 / 8);
    }
    const relu = { size: 1, unit: "gaussian" as const, activation: "relu" as const, variance: 1, learningRate: 0 };
    expect([isSaturated(relu, -0.1, 0), isSaturated(relu, 0.1, 0.1)]).toEqual([true, false]);
    const softplus = { ...relu, activation: "softplus" as const };
    expect([isSaturated(softplus, -5, 0), isSaturated(softplus, -4, 0)]).toEqual([true, false]); // logistic(−4.6) ≈ 0.01
  });

  it("records the settling energy for rules that settle, Weight Max's unit rewards for its hidden layers, and weight norms", () => {
    const byRule = new Map<Algorithm, RunSignalRecord[]>();
    for (const algorithm of ["map-prop", "discrete-map-prop", "weight-max", "reinforce"] as const) {
      const records: RunSignalRecord[] = [];
      train({ env: "CartPole-v1", algorithm, episodes: 3, seed: 5, signals: { every: 10, onSignals: (r) => records.push(r) } });
      byRule.set(algorithm, records);
      expect(records.length).toBeGreaterThan(2);
      for (const r of records) {
        expect(r).toMatchObject({ seed: 5, algorithm });
        expect(r.actor.every((l) => l.weightNorm > 0 && Number.isFinite(l.eligibility))).toBe(true);
      }
    }
    for (const r of byRule.get("map-prop")!) expect(r.settling).toEqual({ sweeps: 20, energy: expect.any(Number) });
    // With a tolerance, settling stops early, and the record says after how many sweeps.
    const tolerant: RunSignalRecord[] = [];
    train({ env: "CartPole-v1", algorithm: "map-prop", episodes: 3, seed: 5, hyperparameters: { settleTolerance: 1e-3 }, signals: { every: 10, onSignals: (r) => tolerant.push(r) } });
    expect(tolerant.every((r) => Number.isInteger(r.settling!.sweeps) && r.settling!.sweeps >= 1 && r.settling!.sweeps <= 20)).toBe(true);
    expect(tolerant.some((r) => r.settling!.sweeps < 20)).toBe(true);
    const discrete = byRule.get("discrete-map-prop")!;
    for (const r of discrete) expect(r.settling!.energy).toBeGreaterThan(0); // −log p of Bernoulli values
    // The search's sweeps that changed a value: whole numbers below its limit, and some search moves.
    for (const r of discrete) expect(Number.isInteger(r.settling!.sweeps) && r.settling!.sweeps >= 0 && r.settling!.sweeps <= 20).toBe(true);
    expect(discrete.some((r) => r.settling!.sweeps >= 1)).toBe(true);
    expect(byRule.get("reinforce")![0].settling).toBeUndefined();
    const weightMax = byRule.get("weight-max")!;
    expect(weightMax.every((r) => r.actor[0].unitReward !== undefined && r.actor[1].unitReward !== undefined && r.actor[2].unitReward === undefined)).toBe(true);
    expect(weightMax.some((r) => r.actor[0].unitReward!.std > 0)).toBe(true);
    expect(byRule.get("reinforce")![0].actor[0].unitReward).toBeUndefined();
    // Steps and episodes advance with the run.
    const steps = weightMax.map((r) => r.step);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(weightMax.at(-1)!.episode).toBeGreaterThan(0);
  });
});

describe("recording does not change the run", () => {
  for (const algorithm of ["map-prop", "discrete-map-prop", "weight-max"] as const) {
    it(`${algorithm}: same returns and final weights with and without signals`, () => {
      const run = (signals: boolean) => {
        let saved: Uint8Array | undefined;
        let records = 0;
        const result = train({
          env: "CartPole-v1", algorithm, episodes: 6, seed: 11, batch: algorithm === "weight-max" ? 2 : 1,
          onTrained: (agent) => (saved = agent.save()),
          ...(signals ? { signals: { every: 3, onSignals: () => records++ } } : {}),
        });
        return { returns: result.episodeReturns, saved: saved!, records };
      };
      const off = run(false);
      const on = run(true);
      expect(on.records).toBeGreaterThan(10);
      expect(on.returns).toEqual(off.returns);
      expect(Buffer.from(on.saved).equals(Buffer.from(off.saved))).toBe(true);
    });
  }
});

it("a resumed run records what the uninterrupted run records after the checkpoint, at the same iterations", () => {
  const base = { env: "CartPole-v1", algorithm: "weight-max", episodes: 20, seed: 3 } as const;
  const recorded = (extra: object) => {
    const out: RunSignalRecord[] = [];
    train({ ...base, ...extra, signals: { every: 13, onSignals: (r) => out.push(r) } });
    return out;
  };
  const whole = recorded({});
  let checkpoint: { bytes: Uint8Array } | undefined;
  recorded({ onEpisode: (report: { episode: number }) => report.episode < 3, onCheckpoint: (c: { bytes: Uint8Array }) => (checkpoint = c) });
  const resumed = recorded({ resume: checkpoint!.bytes });
  // 13 does not divide the checkpoint's iteration count: counting from the call would shift every record.
  expect(resumed[0].iteration % 13).toBe(0);
  expect(resumed.length).toBeGreaterThan(5);
  expect(resumed).toEqual(whole.slice(whole.length - resumed.length));
  expect(whole[whole.length - resumed.length - 1].iteration).toBeLessThan(resumed[0].iteration);
});

it("records the same signals on the JavaScript core as on Wasm", async () => {
  await loadCore({ backend: "js" });
  const records = (backend: "wasm" | "js") => {
    const out: RunSignalRecord[] = [];
    train({ env: "CartPole-v1", algorithm: "discrete-map-prop", episodes: 3, seed: 2, backend, signals: { every: 7, onSignals: (r) => out.push(r) } });
    return out;
  };
  expect(records("js")).toEqual(records("wasm"));
});

describe("bad signal options", () => {
  it("are refused before any work, naming the argument", () => {
    expect(() => train({ env: "CartPole-v1", algorithm: "reinforce", episodes: 1, signals: { every: 2 } as never })).toThrow(/signals.onSignals must be a function/);
    const agent = Agent.create({ algorithm: "reinforce", env: cartPole });
    expect(() => recordSignals(agent, { every: 0, onSignals: () => {} })).toThrow(new ConfigurationError("signals.every must be a positive integer; got 0"));
    expect(() => recordSignals(agent, { every: 1.5, onSignals: () => {} })).toThrow(/signals.every must be a positive integer/);
    expect(() => agent.observeSteps("no" as never)).toThrow(/observer must be a function or undefined/);
    agent.dispose();
  });
});

const coagent = (...args: string[]) => runCli(args);

describe("coagent train --log-signals and coagent plot", () => {
  it("writes one JSON line per record, each run's lines tagged, in run order whatever the threads; plot draws them", async () => {
    const dir = mkdtempSync(join(tmpdir(), "coagent-signals-"));
    const logs = [join(dir, "one.jsonl"), join(dir, "two.jsonl")];
    for (const [k, workers] of ["1", "2"].entries()) {
      const result = await coagent("train", "--algorithm", "weight-max,map-prop", "--episodes", "4", "--seeds", "2", "--seed", "7", "--log-signals", logs[k], "--every", "10", "--workers", workers, "--quiet");
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`wrote ${logs[k]}`);
    }
    const text = readFileSync(logs[0], "utf8");
    expect(readFileSync(logs[1], "utf8")).toBe(text);
    expect(readdirSync(dir).sort()).toEqual(["one.jsonl", "two.jsonl"]); // no part files left behind
    const lines = text.trim().split("\n").map((line) => JSON.parse(line));
    const runs = [...new Set(lines.map((l) => `${l.algorithm} ${l.seed}`))];
    expect(runs).toEqual(["weight-max 7", "weight-max 8", "map-prop 7", "map-prop 8"]);
    for (const line of lines) {
      expect(Object.keys(line).slice(0, 7)).toEqual(["env", "seed", "algorithm", "episode", "step", "iteration", "tdError"]);
      expect(line.env).toBe("CartPole-v1");
      expect(line.iteration % 10).toBe(0);
      expect(line.actor).toHaveLength(3);
      expect(line.critic).toHaveLength(3);
      expect(typeof line.entropy).toBe("number");
      expect(line.settling !== undefined).toBe(line.algorithm === "map-prop");
    }
    const svg = join(dir, "signals.svg");
    const plotted = await coagent("plot", logs[0], "--out", svg);
    expect(plotted.code).toBe(0);
    const figure = readFileSync(svg, "utf8");
    for (const panel of ["TD error", "policy entropy (nats)", "settling: final energy", "actor: unit reward, std", "critic: weight norm"]) expect(figure).toContain(panel);
    expect(figure).toContain("map-prop seed 8, layer 1");
  });

  it("refuses bad input in one line with exit code 2, before any work", async () => {
    const dir = mkdtempSync(join(tmpdir(), "coagent-signals-"));
    const cases: [string[], RegExp][] = [
      [["--log-signals", join(dir, "s.jsonl"), "--every", "0"], /^coagent: --every must be an integer >= 1; got "0"\n$/],
      [["--log-signals", join(dir, "s.json")], /^coagent: --log-signals writes .jsonl files; got ".*s.json"\n$/],
      [["--log-signals"], /^coagent: .*log-signals.*\n$/],
      [["--every", "5"], /^coagent: --every needs --log-signals <file.jsonl>.*\n$/],
      [["--env", "Multiplexer", "--algorithm", "weight-max", "--samples", "10", "--log-signals", join(dir, "s.jsonl")], /^coagent: --log-signals does not apply to Multiplexer, a supervised task\n$/],
    ];
    for (const [args, message] of cases) {
      const result = await coagent("train", ...(args.includes("--samples") ? [] : ["--episodes", "1"]), ...args);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    expect(existsSync(join(dir, "s.jsonl"))).toBe(false);
    const broken = join(dir, "broken.jsonl");
    writeFileSync(broken, '{"tdError": 1, "actor": []}\nnot json\n');
    const plotted = await coagent("plot", broken, "--out", join(dir, "x.svg"));
    expect(plotted.code).toBe(2);
    expect(plotted.stderr).toBe(`coagent: ${broken}:2 is not a JSON line\n`);
  });
});
