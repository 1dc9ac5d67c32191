// A task of your own from the shell, as docs/environments.md shows it: examples/corridor.mjs is
// imported with --import by train (on worker threads too), by a grid of two shards and by merge,
// and by eval; bad modules and a missing budget are one line and exit code 2.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { runCli } from "../coagent-cli";

const run = promisify(execFile);
const root = join(__dirname, "..", "..");

const corridor = "./examples/corridor.mjs";

const coagent = (...args: string[]) => runCli(args, root);

describe("coagent with --import", () => {
  it("trains a registered task on worker threads, and saves and evaluates its agent", async () => {
    const dir = mkdtempSync(join(tmpdir(), "coagent-import-"));
    const out = join(dir, "corridor.json");
    const save = join(dir, "corridor.ckpt");
    const result = await coagent("train", "--import", corridor, "--env", "Corridor-v0", "--algorithm", "weight-max", "--episodes", "30", "--seeds", "2", "--workers", "2", "--out", out, "--save-policy", save, "--quiet");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/weight-max on Corridor-v0: average return over all episodes -?[\d.]+ \(std [\d.]+ over 2 runs\)/);
    expect(result.stdout).toMatch(/2 runs on 2 worker threads/);
    const json = JSON.parse(readFileSync(out, "utf8"));
    expect(json.env).toBe("Corridor-v0");
    for (const r of json.runs) {
      expect(r.returns).toHaveLength(30);
      // Every episode ends at the exit (1 − 0.01 per other step), in the pit, or at the 100-step limit.
      expect(r.returns.every((v: number) => v <= 1 && v >= -2)).toBe(true);
    }
    // The same runs in this thread give the same returns as on worker threads.
    const sequential = join(dir, "sequential.json");
    expect((await coagent("train", "--import", corridor, "--env", "Corridor-v0", "--algorithm", "weight-max", "--episodes", "30", "--seeds", "2", "--workers", "1", "--out", sequential, "--quiet")).code).toBe(0);
    expect(JSON.parse(readFileSync(sequential, "utf8")).runs.map((r: { returns: number[] }) => r.returns)).toEqual(json.runs.map((r: { returns: number[] }) => r.returns));

    const policy = join(dir, "corridor-weight-max-seed0.ckpt");
    const evaluated = await coagent("eval", "--import", corridor, "--checkpoint", policy, "--episodes", "3", "--quiet");
    expect(evaluated.code).toBe(0);
    expect(evaluated.stdout).toMatch(/weight-max on Corridor-v0 \(sampled\): mean return -?[\d.]+ ± [\d.]+ \(sample std\) over 3 episodes/);
    const without = await coagent("eval", "--checkpoint", policy, "--episodes", "3");
    expect(without.code).toBe(2);
    expect(without.stderr).toMatch(/^coagent: the policy was trained on "Corridor-v0", which is not a registered task; --import the module/);
  }, 120_000);

  it("runs a grid of a registered task in two shards and merges them", async () => {
    const dir = mkdtempSync(join(tmpdir(), "coagent-import-grid-"));
    const grid = ["--import", corridor, "--envs", "Corridor-v0", "--algorithms", "weight-max,reinforce", "--episodes", "20", "--seeds", "2", "--workers", "2", "--quiet"];
    const first = await coagent("reproduce", ...grid, "--shard", "1/2", "--out", join(dir, "shard-1"));
    const second = await coagent("reproduce", ...grid, "--shard", "2/2", "--out", join(dir, "shard-2"));
    // The only words on stderr: that each shard's new --out directory is being created.
    const creating = (shard: string) => `coagent: creating directory ${join(dir, shard)} for --out\n`;
    expect([first.code, second.code, first.stderr, second.stderr]).toEqual([0, 0, creating("shard-1"), creating("shard-2")]);
    expect(first.stdout).toMatch(/2 runs trained, 0 found finished, 0 failed/);
    expect(second.stdout).toMatch(/2 runs trained, 0 found finished, 0 failed/);
    const merged = await coagent("merge", "--import", corridor, join(dir, "shard-1"), join(dir, "shard-2"), "--out", join(dir, "grid"));
    expect(merged.stderr).toBe(`coagent: creating directory ${join(dir, "grid")} for --out\n`);
    expect(merged.stdout).toMatch(/merged 4 runs/);
    expect(merged.stdout).toMatch(/\| Corridor-v0 \| weight-max \| 2 \| 20 \| -?[\d.]+ \([\d.]+\) \| no published number \| – \|/);
    for (const algorithm of ["weight-max", "reinforce"]) for (const seed of [0, 1]) expect(existsSync(join(dir, "grid", "runs", "Corridor-v0", algorithm, `seed-${seed}.json`))).toBe(true);
    expect(existsSync(join(dir, "grid", "figures", "Corridor-v0.svg"))).toBe(true);
  }, 120_000);

  it.each([
    ["a missing budget", ["reproduce", "--import", corridor, "--envs", "Corridor-v0", "--out", "/tmp/never"], /^coagent: Corridor-v0 has no reference settings, so no default budget: give the episodes \(--episodes <n>/],
    ["a missing budget in train", ["train", "--import", corridor, "--env", "Corridor-v0"], /^coagent: Corridor-v0 has no reference settings/],
    ["the id without its module", ["train", "--env", "Corridor-v0"], /^coagent: --env must be one of: .*; got "Corridor-v0"/],
    ["a module that does not exist", ["train", "--import", "./no-such-task.mjs"], /^coagent: --import \.\/no-such-task\.mjs: Cannot find module/],
    ["no module", ["train", "--import"], /^coagent: --import needs a module: --import \.\/my-task\.mjs\n$/],
  ])("%s is one line and exit code 2", async (_name, args, message) => {
    const result = await coagent(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("a module whose task fails the passive checks is refused with the checker's sentence, on one line", async () => {
    const dir = mkdtempSync(join(root, ".register-cli-"));
    const bad = join(dir, "bad.mjs");
    writeFileSync(bad, `import { Box, Discrete, register } from "coagent";
register({ id: "Bad-v0", maxEpisodeSteps: 10, create: () => ({
  observationSpace: new Box([0], [1]), actionSpace: new Discrete(2), state: [0],
  reset: () => ({ observation: Float64Array.of(0, 0), info: {} }),
  step: () => ({ observation: Float64Array.of(0), reward: 0, terminated: true, truncated: false, info: {} }),
}) });
`);
    try {
      const result = await coagent("train", "--import", bad, "--env", "Bad-v0", "--episodes", "1");
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^coagent: --import .*bad\.mjs: Bad-v0 failed the environment check: Bad-v0: reset returned an observation of 2 values; observationSpace\.shape says 1\n$/);
    } finally {
      await run("rm", ["-rf", dir]);
    }
  });
});

describe("importTaskModules (coagent/node), what --import does", () => {
  it("imports a module once, remembers its URL for worker threads, and names a failing one on one line", async () => {
    const node = await import(pathToFileURL(join(root, "dist", "node.js")).href);
    expect(node.isEnvironmentId("Corridor-v0")).toBe(false);
    const urls = await node.importTaskModules([corridor, corridor], root);
    expect(urls).toEqual([pathToFileURL(join(root, "examples", "corridor.mjs")).href]);
    expect(node.importedTaskModules()).toEqual(urls);
    expect(node.isEnvironmentId("Corridor-v0")).toBe(true);
    expect(node.makeEnv("Corridor-v0").maxEpisodeSteps).toBe(100);
    await expect(node.importTaskModules(["./examples/none.mjs"], root)).rejects.toThrow(/^cannot import \.\/examples\/none\.mjs: Cannot find module/);
    await expect(node.importTaskModules(["no-such-package"], root)).rejects.toThrow(node.ConfigurationError);
    expect(node.importedTaskModules()).toHaveLength(1);
  });
});
