// Train one agent on several CartPoles at once (a VectorEnv), printing the running average and
// the environment steps per second. Run after `npm run build`:
//   node examples/train-vector.mjs [algorithm] [copies] [episodes]
import { Agent, loadCore, makeVectorEnv } from "../dist/index.js";

const algorithm = process.argv[2] ?? "map-prop";
const copies = Number(process.argv[3] ?? 16);
const episodes = Number(process.argv[4] ?? 600);

await loadCore();
const envs = makeVectorEnv("CartPole-v1", { count: copies, seed: 0 });
const agent = Agent.create({ algorithm, env: envs, batch: copies, seed: 0 });
const returns = [];
const totals = new Float64Array(copies);
const started = performance.now();
let steps = 0;
let { observations } = envs.reset({ seed: 0 });
while (returns.length < episodes) {
  const step = envs.step(agent.actBatch(observations).actions);
  agent.learnBatch(step); // an ended episode is learned on the next actBatch; its copy then resets
  for (let k = 0; k < copies; k++) {
    totals[k] += step.rewards[k];
    steps += step.rewards[k] === 0 ? 0 : 1; // CartPole pays 1 per step and 0 on a reset
    if (!step.terminated[k] && !step.truncated[k]) continue;
    returns.push(totals[k]);
    totals[k] = 0;
    if (returns.length % 100 === 0) {
      const last = returns.slice(-100);
      const rate = Math.round(steps / ((performance.now() - started) / 1000));
      console.log(`episode ${returns.length}: average return of the last 100 = ${(last.reduce((a, b) => a + b) / last.length).toFixed(1)}, ${rate} steps/s`);
    }
  }
  observations = step.observations;
}
agent.dispose();
