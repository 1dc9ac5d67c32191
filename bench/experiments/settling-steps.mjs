// @ts-check
// What MAP propagation's settling controls (assembly/kernels/settling.ts) buy per training step, on
// CartPole-v1 at batch 1 (issue #31): map-prop with the fixed 20 sweeps, with each candidate
// setting, and backprop, in float32 and float64. Every condition is an agent training on its own
// copy of the task (seed 100), continued phase after phase; the conditions alternate within a
// round and the order reverses every round, so all see the same machine load. Time is this
// thread's CPU time; each condition keeps its fastest phase (other load only slows a phase).
// The sweeps each settling ran are averaged over the measured steps (actor and critic).
// Run pinned to one core:
//   taskset -c 1 node bench/experiments/settling-steps.mjs [--rounds 5] [--phase-steps 4000]
// writes bench/results/settling-steps.json and .md.
import { mkdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { Agent, init, loadCore, makeEnv } from "../../dist/node.js";

const { values } = parseArgs({ options: { rounds: { type: "string", default: "5" }, "phase-steps": { type: "string", default: "4000" }, out: { type: "string", default: "bench/results/settling-steps" } } });
const rounds = Number(values.rounds);
const phaseSteps = Number(values["phase-steps"]);
await init();
await loadCore({ precision: "float32" });

/** The conditions: a rule and its settling controls. */
const conditions = [
  { name: "backprop", algorithm: "backprop", hyperparameters: {} },
  { name: "map-prop fixed 20 sweeps", algorithm: "map-prop", hyperparameters: {} },
  { name: "map-prop settleTolerance 1e-3", algorithm: "map-prop", hyperparameters: { settleTolerance: 1e-3 } },
  { name: "map-prop settleMomentum 0.3", algorithm: "map-prop", hyperparameters: { settleMomentum: 0.3 } },
  { name: "map-prop settleMomentum 0.3, settleTolerance 2e-4", algorithm: "map-prop", hyperparameters: { settleMomentum: 0.3, settleTolerance: 2e-4 } },
  { name: "map-prop settleMomentum 0.3, settleTolerance 1e-3", algorithm: "map-prop", hyperparameters: { settleMomentum: 0.3, settleTolerance: 1e-3 } },
];

const cpuSeconds = () => {
  // Node 20's types do not know threadCpuUsage (newer runtimes have it): the thread's own time where it exists.
  const threadCpuUsage = /** @type {{ threadCpuUsage?: () => NodeJS.CpuUsage }} */ (/** @type {unknown} */ (process)).threadCpuUsage;
  const u = threadCpuUsage ? threadCpuUsage.call(process) : process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

function runner(/** @type {typeof conditions[number]} */ condition, /** @type {"float32" | "float64"} */ precision) {
  const env = makeEnv("CartPole-v1", { seed: 100 });
  const agent = Agent.create({ algorithm: /** @type {any} */ (condition.algorithm), env, seed: 100, precision, hyperparameters: condition.hyperparameters });
  let observation = env.reset({ seed: 100 }).observation;
  let best = Infinity;
  let sweeps = 0;
  let settlings = 0;
  const settles = condition.algorithm === "map-prop";
  return {
    phase() {
      const start = cpuSeconds();
      for (let t = 0; t < phaseSteps; t++) {
        const step = env.step(agent.act(observation).action);
        agent.learn(step);
        observation = step.terminated || step.truncated ? env.reset().observation : step.observation;
      }
      best = Math.min(best, cpuSeconds() - start);
      // Sampled after the phase, outside the timing: the last step's sweeps.
      if (settles) ((sweeps += agent.actor.lastSweeps + agent.critic.lastSweeps), (settlings += 2));
    },
    get stepsPerSecond() { return phaseSteps / best; },
    get meanSweeps() { return settles ? sweeps / settlings : 0; },
    dispose: () => agent.dispose(),
  };
}

/** Mean sweeps per settling of a condition over `steps` steps of its own training (untimed). */
function sweepsPerSettling(/** @type {typeof conditions[number]} */ condition, /** @type {"float32" | "float64"} */ precision, steps) {
  const env = makeEnv("CartPole-v1", { seed: 100 });
  const agent = Agent.create({ algorithm: /** @type {any} */ (condition.algorithm), env, seed: 100, precision, hyperparameters: condition.hyperparameters });
  let observation = env.reset({ seed: 100 }).observation;
  let sweeps = 0;
  for (let t = 0; t < steps; t++) {
    const step = env.step(agent.act(observation).action);
    sweeps += agent.actor.lastSweeps + agent.critic.lastSweeps;
    agent.learn(step);
    observation = step.terminated || step.truncated ? env.reset().observation : step.observation;
  }
  agent.dispose();
  return sweeps / (2 * steps);
}

const rows = [];
for (const precision of /** @type {const} */ (["float32", "float64"])) {
  const runners = conditions.map((c) => runner(c, precision));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 ? [...runners].reverse() : runners;
    for (const r of order) r.phase();
    process.stderr.write(`${precision} round ${round + 1}\n`);
  }
  const backprop = runners[0].stepsPerSecond;
  const fixed = runners[1].stepsPerSecond;
  conditions.forEach((c, i) => {
    const meanSweeps = c.algorithm === "map-prop" ? sweepsPerSettling(c, precision, rounds * phaseSteps) : 0;
    rows.push({
      precision, condition: c.name, algorithm: c.algorithm, hyperparameters: c.hyperparameters, stepsPerSecond: runners[i].stepsPerSecond,
      stepCostOverBackprop: backprop / runners[i].stepsPerSecond, speedOverFixed: runners[i].stepsPerSecond / fixed, meanSweepsPerSettling: meanSweeps,
    });
  });
  runners.forEach((r) => r.dispose());
}

const command = `taskset -c 1 node bench/experiments/settling-steps.mjs --rounds ${rounds} --phase-steps ${phaseSteps}`;
mkdirSync("bench/results", { recursive: true });
writeFileSync(`${values.out}.json`, `${JSON.stringify({ command, task: "CartPole-v1", batch: 1, seed: 100, rounds, phaseSteps, rows }, null, 1)}\n`);
const lines = [
  "# Settling controls: training steps per second, CartPole-v1, batch 1", "",
  `\`${command}\` (fastest of ${rounds} alternating phases of ${phaseSteps} steps, thread CPU time)`, "",
  "| precision | condition | steps/s | step cost ÷ backprop | speed ÷ fixed sweeps | sweeps per settling |", "| --- | --- | --- | --- | --- | --- |",
  ...rows.map((r) => `| ${r.precision} | ${r.condition} | ${Math.round(r.stepsPerSecond).toLocaleString("en-US")} | ${r.stepCostOverBackprop.toFixed(2)}× | ${r.speedOverFixed.toFixed(2)}× | ${r.meanSweepsPerSettling ? r.meanSweepsPerSettling.toFixed(1) : "–"} |`),
];
writeFileSync(`${values.out}.md`, `${lines.join("\n")}\n`);
console.log(lines.join("\n"));
