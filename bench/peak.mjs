// The machine's measured SIMD multiply-add peak, per precision (bench/assembly/peak.ts): the
// denominator of every "fraction of peak" the benchmarks report. Measure it in the same run.
import { readFileSync } from "node:fs";

// Independent accumulator chains in peak.ts: enough multiply-adds in flight to cover their
// latency without running out of the 16 SIMD registers.
const CHAINS = 12;

export function measurePeakFlops() {
  const module = new WebAssembly.Module(readFileSync(new URL("../build/peak.wasm", import.meta.url)));
  const peak = new WebAssembly.Instance(module, { env: { abort() {} } }).exports;
  const best = (name, lanes) => {
    peak[name](1e6);
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
