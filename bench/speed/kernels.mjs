// Kernel benchmarks: each scenario times one core operation through the public Network API, on
// every backend adapter (Wasm SIMD, the same Wasm without SIMD, the pure-JS port; float32 and
// float64),
// at batch 1 and batch 32, in one run. Each result reports operations/s, p50/p99 latency, the
// floating-point work per operation and the fraction of the machine's measured SIMD
// multiply-add peak (bench/speed/assembly/peak.ts, measured in the same run). Writes
// bench/results/kernels.json and kernels.md.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { Bench } from "tinybench";
import * as coagent from "../../dist/index.js";
import { measurePeakFlops } from "./peak.mjs";
import { keepFaster, ROUNDS, statisticsOf } from "./steps.mjs";

const { Network, loadCore } = coagent;
const TIME = Number(process.env.BENCH_TIME_MS ?? 1000);

// ---- the peak multiply-add rate of this machine, per precision
const peakFlops = process.argv[2] === "--child" ? {} : measurePeakFlops(readFileSync(new URL("../../build/peak.wasm", import.meta.url)));

// ---- adapters: every backend at both precisions. Each is timed in its own child process (one
// V8 isolate would share, and deoptimise, the JS port's float32 and float64 code paths).
const adapterNames = coagent.backends.flatMap((backend) => coagent.precisions.map((precision) => `${backend} ${precision}`));

// ---- scenarios: a network, the operation timed, and its floating-point operations per sample
/** @typedef {import("../../dist/index.js").LayerSpec} LayerSpec */
/** @type {(unit: LayerSpec["unit"], extra?: Partial<LayerSpec>) => LayerSpec[]} */
const dense = (unit, extra = {}) => [{ size: 64, unit, learningRate: 0.01, ...extra }];
/** @type {LayerSpec[]} */
const mapActor = [
  { size: 64, unit: "gaussian", variance: 0.03, learningRate: 0.01 },
  { size: 32, unit: "gaussian", variance: 0.1, learningRate: 1e-5 },
  { size: 2, unit: "categorical", temperature: 2, learningRate: 1e-6 },
];
/** @type {LayerSpec[]} */
const wmActor = [
  { size: 64, unit: "bernoulli", learningRate: 0.01 },
  { size: 32, unit: "bernoulli", learningRate: 1e-3 },
  { size: 1, unit: "categorical", fixedZeroLogit: true, learningRate: 1e-4 },
];
const W64 = 64 * 64; // weights of a 64 → 64 layer
const scenarios = [
  { name: "matrix-vector product (64→64, linear)", inputs: 64, layers: dense("deterministic", { activation: "linear" }), flops: 2 * W64, op: (n) => n.forward() },
  { name: "sample Bernoulli units (64→64)", inputs: 64, layers: dense("bernoulli"), flops: 2 * W64, op: (n) => n.forward() },
  { name: "sample Gaussian softplus units (64→64)", inputs: 64, layers: dense("gaussian", { variance: 0.1 }), flops: 2 * W64, op: (n) => n.forward() },
  { name: "sample a categorical of 64 logits", inputs: 64, layers: dense("categorical"), flops: 2 * W64, op: (n) => n.forward() },
  { name: "trace update x⊗e (64→64)", inputs: 64, layers: dense("gaussian", { variance: 0.1 }), flops: 2 * W64, op: (n) => n.recordTrace(0.9, "local") },
  { name: "Adam step (64→64)", inputs: 64, layers: dense("gaussian", { variance: 0.1 }), flops: 12 * W64, perBatch: true, op: (n, d, i) => n.learn(d, i) },
  // One Jacobi sweep: eligibilities and back-projection of two layers, a refresh of all three.
  // Every sweep back-projects and refreshes the layers above the first; the first is refreshed once.
  { name: "MAP settling, 20 sweeps (actor 4-64-32-2)", inputs: 4, layers: mapActor, flops: 2 * 4 * 64 + 20 * 4 * (64 * 32 + 32 * 2), op: (n) => n.settle(20) },
  { name: "Weight Max reward + Adam (WM actor 4-64-32-1)", inputs: 4, layers: wmActor, flops: 3 * (64 * 32 + 32) + 12 * (4 * 64 + 64 * 32 + 32), op: (n, d, i) => n.learnWeightMax(d, i) },
];

async function measure(adapterName) {
  const [backend, precision] = adapterName.split(" ");
  const core = await loadCore({ precision, backend });
  const bench = new Bench({ time: TIME, warmupTime: 200 });
  const meta = new Map();
  for (const scenario of scenarios) {
    for (const batch of [1, 32]) {
      const net = new Network({ inputSize: scenario.inputs, layers: scenario.layers, seed: 1, batch }, 0, core);
      net.setInput(Float64Array.from({ length: scenario.inputs * batch }, (_, k) => Math.sin(k + 1)));
      net.forward();
      net.recordTrace(0.9, "local");
      const delta = new Float64Array(batch).fill(1e-3);
      let i = 0;
      const name = `${scenario.name} | batch ${batch}`;
      meta.set(name, { scenario: scenario.name, backend: adapterName, precision, batch, flops: scenario.perBatch ? scenario.flops : scenario.flops * batch });
      bench.add(name, () => scenario.op(net, delta, i++));
    }
  }
  await bench.run();
  return bench.tasks.map((task) => {
    const m = meta.get(task.name);
    const r = statisticsOf(task);
    const opsPerSecond = r.throughput.mean;
    return { ...m, opsPerSecond, samplesPerSecond: opsPerSecond * m.batch, p50Microseconds: r.latency.p50 * 1000, p99Microseconds: r.latency.p99 * 1000, flopsPerSecond: opsPerSecond * m.flops };
  });
}

if (process.argv[2] === "--child") {
  process.stdout.write(JSON.stringify(await measure(process.argv.slice(3).join(" "))));
  process.exit(0);
}
const rows = [];
const sameKernel = (a, b) => a.scenario === b.scenario && a.backend === b.backend && a.batch === b.batch;
for (let round = 0; round < ROUNDS; round++) {
  for (const adapter of adapterNames) {
    const out = execFileSync(process.execPath, [new URL(import.meta.url).pathname, "--child", ...adapter.split(" ")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    const measured = JSON.parse(out).map((r) => ({ ...r, gflops: r.flopsPerSecond / 1e9, fractionOfPeak: r.flopsPerSecond / peakFlops[r.precision] }));
    keepFaster(rows, measured, sameKernel, (r) => r.samplesPerSecond);
    console.error(`measured ${adapter} (pass ${round + 1} of ${ROUNDS})`);
  }
}
let commit = "unknown";
try {
  commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
} catch {}
const machine = { commit, runtime: `node ${process.version}`, cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, date: new Date().toISOString() };
const out = new URL("../results/", import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(new URL("kernels.json", out), JSON.stringify({ machine, peakGflops: { float32: peakFlops.float32 / 1e9, float64: peakFlops.float64 / 1e9 }, rows }, null, 1) + "\n");

const fmt = (x, d = 0) => x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
const lines = [
  `Core kernels — ${machine.cpu}, ${machine.runtime}, commit ${commit}. Measured SIMD multiply-add peak: ${fmt(peakFlops.float32 / 1e9, 1)} GFLOP/s float32, ${fmt(peakFlops.float64 / 1e9, 1)} float64 (one thread). Best of ${ROUNDS} passes per row.`,
  "",
  "| kernel | backend | batch | samples/s | p50 µs | p99 µs | GFLOP/s | % of peak |",
  "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  ...rows.map((r) => `| ${r.scenario} | ${r.backend} | ${r.batch} | ${fmt(r.samplesPerSecond)} | ${fmt(r.p50Microseconds, 1)} | ${fmt(r.p99Microseconds, 1)} | ${fmt(r.gflops, 2)} | ${fmt(100 * r.fractionOfPeak, 1)} |`),
];
// Ratios measured in this run: batch 32 over batch 1, SIMD over the scalar Wasm build, and Wasm
// over the JS port (per sample, batch 1 unless stated).
const find = (scenario, backend, batch) => rows.find((r) => r.scenario === scenario && r.backend === backend && r.batch === batch);
const ratio = (s, a, b, batchA = 1, batchB = 1) => `${fmt(find(s, a, batchA).samplesPerSecond / find(s, b, batchB).samplesPerSecond, 2)}×`;
lines.push(
  "",
  "| kernel | batch 32 ÷ batch 1 (wasm float32) | SIMD ÷ scalar Wasm (float32) | SIMD ÷ scalar Wasm (float64) | wasm ÷ js (float32) |",
  "| --- | ---: | ---: | ---: | ---: |",
);
for (const { name } of scenarios) {
  lines.push(`| ${name} | ${ratio(name, "wasm float32", "wasm float32", 32, 1)} | ${ratio(name, "wasm float32", "wasm-scalar float32")} | ${ratio(name, "wasm float64", "wasm-scalar float64")} | ${ratio(name, "wasm float32", "js float32")} |`);
}
writeFileSync(new URL("kernels.md", out), lines.join("\n") + "\n");
console.log(lines.join("\n"));
