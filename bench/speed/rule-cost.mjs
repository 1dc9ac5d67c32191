// What a training step of some rules costs beside each other, on every backend and precision:
// bench/speed/steps.mjs's scenario (CartPole-v1, actor + critic with 64-32 hidden units, batch 1 and
// 32) restricted to the rules compared, by default discrete MAP propagation against the two it is
// weighed against in docs/learning-rules.md (map-prop, weight-max):
//   node bench/speed/rule-cost.mjs [--only discrete-map-prop,map-prop,weight-max] [--rounds 3]
//                            [--time-ms 2000] [--out bench/results/rule-cost]
// Each (backend, precision) pair runs in its own child process, as in bench/speed/run.mjs; the rules
// compared run in the same process one after another, so a ratio between them compares timings
// made seconds apart. Each row keeps its fastest round; each round's ratios to the first rule are
// kept too, and the results file quotes their median. --out writes <name>.json and <name>.md.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Bench } from "tinybench";
import * as coagent from "../../dist/index.js";
import { keepFaster, measureSteps, median, sameStep } from "./steps.mjs";

const { values } = parseArgs({
  options: {
    only: { type: "string", default: "discrete-map-prop,map-prop,weight-max" }, rounds: { type: "string", default: "3" },
    "time-ms": { type: "string", default: "2000" }, out: { type: "string" }, child: { type: "string" },
  },
});
const fail = (message) => {
  console.error(`rule-cost: ${message}`);
  process.exit(2);
};
const only = /** @type {coagent.Algorithm[]} */ (values.only.split(","));
for (const rule of only) if (!coagent.algorithms.includes(rule)) fail(`--only: expected rules among ${coagent.algorithms.join(", ")}, got ${rule}`);
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) fail(`--rounds: expected a positive integer, got ${values.rounds}`);

if (values.child) {
  const [backend, precision] = /** @type {[coagent.Backend, coagent.Precision]} */ (values.child.split(","));
  process.stdout.write(JSON.stringify(await measureSteps(coagent, Bench, { backend, precision, timeMs: Number(values["time-ms"]), only })));
  process.exit(0);
}

const best = [];
const perRound = []; // one entry per round and (backend, precision): that child's rows
for (let round = 0; round < rounds; round++) {
  for (const backend of coagent.backends) {
    for (const precision of coagent.precisions) {
      const args = [fileURLToPath(import.meta.url), "--only", values.only, "--time-ms", values["time-ms"], "--child", `${backend},${precision}`];
      const rows = JSON.parse(execFileSync(process.execPath, args, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }));
      keepFaster(best, rows, sameStep);
      perRound.push({ round, rows });
      process.stderr.write(`round ${round + 1}: ${backend} ${precision} measured\n`);
    }
  }
}
/** The row of `rule` measured in the same child as `row`, in round `round`. */
const sibling = (round, row, rule) => perRound.filter((p) => p.round === round).flatMap((p) => p.rows)
  .find((r) => sameStep(r, { ...row, algorithm: rule }));
const rows = best.map((row) => ({
  algorithm: row.algorithm, precision: row.precision, backend: row.backend, batch: row.batch,
  stepsPerSecond: row.stepsPerSecond, p50Microseconds: row.p50Microseconds, samples: row.samples,
  // The first rule's step time ÷ this rule's (median over rounds): 4 = one first-rule step costs
  // four of these. Not on the first rule's own rows, where it is 1 by definition.
  ...(row.algorithm === only[0] ? {} : { firstRuleCost: median(Array.from({ length: rounds }, (_, k) => sibling(k, row, row.algorithm).stepsPerSecond / sibling(k, row, only[0]).stepsPerSecond)) }),
}));

const fmt = (x, d = 0) => x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
const machine = { runtime: `node ${process.version}`, cpu: cpus()[0]?.model.trim() ?? "unknown", cores: cpus().length };
let commit = "unknown";
try {
  commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
} catch {}
const command = `node bench/speed/rule-cost.mjs ${process.argv.slice(2).join(" ")}`.trim();
const table = [
  `# ${command}`,
  "",
  `${machine.cpu}, ${machine.cores} cores, ${machine.runtime}, commit ${commit}, ${new Date().toISOString()}. CartPole-v1, actor + critic, learning included; ` +
    `environment steps per second (fastest of ${rounds} rounds), the median latency per step, and the median over rounds of the rule's steps/s ÷ ${only[0]}'s, both timed in the same process (how many of the rule's steps one ${only[0]} step costs).`,
  "",
  `| core | backend | batch | ${only.map((r) => `${r}: steps/s (µs)`).join(" | ")} | ${only.slice(1).map((r) => `${only[0]} cost ÷ ${r}`).join(" | ")} |`,
  `| --- | --- | ---: | ${only.map(() => "---:").join(" | ")} | ${only.slice(1).map(() => "---:").join(" | ")} |`,
  ...coagent.precisions.flatMap((precision) => coagent.backends.flatMap((backend) => [1, 32].map((batch) => {
    /** @param {string} rule */
    const of = (rule) => {
      const row = rows.find((r) => r.algorithm === rule && r.precision === precision && r.backend === backend && r.batch === batch);
      if (!row) throw new Error(`rule-cost: no row for ${rule}, ${precision} ${backend}, batch ${batch}`);
      return row;
    };
    const cells = only.map((rule) => `${fmt(of(rule).stepsPerSecond)} (${fmt(of(rule).p50Microseconds / batch, 1)})`);
    const ratios = only.slice(1).map((rule) => `${fmt(of(rule).firstRuleCost, 2)}×`);
    return `| ${precision} | ${backend} | ${batch} | ${cells.join(" | ")} | ${ratios.join(" | ")} |`;
  }))),
].join("\n") + "\n";
console.log(table);
if (values.out) {
  mkdirSync(dirname(resolve(values.out)), { recursive: true });
  writeFileSync(`${values.out}.json`, `${JSON.stringify({ command, commit, date: new Date().toISOString(), ...machine, rounds, timeMs: Number(values["time-ms"]), only, rows }, null, 1)}\n`);
  writeFileSync(`${values.out}.md`, table);
}
