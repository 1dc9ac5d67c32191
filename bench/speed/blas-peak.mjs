// How much arithmetic one core delivers to native code against WebAssembly SIMD: the best
// one-thread OpenBLAS matrix product NumPy runs (1024 × 1024, float32 and float64) against the
// multiply-add peak of bench/speed/peak.mjs (build/peak.wasm), timed in alternating rounds of one run.
// docs/performance.md quotes the ratio when it explains why seeds in SIMD lanes cannot reach JAX:
//   node bench/speed/blas-peak.mjs [--rounds 3] [--out bench/results/blas-peak]
// Needs python3 with NumPy. Each side keeps its best round, as on a shared machine other load
// only ever slows a round down; pin the process to one core (taskset) for a one-core figure.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { measurePeakFlops } from "./peak.mjs";

const { values } = parseArgs({ options: { rounds: { type: "string", default: "3" }, out: { type: "string" } } });
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) {
  console.error(`blas-peak: --rounds: expected a positive integer, got ${values.rounds}`);
  process.exit(2);
}
// GFLOP/s of the best of five 1024 × 1024 products per precision (2n³ flops each), one BLAS thread.
const NUMPY = `
import json, time, numpy as np
n = 1024
out = {"numpy": np.__version__}
for name, dtype in (("float32", np.float32), ("float64", np.float64)):
    rng = np.random.default_rng(0)
    a, b = rng.random((n, n)).astype(dtype), rng.random((n, n)).astype(dtype)
    a @ b
    times = []
    for _ in range(5):
        t = time.perf_counter(); a @ b; times.append(time.perf_counter() - t)
    out[name] = 2 * n ** 3 / min(times) / 1e9
print(json.dumps(out))
`;
const blasEnv = { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
const peakWasm = readFileSync(new URL("../../build/peak.wasm", import.meta.url));
const best = { wasm: { float32: 0, float64: 0 }, blas: { float32: 0, float64: 0 } };
let numpy = "unknown";
for (let round = 0; round < rounds; round++) {
  const peak = measurePeakFlops(peakWasm);
  const blas = JSON.parse(execFileSync("python3", ["-c", NUMPY], { encoding: "utf8", env: blasEnv }));
  numpy = blas.numpy;
  for (const p of ["float32", "float64"]) {
    best.wasm[p] = Math.max(best.wasm[p], peak[p] / 1e9);
    best.blas[p] = Math.max(best.blas[p], blas[p]);
  }
  process.stderr.write(`round ${round + 1} of ${rounds} measured\n`);
}
const ratio = { float32: best.blas.float32 / best.wasm.float32, float64: best.blas.float64 / best.wasm.float64 };
const machine = { runtime: `node ${process.version}`, cpu: cpus()[0]?.model.trim() ?? "unknown", cores: cpus().length };
const command = `node bench/speed/blas-peak.mjs ${process.argv.slice(2).join(" ")}`.trim();
const table = [
  `# ${command}`,
  "",
  `${machine.cpu}, ${machine.cores} cores, ${machine.runtime}, NumPy ${numpy} (OPENBLAS_NUM_THREADS=1), ${new Date().toISOString()}; best of ${rounds} alternating rounds, GFLOP/s.`,
  "",
  "| core | OpenBLAS 1024 × 1024 product | WebAssembly SIMD multiply-add peak | ratio |",
  "| --- | ---: | ---: | ---: |",
  ...["float32", "float64"].map((p) => `| ${p} | ${best.blas[p].toFixed(1)} | ${best.wasm[p].toFixed(1)} | ${ratio[p].toFixed(2)}× |`),
].join("\n") + "\n";
console.log(table);
if (values.out) {
  mkdirSync(dirname(resolve(values.out)), { recursive: true });
  writeFileSync(`${values.out}.json`, `${JSON.stringify({ command, date: new Date().toISOString(), ...machine, numpy, rounds, gflops: best, ratio }, null, 1)}\n`);
  writeFileSync(`${values.out}.md`, table);
}
