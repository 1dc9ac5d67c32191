// Issue #31's other aim: coagent's float32 MAP propagation on one core ahead of the vmapped JAX
// trainer's per-core rate at 32 seeds (all 32 seeds' environment steps together, one core). The
// JAX rate is the peers' measurement of the same run (bench/peers/python.mjs's measureJax, which
// runs bench/peers/jax/cartpole_ac.py); coagent's rates are the MAP ÷ backprop rows of the same run
// (bench/speed/map-prop-ratio.mjs). Without an importable jax there is no JAX figure: the row says
// so and how to get one, and no number stands in for it.

/** The JAX configuration compared with: vmapped over this many seeds. */
export const JAX_SEEDS = 32;

/**
 * @typedef {{ condition: string, hyperparameters: object, stepsPerSecond: number, stepsPerCpuSecond: number, overJax: number, overJaxCpuSeconds: number }} CoagentRate
 * @typedef {{ version: string, seeds: number, pinned: boolean, stepsPerSecond: number, stepsPerCpuSecond: number }} JaxRate
 * @typedef {{ measured: false, reason: string, howToMeasure: string } | { measured: true, jax: JaxRate, rows: CoagentRate[] }} JaxComparison
 */

/**
 * The comparison of a run: coagent's float32 map-prop rows each ÷ JAX's map-prop float32 rate at
 * JAX_SEEDS vmapped seeds, or `measured: false` and the reason.
 * @param {import("./map-prop-ratio.mjs").MapPropRatio} ratio
 * @param {{ rows: any[], skipped: string[] }} jax measureJax's result
 * @returns {JaxComparison}
 */
export function jaxComparison(ratio, jax) {
  const coagent = ratio.rows.filter((r) => r.algorithm === "map-prop" && r.precision === "float32");
  const peer = jax.rows.find((r) => r.algorithm === "map-prop" && r.precision === "float32" && r.vmapped && r.seeds === JAX_SEEDS);
  if (!peer) {
    const why = jax.skipped[0] ?? `JAX ran but gave no map-prop float32 rate at ${JAX_SEEDS} vmapped seeds`;
    return { measured: false, reason: why, howToMeasure: "pip install jax, then npm run bench (or npm run bench:peers for the peers table alone)" };
  }
  return {
    measured: true,
    jax: { version: peer.version, seeds: peer.seeds, pinned: peer.pinned, stepsPerSecond: peer.stepsPerSecond, stepsPerCpuSecond: peer.stepsPerCpuSecond },
    rows: coagent.map((r) => ({
      condition: r.condition, hyperparameters: r.hyperparameters, stepsPerSecond: r.stepsPerSecond, stepsPerCpuSecond: r.stepsPerCpuSecond,
      overJax: r.stepsPerSecond / peer.stepsPerSecond, overJaxCpuSeconds: r.stepsPerCpuSecond / peer.stepsPerCpuSecond,
    })),
  };
}

const fmt = (x, d = 0) => x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });

/** The Markdown of the comparison, or its one line when JAX was not measured. @param {JaxComparison} c */
export function jaxComparisonTable(c) {
  if (!c.measured) return `JAX comparison (issue #31: coagent float32 MAP propagation on one core ahead of vmapped JAX at ${JAX_SEEDS} seeds): not measured — ${c.reason}; to measure it: ${c.howToMeasure}.\n`;
  const { jax } = c;
  return [
    `coagent's float32 MAP propagation on one core against vmapped JAX ${jax.version} at ${jax.seeds} seeds on one core${jax.pinned ? " (taskset -c 0)" : ""}, ` +
      "CartPole-v1, measured in this run (issue #31: aim coagent ÷ JAX > 1×). Steps per CPU-second (each process's own CPU time) are less disturbed by other load.",
    "",
    "| learner | env steps/s (one core) | steps per CPU-second | coagent ÷ JAX | coagent ÷ JAX, CPU-seconds | aim |",
    "| --- | ---: | ---: | ---: | ---: | --- |",
    ...c.rows.map((r) =>
      `| coagent, ${r.condition} | ${fmt(r.stepsPerSecond)} | ${fmt(r.stepsPerCpuSecond)} | ${fmt(r.overJax, 2)}× | ${fmt(r.overJaxCpuSeconds, 2)}× | > 1× (${r.overJax > 1 ? "met" : "not met"}) |`),
    `| JAX, vmap over ${jax.seeds} seeds (all seeds' steps) | ${fmt(jax.stepsPerSecond)} | ${fmt(jax.stepsPerCpuSecond)} | | | |`,
  ].join("\n") + "\n";
}
