// The speed cost of recording signals from inside a run (docs/signals.md): training steps with
// signals recorded every 100 steps against the same training without recording, in alternating
// phases within one run (off/on in one round, on/off in the next) so that both see the same
// machine load. Recording does not change the run, so the two conditions are two agents of the
// same seed on two copies of the task taking identical steps; each phase continues its agent for
// the same number of steps. The sink serialises every record (JSON.stringify), as
// `coagent train --log-signals` does. Time is measured as this thread's CPU time
// (process.threadCpuUsage where Node has it, else the process's, which is this one thread's work), which another engineer's job
// on the same core does not inflate, and as wall time.
//
// The cost is also measured directly: the CPU time of one record (reading every signal and
// serialising it, repeated on the trained agent) over the CPU time of `every` training steps.
//
// With BENCH_BASELINE=<dir of another build's dist> a third condition runs that build's agent
// without recording: the cost of the recording hook itself when it is off.
//   node bench/speed/signals.mjs   (BENCH_ROUNDS=10 BENCH_PHASE_S=1 BENCH_EVERY=100 by default)
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Agent, init, makeEnv, recordSignals } from "../../dist/node.js";
import { readSignals } from "../../dist/training/signals.js";

const rounds = Number(process.env.BENCH_ROUNDS ?? 10);
const phaseSeconds = Number(process.env.BENCH_PHASE_S ?? 1);
const every = Number(process.env.BENCH_EVERY ?? 100);
const baselineDir = process.env.BENCH_BASELINE;
const algorithms = (process.env.BENCH_ALGORITHMS ?? "reinforce,weight-max,map-prop,discrete-map-prop").split(",");
await init();
const baseline = baselineDir ? await import(pathToFileURL(join(baselineDir, "node.js")).href) : undefined;
if (baseline) await baseline.init();

// process.threadCpuUsage came in Node 23.9; the declarations are Node 20's.
const { threadCpuUsage } = /** @type {{ threadCpuUsage?: () => NodeJS.CpuUsage }} */ (process);
const cpuSeconds = () => {
  const u = threadCpuUsage ? threadCpuUsage.call(process) : process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** One condition: an agent on its own copy of CartPole, continued phase after phase. */
function condition(name, lib, signals) {
  const env = lib.makeEnv("CartPole-v1", { seed: 3 });
  let records = 0;
  let bytes = 0;
  const agent = lib.Agent.create({ algorithm: current, env, seed: 3 });
  if (signals) recordSignals(agent, { every, onSignals: (r) => ((bytes += JSON.stringify(r).length), records++) });
  let observation = env.reset({ seed: 3 }).observation;
  let returns = 0;
  return {
    name, cpu: /** @type {number[]} */ ([]), wall: /** @type {number[]} */ ([]), get records() { return records; }, get bytes() { return bytes; },
    run(steps) {
      const c0 = cpuSeconds();
      const w0 = performance.now();
      for (let t = 0; t < steps; t++) {
        const step = env.step(agent.act(observation).action);
        returns += step.reward;
        agent.learn(step);
        observation = step.terminated || step.truncated ? env.reset().observation : step.observation;
      }
      this.cpu.push(cpuSeconds() - c0);
      this.wall.push((performance.now() - w0) / 1000);
    },
    get returns() { return returns; },
    /** CPU seconds of one record of this agent as it is now, from `n` repetitions. */
    recordSeconds(n) {
      const c0 = cpuSeconds();
      let length = 0;
      for (let k = 0; k < n; k++) length += JSON.stringify(readSignals(agent, [agent.lastTdError])).length;
      if (length === 0) throw new Error("no record");
      return (cpuSeconds() - c0) / n;
    },
    dispose: () => agent.dispose(),
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
let current;
const results = [];
for (const algorithm of algorithms) {
  current = algorithm;
  const conditions = [condition("off", { Agent, makeEnv }, false), condition("on", { Agent, makeEnv }, true)];
  if (baseline) conditions.push(condition("baseline", baseline, false));
  // Calibrate: steps in about phaseSeconds, a multiple of `every`.
  const probe = condition("probe", { Agent, makeEnv }, false);
  const w0 = performance.now();
  probe.run(2000);
  probe.dispose();
  const steps = Math.max(every, Math.round((2000 / ((performance.now() - w0) / 1000)) * phaseSeconds / every) * every);
  // A warm-up round (compilation, caches), not counted.
  for (const c of conditions) {
    c.run(steps);
    c.cpu.pop();
    c.wall.pop();
  }
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? conditions : [...conditions].reverse();
    for (const c of order) c.run(steps);
  }
  const [off, on] = conditions;
  if (on.records < rounds) throw new Error(`${algorithm}: only ${on.records} records`);
  if (on.returns !== off.returns) throw new Error(`${algorithm}: recording changed the run (returns ${on.returns} vs ${off.returns})`);
  // Direct: one record's CPU time over `every` steps' (the off agent's median phase).
  const recordSeconds = median(Array.from({ length: 5 }, () => on.recordSeconds(200)));
  const row = {
    algorithm, stepsPerPhase: steps, rounds, every, records: on.records, meanRecordBytes: Math.round(on.bytes / on.records),
    cpuSeconds: Object.fromEntries(conditions.map((c) => [c.name, sum(c.cpu)])),
    wallSeconds: Object.fromEntries(conditions.map((c) => [c.name, sum(c.wall)])),
    // Per round, on / off of that round's two phases; the median of these ratios.
    cpuRatioMedian: median(on.cpu.map((t, k) => t / off.cpu[k])),
    wallRatioMedian: median(on.wall.map((t, k) => t / off.wall[k])),
    cpuRatioTotal: sum(on.cpu) / sum(off.cpu),
    ...(baseline ? { offVsBaselineCpuRatioMedian: median(off.cpu.map((t, k) => t / conditions[2].cpu[k])), offVsBaselineCpuRatioTotal: sum(off.cpu) / sum(conditions[2].cpu) } : {}),
    stepsPerCpuSecondOff: Math.round((steps * rounds) / sum(off.cpu)),
    recordMicroseconds: Number((recordSeconds * 1e6).toFixed(1)),
    directCost: recordSeconds / ((median(off.cpu) / steps) * every),
  };
  results.push(row);
  for (const c of conditions) c.dispose();
  console.log(`${algorithm}: ${steps} steps/phase, on/off CPU time median ${row.cpuRatioMedian.toFixed(3)}, total ${row.cpuRatioTotal.toFixed(3)}; wall median ${row.wallRatioMedian.toFixed(3)}` +
    (baseline ? `; off/baseline CPU median ${row.offVsBaselineCpuRatioMedian.toFixed(3)}` : "") + `; one record ${row.recordMicroseconds} µs = ${(100 * row.directCost).toFixed(2)}% of ${every} steps`);
}

const machine = { cpus: cpus().length, model: cpus()[0]?.model, loadavg: loadavg().map((x) => Number(x.toFixed(2))), node: process.version, date: new Date().toISOString() };
const out = join(import.meta.dirname, "..", "results");
mkdirSync(out, { recursive: true });
writeFileSync(join(out, "signals.json"), JSON.stringify({ machine, rounds, phaseSeconds, every, baseline: baselineDir ?? null, results }, null, 1) + "\n");
const pct = (r) => `${((r - 1) * 100).toFixed(1)}%`;
const md = [
  "# Cost of recording signals every " + every + " steps",
  "",
  `CartPole-v1, float64 Wasm core, one thread; ${rounds} rounds of alternating phases (off/on, then on/off) of about ${phaseSeconds} s each; ` +
    `machine: ${machine.cpus} cores (${machine.model}), load average ${machine.loadavg.join(", ")} at the end, Node ${machine.node}, ${machine.date.slice(0, 16)} UTC. ` +
    "Cost = time with recording / time without − 1, from this process's CPU time (the median of the per-round ratios, and the ratio of the totals) and from wall time. " +
    `Direct cost = CPU time of one record (read and serialised, median of 5 × 200 repetitions) / CPU time of ${every} training steps.`,
  "Produced by `node bench/speed/signals.mjs`" + (baselineDir ? ` with BENCH_BASELINE=${baselineDir}: that build's agent, signals off, as a third condition (the hook's cost when off, if that build is this one without the hook; a build that differs in more measures more than the hook)` : "") + ".",
  "",
  "| algorithm | steps per phase | records | one record (µs) | direct cost | CPU cost (median) | CPU cost (totals) | wall cost (median) |" + (baselineDir ? " hook off vs. baseline (CPU, median) |" : ""),
  "|---|---:|---:|---:|---:|---:|---:|---:|" + (baselineDir ? "---:|" : ""),
  ...results.map((r) => `| ${r.algorithm} | ${r.stepsPerPhase} | ${r.records} | ${r.recordMicroseconds} | ${(100 * r.directCost).toFixed(2)}% | ${pct(r.cpuRatioMedian)} | ${pct(r.cpuRatioTotal)} | ${pct(r.wallRatioMedian)} |` + (baselineDir ? ` ${pct(r.offVsBaselineCpuRatioMedian)} |` : "")),
  "",
].join("\n");
writeFileSync(join(out, "signals.md"), md);
console.log(md);
