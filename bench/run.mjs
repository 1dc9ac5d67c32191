// Whole training steps per second on CartPole-v1 (actor + critic, 64-32 hidden units, one
// thread) for every algorithm on both core builds and every backend (Wasm SIMD, the same Wasm
// without SIMD, and the pure-JS port), at batch 1 (one environment) and batch 32 (a VectorEnv of
// 32), measured in one run, with each step's floating-point work (bench/flops.mjs) against the
// machine's SIMD multiply-add peak measured in the same run, and the reference NumPy
// implementation's rates on this machine type. Writes bench/results/steps.json and steps.md.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { execFileSync, execSync } from "node:child_process";
import { Bench } from "tinybench";
import { Agent, algorithms, backends, loadCore, makeEnv, makeVectorEnv, precisions } from "../dist/index.js";
import { flopsPerStep } from "./flops.mjs";
import { measurePeakFlops } from "./peak.mjs";

const BATCHES = [1, 32];

// Reference implementation on this machine type (ALGORITHMS.md §9): MAP propagation ~366
// env steps/s, the Weight Max code (Weight Max, REINFORCE, backprop) ~1,360.
// Asynchronous MAP propagation has no reference code to time.
const referenceRate = (algorithm) => (algorithm === "map-prop" ? 366 : algorithm === "async-map-prop" ? NaN : 1360);

// Each (backend, precision) pair is timed in its own child process, one after another: in one
// V8 isolate the JS port's float32 and float64 code paths would share (and deoptimise) the same
// functions, which is not how anyone runs it.
async function measure(backend, precision) {
  const bench = new Bench({ time: Number(process.env.BENCH_TIME_MS ?? 3000), warmupTime: 500 });
  await loadCore({ precision, backend });
  const agents = new Map();
  for (const algorithm of algorithms) {
    for (const batch of BATCHES) {
      const name = `${algorithm} | ${batch}`;
      if (batch === 1) {
        const env = makeEnv("CartPole-v1", { seed: 0 });
        const agent = Agent.create({ algorithm, env, seed: 0, precision, backend });
        let observation = env.reset({ seed: 0 }).observation;
        bench.add(name, () => {
          const { action } = agent.act(observation);
          const step = env.step(action);
          agent.learn(step);
          observation = step.terminated || step.truncated ? env.reset().observation : step.observation;
        });
        agents.set(name, agent);
      } else {
        const envs = makeVectorEnv("CartPole-v1", { count: batch, seed: 0 });
        const agent = Agent.create({ algorithm, env: envs, seed: 0, precision, backend, batch });
        let { observations } = envs.reset({ seed: 0 });
        bench.add(name, () => {
          const step = envs.step(agent.actBatch(observations).actions);
          agent.learnBatch(step);
          observations = step.observations;
        });
        agents.set(name, agent);
      }
    }
  }
  await bench.run();
  return bench.tasks.map((task) => {
    const r = task.result;
    const agent = agents.get(task.name);
    const [algorithm] = task.name.split(" | ");
    return {
      algorithm, precision, backend, batch: agent.batch, stepsPerSecond: r.throughput.mean * agent.batch, p50Microseconds: r.latency.p50 * 1000,
      p99Microseconds: r.latency.p99 * 1000, rme: r.latency.rme, samples: r.latency.samplesCount, flopsPerStep: flopsPerStep(agent),
      speedupOverReference: (r.throughput.mean * agent.batch) / referenceRate(algorithm),
    };
  });
}

if (process.argv[2] === "--child") {
  const [backend, precision] = process.argv.slice(3);
  process.stdout.write(JSON.stringify(await measure(backend, precision)));
  process.exit(0);
}
const peakFlops = measurePeakFlops();
const rows = [];
for (const backend of backends) {
  for (const precision of precisions) {
    const out = execFileSync(process.execPath, [new URL(import.meta.url).pathname, "--child", backend, precision], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    for (const r of JSON.parse(out)) {
      const gflops = (r.stepsPerSecond * r.flopsPerStep) / 1e9;
      rows.push({ ...r, gflops, fractionOfPeak: (gflops * 1e9) / peakFlops[precision] });
    }
    console.error(`measured ${backend} ${precision}`);
  }
}
let commit = "unknown";
try {
  commit = execSync("git rev-parse --short HEAD", { encoding: "utf8" }).trim();
} catch {}
const meta = { commit, runtime: `node ${process.version}`, cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, date: new Date().toISOString() };
mkdirSync("bench/results", { recursive: true });
const peakGflops = { float32: peakFlops.float32 / 1e9, float64: peakFlops.float64 / 1e9 };
writeFileSync("bench/results/steps.json", JSON.stringify({ ...meta, scenario: "CartPole-v1 training step, batch 1 and 32", peakGflops, results: rows }, null, 1) + "\n");
const fmt = (x, d = 0) => x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
const table = [
  `Training steps on CartPole-v1 (actor + critic, one thread) — ${meta.cpu}, ${meta.runtime}, commit ${commit}. ` +
    `Measured SIMD multiply-add peak: ${fmt(peakGflops.float32, 1)} GFLOP/s float32, ${fmt(peakGflops.float64, 1)} float64. ` +
    "Steps/s count environment steps (32 per call at batch 32); latencies are per call; × floor = the step's time ÷ its counted work at the peak rate.",
  "",
  "| algorithm | core | backend | batch | steps/s | p50 µs | p99 µs | ±rme | flop/step | % of peak | × floor | × reference NumPy | batch 32 ÷ 1 | SIMD ÷ scalar Wasm | Wasm ÷ JS |",
  "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ...rows.map((r) => {
    const other = (backend, batch = r.batch) => rows.find((x) => x.algorithm === r.algorithm && x.precision === r.precision && x.backend === backend && x.batch === batch);
    const ratio = (x) => (x ? `${fmt(r.stepsPerSecond / x.stepsPerSecond, 1)}×` : "");
    const wasm = r.backend === "wasm";
    return `| ${r.algorithm} | ${r.precision} | ${r.backend} | ${r.batch} | ${fmt(r.stepsPerSecond)} | ${fmt(r.p50Microseconds, 1)} | ${fmt(r.p99Microseconds, 1)} | ${fmt(r.rme, 1)}% | ` +
      `${fmt(r.flopsPerStep)} | ${fmt(100 * r.fractionOfPeak, 1)} | ${fmt(1 / r.fractionOfPeak, 1)} | ${Number.isFinite(r.speedupOverReference) ? `${fmt(r.speedupOverReference)}×` : "–"} | ` +
      `${r.batch === 32 ? ratio(other(r.backend, 1)) : ""} | ${wasm ? ratio(other("wasm-scalar")) : ""} | ${wasm ? ratio(other("js")) : ""} |`;
  }),
].join("\n");
writeFileSync("bench/results/steps.md", table + "\n");
console.log(table);
