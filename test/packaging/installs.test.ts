// Installs everywhere: the packed tarball installs from the registry with `npm --engine-strict`,
// pnpm (engine-strict) and Yarn 1 (which refuses any dependency whose engines exclude the running
// Node), on the oldest Node coagent supports (the minimum of package.json's engines, 20.16.0)
// and on the newest Node the registry serves (the npm package `node`'s latest), and each install
// trains from its `coagent` bin. The Node binaries come through the registry too
// (node-<platform>-<arch>, the package `node` installs); everything lands in
// test-artifacts/installs/, and npm's cache keeps a second run from downloading again.
// Needs the registry, as `npm ci` does.
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { env, npm, packTarball, root } from "../pack";

const run = promisify(execFile);
const work = join(root, "test-artifacts", "installs");
const tools = join(work, "tools");

// The package managers for Node 20, pinned: npm 10.8.2 (Node 20.19.0's own; it runs on 20.16) and the last pnpm that runs on
// Node 20 (pnpm 11 needs Node 22.13; pnpm 12 is a native binary with a Node of its own). With the
// newest Node: npm's latest and pnpm 11. Yarn 1 is 1.22.22, its last release, on both.
const NPM_FOR_NODE_20 = "10.8.2";
const PNPM_FOR_NODE_20 = "10.34.8";
const PNPM_FOR_NEWEST = "11.29.0";
const YARN_1 = "1.22.22";

const oldest = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")).engines.node as string).replace(/^>=\s*/, "");
const OLDEST_NODE = oldest.split(".").length === 2 ? `${oldest}.0` : oldest;

/** The version the registry's `latest` tag of `name` points to. */
const latest = (name: string) => execFileSync(npm, ["view", `${name}@latest`, "version"], { encoding: "utf8", env }).trim();

/** Unpacks the registry's Node binary package for `version` into tools/; returns its `bin` directory. */
function nodeBinaries(version: string): string {
  const dir = join(tools, `node-${version}`);
  const bin = join(dir, "bin");
  if (!existsSync(join(bin, "node"))) {
    mkdirSync(dir, { recursive: true });
    const name = `node-${process.platform === "win32" ? "win" : process.platform}-${process.arch}`;
    const out = execFileSync(npm, ["pack", "--json", `${name}@${version}`, "--pack-destination", dir], { encoding: "utf8", env });
    const tarball = join(dir, (JSON.parse(out) as { filename: string }[])[0].filename);
    execFileSync("tar", ["xzf", tarball, "-C", dir, "--strip-components=1"]);
    rmSync(tarball);
  }
  return bin;
}

/** A Node version, its binaries, and the npm and pnpm scripts (under tools/node_modules) used with it. */
interface Setup { node: string; bin: string; npm: string; pnpm: string }
let tarball = "";
let setups: Setup[] = [];

beforeAll(() => {
  mkdirSync(tools, { recursive: true });
  tarball = packTarball(join(work, "tarball"));
  const newest = latest("node");
  const newestNpm = latest("npm");
  // Both npm versions side by side under aliases, with pnpm and Yarn 1.
  execFileSync(npm, ["install", "--prefix", tools, "--no-save", "--no-audit", "--no-fund", "--ignore-scripts",
    `npm-oldest@npm:npm@${NPM_FOR_NODE_20}`, `npm-newest@npm:npm@${newestNpm}`,
    `pnpm-oldest@npm:pnpm@${PNPM_FOR_NODE_20}`, `pnpm-newest@npm:pnpm@${PNPM_FOR_NEWEST}`, `yarn@${YARN_1}`], { env, stdio: "ignore" });
  setups = [
    { node: OLDEST_NODE, bin: nodeBinaries(OLDEST_NODE), npm: join("npm-oldest", "bin", "npm-cli.js"), pnpm: join("pnpm-oldest", "bin", "pnpm.cjs") },
    { node: newest, bin: nodeBinaries(newest), npm: join("npm-newest", "bin", "npm-cli.js"), pnpm: join("pnpm-newest", "bin", "pnpm.mjs") },
  ];
}, 600_000);

/** The command line that installs the tarball into `app` with `manager`. */
function installCommand(manager: string, setup: Setup, app: string): string[] {
  const modules = join(tools, "node_modules");
  switch (manager) {
    case "npm": return [join(modules, setup.npm), "install", "--engine-strict", "--no-audit", "--no-fund", tarball];
    case "pnpm": return [join(modules, setup.pnpm), "add", "--config.engine-strict=true", `--store-dir=${join(tools, "pnpm-store")}`, tarball];
    // Yarn 1 caches a local tarball by name and version, not content: a cache kept between runs
    // would install an earlier build's coagent (and its dependencies). So each install has its own.
    default: return [join(modules, "yarn", "bin", "yarn.js"), "add", "--non-interactive", "--no-progress", `--cache-folder=${join(app, ".yarn-cache")}`, tarball];
  }
}

const MANAGERS = ["npm", "pnpm", "yarn"];

/** Installs with one manager on one Node and trains from the bin; returns the returns of each task. */
async function installAndTrain(manager: string, setup: Setup): Promise<Record<string, number[]>> {
  const app = join(work, `${manager}-node-${setup.node}`);
  rmSync(app, { recursive: true, force: true });
  mkdirSync(app, { recursive: true });
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: `consumer-${manager}`, private: true, type: "module" }));
  // That Node first on PATH: the managers' scripts and the bin's `#!/usr/bin/env node` find it.
  const runEnv = { ...env, PATH: `${setup.bin}${delimiter}${env.PATH ?? ""}`, npm_config_update_notifier: "false" };
  const [script, ...args] = installCommand(manager, setup, app);
  try {
    await run(join(setup.bin, "node"), [script, ...args], { cwd: app, env: runEnv, timeout: 300_000, maxBuffer: 1 << 24 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${manager} on Node ${setup.node} failed to install the tarball:\n${stderr}\n${stdout}`);
  }
  const returns: Record<string, number[]> = {};
  for (const [task, episodes] of [["CartPole-v1", "5"], ["LunarLander-v2", "2"]]) {
    const out = join(app, `${task}.json`);
    await run(join(app, "node_modules", ".bin", "coagent"), ["train", "--env", task, "--algorithm", "backprop", "--episodes", episodes, "--seed", "0", "--out", out],
      { cwd: app, env: runEnv, timeout: 300_000 });
    returns[task] = (JSON.parse(readFileSync(out, "utf8")) as { runs: { returns: number[] }[] }).runs[0].returns;
  }
  return returns;
}

describe("installs everywhere", () => {
  it(`installs the tarball with npm --engine-strict, pnpm and Yarn 1 on Node ${OLDEST_NODE} and the newest Node, and trains from each`, async () => {
    const library = await import("../../dist/index.js");
    await library.init();
    await library.loadLunarLander();
    const expected = {
      "CartPole-v1": library.train({ env: "CartPole-v1", algorithm: "backprop", episodes: 5, seed: 0 }).episodeReturns,
      "LunarLander-v2": library.train({ env: "LunarLander-v2", algorithm: "backprop", episodes: 2, seed: 0 }).episodeReturns,
    };
    for (const setup of setups) {
      const got = await Promise.all(MANAGERS.map((manager) => installAndTrain(manager, setup)));
      for (const [k, manager] of MANAGERS.entries()) {
        // The run itself is the library's own arithmetic, the same on every Node ...
        expect(got[k]["CartPole-v1"], `${manager} on Node ${setup.node}`).toEqual(expected["CartPole-v1"]);
        // ... but LunarLander's physics (planck.js) uses that Node's Math.sin and Math.cos.
        expect(got[k]["LunarLander-v2"]).toHaveLength(2);
        if (setup.node.startsWith("20.")) expect(got[k]["LunarLander-v2"], `${manager} on Node ${setup.node}`).toEqual(expected["LunarLander-v2"]);
        else console.log(`${manager} on Node ${setup.node}: LunarLander returns ${JSON.stringify(got[k]["LunarLander-v2"])}, Node ${process.versions.node}: ${JSON.stringify(expected["LunarLander-v2"])}`);
      }
    }
  }, 900_000);
});
