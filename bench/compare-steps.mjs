// Training steps per second of this build against another build of coagent, CartPole-v1, every
// algorithm at batch 1 and 32 (bench/steps.mjs), for measuring what a change to the core is worth:
//   node bench/compare-steps.mjs --baseline <dist dir of another build> [--precision float64]
//                                [--backend wasm] [--rounds 3] [--time-ms 1500]
// Each build is timed in a child process of its own, the builds alternate round by round (the
// first one alternating too), and each row keeps its fastest round, as bench/run.mjs does: on a
// shared machine other load only ever slows a round down. To time the build before a change:
// `git worktree add /tmp/base <commit> && (cd /tmp/base && npm ci && npm run build)`, then pass
// --baseline /tmp/base/dist.
import { execFileSync } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { Bench } from "tinybench";
import { keepFaster, measureSteps, sameStep } from "./steps.mjs";

const { values } = parseArgs({
  options: {
    baseline: { type: "string" }, precision: { type: "string", default: "float64" }, backend: { type: "string", default: "wasm" },
    rounds: { type: "string", default: "3" }, "time-ms": { type: "string", default: "1500" }, child: { type: "string" },
  },
});

if (values.child) {
  const coagent = await import(pathToFileURL(`${values.child}/index.js`).href);
  const rows = await measureSteps(coagent, Bench, { backend: values.backend, precision: values.precision, timeMs: Number(values["time-ms"]) });
  process.stdout.write(JSON.stringify(rows));
  process.exit(0);
}
if (!values.baseline) throw new Error("--baseline: expected the dist directory of the build to compare against");

const builds = { baseline: values.baseline, current: fileURLToPath(new URL("../dist", import.meta.url)) };
const best = { baseline: [], current: [] };
for (let round = 0; round < Number(values.rounds); round++) {
  const order = round % 2 ? ["current", "baseline"] : ["baseline", "current"];
  for (const build of order) {
    const args = [fileURLToPath(import.meta.url), ...process.argv.slice(2), "--child", builds[build]];
    keepFaster(best[build], JSON.parse(execFileSync(process.execPath, args, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] })), sameStep);
    process.stderr.write(`round ${round + 1}: ${build} measured\n`);
  }
}
const fmt = (x) => Math.round(x).toLocaleString("en-US");
console.log(`${values.precision} ${values.backend}, CartPole-v1, environment steps per second (fastest of ${values.rounds} alternating rounds)\n`);
console.log("| algorithm | batch | baseline | current | current ÷ baseline |\n| --- | --- | --- | --- | --- |");
for (const row of best.current) {
  const base = best.baseline.find((r) => sameStep(r, row));
  console.log(`| ${row.algorithm} | ${row.batch} | ${fmt(base.stepsPerSecond)} | ${fmt(row.stepsPerSecond)} | ${(row.stepsPerSecond / base.stepsPerSecond).toFixed(2)}× |`);
}
