// The step benchmark (bench/speed/steps.mjs) in headless Chromium (Debian's package, driven by
// playwright-core): every backend and precision in its own browser context. The pages are
// cross-origin isolated, which gives them a 5 µs clock instead of 100 µs. Fractions of peak use
// the peak measured here in Node: Chromium 150's optimising tier runs the same multiply-add loop
// at about a third of that rate (it is measured in a page too and reported), while the training
// steps run at up to Node's rates. Writes bench/results/browser.json and browser.md, and the
// TensorFlow.js peer (bench/peers/tfjs-agent.mjs, wasm and cpu backends, each in its own context)
// beside coagent's rows into bench/results/browser-peers.json and browser-peers.md.
import { execSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { backends, precisions } from "../../dist/index.js";
import { staticServer } from "../../scripts/static-server.mjs";
import { measurePeakFlops } from "./peak.mjs";
import { keepFaster, ROUNDS, sameStep, stepsTable, withPeak } from "./steps.mjs";
import { peersTable, withRatios } from "../peers/table.mjs";

const CHROMIUM = "/usr/bin/chromium";
if (!existsSync(CHROMIUM)) {
  console.error(`bench/speed/browser.mjs needs ${CHROMIUM}: apt-get install -y chromium`);
  process.exit(1);
}
const timeMs = Number(process.env.BENCH_TIME_MS ?? 3000);
const root = join(import.meta.dirname, "..", "..");
/** The page sets window.result when its measurements are done. */
/** @typedef {Window & { result?: any }} BenchWindow */
const server = staticServer(root, { "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" });
await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
const origin = `http://127.0.0.1:${/** @type {import("node:net").AddressInfo} */ (server.address()).port}`;
// Measured before the browser starts and again after it closes; the better of the two counts.
const peakWasm = readFileSync(join(root, "build/peak.wasm"));
const firstPeak = measurePeakFlops(peakWasm);

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"], headless: true });
/** Opens the page with `query` in a fresh context (its own renderer process) and returns its result. */
async function run(query) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    // The page works at top level, which holds back its load event: wait only for navigation.
    await page.goto(`${origin}/bench/speed/browser.html?${new URLSearchParams(query)}`, { waitUntil: "commit" });
    await page.waitForFunction(() => /** @type {BenchWindow} */ (window).result !== undefined, undefined, { timeout: 0 });
    const result = await page.evaluate(() => /** @type {BenchWindow} */ (window).result);
    if (result.error) throw new Error(`${JSON.stringify(query)}: ${result.error}`);
    return result;
  } finally {
    await context.close();
  }
}

const measured = [];
const tfjs = [];
let pagePeakFlops;
const version = `Chromium ${browser.version()}`;
try {
  pagePeakFlops = await run({ peak: 1 });
  for (let round = 0; round < ROUNDS; round++) {
    for (const backend of backends) {
      for (const precision of precisions) {
        keepFaster(measured, await run({ backend, precision, timeMs }), sameStep);
        console.error(`measured ${backend} ${precision} in Chromium (pass ${round + 1} of ${ROUNDS})`);
      }
    }
    for (const backend of ["wasm", "cpu"]) {
      keepFaster(tfjs, [await run({ peer: "tfjs", backend, timeMs })], (a, b) => a.backend === b.backend);
      console.error(`measured TF.js ${backend} in Chromium (pass ${round + 1} of ${ROUNDS})`);
    }
  }
} finally {
  await browser.close().catch(() => {});
  server.close();
}
const secondPeak = measurePeakFlops(peakWasm);
const peakFlops = { float32: Math.max(firstPeak.float32, secondPeak.float32), float64: Math.max(firstPeak.float64, secondPeak.float64) };
const rows = withPeak(measured, peakFlops);
let commit = "unknown";
try {
  commit = execSync("git rev-parse --short HEAD", { encoding: "utf8" }).trim();
} catch {}
const meta = { commit, runtime: version, cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, date: new Date().toISOString() };
const gflops = (flops) => ({ float32: flops.float32 / 1e9, float64: flops.float64 / 1e9 });
const peakGflops = gflops(peakFlops);
const pagePeakGflops = gflops(pagePeakFlops);
mkdirSync(join(root, "bench/results"), { recursive: true });
writeFileSync(join(root, "bench/results/browser.json"), JSON.stringify({ ...meta, scenario: "CartPole-v1 training step in headless Chromium, batch 1 and 32", peakGflops, pagePeakGflops, results: rows }, null, 1) + "\n");
const table = stepsTable(
  rows,
  `Training steps on CartPole-v1 in headless ${version} (actor + critic, page main thread) — ${meta.cpu}, commit ${commit}. ` +
    `Measured SIMD multiply-add peak (Node, same run): ${peakGflops.float32.toFixed(1)} GFLOP/s float32, ${peakGflops.float64.toFixed(1)} float64; ` +
    `the same loop in the page: ${pagePeakGflops.float32.toFixed(1)} and ${pagePeakGflops.float64.toFixed(1)}. ` +
    `Best of ${ROUNDS} passes per row. Steps/s count environment steps; latencies are per call (32 calls timed together at batch 1); × floor = the step's time ÷ its counted work at the peak rate.`,
);
writeFileSync(join(root, "bench/results/browser.md"), table);
console.log(table);
const peerRows = withRatios(
  rows.map((r) => ({ ...r, runtime: version })),
  tfjs.map((r) => ({ ...r, algorithm: "backprop", seeds: 1, vmapped: false, runtime: version })),
).filter((r) => r.algorithm === "backprop");
writeFileSync(join(root, "bench/results/browser-peers.json"), JSON.stringify({ ...meta, scenario: "CartPole-v1 training in headless Chromium, one environment", results: peerRows }, null, 1) + "\n");
const peers = peersTable(
  peerRows,
  `coagent's backprop beside TensorFlow.js in headless ${version} (page main thread) — ${meta.cpu}, commit ${commit}. Best of ${ROUNDS} passes per row, measured in one run.`,
  ["TF.js learner: bench/peers/tfjs-agent.mjs, float32 only (TF.js has no float64 kernels); its UMD bundles and wasm binaries are loaded from node_modules."],
);
writeFileSync(join(root, "bench/results/browser-peers.md"), peers);
console.log(peers);
