// What discrete MAP propagation's search does along a training run: every `--every` episodes, a
// copy of the agent (loaded from a checkpoint, so the run itself is untouched) samples 200 steps
// of the current policy and settles each one, and the report gives the search's depth (sweeps that
// changed a value), the hidden units it flips per step, how many first-layer units are saturated
// (P(1) below 0.02 or above 0.98 at the visited states) and how sure the policy is (mean
// probability of its likeliest action).
//
//   node bench/experiments/discrete-search.mjs --env CartPole-v1 --seed 100 --episodes 300 --every 50
//     [--set '{"discreteEligibility":"mode"}']   (JSON changes to the rule's settings)
//
// (after npm run build). Use tuning seeds (100 and up): docs/experiments.md.
import { parseArgs } from "node:util";
import { Agent, loadCore, makeEnv } from "../../dist/node.js";

const { values } = parseArgs({ options: { env: { type: "string", default: "CartPole-v1" }, seed: { type: "string", default: "100" }, episodes: { type: "string", default: "300" }, every: { type: "string", default: "50" }, set: { type: "string", default: "{}" } } });
const [seed, episodes, every] = [Number(values.seed), Number(values.episodes), Number(values.every)];
const core = await loadCore({ precision: "float64" });
const env = makeEnv(values.env, { seed });
const agent = Agent.create({ algorithm: "discrete-map-prop", env, seed, precision: "float64", hyperparameters: JSON.parse(values.set) }, core);

/** Search statistics of the current policy over 200 steps, on a copy of the agent. */
function probe() {
  const copy = Agent.load(agent.save(), core);
  const probeEnv = makeEnv(values.env, { seed: seed + 1_000_000 });
  const net = copy.actor;
  const hidden = net.layerCount - 1;
  let observation = probeEnv.reset({ seed: seed + 1_000_000 }).observation;
  let [depth, flips, saturated, sure] = [0, 0, 0, 0];
  const steps = 200;
  for (let t = 0; t < steps; t++) {
    net.setInput(observation);
    net.forward();
    const units = net.shape(0).units;
    saturated += Array.from(net.buffer(0, "mean").subarray(0, units)).filter((p) => p < 0.02 || p > 0.98).length / units;
    const out = net.shape(hidden);
    const probabilities = Array.from(net.buffer(hidden, "mean").subarray(0, out.units));
    sure += Math.max(...probabilities, 1 - probabilities.reduce((a, b) => a + b, 0));
    const before = Array.from({ length: hidden }, (_, l) => Array.from(net.buffer(l, "values").subarray(0, net.shape(l).units))).flat();
    depth += net.settleDiscrete(copy.hyperparameters.settleSteps);
    const after = Array.from({ length: hidden }, (_, l) => Array.from(net.buffer(l, "values").subarray(0, net.shape(l).units))).flat();
    flips += before.filter((h, k) => h !== after[k]).length;
    const step = probeEnv.step(net.actions()[0]);
    observation = step.terminated || step.truncated ? probeEnv.reset().observation : step.observation;
  }
  copy.dispose();
  return { depth: depth / steps, flips: flips / steps, saturated: saturated / steps, sure: sure / steps };
}

console.log(`discrete-map-prop on ${values.env}, seed ${seed}, float64, ${values.set}`);
console.log("| episodes | mean return (last block) | sweeps changing a value per step | hidden flips per step (of " + agent.actor.shape(0).units + " + " + agent.actor.shape(1).units + ") | first-layer units saturated | P(likeliest action) |");
console.log("| ---: | ---: | ---: | ---: | ---: | ---: |");
let observation = env.reset({ seed }).observation;
let [finished, total] = [0, 0];
/** @type {number[]} */
let block = [];
const report = () => {
  const s = probe();
  const mean = block.length ? (block.reduce((a, b) => a + b, 0) / block.length).toFixed(1) : "–";
  console.log(`| ${finished} | ${mean} | ${s.depth.toFixed(2)} | ${s.flips.toFixed(1)} | ${(100 * s.saturated).toFixed(0)}% | ${s.sure.toFixed(3)} |`);
  block = [];
};
report();
while (finished < episodes) {
  const step = env.step(agent.act(observation).action);
  agent.learn(step);
  total += step.reward;
  if (step.terminated || step.truncated) {
    block.push(total);
    total = 0;
    finished++;
    observation = env.reset().observation;
    if (finished % every === 0) report();
  } else {
    observation = step.observation;
  }
}
agent.dispose();
