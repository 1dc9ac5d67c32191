// Training steps per second of this build against another build of coagent, CartPole-v1, every
// algorithm at batch 1 and 32 (bench/speed/steps.mjs), for measuring what a change to the core is worth:
//   node bench/speed/compare-steps.mjs --baseline <dist dir of another build> [--current <dist dir>]
//                                [--precision float64[,float32]] [--backend wasm] [--rounds 3]
//                                [--time-ms 1500] [--out bench/results/<name>]
// Each build is timed in a child process of its own, the builds alternate round by round (the
// first one alternating too), and each row keeps its fastest round, as bench/speed/run.mjs does: on a
// shared machine other load only ever slows a round down. Each round's ratio is kept too, so a
// results file can quote the median of the per-round ratios, which pairs two timings made seconds
// apart. To time the build before a change: `git worktree add /tmp/base <commit> && (cd /tmp/base
// && npm ci && npm run build)`, then pass --baseline /tmp/base/dist (and --current for a second
// old build instead of this checkout's dist/). --out writes <name>.json and <name>.md. Node flags given to
// this script (e.g. --experimental-wasm-relaxed-simd) are passed on to the timed children.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { Bench } from "tinybench";
import { keepFaster, measureSteps, median, sameStep } from "./steps.mjs";

const { values } = parseArgs({
  options: {
    baseline: { type: "string" }, current: { type: "string" }, precision: { type: "string", default: "float64" },
    backend: { type: "string", default: "wasm" }, rounds: { type: "string", default: "3" }, "time-ms": { type: "string", default: "1500" },
    out: { type: "string" }, child: { type: "string" },
  },
});

if (values.child) {
  const coagent = await import(pathToFileURL(`${values.child}/index.js`).href);
  const rows = await measureSteps(coagent, Bench, { backend: /** @type {import("./steps.mjs").Backend} */ (values.backend), precision: /** @type {import("./steps.mjs").Precision} */ (values.precision), timeMs: Number(values["time-ms"]) });
  process.stdout.write(JSON.stringify(rows));
  process.exit(0);
}
/** @param {string} message @returns {never} */
const fail = (message) => {
  console.error(`compare-steps: ${message}`);
  process.exit(2);
};
if (!values.baseline) fail("--baseline: expected the dist directory of the build to compare against");
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) fail(`--rounds: expected a positive integer, got ${values.rounds}`);
const precisions = values.precision.split(",");
for (const p of precisions) if (p !== "float32" && p !== "float64") fail(`--precision: expected float32 or float64 (or both, comma-separated), got ${p}`);

const builds = { baseline: resolve(values.baseline), current: resolve(values.current ?? fileURLToPath(new URL("../../dist", import.meta.url))) };
/** The commit a build's dist/ was built from (its checkout's HEAD), or "unknown". */
const commitOf = (dist) => {
  try {
    return execFileSync("git", ["-C", dirname(dist), "rev-parse", "--short", "HEAD"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "unknown";
  }
};
/** @typedef {{ algorithm: string, precision: string, backend: string, batch: number, stepsPerSecond: number }} StepRow */
/** @type {Record<"baseline" | "current", StepRow[]>} */
const best = { baseline: [], current: [] };
/** @type {{ round: number, build: string, rows: StepRow[] }[]} */
const perRound = [];
for (let round = 0; round < rounds; round++) {
  const order = round % 2 ? ["current", "baseline"] : ["baseline", "current"];
  for (const precision of precisions) {
    for (const build of order) {
      const args = [fileURLToPath(import.meta.url), "--backend", values.backend, "--precision", precision, "--time-ms", values["time-ms"], "--child", builds[build]];
      const rows = JSON.parse(execFileSync(process.execPath, [...process.execArgv, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }));
      keepFaster(best[build], rows, sameStep);
      perRound.push({ round, build, rows });
      process.stderr.write(`round ${round + 1}: ${build} ${precision} measured\n`);
    }
  }
}
/** The rate of `row`'s step in one round's run of one build (each precision is a run of its own). */
const rateIn = (round, build, row) => {
  const measured = perRound.filter((p) => p.round === round && p.build === build).flatMap((p) => p.rows).find((r) => sameStep(r, row));
  if (!measured) throw new Error(`round ${round + 1} of ${build} has no row for ${row.algorithm} at batch ${row.batch}`);
  return measured.stepsPerSecond;
};
const rows = best.current.map((row) => {
  const base = best.baseline.find((r) => sameStep(r, row));
  if (!base) throw new Error(`the baseline has no row for ${row.algorithm} at batch ${row.batch}`);
  const roundRatios = Array.from({ length: rounds }, (_, k) => rateIn(k, "current", row) / rateIn(k, "baseline", row));
  return {
    algorithm: row.algorithm, precision: row.precision, backend: row.backend, batch: row.batch,
    baseline: base.stepsPerSecond, current: row.stepsPerSecond, ratio: row.stepsPerSecond / base.stepsPerSecond,
    medianRatio: median(roundRatios), roundRatios,
  };
});
const commits = { baseline: commitOf(builds.baseline), current: commitOf(builds.current) };
const fmt = (x) => Math.round(x).toLocaleString("en-US");
const table = [
  `${values.backend}, CartPole-v1, environment steps per second (fastest of ${rounds} alternating rounds; the median of the rounds' ratios beside it); baseline ${commits.baseline}, current ${commits.current}`,
  "",
  "| algorithm | core | batch | baseline | current | current ÷ baseline (fastest) | median of round ratios |",
  "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
  ...rows.map((r) => `| ${r.algorithm} | ${r.precision} | ${r.batch} | ${fmt(r.baseline)} | ${fmt(r.current)} | ${r.ratio.toFixed(2)}× | ${r.medianRatio.toFixed(2)}× |`),
].join("\n") + "\n";
console.log(table);
if (values.out) {
  mkdirSync(dirname(resolve(values.out)), { recursive: true });
  const command = `node bench/speed/compare-steps.mjs ${process.argv.slice(2).join(" ")}`;
  const machine = { runtime: `node ${process.version}`, cpu: cpus()[0]?.model.trim() ?? "unknown", cores: cpus().length };
  writeFileSync(`${values.out}.json`, `${JSON.stringify({
    command, date: new Date().toISOString(), ...machine, commits, backend: values.backend, rounds, timeMs: Number(values["time-ms"]), rows,
  }, null, 1)}\n`);
  writeFileSync(`${values.out}.md`, `# ${command}\n\n${machine.cpu}, ${machine.cores} cores, ${machine.runtime}, ${new Date().toISOString()}\n\n${table}`);
}
