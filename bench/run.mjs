// Whole training steps per second on CartPole-v1 (actor + critic, 64-32 hidden units, batch 1,
// one thread) for every algorithm on both core builds, measured in one run, with the reference
// NumPy implementation's rates on this machine type for comparison. Writes
// bench/results/steps.json and steps.md.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { execSync } from "node:child_process";
import { Bench } from "tinybench";
import { Agent, algorithms, loadCore, makeEnv, precisions } from "../dist/index.js";

// Reference implementation on this machine type (ALGORITHMS.md §9): MAP propagation ~366
// env steps/s, the Weight Max code (Weight Max, REINFORCE, backprop) ~1,360.
const referenceRate = (algorithm) => (algorithm === "map-prop" ? 366 : 1360);

const bench = new Bench({ time: Number(process.env.BENCH_TIME_MS ?? 3000), warmupTime: 500 });
for (const precision of precisions) {
  await loadCore({ precision });
  for (const algorithm of algorithms) {
    const env = makeEnv("CartPole-v1", { seed: 0 });
    const agent = Agent.create({ algorithm, env, seed: 0, precision });
    let observation = env.reset({ seed: 0 }).observation;
    bench.add(`${algorithm} ${precision}`, () => {
      const { action } = agent.act(observation);
      const step = env.step(action);
      agent.learn(step);
      observation = step.terminated || step.truncated ? env.reset().observation : step.observation;
    });
  }
}
await bench.run();

const rows = bench.tasks.map((task) => {
  const r = task.result;
  const [algorithm, precision] = task.name.split(" ");
  return {
    algorithm,
    precision,
    stepsPerSecond: r.throughput.mean,
    p50Microseconds: r.latency.p50 * 1000,
    p99Microseconds: r.latency.p99 * 1000,
    rme: r.latency.rme,
    samples: r.latency.samplesCount,
    speedupOverReference: r.throughput.mean / referenceRate(algorithm),
  };
});
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
  "| algorithm | core | steps/s | p50 µs | p99 µs | ±rme | × reference NumPy |",
  "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
  ...rows.map((r) => `| ${r.algorithm} | ${r.precision} | ${Math.round(r.stepsPerSecond).toLocaleString("en-US")} | ${r.p50Microseconds.toFixed(1)} | ${r.p99Microseconds.toFixed(1)} | ${r.rme.toFixed(1)}% | ${r.speedupOverReference.toFixed(0)}× |`),
].join("\n");
writeFileSync("bench/results/steps.md", table + "\n");
console.log(table);
