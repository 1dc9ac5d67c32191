// @ts-check
// The width study's figures (issue #32, item 4): for each task, every rule's score against the
// width of its two hidden layers, from the sweeps that trained them (one `coagent sweep --grid
// hidden=…` folder per rule and task, docs/experiments.md "The width study"):
//
//   node bench/experiments/width-study.mjs [--results bench/results/width]
//
// reads RESULTS/<task>/<rule>/runs.jsonl and writes RESULTS/figures/<task>.svg: per rule, the
// interquartile mean of the runs' average returns at each width, with its 95 % bootstrap interval.
// The tables beside the figures in the docs are `coagent compare … --group-by setting`.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { scalingSvg } from "../../dist/plot.js";

const { values } = parseArgs({ options: { results: { type: "string", default: "bench/results/width" } } });
const results = /** @type {string} */ (values.results);
const tasks = readdirSync(results, { withFileTypes: true }).filter((entry) => entry.isDirectory() && entry.name !== "figures").map((entry) => entry.name);
mkdirSync(join(results, "figures"), { recursive: true });

for (const task of tasks) {
  const series = readdirSync(join(results, task)).sort(byRuleOrder).map((rule) => {
    const lines = readFileSync(join(results, task, rule, "runs.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line));
    /** @type {Map<number, number[]>} */
    const byWidth = new Map();
    for (const line of lines) {
      if (line.meanReturn === null) continue; // a failed run: compare reports it, the figure leaves it out
      const width = line.hidden[0];
      byWidth.set(width, [...(byWidth.get(width) ?? []), line.meanReturn]);
    }
    return { label: rule, points: [...byWidth].sort((a, b) => a[0] - b[0]).map(([x, scores]) => ({ x, scores })) };
  });
  const episodes = JSON.parse(readFileSync(join(results, task, series[0].label, "sweep.json"), "utf8")).episodes;
  const svg = scalingSvg(series, {
    title: `${task}: average return over the first ${episodes} episodes against width`,
    xLabel: "Units in each of the two hidden layers", scoreLabel: "average return", logX: true,
  });
  writeFileSync(join(results, "figures", `${task}.svg`), svg);
  process.stdout.write(`wrote ${join(results, "figures", `${task}.svg`)}\n`);
}

/** The rules in the order the docs discuss them. */
function byRuleOrder(/** @type {string} */ a, /** @type {string} */ b) {
  const order = ["reinforce", "weight-max", "map-prop", "backprop"];
  return order.indexOf(a) - order.indexOf(b);
}
