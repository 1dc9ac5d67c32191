// Whole training steps per second on CartPole-v1 (actor + critic, 64-32 hidden units, batch 1,
// one thread) for every algorithm on both core builds and every backend (Wasm SIMD, the same
// Wasm without SIMD, and the pure-JS port), measured in one run, with the reference NumPy implementation's rates on this
// machine type for comparison. Writes bench/results/steps.json and steps.md.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { execFileSync, execSync } from "node:child_process";
import { Bench } from "tinybench";
import { Agent, algorithms, backends, loadCore, makeEnv, precisions } from "../dist/index.js";

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
  for (const algorithm of algorithms) {
    const env = makeEnv("CartPole-v1", { seed: 0 });
    const agent = Agent.create({ algorithm, env, seed: 0, precision, backend });
    let observation = env.reset({ seed: 0 }).observation;
    bench.add(algorithm, () => {
      const { action } = agent.act(observation);
      const step = env.step(action);
      agent.learn(step);
      observation = step.terminated || step.truncated ? env.reset().observation : step.observation;
    });
  }
  await bench.run();
  return bench.tasks.map((task) => {
    const r = task.result;
    return {
      algorithm: task.name, precision, backend, stepsPerSecond: r.throughput.mean, p50Microseconds: r.latency.p50 * 1000,
      p99Microseconds: r.latency.p99 * 1000, rme: r.latency.rme, samples: r.latency.samplesCount, speedupOverReference: r.throughput.mean / referenceRate(task.name),
    };
  });
}

if (process.argv[2] === "--child") {
  const [backend, precision] = process.argv.slice(3);
  process.stdout.write(JSON.stringify(await measure(backend, precision)));
  process.exit(0);
}
const rows = [];
for (const backend of backends) {
  for (const precision of precisions) {
    const out = execFileSync(process.execPath, [new URL(import.meta.url).pathname, "--child", backend, precision], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    rows.push(...JSON.parse(out));
    console.error(`measured ${backend} ${precision}`);
  }
}
let commit = "unknown";
try {
  commit = execSync("git rev-parse --short HEAD", { encoding: "utf8" }).trim();
} catch {}
const meta = { commit, runtime: `node ${process.version}`, cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, date: new Date().toISOString() };
mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/steps.json", JSON.stringify({ ...meta, scenario: "CartPole-v1 training step, batch 1", results: rows }, null, 1) + "\n");
const table = [
  `Training steps on CartPole-v1 (actor + critic, batch 1, one thread) — ${meta.cpu}, ${meta.runtime}, commit ${commit}`,
  "",
  "| algorithm | core | backend | steps/s | p50 µs | p99 µs | ±rme | × reference NumPy | SIMD ÷ scalar Wasm | Wasm ÷ JS |",
  "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ...rows.map((r) => {
    const other = (backend) => rows.find((x) => x.algorithm === r.algorithm && x.precision === r.precision && x.backend === backend);
    const ratio = (backend) => (r.backend === "wasm" && other(backend) ? `${(r.stepsPerSecond / other(backend).stepsPerSecond).toFixed(1)}×` : "");
    return `| ${r.algorithm} | ${r.precision} | ${r.backend} | ${Math.round(r.stepsPerSecond).toLocaleString("en-US")} | ${r.p50Microseconds.toFixed(1)} | ${r.p99Microseconds.toFixed(1)} | ${r.rme.toFixed(1)}% | ${Number.isFinite(r.speedupOverReference) ? `${r.speedupOverReference.toFixed(0)}×` : "–"} | ${ratio("wasm-scalar")} | ${ratio("js")} |`;
  }),
].join("\n");
writeFileSync("bench/results/steps.md", table + "\n");
console.log(table);
