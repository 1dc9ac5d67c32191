// The peers table alone (`npm run bench:peers`): times only the coagent rows it compares with
// (Wasm SIMD, float32 and float64, through bench/speed/run.mjs's child mode, best of ROUNDS passes),
// then the peers (bench/peers/run-peers.mjs). `npm run bench` writes the same table as part of
// the full run. Writes bench/results/peers.json and peers.md.
import { execFileSync, execSync } from "node:child_process";
import { cpus } from "node:os";
import { join } from "node:path";
import { keepFaster, ROUNDS, sameStep } from "../speed/steps.mjs";
import { runPeers } from "./run-peers.mjs";

const measured = [];
for (let round = 0; round < ROUNDS; round++) {
  for (const precision of ["float32", "float64"]) {
    const out = execFileSync(process.execPath, [join(import.meta.dirname, "..", "speed", "run.mjs"), "--child", "wasm", precision], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    keepFaster(measured, JSON.parse(out), sameStep);
    console.error(`measured coagent wasm ${precision} (pass ${round + 1} of ${ROUNDS})`);
  }
}
let commit = "unknown";
try {
  commit = execSync("git rev-parse --short HEAD", { encoding: "utf8" }).trim();
} catch {}
const meta = { commit, runtime: `node ${process.version}`, cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, date: new Date().toISOString() };
console.log(runPeers(measured.map((r) => ({ ...r, runtime: meta.runtime })), meta));
