// @ts-check
// The width study's step-size check (docs/experiments.md, "The width study"): the four rules
// at widths 256 and 512 with each layer's learning rates scaled by its fan-in against
// the default 64,32 network — the later hidden layers' by 64/w and the output's by 32/w, actor
// and critic, start and end — so that a step moves a unit's input about as much as at the
// default width. Prints one `coagent sweep` per rule, task and width:
//
//   node bench/experiments/width-step-size.mjs | sh
//
// (after npm run build; about 60 CPU-minutes, most of it MAP propagation's) writes bench/results/width-step-size/<task>/<rule>-<w>/.
import { defaultHyperparameters } from "../../dist/index.js";

/** @param {number[]} rates */
const text = (rates) => rates.map((x) => Number(x.toPrecision(6))).join(",");

for (const [env, episodes] of /** @type {const} */ ([["CartPole-v1", 200], ["Acrobot-v1", 100]])) {
  for (const rule of /** @type {const} */ (["weight-max", "backprop", "reinforce", "map-prop"])) {
    for (const width of [256, 512]) {
      const h = defaultHyperparameters(rule, env);
      /** @param {number[]} rates */
      const scaled = ([first, later, output]) => [first, (later * 64) / width, (output * 32) / width];
      const sets = /** @type {const} */ (["actorLearningRate", "criticLearningRate"]).flatMap((name) =>
        /** @type {const} */ (["start", "end"]).map((part) => `--set ${name}.${part}=${text(scaled(h[name][part]))}`));
      console.log([
        `npx coagent sweep --env ${env} --algorithm ${rule} --grid hidden=${width}:${width}`, ...sets,
        `--allow-evaluation-seeds --seed 0 --seeds 5 --episodes ${episodes} --precision float32 --quiet --out bench/results/width-step-size/${env}/${rule}-${width}`,
      ].join(" "));
    }
  }
}
