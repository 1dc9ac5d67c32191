// The peers table of `npm run bench` (bench/results/peers.md): coagent's batch-1 Wasm SIMD rows
// for backprop, Weight Max and MAP propagation beside TensorFlow.js, the authors' NumPy code and
// JAX, all measured in the same run, with coagent ÷ peer for each of coagent's precisions.

const fmt = (x, d = 0) => x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });

/** The coagent rows the peers are compared with: Wasm SIMD, one environment. */
export const coagentBaseline = (rows) =>
  rows.filter((r) => r.backend === "wasm" && r.batch === 1 && ["backprop", "weight-max", "map-prop"].includes(r.algorithm));

function describePeer(r) {
  if (r.peer === "coagent") return `coagent Wasm SIMD (${r.runtime})`;
  if (r.peer === "tfjs") return `TensorFlow.js ${r.version} ${r.backend}${r.wasmSimd ? " (SIMD)" : ""} (${r.runtime})`;
  if (r.peer === "numpy") return `authors' NumPy code${r.algorithm === "backprop" ? " (weight_max, backprop switches)" : ""} (NumPy ${r.numpy})`;
  if (r.peer === "jax") return `JAX ${r.version}, ${r.vmapped ? `vmap over ${r.seeds} seeds` : "one seed, no vmap"}${r.pinned ? ", taskset -c 0" : ""}`;
  return r.peer;
}

/** Peer rows (and coagent's own) with coagent's rate of the same algorithm at each precision ÷ theirs. */
export function withRatios(coagentRows, peerRows) {
  const coagent = coagentBaseline(coagentRows).map((r) => ({ ...r, peer: "coagent", seeds: 1, vmapped: false }));
  const rate = (algorithm, precision) => coagent.find((r) => r.algorithm === algorithm && r.precision === precision)?.stepsPerSecond;
  return [...coagent, ...peerRows].map((r) => ({
    ...r,
    learner: describePeer(r),
    coagentFloat32Ratio: rate(r.algorithm, "float32") / r.stepsPerSecond,
    coagentFloat64Ratio: rate(r.algorithm, "float64") / r.stepsPerSecond,
  }));
}

export function peersTable(rows, title, notes = []) {
  const order = ["backprop", "weight-max", "map-prop"];
  const sorted = [...rows].sort((a, b) => order.indexOf(a.algorithm) - order.indexOf(b.algorithm));
  const ratio = (x) => (Number.isFinite(x) ? `${fmt(x, x < 10 ? 2 : 0)}×` : "");
  return [
    title,
    "",
    "| algorithm | learner | precision | seeds | env steps/s (per core) | per seed | steps per CPU-second | coagent float32 ÷ this | coagent float64 ÷ this |",
    "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...sorted.map((r) =>
      `| ${r.algorithm} | ${r.learner} | ${r.precision} | ${r.seeds} | ${fmt(r.stepsPerSecond)} | ${fmt(r.stepsPerSecond / r.seeds)} | ${r.stepsPerCpuSecond ? fmt(r.stepsPerCpuSecond) : ""} | ${ratio(r.coagentFloat32Ratio)} | ${ratio(r.coagentFloat64Ratio)} |`),
    ...(notes.length ? ["", ...notes.map((n) => `- ${n}`)] : []),
  ].join("\n") + "\n";
}
