// What a LunarLander step costs, against CartPole's and against another build (docs/performance.md):
//   node bench/speed/lunarlander.mjs [--baseline <dist dir of another build>] [--current <dist dir>] [--rounds 3]
//                              [--scenarios "random,map-prop CartPole-v1"] [--out bench/results/lunarlander]
// Scenarios (float64, wasm, one environment, legacy env seeding as the committed grid):
//   random / pilot   the environment alone: uniformly random actions (mostly short flights that
//                    crash), or a PD pilot that lands (legs on the ground, contacts every step)
//   <rule> <task>    a fresh agent's act + step + learn from seed 0, warmed up first; `physics` is
//                    the part of it spent in env.step (timed around each call)
// Each build runs in a child process of its own (so neither build's JIT state colours the other's)
// and the builds alternate round by round; the table gives each scenario's median over rounds.
// To time the build before a change: `git worktree add /tmp/base <commit> && (cd /tmp/base &&
// npm ci && npm run build)`, then pass --baseline /tmp/base/dist.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    baseline: { type: "string" }, current: { type: "string" }, rounds: { type: "string", default: "3" }, out: { type: "string" },
    child: { type: "string" }, scenarios: { type: "string" },
  },
});
// --current: another build's dist/ to time instead of this checkout's (an A/B of two old commits).
const current = values.current ?? fileURLToPath(new URL("../../dist", import.meta.url));

const ENV_STEPS = 60_000;
/** Agent scenarios: [algorithm, env, timed steps]; warm-up is a quarter of that on top. */
/** @type {[import("../../dist/index.js").Algorithm, string, number][]} */
const AGENTS = [
  ["map-prop", "CartPole-v1", 10_000], ["map-prop", "LunarLander-v2", 6_000],
  ["weight-max", "CartPole-v1", 30_000], ["weight-max", "LunarLander-v2", 15_000],
  ["reinforce", "LunarLander-v2", 15_000], ["backprop", "LunarLander-v2", 15_000], ["ste-backprop", "LunarLander-v2", 15_000],
  ["async-map-prop", "LunarLander-v2", 3_000],
];

/** xorshift32: a fixed action stream that does not touch the library's generators. */
function stream(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x / 2 ** 32;
  };
}

/** A PD pilot that lands (the test's): legs touch down and rest, as a trained lander's do. */
function pilot(o) {
  const targetAngle = Math.min(Math.max(0.5 * o[0] + o[2], -0.4), 0.4);
  let turn = 0.5 * (targetAngle - o[4]) - o[5];
  let lift = 0.5 * (0.55 * Math.abs(o[0]) - o[1]) - 0.5 * o[3];
  if (o[6] || o[7]) { turn = 0; lift = -0.5 * o[3]; }
  return lift > Math.abs(turn) && lift > 0.05 ? 2 : turn < -0.05 ? 3 : turn > 0.05 ? 1 : 0;
}

async function child(dist, only) {
  const coagent = await import(pathToFileURL(`${dist}/index.js`).href);
  await coagent.loadCore({ precision: "float64" });
  const rows = {};
  const want = (name) => !only || only.split(",").includes(name);
  for (const driver of ["random", "pilot"]) {
    if (!want(driver)) continue;
    const env = coagent.makeEnv("LunarLander-v2", { seed: 0, seeding: "legacy" });
    const next = stream(1);
    let o = env.reset({ seed: 0 }).observation;
    const run = (n) => {
      for (let k = 0; k < n; k++) {
        const s = env.step(driver === "random" ? Math.floor(4 * next()) : pilot(o));
        o = s.terminated || s.truncated ? env.reset().observation : s.observation;
      }
    };
    run(ENV_STEPS / 4);
    const t0 = performance.now();
    run(ENV_STEPS);
    rows[driver] = { steps: ENV_STEPS, usPerStep: (1000 * (performance.now() - t0)) / ENV_STEPS };
  }
  for (const [algorithm, id, steps] of AGENTS) {
    const name = `${algorithm} ${id}`;
    if (!want(name)) continue;
    const env = coagent.makeEnv(id, { seed: 0, seeding: "legacy" });
    const agent = coagent.Agent.create({ algorithm, env, seed: 0, precision: "float64" });
    let o = env.reset({ seed: 0 }).observation;
    let inEnv = 0;
    const run = (n) => {
      for (let k = 0; k < n; k++) {
        const { action } = agent.act(o);
        const t = performance.now();
        const s = env.step(action);
        inEnv += performance.now() - t;
        agent.learn(s);
        o = s.terminated || s.truncated ? env.reset().observation : s.observation;
      }
    };
    run(steps / 4);
    inEnv = 0;
    const t0 = performance.now();
    run(steps);
    rows[name] = { steps, usPerStep: (1000 * (performance.now() - t0)) / steps, physicsUsPerStep: (1000 * inEnv) / steps };
    agent.dispose();
  }
  process.stdout.write(JSON.stringify(rows));
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function main() {
  const builds = { current };
  if (values.baseline) builds.baseline = values.baseline;
  const samples = {};
  for (let round = 0; round < Number(values.rounds); round++) {
    // Alternate which build goes first, so drifting machine load falls on both.
    const order = round % 2 ? Object.keys(builds).reverse() : Object.keys(builds);
    for (const build of order) {
      const args = [fileURLToPath(import.meta.url), "--child", builds[build], ...(values.scenarios ? ["--scenarios", values.scenarios] : [])];
      const rows = JSON.parse(execFileSync(process.execPath, args, { encoding: "utf8", maxBuffer: 1 << 24 }));
      for (const [name, row] of Object.entries(rows)) {
        ((samples[build] ??= {})[name] ??= []).push(row);
        process.stderr.write(`round ${round + 1} ${build.padEnd(8)} ${name.padEnd(30)} ${row.usPerStep.toFixed(1)} µs${row.physicsUsPerStep ? ` (env ${row.physicsUsPerStep.toFixed(1)})` : ""}\n`);
      }
    }
  }
  const summary = {};
  for (const [build, rows] of Object.entries(samples)) {
    summary[build] = {};
    for (const [name, list] of Object.entries(rows)) {
      summary[build][name] = { usPerStep: median(list.map((r) => r.usPerStep)), ...(list[0].physicsUsPerStep !== undefined ? { physicsUsPerStep: median(list.map((r) => r.physicsUsPerStep)) } : {}), rounds: list.length };
    }
  }
  const c = summary.current;
  const b = summary.baseline;
  const lines = [
    `| scenario | ${b ? "baseline µs/step | " : ""}current µs/step | current steps/s${b ? " | speed-up" : ""} |`,
    `| --- | ${b ? "--- | " : ""}--- | --- |${b ? " --- |" : ""}`,
  ];
  for (const name of Object.keys(c)) {
    const cur = c[name];
    const base = b?.[name];
    const env = (r) => (r.physicsUsPerStep !== undefined ? ` (env ${r.physicsUsPerStep.toFixed(1)})` : "");
    lines.push(`| ${name} | ${b ? `${base.usPerStep.toFixed(1)}${env(base)} | ` : ""}${cur.usPerStep.toFixed(1)}${env(cur)} | ${Math.round(1e6 / cur.usPerStep)}${b ? ` | ${(base.usPerStep / cur.usPerStep).toFixed(2)}×` : ""} |`);
  }
  // The issue's yardstick: a LunarLander step of a rule against CartPole's plus the physics alone.
  for (const rule of ["map-prop", "weight-max"]) {
    const ll = c[`${rule} LunarLander-v2`];
    const cp = c[`${rule} CartPole-v1`];
    if (!ll || !cp) continue;
    for (const [label, physics] of [["in-loop env.step", ll.physicsUsPerStep], ["random-policy step", c.random?.usPerStep]]) {
      if (physics === undefined) continue;
      lines.push(`\n${rule}: LunarLander ${ll.usPerStep.toFixed(1)} µs ÷ (CartPole ${cp.usPerStep.toFixed(1)} + ${label} ${physics.toFixed(1)}) = ${(ll.usPerStep / (cp.usPerStep + physics)).toFixed(2)}`);
    }
  }
  const table = lines.join("\n");
  console.log(table);
  if (values.out) {
    mkdirSync(values.out.replace(/\/[^/]*$/, "") || ".", { recursive: true });
    const command = `node bench/speed/lunarlander.mjs ${process.argv.slice(2).join(" ")}`;
    writeFileSync(`${values.out}.json`, `${JSON.stringify({ command, date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model.trim() ?? "unknown", rounds: Number(values.rounds), builds, samples, summary }, null, 1)}\n`);
    writeFileSync(`${values.out}.md`, `${table}\n`);
  }
}

if (values.child) await child(values.child, values.scenarios);
else await main();
