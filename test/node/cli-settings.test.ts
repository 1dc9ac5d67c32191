// Settings from the shell (bindings/node/cli-settings.ts) and per-command help (cli-help.ts): the
// built CLI in a child process, as a user runs it.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { planGrid } from "../../bindings/node/experiment";
import { runCli } from "../coagent-cli";

const version = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")).version;

const coagent = (...args: string[]) => runCli(args);

const fresh = () => mkdtempSync(join(tmpdir(), "coagent-settings-"));
const read = (path: string) => JSON.parse(readFileSync(path, "utf8"));
/** A refusal: exit 2 and one line on stderr, no stack. */
const refusal = (result: { code: number; stderr: string }) => {
  expect(result.code).toBe(2);
  expect(result.stderr.trim().split("\n")).toHaveLength(1);
  return result.stderr;
};

describe("train --set and --config", () => {
  it("--set changes the run, and the run file records the options, overrides, settings, budget and version", async () => {
    const dir = fresh();
    const common = ["train", "--algorithm", "weight-max", "--episodes", "30", "--seed", "2", "--quiet", "--workers", "1"];
    expect((await coagent(...common, "--out", join(dir, "default.json"))).code).toBe(0);
    const result = await coagent(...common, "--set", "gamma=0.5", "--set", "actorLearningRate.start=0.1,0.001,0.0001", "--out", join(dir, "set.json"));
    expect(result.code).toBe(0);
    const [byDefault, set] = [read(join(dir, "default.json")), read(join(dir, "set.json"))];
    expect(set.runs[0].returns).not.toEqual(byDefault.runs[0].returns);
    expect(set).toMatchObject({ env: "CartPole-v1", algorithm: "weight-max", episodes: 30, seeds: 1, seed: 2, precision: "float64", backend: "wasm", batch: 1, envSeeding: "gymnasium", coagent: version });
    expect(set.settings).toEqual({ gamma: 0.5, actorLearningRate: { start: [0.1, 0.001, 0.0001] } });
    // The settings that ran: the budget actually used, the override, the other part of the schedule kept.
    expect(set.config.episodes).toBe(30);
    expect(set.config.gamma).toBe(0.5);
    expect(set.config.actorLearningRate).toEqual({ start: [0.1, 0.001, 0.0001], end: [2e-4, 2e-6, 2e-7] });
    expect(byDefault.config.episodes).toBe(30);
    expect(byDefault.settings).toEqual({});
  });

  it("a run file alone repeats its run; the command line and --set win over it", async () => {
    const dir = fresh();
    const first = join(dir, "first.json");
    expect((await coagent("train", "--env", "Acrobot-v1", "--algorithm", "reinforce,weight-max", "--episodes", "3", "--seeds", "2", "--set", "gamma=0.9", "--hidden", "16,8", "--quiet", "--out", first)).code).toBe(0);
    const again = join(dir, "again.json");
    expect((await coagent("train", "--config", first, "--quiet", "--out", again)).code).toBe(0);
    const [a, b] = [read(first), read(again)];
    expect(b.map((entry: { runs: { returns: number[] }[] }) => entry.runs.map((r) => r.returns))).toEqual(a.map((entry: { runs: { returns: number[] }[] }) => entry.runs.map((r) => r.returns)));
    expect(b.map((entry: { config: object }) => entry.config)).toEqual(a.map((entry: { config: object }) => entry.config));
    const changed = join(dir, "changed.json");
    expect((await coagent("train", "--config", first, "--algorithm", "reinforce", "--seeds", "1", "--set", "gamma=0.8", "--quiet", "--out", changed)).code).toBe(0);
    const c = read(changed);
    expect(c).toMatchObject({ env: "Acrobot-v1", algorithm: "reinforce", seeds: 1, episodes: 3, hidden: [16, 8], settings: { gamma: 0.8 } });
    expect(c.runs[0].returns).not.toEqual(a[0].runs[0].returns);
  });

  it("a config file of options and settings, and a grid's run file, run as train", async () => {
    const dir = fresh();
    const config = join(dir, "config.json");
    writeFileSync(config, JSON.stringify({ env: "CartPole-v1", algorithm: "weight-max", episodes: 4, envSeeding: "legacy", quiet: true, settings: { weightMaxExponent: 3 } }));
    const out = join(dir, "out.json");
    expect((await coagent("train", "--config", config, "--out", out)).code).toBe(0);
    expect(read(out)).toMatchObject({ episodes: 4, envSeeding: "legacy", settings: { weightMaxExponent: 3 }, config: { weightMaxExponent: 3 } });
    const grid = join(dir, "grid");
    expect((await coagent("reproduce", "--envs", "CartPole-v1", "--algorithms", "weight-max", "--seeds", "1", "--seed", "5", "--episodes", "4", "--set", "weightMaxExponent=3", "--quiet", "--out", grid)).code).toBe(0);
    const record = read(join(grid, "runs", "CartPole-v1", "weight-max", "seed-5.json"));
    expect(record.config).toMatchObject({ episodes: 4, weightMaxExponent: 3 });
    expect(record.coagent).toBe(version);
    const fromGrid = join(dir, "from-grid.json");
    expect((await coagent("train", "--config", join(grid, "runs", "CartPole-v1", "weight-max", "seed-5.json"), "--quiet", "--out", fromGrid)).code).toBe(0);
    expect(read(fromGrid).runs[0].returns).toEqual(record.returns);
  });

  it("refuses bad settings in one line before any work, naming the nearest name or what is expected", async () => {
    expect(refusal(await coagent("train", "--set", "gama=0.9"))).toMatch(/--set gama: unknown hyperparameter "gama" \(did you mean "gamma"\?\)/);
    expect(refusal(await coagent("train", "--algorithm", "map-prop", "--set", "weightMaxExponent=3"))).toMatch(
      /--set weightMaxExponent applies to rules that reward hidden units by Weight Maximization \(weight-max, weight-max-traces\); map-prop does not use it/,
    );
    expect(refusal(await coagent("train", "--set", "gamma=1.5"))).toMatch(/--set gamma must be a number in \[0, 1\]; got 1.5/);
    expect(refusal(await coagent("train", "--set", "gamma=high"))).toMatch(/--set gamma=high: gamma must be a number in \[0, 1\]/);
    expect(refusal(await coagent("train", "--set", "temperature=1,2"))).toMatch(/--set temperature must be 3 numbers \[first hidden layer, later hidden layers, output\] or one per layer/);
    expect(refusal(await coagent("train", "--hidden", "8,8,8", "--set", "actorVariance=1,1,1,1,1"))).toMatch(/actorVariance must be 3 numbers .* \(4 for 3 hidden layers and the output\)/);
    expect(refusal(await coagent("train", "--algorithm", "async-map-prop", "--set", "asyncTraces=lst"))).toMatch(/asyncTraces must be "every" or "last" or "notebook"; got "lst" \(did you mean "last"\?\)/);
    expect(refusal(await coagent("train", "--set", "gamma"))).toMatch(/--set must be name=value, e.g. --set gamma=0.9; got "gamma"/);
    expect(refusal(await coagent("train", "--set", "episodes=5"))).toMatch(/episodes is an option of its own; use --episodes/);
    expect(refusal(await coagent("train", "--set", "actorLearningRate.middle=1"))).toMatch(/actorLearningRate has parts .start and .end/);
    expect(refusal(await coagent("train", "--env", "Multiplexer", "--algorithm", "weight-max", "--set", "gamma=0.9"))).toMatch(/--set does not apply to Multiplexer/);
    const dir = fresh();
    const config = join(dir, "c.json");
    writeFileSync(config, JSON.stringify({ episode: 3 }));
    expect(refusal(await coagent("train", "--config", config))).toMatch(/--config .*c.json: unknown option "episode" \(did you mean "episodes"\?\)/);
    writeFileSync(config, "{ not json");
    expect(refusal(await coagent("train", "--config", config))).toMatch(/is not JSON/);
    expect(refusal(await coagent("train", "--config", join(dir, "missing.json")))).toMatch(/missing.json cannot be read/);
    writeFileSync(config, JSON.stringify({ settings: { gamma: 7 } }));
    expect(refusal(await coagent("train", "--config", config))).toMatch(/gamma must be a number in \[0, 1\]; got 7/);
  });
});

describe("reproduce --set", () => {
  it("applies the settings to every cell, checks them against every rule, and refuses a directory of other runs", async () => {
    const dir = fresh();
    const grid = ["reproduce", "--envs", "CartPole-v1", "--algorithms", "reinforce,backprop", "--seeds", "1", "--episodes", "3", "--quiet", "--workers", "1", "--out", dir];
    expect((await coagent(...grid, "--set", "gamma=0.9")).code).toBe(0);
    for (const algorithm of ["reinforce", "backprop"]) {
      const record = read(join(dir, "runs", "CartPole-v1", algorithm, "seed-0.json"));
      expect(record.hyperparameters).toEqual({ gamma: 0.9 });
      expect(record.config).toMatchObject({ gamma: 0.9, episodes: 3 });
    }
    // Resuming the same grid finds them finished; other settings or another budget do not count.
    expect((await coagent(...grid, "--set", "gamma=0.9")).stdout).toMatch(/0 runs trained, 2 found finished/);
    expect(refusal(await coagent(...grid))).toMatch(/was trained with other settings than this grid asks for \(settings \{"gamma":0.9\}, asked \{\}\)/);
    expect(refusal(await coagent(...grid.slice(0, 7), "--episodes", "4", "--quiet", "--out", dir, "--set", "gamma=0.9"))).toMatch(/\(budget 3, asked 4\)/);
    expect(refusal(await coagent("reproduce", "--algorithms", "map-prop,weight-max", "--set", "settleSteps=5", "--out", fresh()))).toMatch(/settleSteps applies to .*; weight-max does not use it/);
  });

  it("planGrid checks overrides against each rule and keeps each rule's other part of a schedule", () => {
    const runs = planGrid({ envs: ["CartPole-v1"], algorithms: ["map-prop", "weight-max"], seeds: 1, hyperparameters: { criticLearningRate: { start: [1, 1, 1] } } });
    expect(runs.map((r) => r.hyperparameters)).toEqual([
      { criticLearningRate: { start: [1, 1, 1], end: [2e-3, 2e-6, 2e-7] } },
      { criticLearningRate: { start: [1, 1, 1], end: [4e-3, 4e-5, 4e-6] } },
    ]);
    expect(() => planGrid({ envs: ["CartPole-v1"], algorithms: ["reinforce"], seeds: 1, hyperparameters: { settleRate: 0.2 } })).toThrow(/settleRate applies to/);
    expect(() => planGrid({ envs: ["Multiplexer"], algorithms: ["weight-max"], seeds: 1, hyperparameters: { gamma: 0.9 } })).toThrow(/do not apply to Multiplexer/);
  });
});

describe("eval --set", () => {
  it("checks the names and says that settings do not apply to a frozen policy", async () => {
    expect(refusal(await coagent("eval", "--checkpoint", "x.ckpt", "--set", "gama=1"))).toMatch(/did you mean "gamma"/);
    expect(refusal(await coagent("eval", "--checkpoint", "x.ckpt", "--set", "gamma=0.5"))).toMatch(/eval runs the trained policy without learning/);
  });
});

describe("coagent <command> --help", () => {
  it.each([
    ["train", ["--env", "--set", "--config", "weightMaxExponent"]],
    ["reproduce", ["--envs", "--shard", "--set", "--config"]],
    ["merge", ["<dir>", "--out"]],
    ["plot", ["--out", "--title"]],
    ["eval", ["--checkpoint", "--greedy", "--config"]],
  ] as const)("%s --help prints its own options and runs nothing", async (command, options) => {
    for (const flag of ["--help", "-h"]) {
      const result = await coagent(command, flag);
      expect(result.code).toBe(0);
      expect(result.stdout.startsWith(`coagent ${command}`)).toBe(true);
      expect(result.stdout).toContain(`Options of ${command}:`);
      for (const option of options) expect(result.stdout).toContain(option);
      expect(result.stdout).not.toMatch(new RegExp(`Options of (?!${command}:)`));
    }
    expect((await coagent("help", command)).stdout).toBe((await coagent(command, "--help")).stdout);
  });

  it("the settings listed under train are the rules' declarations", async () => {
    const { stdout } = await coagent("train", "--help");
    const listed = stdout.slice(stdout.indexOf("Settings of the rules")).split("\n").slice(1).map((line) => /^ {2}(\w+)/.exec(line)?.[1]).filter(Boolean);
    const { declaredSettings } = await import("../../bindings/rules/algorithms");
    expect(listed).toEqual([...declaredSettings.keys()].filter((name) => name !== "episodes" && name !== "hidden"));
  });
});
