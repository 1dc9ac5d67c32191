// The machine's measured SIMD multiply-add peak, per precision (bench/speed/assembly/peak.ts): the
// denominator of every "fraction of peak" the benchmarks report. Measure it in the same run.
// No Node imports: the Chromium runner measures it in the page from the same build/peak.wasm.

// Independent accumulator chains in peak.ts: enough multiply-adds in flight to cover their
// latency without running out of the 16 SIMD registers.
const CHAINS = 12;

/** @typedef {Awaited<ReturnType<typeof import("../../build/peak.js").instantiate>>} PeakExports build/peak.wasm's exports, as asc declares them */

/** FLOP/s of peak.wasm's loops (float32: 4 lanes, float64: 2), best of five. @param {BufferSource} peakWasmBytes */
export function measurePeakFlops(peakWasmBytes) {
  const module = new WebAssembly.Module(peakWasmBytes);
  const peak = /** @type {PeakExports} */ (/** @type {unknown} */ (new WebAssembly.Instance(module, { env: { abort() {} } }).exports));
  /** @param {"peak32" | "peak64"} name @param {number} lanes */
  const best = (name, lanes) => {
    // Many short calls first: engines with tiered compilation (Chromium) optimise a function
    // after enough calls, never in the middle of a long one.
    for (let k = 0; k < 200; k++) peak[name](1e4);
    let rate = 0;
    for (let trial = 0; trial < 5; trial++) {
      const n = 5e6;
      const t = performance.now();
      peak[name](n);
      rate = Math.max(rate, (n * CHAINS * 2 * lanes) / ((performance.now() - t) / 1000));
    }
    return rate;
  };
  return { float32: best("peak32", 4), float64: best("peak64", 2) };
}
