// The same library under Deno (the npm package `deno` ships the binary): a short CartPole run with
// the bundle gives exactly Node's episode returns, and so do the long runs of
// test/fixtures/everywhere/runs.js (test/everywhere.ts says which must be identical).
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { loadCore } from "../../bindings/core/core";
import { Policy } from "../../bindings/training/policy";
import { train } from "../../bindings/training/train";
import { expectNode20Runs } from "../everywhere";

const deno = join(__dirname, "..", "..", "node_modules", ".bin", "deno");
const missing = !existsSync(deno);
if (missing) console.warn("test/packaging/deno.test.ts skipped: node_modules/.bin/deno is missing (npm ci installs it)");

describe.skipIf(missing)("Deno", () => {
  it("trains CartPole with the bundle and init(bytes), with Node's returns; a policy file acts as in Node", async () => {
    await loadCore();
    let policy!: Policy;
    const node = train({ env: "CartPole-v1", algorithm: "map-prop", episodes: 5, seed: 0, onTrained: (agent) => { policy = agent.policy(); } });
    const file = join(mkdtempSync(join(tmpdir(), "coagent-deno-")), "cartpole.policy");
    writeFileSync(file, policy.save());
    const { stdout } = await promisify(execFile)(deno, ["run", "--allow-read", join(__dirname, "..", "fixtures", "deno-train.mjs"), file], { timeout: 120_000 });
    const [returns, actions] = stdout.trim().split("\n").slice(-2).map((line) => JSON.parse(line));
    expect(returns).toEqual(node.episodeReturns);
    const loaded = Policy.load(readFileSync(file), { seed: 3 });
    const observations = Array.from({ length: 50 }, (_, k) => [Math.sin(k), Math.cos(2 * k), 0.1 * Math.sin(3 * k), Math.cos(k)]);
    expect(actions).toEqual(observations.map((o, k) => loaded.act(o, { greedy: k % 2 === 0 }).action));
  }, 150_000);

  it("repeats Node 20's long runs: 1,000 CartPole episodes, 200 of Acrobot, MountainCarContinuous, LunarLander", async () => {
    const { stdout } = await promisify(execFile)(deno, ["run", "--allow-read", join(__dirname, "..", "fixtures", "everywhere", "deno.mjs")], { timeout: 600_000, maxBuffer: 1 << 26 });
    for (const line of expectNode20Runs("Deno", JSON.parse(stdout.trim().split("\n").pop()!))) console.log(line);
  }, 600_000);
});
