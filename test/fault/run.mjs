#!/usr/bin/env node
/**
 * Fault injection: SIGKILL at random moments of long-running commands, then resume; every final
 * file must equal an uninterrupted run's byte for byte (JSON files compared without their
 * wall-clock field `wallSeconds`), and no temporary file may remain.
 *
 *   node test/fault/run.mjs --kills 50 [--seed 1] [--only train|reproduce|sweep] [--cli path/to/cli.js]
 *
 * Each scenario names its command, how to resume it, and which files it must end with; a new
 * command is one more entry in `scenarios`. Needs the built CLI
 * (npm run build). test/node/fault-injection.test.ts runs a few kill points of each in `npm test`.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

// --cli (or COAGENT_CLI) points at another build, e.g. a copy that a rebuild cannot change mid-run.
let cli = process.env.COAGENT_CLI ?? fileURLToPath(new URL("../../dist/node/cli.js", import.meta.url));

/** The commands under test: how to start, how to resume after a kill, and nothing else. */
export const scenarios = [
  {
    name: "train",
    // Two runs on two threads, a checkpoint every 5 episodes, results, figure and signal log.
    start: ["train", "--env", "CartPole-v1", "--algorithm", "weight-max", "--episodes", "40", "--seeds", "2", "--workers", "2", "--checkpoint-every", "5",
      "--save", "ckpt/run.ckpt", "--out", "run.json", "--plot", "run.svg", "--log-signals", "signals.jsonl", "--every", "37", "--quiet"],
    // A run killed before its first checkpoint has nothing to resume: it is started again.
    resume: (dir) => (readdirSync(join(dir, "ckpt"), { withFileTypes: true }).some((f) => f.name.endsWith(".ckpt")) ? ["train", "--resume", "ckpt/run.ckpt", "--quiet"] : null),
  },
  {
    name: "reproduce",
    start: ["reproduce", "--envs", "CartPole-v1", "--algorithms", "reinforce,weight-max", "--seeds", "3", "--episodes", "25", "--workers", "2", "--out", "grid", "--quiet"],
    // A grid resumes by running the same command: finished runs are kept.
    resume: () => null,
  },
  {
    name: "sweep",
    // Two settings × two tuning seeds on two threads; its summaries are rebuilt from the run files.
    start: ["sweep", "--env", "CartPole-v1", "--algorithm", "weight-max", "--grid", "gamma=0.95,0.99", "--seeds", "2", "--episodes", "25", "--workers", "2", "--out", "sweep", "--quiet"],
    // A sweep resumes by running the same command: finished runs are kept.
    resume: () => null,
  },
];

/** Runs the CLI in `dir`; resolves with its exit code (or signal) after it ends or is killed at `killAfter` ms. */
function coagent(args, dir, killAfter) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [cli, ...args], { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const timer = killAfter === undefined ? undefined : setTimeout(() => child.kill("SIGKILL"), killAfter);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr, ms: performance.now() - started });
    });
  });
}

/** Every file under `dir`, relative, sorted. */
function filesUnder(dir) {
  const out = [];
  const walk = (at) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(relative(dir, path));
    }
  };
  walk(dir);
  return out.sort();
}

/** A file's content for comparison: JSON without its wall-clock fields, anything else as bytes. */
function comparable(path) {
  const bytes = readFileSync(path);
  if (!path.endsWith(".json")) return bytes.toString("base64");
  return JSON.stringify(JSON.parse(bytes.toString("utf8")), (key, value) => (key === "wallSeconds" ? undefined : value));
}

/** A seeded uniform stream (mulberry32), so that a failing kill point can be replayed. */
function uniform(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Kills `scenario` `kills` times at random moments of its uninterrupted duration, resumes each to
 * the end, and compares. Returns { name, kills, referenceMs, killedAfterMs[], failures[] }.
 */
export async function injectFaults(scenario, { kills, seed = 1, log = () => {} }) {
  const root = mkdtempSync(join(tmpdir(), `coagent-fault-${scenario.name}-`));
  // Each attempt in a fresh directory (two known levels: no recursive mkdir needed).
  const prepare = (name) => {
    const dir = join(root, name);
    mkdirSync(dir);
    mkdirSync(join(dir, "ckpt"));
    return dir;
  };
  const reference = prepare("reference");
  const whole = await coagent(scenario.start, reference);
  if (whole.code !== 0) throw new Error(`${scenario.name}: the uninterrupted run failed (${whole.code}): ${whole.stderr}`);
  const expected = new Map(filesUnder(reference).map((file) => [file, comparable(join(reference, file))]));
  const random = uniform(seed);
  const failures = [];
  const killedAfterMs = [];
  for (let k = 0; k < kills; k++) {
    // A kill point the command outlives (it ran faster than the reference) is drawn again, earlier.
    let dir;
    let at;
    let killed;
    for (let span = whole.ms, attempt = 0; ; attempt++) {
      dir = prepare(`kill-${k}${attempt > 0 ? `-${attempt}` : ""}`);
      at = Math.round(random() * span);
      killed = await coagent(scenario.start, dir, at);
      if (killed.signal === "SIGKILL" || attempt === 9) break;
      rmSync(dir, { recursive: true, force: true });
      span = Math.min(span, killed.ms);
    }
    killedAfterMs.push(at);
    // Resume until the command succeeds (it is never killed again).
    const resumed = await coagent(scenario.resume(dir) ?? scenario.start, dir);
    const problems = [];
    if (killed.signal !== "SIGKILL") problems.push(`ten kill points in a row came after the command ended (exit ${killed.code})`);
    if (resumed.code !== 0) problems.push(`resuming exited ${resumed.code}: ${resumed.stderr.trim()}`);
    const files = filesUnder(dir);
    const temporary = files.filter((file) => file.endsWith(".tmp"));
    if (temporary.length > 0) problems.push(`temporary files remain: ${temporary.join(", ")}`);
    for (const [file, content] of expected) {
      if (!files.includes(file)) problems.push(`${file} is missing`);
      else if (comparable(join(dir, file)) !== content) problems.push(`${file} differs from the uninterrupted run's`);
    }
    const extra = files.filter((file) => !expected.has(file) && !file.endsWith(".tmp"));
    if (extra.length > 0) problems.push(`unexpected files: ${extra.join(", ")}`);
    log(`${scenario.name} kill ${k + 1}/${kills} after ${at} ms (${killed.signal ?? `exit ${killed.code}`}): ${problems.length === 0 ? "identical" : problems.join("; ")}`);
    if (problems.length > 0) failures.push({ kill: k, at, problems });
    else rmSync(dir, { recursive: true, force: true });
  }
  if (failures.length === 0) rmSync(root, { recursive: true, force: true });
  return { name: scenario.name, kills, referenceMs: Math.round(whole.ms), files: [...expected.keys()], killedAfterMs, failures, kept: failures.length > 0 ? root : undefined };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { kills: { type: "string", default: "50" }, seed: { type: "string", default: "1" }, only: { type: "string" }, cli: { type: "string" } } });
  if (values.cli) cli = values.cli;
  const kills = Number(values.kills);
  let failed = 0;
  for (const scenario of scenarios.filter((s) => values.only === undefined || s.name === values.only)) {
    const result = await injectFaults(scenario, { kills, seed: Number(values.seed), log: (line) => process.stderr.write(`${line}\n`) });
    failed += result.failures.length;
    const spread = result.killedAfterMs.length > 0 ? `kill points ${Math.min(...result.killedAfterMs)}–${Math.max(...result.killedAfterMs)} ms of a ${result.referenceMs} ms run` : "";
    process.stdout.write(`${result.name}: ${result.kills - result.failures.length}/${result.kills} killed-and-resumed runs identical to the uninterrupted one (${result.files.join(", ")}); ${spread}${result.kept ? `; failures kept in ${result.kept}` : ""}\n`);
  }
  process.exitCode = failed > 0 ? 1 : 0;
}
