// Train a MAP-propagation agent on CartPole with the public API, printing the running average.
// Run after `npm run build`:  node examples/train-cartpole.mjs [algorithm] [episodes]
import { Agent, loadCore, makeEnv } from "../dist/index.js";

const algorithm = process.argv[2] ?? "map-prop";
const episodes = Number(process.argv[3] ?? 300);

await loadCore();
const env = makeEnv("CartPole-v1", { seed: 0 });
const agent = Agent.create({ algorithm, env, seed: 0 });
const returns = [];
let { observation } = env.reset({ seed: 0 });
while (returns.length < episodes) {
  let total = 0;
  for (;;) {
    const { action } = agent.act(observation);
    const step = env.step(action);
    agent.learn(step);
    total += step.reward;
    if (step.terminated || step.truncated) break;
    observation = step.observation;
  }
  returns.push(total);
  observation = env.reset().observation;
  if (returns.length % 50 === 0) {
    const last = returns.slice(-50);
    console.log(`episode ${returns.length}: average return of the last 50 = ${(last.reduce((a, b) => a + b) / last.length).toFixed(1)}`);
  }
}
agent.dispose();
