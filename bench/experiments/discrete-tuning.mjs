// Tuning runs of discrete MAP propagation (docs/experiments.md#map-propagation-on-discrete-units):
// the average return over each run, on tuning seeds only (100 and up), for settings given as JSON
// changes to the rule's defaults.
//
//   node bench/experiments/discrete-tuning.mjs --env Acrobot-v1 --episodes 500 --seeds 100,101,102,103 \
//     --set '{"discreteEligibility":"mode"}'
//
// (after npm run build; float64, Gymnasium seeding, one run after another).
import { parseArgs } from "node:util";
import { loadCore, mean, train } from "../../dist/node.js";

const { values } = parseArgs({
  options: { env: { type: "string", default: "CartPole-v1" }, episodes: { type: "string", default: "1000" }, seeds: { type: "string", default: "100,101" }, set: { type: "string", default: "{}" } },
});
const seeds = values.seeds.split(",").map(Number);
if (seeds.some((s) => !(s >= 100))) throw new Error(`--seeds: tuning seeds are 100 and up; got ${values.seeds}`);
const hyperparameters = JSON.parse(values.set);
await loadCore({ precision: "float64" });
const averages = seeds.map((seed) => {
  const run = train({ env: values.env, algorithm: "discrete-map-prop", episodes: Number(values.episodes), seed, hyperparameters, precision: "float64" });
  const average = run.episodeReturns.reduce((a, b) => a + b, 0) / run.episodeReturns.length;
  console.log(`${values.env} seed ${seed}: ${average.toFixed(1)} (${run.steps} steps, ${run.wallSeconds.toFixed(0)} s)`);
  return average;
});
console.log(`${values.env} ${values.set}: mean ${mean(averages).toFixed(1)} | ${averages.map((a) => a.toFixed(1)).join(" | ")}`);
