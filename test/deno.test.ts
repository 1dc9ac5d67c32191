// The same library under Deno (the npm package `deno` ships the binary): a short CartPole run with
// the bundle gives exactly Node's episode returns.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { loadCore } from "../bindings/core";
import { train } from "../bindings/train";

const deno = join(__dirname, "..", "node_modules", ".bin", "deno");
const missing = !existsSync(deno);
if (missing) console.warn("test/deno.test.ts skipped: node_modules/.bin/deno is missing (npm ci installs it)");

describe.skipIf(missing)("Deno", () => {
  it("trains CartPole with the bundle and init(bytes), with Node's returns", async () => {
    const { stdout } = await promisify(execFile)(deno, ["run", "--allow-read", join(__dirname, "fixtures", "deno-train.mjs")], { timeout: 120_000 });
    await loadCore();
    const node = train({ env: "CartPole-v1", algorithm: "map-prop", episodes: 5, seed: 0 });
    expect(JSON.parse(stdout.trim().split("\n").at(-1)!)).toEqual(node.episodeReturns);
  }, 150_000);
});
