// MAP propagation's training step against backprop's, the ratio issue #31 aims to bring to at most
// 2×: CartPole-v1, batch 1, Wasm SIMD, float32 and float64, map-prop with its default settling
// (20 sweeps) and with the best settling pair of bench/results/settling-steps.md
// (settleMomentum 0.3, settleTolerance 1e-3), each ÷ backprop measured beside it.
//
// The project's rule for a comparison: the conditions alternate in one process on one core. Each
// condition is one agent training on its own copy of the task (seed 0), continued phase after
// phase; within a round every condition runs one phase, and the order reverses every round, so
// all of them see the same machine load. Each keeps its fastest phase (other load only ever slows
// a phase down), and each round's ratio is kept too, so the median of the rounds' ratios (two
// timings made a second apart) can be quoted beside the ratio of the fastest phases.
//
// `npm run bench` runs this file as a child process (bench/speed/run.mjs), which prints the rows as
// JSON; run it pinned for a steadier figure: `taskset -c 1 node bench/speed/map-prop-ratio.mjs`.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { median } from "./steps.mjs";

/** Issue #31's aim for a MAP propagation step, in backprop steps. */
export const AIM = 2;

/** The best settling pair of bench/results/settling-steps.md (tuned on seed 100). */
export const BEST_SETTLING = { settleMomentum: 0.3, settleTolerance: 1e-3 };

/** The conditions timed against each other; backprop, the yardstick, first. */
export const CONDITIONS = [
  { name: "backprop", algorithm: "backprop", hyperparameters: {} },
  { name: "map-prop, default settling", algorithm: "map-prop", hyperparameters: {} },
  { name: "map-prop, settleMomentum 0.3, settleTolerance 1e-3", algorithm: "map-prop", hyperparameters: BEST_SETTLING },
];

/** The CPUs this process may run on, as Linux lists them ("1", "0-1"), or "unknown" elsewhere. */
export function allowedCpus() {
  try {
    return /^Cpus_allowed_list:\s*(\S+)/m.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? "unknown";
  } catch {
    return "unknown";
  }
}

/**
 * One condition's agent and environment, trained `phaseSteps` steps per phase; the fastest phase
 * counts, in wall-clock time and in the process's CPU time.
 * @param {typeof import("../../dist/index.js")} coagent
 * @param {typeof CONDITIONS[number]} condition
 * @param {import("../../dist/index.js").Precision} precision
 * @param {number} phaseSteps
 */
function runner(coagent, condition, precision, phaseSteps) {
  const env = coagent.makeEnv("CartPole-v1", { seed: 0 });
  const agent = coagent.Agent.create({ algorithm: /** @type {import("../../dist/index.js").Algorithm} */ (condition.algorithm), env, seed: 0, precision, hyperparameters: condition.hyperparameters });
  let observation = env.reset({ seed: 0 }).observation;
  let fastest = Infinity;
  let fastestCpu = Infinity;
  /** @type {number[]} */
  const rates = [];
  const train = () => {
    for (let t = 0; t < phaseSteps; t++) {
      const step = env.step(agent.act(observation).action);
      agent.learn(step);
      observation = step.terminated || step.truncated ? env.reset().observation : step.observation;
    }
  };
  return {
    /** An untimed phase: compiles the host's code paths before anything counts. */
    warmUp: train,
    /** A timed phase; returns its rate in steps per second. */
    phase() {
      const cpu = process.cpuUsage();
      const start = performance.now();
      train();
      const seconds = (performance.now() - start) / 1000;
      const used = process.cpuUsage(cpu);
      fastest = Math.min(fastest, seconds);
      fastestCpu = Math.min(fastestCpu, (used.user + used.system) / 1e6);
      rates.push(phaseSteps / seconds);
      return phaseSteps / seconds;
    },
    rates,
    get stepsPerSecond() { return phaseSteps / fastest; },
    get stepsPerCpuSecond() { return phaseSteps / fastestCpu; },
    dispose: () => agent.dispose(),
  };
}

/**
 * Times the conditions in alternating rounds at each precision; one row per precision and
 * condition, with its step cost ÷ backprop's (fastest phases) and the median of the rounds' ratios.
 * @param {typeof import("../../dist/index.js")} coagent
 * @param {{ rounds?: number, phaseSteps?: number, precisions?: readonly import("../../dist/index.js").Precision[], log?: (line: string) => void }} [options]
 */
export async function measureMapPropRatio(coagent, { rounds = 15, phaseSteps = 5000, precisions = ["float32", "float64"], log = () => {} } = {}) {
  const rows = [];
  for (const precision of precisions) {
    await coagent.loadCore({ precision, backend: "wasm" });
    const runners = CONDITIONS.map((c) => runner(coagent, c, precision, phaseSteps));
    for (const r of runners) r.warmUp();
    for (let round = 0; round < rounds; round++) {
      for (const r of round % 2 ? [...runners].reverse() : runners) r.phase();
      log(`MAP ÷ backprop, ${precision}: round ${round + 1} of ${rounds}`);
    }
    const backprop = runners[0];
    CONDITIONS.forEach((c, i) => {
      const r = runners[i];
      rows.push({
        precision, condition: c.name, algorithm: c.algorithm, hyperparameters: c.hyperparameters, backend: "wasm", batch: 1,
        stepsPerSecond: r.stepsPerSecond, stepsPerCpuSecond: r.stepsPerCpuSecond,
        stepCostOverBackprop: backprop.stepsPerSecond / r.stepsPerSecond,
        medianRoundCostOverBackprop: median(r.rates.map((rate, k) => backprop.rates[k] / rate)),
        aim: c.algorithm === "map-prop" ? AIM : undefined,
      });
    });
    runners.forEach((r) => r.dispose());
  }
  return { task: "CartPole-v1", seed: 0, rounds, phaseSteps, cpus: allowedCpus(), rows };
}

/** @typedef {Awaited<ReturnType<typeof measureMapPropRatio>>} MapPropRatio */

const fmt = (x, d = 0) => x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });

/** The Markdown of the MAP ÷ backprop rows, the aim beside each. @param {MapPropRatio} ratio */
export function mapPropRatioTable(ratio) {
  return [
    `MAP propagation's step ÷ backprop's (issue #31: aim ≤ ${AIM}×) — ${ratio.task}, batch 1, Wasm SIMD, seed ${ratio.seed}; ` +
      `the conditions alternate in one process (CPUs allowed: ${ratio.cpus}), fastest of ${ratio.rounds} phases of ${fmt(ratio.phaseSteps)} steps each, ` +
      "and the median of the rounds' ratios.",
    "",
    "| core | condition | steps/s | step ÷ backprop's (fastest phases) | median of round ratios | aim |",
    "| --- | --- | ---: | ---: | ---: | --- |",
    ...ratio.rows.map((r) => {
      const aim = r.aim === undefined ? "" : `≤ ${r.aim}× (${r.stepCostOverBackprop <= r.aim ? "met" : "not met"})`;
      return `| ${r.precision} | ${r.condition} | ${fmt(r.stepsPerSecond)} | ${fmt(r.stepCostOverBackprop, 2)}× | ${fmt(r.medianRoundCostOverBackprop, 2)}× | ${aim} |`;
    }),
  ].join("\n") + "\n";
}

// As a child of bench/speed/run.mjs: measure and print the result as JSON.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  /** @param {string} message @returns {never} */
  const fail = (message) => {
    console.error(`map-prop-ratio: ${message}`);
    process.exit(2);
  };
  let values;
  try {
    ({ values } = parseArgs({ options: { rounds: { type: "string", default: "15" }, "phase-steps": { type: "string", default: "5000" }, json: { type: "boolean", default: false } } }));
  } catch (error) {
    fail(`${error instanceof Error ? error.message : error} (options: --rounds N, --phase-steps N, --json)`);
  }
  const rounds = Number(values.rounds);
  const phaseSteps = Number(values["phase-steps"]);
  for (const [name, n] of /** @type {const} */ ([["--rounds", rounds], ["--phase-steps", phaseSteps]])) {
    if (!Number.isInteger(n) || n < 1) fail(`${name}: expected a positive integer, got ${name === "--rounds" ? values.rounds : values["phase-steps"]}`);
  }
  const coagent = await import("../../dist/index.js");
  const ratio = await measureMapPropRatio(coagent, { rounds, phaseSteps, log: (line) => console.error(line) });
  process.stdout.write(values.json ? JSON.stringify(ratio) : mapPropRatioTable(ratio));
}
