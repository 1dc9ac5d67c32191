// The Python peers of the step benchmark, each run as a child process when its prerequisites are
// on this machine, else skipped with one line saying why: the authors' NumPy reference code
// (reference_rate.py; their checkouts are found through COAGENT_REFERENCE_DIR, never fetched) and
// the JAX implementation (bench/peers/jax/cartpole_ac.py, one core).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const here = import.meta.dirname;
const PYTHON = process.env.PYTHON ?? "python3";

/** Whether `python3 -c code` succeeds (quietly). */
const pythonCan = (code) => spawnSync(PYTHON, ["-c", code], { stdio: "ignore" }).status === 0;

/** The last line of a child's output, parsed (libraries may print banners before it). */
const lastJson = (out) => JSON.parse(out.trim().split("\n").at(-1));

/**
 * NumPy reference rates on CartPole-v1, best of `rounds` runs each: MAP propagation (map_prop's
 * main_rl.py) and Weight Max and backprop (weight_max's main.py). COAGENT_REFERENCE_DIR must hold
 * unmodified checkouts of the authors' repositories as map_prop/ and weight_max/. Returns the rows
 * and the reason for any that were skipped.
 */
export function measureReference({ rounds = 2, log = console.error } = {}) {
  const dir = process.env.COAGENT_REFERENCE_DIR;
  if (!dir) return skip("NumPy reference skipped: set COAGENT_REFERENCE_DIR to a folder holding the authors' map_prop/ and weight_max/ checkouts (docs/reference-runs/README.md)");
  if (!pythonCan("import numpy")) return skip(`NumPy reference skipped: ${PYTHON} with NumPy is not available`);
  const runs = [
    { algorithm: "map-prop", checkout: join(dir, "map_prop"), steps: 1500 },
    { algorithm: "weight-max", checkout: join(dir, "weight_max"), steps: 5000 },
    { algorithm: "backprop", checkout: join(dir, "weight_max"), steps: 5000 },
  ];
  const rows = [];
  const skipped = [];
  for (const run of runs) {
    if (!existsSync(run.checkout)) {
      skipped.push(`NumPy reference ${run.algorithm} skipped: ${run.checkout} does not exist`);
      continue;
    }
    for (let round = 0; round < rounds; round++) {
      const child = spawnSync(PYTHON, [join(here, "reference_rate.py"), run.algorithm, run.checkout, String(run.steps)], { encoding: "utf8" });
      if (child.status !== 0) {
        skipped.push(`NumPy reference ${run.algorithm} failed: ${(child.stderr || child.stdout).trim().split("\n").at(-1)}`);
        break;
      }
      const row = { peer: "numpy", ...lastJson(child.stdout), precision: "float64", seeds: 1 };
      const k = rows.findIndex((r) => r.algorithm === row.algorithm);
      if (k < 0) rows.push(row);
      else if (row.stepsPerSecond > rows[k].stepsPerSecond) rows[k] = row;
      log(`measured NumPy reference ${run.algorithm} (pass ${round + 1} of ${rounds})`);
    }
  }
  for (const line of skipped) log(line);
  return { rows, skipped };
}

/**
 * The JAX implementation's rates (backprop and MAP propagation, float32 and float64, one seed and
 * vmapped over 1–32 seeds) on one core: pinned to CPU 0 with taskset where it exists, XLA limited
 * to one thread. Each configuration compiles first (seconds each), so this takes minutes.
 */
export function measureJax({ seconds = Number(process.env.BENCH_JAX_SECONDS ?? 2), log = console.error } = {}) {
  if (!pythonCan("import jax")) return skip(`JAX comparison skipped: ${PYTHON} cannot import jax (pip install jax)`);
  const script = join(here, "jax", "cartpole_ac.py");
  const pinned = spawnSync("taskset", ["-c", "0", "true"], { stdio: "ignore" }).status === 0;
  const [command, args] = pinned ? ["taskset", ["-c", "0", PYTHON, script]] : [PYTHON, [script]];
  const env = { ...process.env, XLA_FLAGS: "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1" };
  log(`measuring JAX (${pinned ? "taskset -c 0, " : ""}one XLA thread; compiles each of 24 configurations first)`);
  let out;
  try {
    out = lastJson(execFileSync(command, [...args, "--seconds", String(seconds)], { encoding: "utf8", env, stdio: ["ignore", "pipe", "inherit"] }));
  } catch (error) {
    // JAX is optional here: a broken install must not cost the rest of the benchmark.
    return skip(`JAX comparison failed: ${String(error instanceof Error ? error.message : error).split("\n")[0]}`);
  }
  return { rows: out.results.map((r) => ({ peer: "jax", version: out.jax, pinned, ...r })), skipped: [] };
}

function skip(line) {
  console.error(line);
  return { rows: [], skipped: [line] };
}
