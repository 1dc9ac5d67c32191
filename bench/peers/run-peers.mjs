// Measures the peers (TensorFlow.js on its wasm and cpu backends, each in its own Node process,
// best of ROUNDS passes; the authors' NumPy code; JAX) and writes bench/results/peers.json and
// peers.md with coagent's rows from the same run. Called by bench/speed/run.mjs after coagent's own
// passes, and by bench/peers/peers.mjs, which times only the coagent rows the table needs.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { keepFaster, ROUNDS } from "../speed/steps.mjs";
import { measureJax, measureReference } from "./python.mjs";
import { peersTable, withRatios } from "./table.mjs";

const TFJS_BACKENDS = ["wasm", "cpu"];
const root = join(import.meta.dirname, "..", "..");

export function measureTfjs() {
  const rows = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const backend of TFJS_BACKENDS) {
      const out = execFileSync(process.execPath, [join(import.meta.dirname, "tfjs-node.mjs"), backend], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
      keepFaster(rows, [JSON.parse(out.trim().split("\n").at(-1) ?? "")], (a, b) => a.backend === b.backend);
      console.error(`measured TF.js ${backend} (pass ${round + 1} of ${ROUNDS})`);
    }
  }
  // The TF.js learner is coagent's `backprop` on the same task (tfjs-agent.mjs).
  return rows.map((r) => ({ ...r, algorithm: "backprop", seeds: 1, vmapped: false }));
}

/**
 * @param {any[]} coagentRows
 * @param {{ commit: string, runtime: string, cpu: string, cores: number, date: string }} meta
 * @param {{ jax?: ReturnType<typeof measureJax> }} [options] `jax`: measureJax's result when the caller has measured it already (bench/speed/run.mjs uses it twice)
 */
export function runPeers(coagentRows, meta, { jax: measured } = {}) {
  const tfjs = measureTfjs();
  const reference = measureReference({ rounds: ROUNDS });
  const jax = measured ?? measureJax();
  const rows = withRatios(coagentRows, [...tfjs, ...reference.rows, ...jax.rows]);
  const notes = [
    "All rows single-threaded; JAX's rates are all seeds' environment steps together on one core (per seed = ÷ seeds). coagent and TF.js: one agent and one CartPole-v1 environment per process (coagent's own environment for both).",
    "TF.js learner: bench/peers/tfjs-agent.mjs (float32 only: TF.js has no float64 kernels). JAX: bench/peers/jax/cartpole_ac.py. NumPy: the authors' code via bench/peers/reference_rate.py; all wall-clock rates. Steps per CPU-second (the process's own CPU time, where measured) are less disturbed by other processes on a shared machine: JAX is pinned to CPU 0 while the other rows run wherever the scheduler puts them, so on a busy machine compare JAX by its CPU-second rate.",
    ...reference.skipped,
    ...jax.skipped,
  ];
  mkdirSync(join(root, "bench/results"), { recursive: true });
  writeFileSync(join(root, "bench/results/peers.json"), JSON.stringify({ ...meta, scenario: "CartPole-v1 training, one environment per seed", results: rows }, null, 1) + "\n");
  const table = peersTable(
    rows,
    `coagent beside the peers on CartPole-v1 (actor + critic 64-32, one update per step) — ${meta.cpu}, ${meta.cores} cores, commit ${meta.commit}, ${meta.date.slice(0, 10)}. ` +
      `Measured in one run; best of ${ROUNDS} passes for coagent, TF.js and NumPy, best of four timed passes per JAX configuration (after compiling).`,
    notes,
  );
  writeFileSync(join(root, "bench/results/peers.md"), table);
  return table;
}
