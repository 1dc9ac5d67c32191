// ESTIMATES of the Figure-1 grid's CPU time after a change to LunarLander's step, without
// rerunning the grid (docs/performance.md):
//   node bench/speed/grid-estimate.mjs [--grid bench/results/grid] [--bench bench/results/lunarlander.json] [--out bench/results/grid-estimate.md]
// Runs on the other tasks keep their committed times (their code did not change). LunarLander's
// runs are estimated two ways from what bench/speed/lunarlander.mjs measured per rule in one run of
// both builds:
//   A (scaled)  the committed wall time, of which the env.step share s (of the baseline build's
//               step in that bench run) scales by the new env.step ÷ the old:
//               wall × ((1 − s) + s × ratio). Conservative: it keeps whatever else made the
//               committed runs slow (machine load, code since made faster).
//   B (direct)  the committed runs' environment steps × the new build's whole step as measured
//               (a fresh agent's first few thousand steps, on this machine as loaded then).
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { writeResultsJson } from "../markdown-results.mjs";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { grid: { type: "string", default: "bench/results/grid" }, bench: { type: "string", default: "bench/results/lunarlander.json" }, out: { type: "string" } },
});
const { summary } = JSON.parse(readFileSync(values.bench, "utf8"));
if (!summary.baseline) throw new Error(`${values.bench} has no baseline build: run bench/speed/lunarlander.mjs with --baseline`);

const LUNAR = "LunarLander-v2";
/** Per rule: [share of the baseline step in env.step, new ÷ old env.step time]. */
function scaling(rule) {
  const old = summary.baseline[`${rule} ${LUNAR}`];
  const now = summary.current[`${rule} ${LUNAR}`];
  if (!old || !now) throw new Error(`${values.bench} has no "${rule} ${LUNAR}" row`);
  return { share: old.physicsUsPerStep / old.usPerStep, ratio: now.physicsUsPerStep / old.physicsUsPerStep };
}

const rows = [];
const runs = join(values.grid, "runs");
for (const task of readdirSync(runs).sort()) {
  for (const rule of readdirSync(join(runs, task)).sort()) {
    let steps = 0;
    let seconds = 0;
    for (const file of readdirSync(join(runs, task, rule))) {
      const run = JSON.parse(readFileSync(join(runs, task, rule, file), "utf8"));
      steps += run.steps;
      seconds += run.wallSeconds;
    }
    const s = task === LUNAR ? scaling(rule) : { share: 0, ratio: 1 };
    const direct = task === LUNAR ? (steps * summary.current[`${rule} ${LUNAR}`].usPerStep) / 6e7 : seconds / 60;
    rows.push({ task, rule, steps, before: seconds / 60, after: (seconds * (1 - s.share + s.share * s.ratio)) / 60, direct, share: s.share, ratio: s.ratio });
  }
}

const sum = (list, key) => list.reduce((a, r) => a + r[key], 0);
const lines = [
  "| task | rule | env steps (10 seeds) | committed CPU-min | env.step share (baseline) | env.step new ÷ old | estimate A CPU-min | estimate B CPU-min |",
  "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  ...rows.map((r) => `| ${r.task} | ${r.rule} | ${r.steps.toLocaleString("en-US")} | ${r.before.toFixed(1)} | ${r.task === LUNAR ? `${(100 * r.share).toFixed(0)}%` : "–"} | ${r.task === LUNAR ? r.ratio.toFixed(2) : "–"} | ${r.after.toFixed(1)} | ${r.direct.toFixed(1)} |`),
];
lines.push("", "| task | committed CPU-min | estimate A | estimate B |", "| --- | ---: | ---: | ---: |");
for (const task of [...new Set(rows.map((r) => r.task))]) {
  const list = rows.filter((r) => r.task === task);
  lines.push(`| ${task} | ${sum(list, "before").toFixed(1)} | ${sum(list, "after").toFixed(1)} | ${sum(list, "direct").toFixed(1)} |`);
}
lines.push(`| **grid** | **${sum(rows, "before").toFixed(1)}** | **${sum(rows, "after").toFixed(1)}** | **${sum(rows, "direct").toFixed(1)}** |`);
const table = lines.join("\n");
console.log(table);
if (values.out) {
  writeFileSync(values.out, `${table}\n`);
  if (values.out.endsWith(".md")) writeResultsJson(values.out); // the same numbers as JSON beside it
}
