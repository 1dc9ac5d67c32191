// The same library inside Cloudflare's workerd (the npm package `workerd` ships the binary;
// miniflare 4 needs Node 22, so workerd is driven directly): the bundle, with the core imported
// as a compiled WebAssembly.Module, trains CartPole with exactly Node's returns, and repeats the
// long runs of test/fixtures/everywhere/runs.js (test/everywhere.ts says which must be identical).
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCore } from "../../bindings/core/core";
import { train } from "../../bindings/training/train";
import { expectNode20Runs } from "../everywhere";

const root = join(__dirname, "..", "..");
const workerd = join(root, "node_modules", ".bin", "workerd");
const missing = !existsSync(workerd);
if (missing) console.warn("test/packaging/workerd.test.ts skipped: node_modules/.bin/workerd is missing (npm ci installs it)");

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * Serves `worker` (a file beside the others in `sources`) in workerd with the bundle as coagent.js
 * and the core as a compiled module, fetches "/" once and returns the body.
 */
async function fetchFromWorkerd(worker: string, sources: string[] = []): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "coagent-workerd-"));
  copyFileSync(join(root, "dist", "browser.js"), join(dir, "coagent.js"));
  copyFileSync(join(root, "build", "core64.wasm"), join(dir, "core64.wasm"));
  copyFileSync(worker, join(dir, "worker.js"));
  for (const source of sources) copyFileSync(source, join(dir, basename(source)));
  const port = await freePort();
  writeFileSync(join(dir, "config.capnp"), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .worker)],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "coagent.js", esModule = embed "coagent.js"),
    (name = "core64.wasm", wasm = embed "core64.wasm"),
${sources.map((source) => `    (name = "${basename(source)}", esModule = embed "${basename(source)}"),\n`).join("")}  ],
  compatibilityDate = "2024-09-01",
);
`);
  const child = spawn(workerd, ["serve", join(dir, "config.capnp")], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  try {
    let body = "";
    for (let attempt = 0; attempt < 100 && body === ""; attempt++) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/`);
        body = await response.text();
      } catch {
        await new Promise((r) => setTimeout(r, 100)); // workerd is still starting
      }
    }
    expect(body, stderr).not.toBe("");
    return body;
  } finally {
    child.kill();
  }
}

describe.skipIf(missing)("workerd", () => {
  it("trains CartPole in a Worker with the core passed to init() as a module, with Node's returns", async () => {
    const body = await fetchFromWorkerd(join(__dirname, "..", "fixtures", "workerd", "worker.js"));
    await loadCore();
    const node = train({ env: "CartPole-v1", algorithm: "map-prop", episodes: 5, seed: 0 });
    expect(JSON.parse(body)).toEqual(node.episodeReturns);
  }, 60_000);

  it("repeats Node 20's long runs: 1,000 CartPole episodes, 200 of Acrobot, MountainCarContinuous, LunarLander", async () => {
    const everywhere = join(__dirname, "..", "fixtures", "everywhere");
    const body = await fetchFromWorkerd(join(everywhere, "worker.js"), [join(everywhere, "runs.js")]);
    for (const line of expectNode20Runs("workerd", JSON.parse(body))) console.log(line);
  }, 600_000);
});
