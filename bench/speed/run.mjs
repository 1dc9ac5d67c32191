// Whole training steps per second on CartPole-v1 (bench/speed/steps.mjs) for every algorithm on both
// core builds and every backend (Wasm SIMD, the same Wasm without SIMD, and the pure-JS port),
// at batch 1 and 32, measured in one run, with each step's floating-point work
// (bench/speed/flops.mjs) against the machine's SIMD multiply-add peak measured in the same run.
// Writes bench/results/steps.json and steps.md. bench/speed/browser.mjs runs the same in Chromium.
// Then the peers (bench/peers/run-peers.mjs: TensorFlow.js, the authors' NumPy code, JAX) beside
// coagent's rows of this run, into bench/results/peers.json and peers.md. And issue #31's two rows,
// added to steps.json and steps.md: MAP propagation's step ÷ backprop's, default settling and the
// best settling pair, measured in alternation (bench/speed/map-prop-ratio.mjs, in a child process),
// and coagent's float32 MAP propagation against vmapped JAX at 32 seeds, the JAX rate the peers'
// measurement of this run (bench/speed/jax-comparison.mjs).
import { execFileSync, execSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { Bench } from "tinybench";
import * as coagent from "../../dist/index.js";
import { measurePeakFlops } from "./peak.mjs";
import { measureJax } from "../peers/python.mjs";
import { runPeers } from "../peers/run-peers.mjs";
import { jaxComparison, jaxComparisonTable } from "./jax-comparison.mjs";
import { mapPropRatioTable } from "./map-prop-ratio.mjs";
import { keepFaster, measureSteps, ROUNDS, sameStep, stepsTable, withPeak } from "./steps.mjs";

const timeMs = Number(process.env.BENCH_TIME_MS ?? 3000);

// Each (backend, precision) pair is timed in its own child process, one after another: in one
// V8 isolate the JS port's float32 and float64 code paths would share (and deoptimise) the same
// functions, which is not how anyone runs it.
if (process.argv[2] === "--child") {
  const [backend, precision] = /** @type {[import("./steps.mjs").Backend, import("./steps.mjs").Precision]} */ (process.argv.slice(3));
  process.stdout.write(JSON.stringify(await measureSteps(coagent, Bench, { backend, precision, timeMs })));
  process.exit(0);
}
const peakFlops = measurePeakFlops(readFileSync(new URL("../../build/peak.wasm", import.meta.url)));
const measured = [];
for (let round = 0; round < ROUNDS; round++) {
  for (const backend of coagent.backends) {
    for (const precision of coagent.precisions) {
      const out = execFileSync(process.execPath, [new URL(import.meta.url).pathname, "--child", backend, precision], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
      keepFaster(measured, JSON.parse(out), sameStep);
      console.error(`measured ${backend} ${precision} (pass ${round + 1} of ${ROUNDS})`);
    }
  }
}
const rows = withPeak(measured, peakFlops);
/** @type {import("./map-prop-ratio.mjs").MapPropRatio} */
const mapPropOverBackprop = JSON.parse(execFileSync(process.execPath, [new URL("map-prop-ratio.mjs", import.meta.url).pathname, "--json"], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }));
let commit = "unknown";
try {
  commit = execSync("git rev-parse --short HEAD", { encoding: "utf8" }).trim();
} catch {}
const meta = { commit, runtime: `node ${process.version}`, cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, date: new Date().toISOString() };
const peakGflops = { float32: peakFlops.float32 / 1e9, float64: peakFlops.float64 / 1e9 };
mkdirSync("bench/results", { recursive: true });
const table = stepsTable(
  rows,
  `Training steps on CartPole-v1 (actor + critic, one thread) — ${meta.cpu}, ${meta.runtime}, commit ${commit}. ` +
    `Measured SIMD multiply-add peak: ${peakGflops.float32.toFixed(1)} GFLOP/s float32, ${peakGflops.float64.toFixed(1)} float64. ` +
    `Best of ${ROUNDS} passes per row. Steps/s count environment steps (32 per call at batch 32); latencies are per call; × floor = the step's time ÷ its counted work at the peak rate.`,
);
/** Writes steps.json and steps.md; again once the JAX comparison is measured, so a failing peer cannot cost the rows before it. */
const writeSteps = (/** @type {import("./jax-comparison.mjs").JaxComparison | undefined} */ comparison) => {
  writeFileSync("bench/results/steps.json", JSON.stringify({ ...meta, scenario: "CartPole-v1 training step, batch 1 and 32", peakGflops, results: rows, mapPropOverBackprop, jaxComparison: comparison }, null, 1) + "\n");
  writeFileSync("bench/results/steps.md", [table, mapPropRatioTable(mapPropOverBackprop), ...(comparison ? [jaxComparisonTable(comparison)] : [])].join("\n"));
};
writeSteps(undefined);
console.log(table);
console.log(mapPropRatioTable(mapPropOverBackprop));
const jax = measureJax();
console.log(runPeers(rows.map((r) => ({ ...r, runtime: meta.runtime })), meta, { jax }));
const comparison = jaxComparison(mapPropOverBackprop, jax);
writeSteps(comparison);
console.log(jaxComparisonTable(comparison));
