// Records a float64 coagent run on CartPole-v1 for the replays (replay_weight_max.py,
// replay_map_prop.py): every loop iteration's observation and how it was reached (a reset, or a
// step with its reward and ending), the values each network drew in its forward pass (before
// any MAP settling), and both networks' weights before and after.
// Usage (from the repository, after `npm run build`):
//   ALG=weight-max N=60000 SEED=0 node docs/reference-runs/record_run.mjs /tmp/run.json
import { writeFileSync } from "node:fs";
import { Agent, loadCore, makeEnv } from "../../dist/index.js";

const algorithm = process.env.ALG ?? "weight-max";
const iterationsWanted = Number(process.env.N ?? 60000);
const seed = Number(process.env.SEED ?? 0);
const out = process.argv[2] ?? `${algorithm}-record.json`;
await loadCore({ precision: "float64" });
const env = makeEnv("CartPole-v1", { seed });
const agent = Agent.create({ algorithm, env, seed, precision: "float64" });

// The agent's networks are private API; a diagnostic may read them.
const weights = (net) =>
  Array.from({ length: net.layerCount }, (_, l) => {
    const { inputs, units, stride } = net.shape(l);
    const w = net.buffer(l, "weights");
    return {
      w: Array.from({ length: inputs }, (_, i) => Array.from(w.subarray(i * stride, i * stride + units))),
      b: Array.from(net.buffer(l, "bias").subarray(0, units)),
    };
  });
const values = (net) => Array.from({ length: net.layerCount }, (_, l) => Array.from(net.buffer(l, "values").subarray(0, net.shape(l).units)));
/** The values the next iteration's forward passes draw: a copy of the agent (same random streams) runs them alone. */
function forwardDraws(observation) {
  const copy = Agent.load(agent.save());
  copy.actor.setInput(observation);
  copy.actor.forward();
  copy.critic.forward(); // reads the actor's input
  const draws = { actor: values(copy.actor), critic: values(copy.critic) };
  copy.dispose();
  return draws;
}

const start = { actor: weights(agent.actor), critic: weights(agent.critic) };
const iterations = [];
const returns = [];
let arrival = { kind: "reset", reward: 0, done: false, truncated: false };
let observation = env.reset({ seed }).observation;
let total = 0;
while (iterations.length < iterationsWanted) {
  iterations.push({ obs: Array.from(observation), ...arrival, ...forwardDraws(observation) });
  const { action } = agent.act(observation);
  const step = env.step(action);
  total += step.reward;
  if (step.terminated || step.truncated) {
    // agent.learn runs the reference's extra iteration on the final observation.
    const ending = { kind: "step", reward: step.reward, done: true, truncated: step.truncated && !step.terminated };
    iterations.push({ obs: Array.from(step.observation), ...ending, ...forwardDraws(step.observation) });
    agent.learn(step);
    returns.push(total);
    total = 0;
    observation = env.reset().observation;
    arrival = { kind: "reset", reward: 0, done: false, truncated: false };
  } else {
    agent.learn(step);
    observation = step.observation;
    arrival = { kind: "step", reward: step.reward, done: false, truncated: false };
  }
}
writeFileSync(out, JSON.stringify({ algorithm, start, iterations, end: { actor: weights(agent.actor), critic: weights(agent.critic) }, returns }));
console.log(`${algorithm}: ${iterations.length} iterations, ${returns.length} episodes, ${iterations.filter((i) => i.truncated).length} time-limit truncations → ${out}`);
