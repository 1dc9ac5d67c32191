// The same library inside Cloudflare's workerd (the npm package `workerd` ships the binary;
// miniflare 4 needs Node 22, so workerd is driven directly): the bundle, with the core imported
// as a compiled WebAssembly.Module, trains CartPole with exactly Node's returns.
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCore } from "../bindings/core/core";
import { train } from "../bindings/training/train";

const root = join(__dirname, "..");
const workerd = join(root, "node_modules", ".bin", "workerd");
const missing = !existsSync(workerd);
if (missing) console.warn("test/workerd.test.ts skipped: node_modules/.bin/workerd is missing (npm ci installs it)");

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

describe.skipIf(missing)("workerd", () => {
  it("trains CartPole in a Worker with the core passed to init() as a module, with Node's returns", async () => {
    const dir = mkdtempSync(join(tmpdir(), "coagent-workerd-"));
    copyFileSync(join(root, "dist", "browser.js"), join(dir, "coagent.js"));
    copyFileSync(join(root, "build", "core64.wasm"), join(dir, "core64.wasm"));
    copyFileSync(join(__dirname, "fixtures", "workerd", "worker.js"), join(dir, "worker.js"));
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
  ],
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
      await loadCore();
      const node = train({ env: "CartPole-v1", algorithm: "map-prop", episodes: 5, seed: 0 });
      expect(JSON.parse(body)).toEqual(node.episodeReturns);
    } finally {
      child.kill();
    }
  }, 60_000);
});
