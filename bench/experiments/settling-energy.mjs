// @ts-check
// Where MAP propagation's settling energy goes (issue #31, item 1): map-prop trains on each
// reference task with its reference settings on a tuning seed, and every settling of actor and
// critic logs, after each of its 20 sweeps, the energy, the energy gradient's norm and the
// largest unit step (assembly/kernels/settling.ts, the core's opt-in sweep log, which leaves the run
// bit for bit as it is without it: test/settling.test.ts). Two windows are recorded: the first
// `window` steps ("early") and `window` steps after the first episode end past `lateAfter`
// training steps ("late"). For each tolerance τ it reports, as quantiles over the settlings,
// the sweeps needed to reach the 20-sweep result:
//   - energy: the first sweep k with |E_k − E_20| ≤ τ·|E_20|;
//   - state: the first k whose remaining movement Σ_{j>k} (largest step of sweep j), a bound on
//     max |h_k − h_20|, is ≤ τ (value units; hidden values are softplus outputs of order 1);
//   - stop: where settleTolerance = τ would stop (the first k whose largest step is below τ),
//     and the relative energy gap it would leave.
//   node bench/experiments/settling-energy.mjs [--seed 100] [--precision float64] [--window 2000] [--late-after 50000]
// writes bench/results/settling-energy.json and .md.
import { mkdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { Agent, init, makeEnv } from "../../dist/node.js";

const { values } = parseArgs({
  options: {
    seed: { type: "string", default: "100" }, precision: { type: "string", default: "float64" },
    window: { type: "string", default: "2000" }, "late-after": { type: "string", default: "50000" },
    tasks: { type: "string", default: "CartPole-v1,Acrobot-v1,LunarLander-v2,MountainCarContinuous-v0" },
    out: { type: "string", default: "bench/results/settling-energy" },
  },
});
const seed = Number(values.seed);
if (!(seed >= 100)) throw new Error(`--seed must be a tuning seed >= 100 (seeds 0-9 are for evaluation); got ${values.seed}`);
const window = Number(values.window);
const lateAfter = Number(values["late-after"]);
const precision = /** @type {"float32" | "float64"} */ (values.precision);
const SWEEPS = 20;
const FIELDS = 4; // assembly/kernels/settling.ts SETTLE_LOG_FIELDS: energy, ‖∇E‖, largest step, outcome
const tolerances = [1e-2, 1e-3, 1e-4, 1e-5, 1e-6];
await init();

/** A sweep log of one network in the core's memory; `read` copies the last settling's sweeps. */
function sweepLog(/** @type {any} */ net) {
  const core = net.core;
  const ptr = core.raw.allocate((SWEEPS * FIELDS * 8) / core.floatBytes);
  core.raw.configureSettleLog(net.handle, ptr, SWEEPS);
  return () => Float64Array.from(new Float64Array(core.raw.memory.buffer, ptr, SWEEPS * FIELDS));
}

/** Per settling: the sweeps needed for each criterion and tolerance, and the energy's shape. */
function analyse(/** @type {Float64Array} */ log) {
  const energy = (k) => log[(k - 1) * FIELDS];
  const gradient = (k) => log[(k - 1) * FIELDS + 1];
  const step = (k) => log[(k - 1) * FIELDS + 2];
  const final = energy(SWEEPS);
  const scale = Math.max(Math.abs(final), 1e-300);
  const remaining = new Float64Array(SWEEPS + 1); // remaining[k] = Σ_{j>k} step(j)
  for (let k = SWEEPS - 1; k >= 0; k--) remaining[k] = remaining[k + 1] + step(k + 1);
  const first = (test) => { for (let k = 1; k <= SWEEPS; k++) if (test(k)) return k; return SWEEPS; };
  let rises = 0;
  for (let k = 2; k <= SWEEPS; k++) if (energy(k) > energy(k - 1)) rises++;
  return {
    energyGap1: (energy(1) - final) / scale,
    rate: step(SWEEPS) / step(SWEEPS - 1), // the step's contraction per sweep at the end
    gradient1: gradient(1), gradient20: gradient(SWEEPS), step20: step(SWEEPS),
    rises,
    energy: tolerances.map((t) => first((k) => Math.abs(energy(k) - final) <= t * scale)),
    state: tolerances.map((t) => first((k) => remaining[k] <= t)),
    stop: tolerances.map((t) => first((k) => step(k) < t)),
    stopGap: tolerances.map((t) => { const k = first((j) => step(j) < t); return (energy(k) - final) / scale; }),
  };
}

const quantile = (/** @type {number[]} */ xs, /** @type {number} */ q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const quantiles = (/** @type {number[]} */ xs) => ({ p50: quantile(xs, 0.5), p90: quantile(xs, 0.9), p99: quantile(xs, 0.99), max: quantile(xs, 1) });

function summarise(/** @type {ReturnType<typeof analyse>[]} */ rows) {
  const pick = (f) => quantiles(rows.map(f));
  return {
    settlings: rows.length,
    settlingsWithRise: rows.filter((r) => r.rises > 0).length,
    energyGapAfter1: pick((r) => r.energyGap1),
    contractionPerSweep: pick((r) => r.rate),
    gradientNormAt1: pick((r) => r.gradient1), gradientNormAt20: pick((r) => r.gradient20), largestStepAt20: pick((r) => r.step20),
    byTolerance: tolerances.map((t, i) => ({
      tolerance: t,
      energySweeps: pick((r) => r.energy[i]), stateSweeps: pick((r) => r.state[i]),
      stopSweeps: pick((r) => r.stop[i]), stopEnergyGap: pick((r) => r.stopGap[i]),
    })),
  };
}

const results = [];
for (const task of values.tasks.split(",")) {
  const env = makeEnv(task, { seed });
  const agent = Agent.create({ algorithm: "map-prop", env, seed, precision });
  const logs = { actor: sweepLog(agent.actor), critic: sweepLog(agent.critic) };
  /** @type {Record<string, Record<string, ReturnType<typeof analyse>[]>>} */
  const windows = { early: { actor: [], critic: [] }, late: { actor: [], critic: [] } };
  let observation = env.reset({ seed }).observation;
  let steps = 0;
  let episodes = 0;
  let lateStart = -1;
  let lateEpisodes = 0;
  const started = performance.now();
  while (lateStart < 0 || steps < lateStart + window) {
    const step = env.step(agent.act(observation).action);
    steps++;
    const phase = steps <= window ? "early" : lateStart >= 0 ? "late" : undefined;
    if (phase) for (const net of /** @type {const} */ (["actor", "critic"])) windows[phase][net].push(analyse(logs[net]()));
    agent.learn(step);
    if (step.terminated || step.truncated) {
      episodes++;
      if (lateStart < 0 && steps >= lateAfter) ((lateStart = steps), (lateEpisodes = episodes));
      observation = env.reset().observation;
    } else observation = step.observation;
  }
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(`${task}: ${steps} steps, ${episodes} episodes, ${seconds.toFixed(0)} s\n`);
  results.push({
    task, lateAfterSteps: lateStart, lateAfterEpisodes: lateEpisodes,
    early: { actor: summarise(windows.early.actor), critic: summarise(windows.early.critic) },
    late: { actor: summarise(windows.late.actor), critic: summarise(windows.late.critic) },
  });
  agent.dispose();
}

const command = `node bench/experiments/settling-energy.mjs --seed ${seed} --precision ${precision} --window ${window} --late-after ${lateAfter}`;
const all = results.flatMap((r) => [r.early.actor, r.early.critic, r.late.actor, r.late.critic]);
const totals = { settlings: all.reduce((n, s) => n + s.settlings, 0), settlingsWithRise: all.reduce((n, s) => n + s.settlingsWithRise, 0) };
const report = { command, algorithm: "map-prop", seed, precision, sweeps: SWEEPS, window, tolerances, totals, results };
mkdirSync("bench/results", { recursive: true });
writeFileSync(`${values.out}.json`, `${JSON.stringify(report, null, 1)}\n`);

const f = (x) => (Math.abs(x) >= 0.01 || x === 0 ? x.toFixed(2) : x.toExponential(1));
const lines = [
  `# Settling energy, map-prop, ${precision}, seed ${seed}`, "",
  `\`${command}\``, "",
  "Per settling (one environment step of one network), the sweeps of the fixed 20 needed to reach the 20-sweep result",
  "within τ: energy, |E_k − E_20| ≤ τ·|E_20|; state, the remaining movement Σ_{j>k} max|step_j| ≤ τ (a bound on",
  "max|h_k − h_20|); stop, where settleTolerance = τ stops (largest step below τ) and the relative energy gap it leaves.",
  "Cells are median / 90th percentile / max over the window's settlings.", "",
];
for (const r of results) {
  for (const phase of /** @type {const} */ (["early", "late"])) {
    const where = phase === "early" ? `first ${window} steps` : `${window} steps after ${r.lateAfterSteps} steps (${r.lateAfterEpisodes} episodes)`;
    lines.push(`## ${r.task}, ${phase} (${where})`, "");
    lines.push("| network | τ | energy sweeps | state sweeps | stop sweeps | energy gap at stop (p90) |", "| --- | --- | --- | --- | --- | --- |");
    for (const net of /** @type {const} */ (["actor", "critic"])) {
      for (const t of r[phase][net].byTolerance) {
        const q = (x) => `${x.p50} / ${x.p90} / ${x.max}`;
        lines.push(`| ${net} | ${t.tolerance} | ${q(t.energySweeps)} | ${q(t.stateSweeps)} | ${q(t.stopSweeps)} | ${f(t.stopEnergyGap.p90)} |`);
      }
    }
    const a = r[phase].actor;
    const c = r[phase].critic;
    lines.push("", `Contraction of the largest step per sweep at sweep 20 (median): actor ${f(a.contractionPerSweep.p50)}, critic ${f(c.contractionPerSweep.p50)}; ` +
      `largest step at sweep 20 (median / max): actor ${f(a.largestStepAt20.p50)} / ${f(a.largestStepAt20.max)}, critic ${f(c.largestStepAt20.p50)} / ${f(c.largestStepAt20.max)}; ` +
      `settlings where a plain sweep raised the energy: actor ${a.settlingsWithRise} of ${a.settlings}, critic ${c.settlingsWithRise} of ${c.settlings}.`, "");
  }
}
writeFileSync(`${values.out}.md`, `${lines.join("\n")}\n`);
console.log(lines.join("\n"));
