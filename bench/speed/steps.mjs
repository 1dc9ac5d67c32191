// The whole-training-step scenarios, shared by the Node runner (bench/speed/run.mjs) and the Chromium
// runner (bench/speed/browser.mjs): CartPole-v1, actor + critic with 64-32 hidden units, every
// algorithm, at batch 1 (one environment) and batch 32 (a VectorEnv of 32). Only the public API
// is used, passed in as `coagent` (dist/index.js in Node, dist/browser.js in the page).
import { flopsPerStep } from "./flops.mjs";

const BATCHES = [1, 32];

// Reference implementation on this machine type (docs/reproduction.md): MAP propagation ~366
// env steps/s, the Weight Max code (Weight Max, REINFORCE, backprop) ~1,360.
// Asynchronous MAP propagation has no reference code to time.
const referenceRate = (algorithm) => (algorithm === "map-prop" ? 366 : algorithm === "async-map-prop" || algorithm === "discrete-map-prop" ? NaN : 1360);

/**
 * Times every algorithm at every batch on one backend and precision; one row per pair. Each timed
 * sample makes `callsPerSample(batch)` calls (browsers coarsen their clocks to 5–100 µs, more
 * than a batch-1 step takes); latencies are reported per call. `only`: a list of algorithms to
 * time instead of all of them.
 */
/**
 * @typedef {import("../../dist/index.js").Precision} Precision
 * @typedef {import("../../dist/index.js").Backend} Backend
 * @typedef {import("../../dist/index.js").Algorithm} Algorithm
 */
/**
 * A finished task's statistics: tinybench's result type also covers errored and unstarted tasks.
 * @param {import("tinybench").Task} task
 */
export function statisticsOf(task) {
  const r = task.result;
  if (!r || !("throughput" in r) || !("latency" in r)) throw new Error(`${task.name}: no statistics (the task did not complete)`);
  return r;
}

/**
 * @param {typeof import("../../dist/index.js")} coagent the library build to time
 * @param {typeof import("tinybench").Bench} Bench
 * @param {{ backend: Backend, precision: Precision, timeMs?: number, callsPerSample?: (batch: number) => number, only?: readonly Algorithm[] }} options
 */
export async function measureSteps(coagent, Bench, { backend, precision, timeMs = 3000, callsPerSample = () => 1, only }) {
  const { Agent, algorithms, loadCore, makeEnv, makeVectorEnv } = coagent;
  const bench = new Bench({ time: timeMs, warmupTime: 500 });
  await loadCore({ precision, backend });
  const agents = new Map();
  for (const algorithm of only ?? algorithms) {
    for (const batch of BATCHES) {
      const name = `${algorithm} | ${batch}`;
      const calls = callsPerSample(batch);
      if (batch === 1) {
        const env = makeEnv("CartPole-v1", { seed: 0 });
        const agent = Agent.create({ algorithm, env, seed: 0, precision, backend });
        let observation = env.reset({ seed: 0 }).observation;
        bench.add(name, () => {
          for (let k = 0; k < calls; k++) {
            const { action } = agent.act(observation);
            const step = env.step(action);
            agent.learn(step);
            observation = step.terminated || step.truncated ? env.reset().observation : step.observation;
          }
        });
        agents.set(name, agent);
      } else {
        const envs = makeVectorEnv("CartPole-v1", { count: batch, seed: 0 });
        const agent = Agent.create({ algorithm, env: envs, seed: 0, precision, backend, batch });
        let { observations } = envs.reset({ seed: 0 });
        bench.add(name, () => {
          for (let k = 0; k < calls; k++) {
            const step = envs.step(agent.actBatch(observations).actions);
            agent.learnBatch(step);
            observations = step.observations;
          }
        });
        agents.set(name, agent);
      }
    }
  }
  await bench.run();
  return bench.tasks.map((task) => {
    const r = statisticsOf(task);
    const agent = agents.get(task.name);
    const algorithm = /** @type {Algorithm} */ (task.name.split(" | ")[0]);
    const calls = callsPerSample(agent.batch);
    const stepsPerSecond = r.throughput.mean * calls * agent.batch;
    const row = {
      algorithm, precision, backend, batch: agent.batch, stepsPerSecond, p50Microseconds: (r.latency.p50 * 1000) / calls,
      p99Microseconds: (r.latency.p99 * 1000) / calls, rme: r.latency.rme, samples: r.latency.samplesCount, flopsPerStep: flopsPerStep(agent),
      speedupOverReference: stepsPerSecond / referenceRate(algorithm),
    };
    agent.dispose();
    return row;
  });
}

/** The median of a list of numbers (the mean of the middle two when their count is even). */
export function median(/** @type {number[]} */ xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * Passes over every configuration: on a shared machine another process (or the host) slows a
 * single pass by up to a third, so each row is measured this many times and the fastest counts.
 */
export const ROUNDS = Number(globalThis.process?.env.BENCH_ROUNDS ?? 2); // this module also loads in the page, which has no `process`

/** Adds a pass's rows to `best`, keeping the faster measurement of each row (`same` matches rows). */
export function keepFaster(best, rows, same, rate = (r) => r.stepsPerSecond) {
  for (const row of rows) {
    const k = best.findIndex((r) => same(r, row));
    if (k < 0) best.push(row);
    else if (rate(row) > rate(best[k])) best[k] = row;
  }
}

/** Whether two step rows measure the same scenario. */
export const sameStep = (a, b) => a.algorithm === b.algorithm && a.backend === b.backend && a.precision === b.precision && a.batch === b.batch;

/** Adds GFLOP/s and the fraction of the measured peak (FLOP/s per precision) to each row. */
export function withPeak(rows, peakFlops) {
  return rows.map((r) => {
    const gflops = (r.stepsPerSecond * r.flopsPerStep) / 1e9;
    return { ...r, gflops, fractionOfPeak: (gflops * 1e9) / peakFlops[r.precision] };
  });
}

const fmt = (x, d = 0) => x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });

/** The Markdown table of a run, with the ratios measured in it. */
export function stepsTable(rows, title) {
  return [
    title,
    "",
    "| algorithm | core | backend | batch | steps/s | p50 µs | p99 µs | ±rme | flop/step | % of peak | × floor | × reference NumPy | batch 32 ÷ 1 | SIMD ÷ scalar Wasm | Wasm ÷ JS |",
    "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows.map((r) => {
      const other = (backend, batch = r.batch) => rows.find((x) => x.algorithm === r.algorithm && x.precision === r.precision && x.backend === backend && x.batch === batch);
      const ratio = (x) => (x ? `${fmt(r.stepsPerSecond / x.stepsPerSecond, 1)}×` : "");
      const wasm = r.backend === "wasm";
      return `| ${r.algorithm} | ${r.precision} | ${r.backend} | ${r.batch} | ${fmt(r.stepsPerSecond)} | ${fmt(r.p50Microseconds, 1)} | ${fmt(r.p99Microseconds, 1)} | ${fmt(r.rme, 1)}% | ` +
        `${fmt(r.flopsPerStep)} | ${fmt(100 * r.fractionOfPeak, 1)} | ${fmt(1 / r.fractionOfPeak, 1)} | ${Number.isFinite(r.speedupOverReference) ? `${fmt(r.speedupOverReference)}×` : "–"} | ` +
        `${r.batch !== 1 ? ratio(other(r.backend, 1)) : ""} | ${wasm ? ratio(other("wasm-scalar")) : ""} | ${wasm ? ratio(other("js")) : ""} |`;
    }),
  ].join("\n") + "\n";
}
