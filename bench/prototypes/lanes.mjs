// Seeds in lanes against the core's layout (bench/prototypes/assembly/lanes.ts): one MAP propagation actor
// step of CartPole (4 → 64 → 32 → 2, 20 settling sweeps, local traces, an Adam step) for a group
// of seeds with one seed per SIMD lane (4 in float32, 2 in float64), against the core's kernels
// run once per seed. Checks that every lane stays bit-identical to its seed's own run, then times
// both in alternating rounds and writes bench/results/lanes.json and lanes.md.
//
//   npm run build && node bench/prototypes/lanes.mjs [--rounds 7] [--calls 2000]
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { networkDefaults } from "../../dist/core/defaults.js";

const { values: options } = parseArgs({ options: { rounds: { type: "string", default: "7" }, calls: { type: "string", default: "2000" } } });
const ROUNDS = Number(options.rounds);
const CALLS = Number(options.calls);
const root = new URL("../..", import.meta.url).pathname;

/**
 * lanes.ts compiled against the core's sources at the given precision: assembly/ itself for
 * float32, and for float64 the float64 copy `npm run build` makes (build/assembly-core64, beside
 * the interface in build/bindings), with the probe's imports pointed at it.
 */
function compile(precision) {
  const source = join(root, "bench/prototypes/assembly/lanes.ts");
  let entry = source;
  if (precision === "float64") {
    if (!existsSync(join(root, "build/assembly-core64"))) throw new Error("build/assembly-core64 is missing: run `npm run build` first");
    entry = join(root, "build/bench-lanes/lanes.ts");
    mkdirSync(dirname(entry), { recursive: true });
    writeFileSync(entry, readFileSync(source, "utf8").replaceAll('"../../../assembly/', '"../assembly-core64/').replaceAll('"../../../bindings/', '"../bindings/'));
  }
  const out = join(root, `build/lanes-${precision}.wasm`);
  execFileSync(join(root, "node_modules/.bin/asc"), [entry, "--config", join(root, "asconfig.json"), "--target", "release", "--outFile", out], { stdio: "inherit" });
  return readFileSync(out);
}

// The actor of map-prop on CartPole-v1, as LayerSpecField rows: size, unit, activation,
// variance, temperature, learning rate start and end, fixed zero logit, bias init.
const ACTOR = [
  [64, 1, 1, 0.03, 1, 1e-2, 1e-3, 0, 0],
  [32, 1, 1, 0.1, 1, 1e-5, 1e-6, 0, 0],
  [2, 3, 0, 0, 1, 1e-6, 1e-8, 0, 0],
];
const SWEEPS = 20;
const DECAY = 0.95;

/**
 * The exports of bench/prototypes/assembly/lanes.ts (pointers and sizes are numbers; Float is a number).
 * @typedef {{ memory: WebAssembly.Memory, allocate(bytes: number): number, makeNetwork(nInput: number, nLayers: number, spec: number, seed: number, adamEpsilon: number, settleRate: number, scheduleSteps: number): number,
 *   group(nets: number): void, groupSettle(sweeps: number, settleRate: number): void, groupTrace(decay: number): void, groupLearn(rewards: number): void,
 *   groupStep(sweeps: number, decay: number, rewards: number): void, ownSettle(nets: number, sweeps: number): void, ownTrace(nets: number, decay: number): void,
 *   ownLearn(nets: number, rewards: number): void, ownStep(nets: number, sweeps: number, decay: number, rewards: number): void, mismatches(nets: number): number }} Lanes
 */
/** @param {"float32" | "float64"} precision */
function setUp(precision) {
  const instance = new WebAssembly.Instance(new WebAssembly.Module(compile(precision)), { env: { abort() { throw new Error("lanes.wasm aborted"); } } });
  const probe = /** @type {Lanes} */ (/** @type {unknown} */ (instance.exports));
  const Floats = precision === "float64" ? Float64Array : Float32Array;
  const seeds = precision === "float64" ? 2 : 4;
  const spec = probe.allocate(ACTOR.length * 9 * Floats.BYTES_PER_ELEMENT);
  new Floats(probe.memory.buffer, spec, ACTOR.length * 9).set(ACTOR.flat());
  const nets = probe.allocate(4 * seeds);
  const pointers = Array.from({ length: seeds }, (_, s) => probe.makeNetwork(4, ACTOR.length, spec, 100 + s, networkDefaults.adamEpsilon, networkDefaults.settleRate, networkDefaults.scheduleSteps));
  new Uint32Array(probe.memory.buffer, nets, seeds).set(pointers);
  probe.group(nets);
  const rewards = probe.allocate(seeds * Floats.BYTES_PER_ELEMENT);
  new Floats(probe.memory.buffer, rewards, seeds).set([0.3, -0.1, 0.2, -0.3].slice(0, seeds));
  // 50 steps in both layouts, then every weight and value compared bit for bit.
  for (let k = 0; k < 50; k++) {
    probe.ownStep(nets, SWEEPS, DECAY, rewards);
    probe.groupStep(SWEEPS, DECAY, rewards);
  }
  const mismatches = probe.mismatches(nets);
  if (mismatches !== 0) throw new Error(`${precision}: ${mismatches} floats differ between the lanes and the seeds' own runs`);
  return {
    seeds,
    parts: {
      "settling (20 sweeps)": [() => probe.ownSettle(nets, SWEEPS), () => probe.groupSettle(SWEEPS, 0.5)],
      "traces + Adam": [() => { probe.ownTrace(nets, DECAY); probe.ownLearn(nets, rewards); }, () => { probe.groupTrace(DECAY); probe.groupLearn(rewards); }],
      "whole actor step": [() => probe.ownStep(nets, SWEEPS, DECAY, rewards), () => probe.groupStep(SWEEPS, DECAY, rewards)],
    },
  };
}

/** µs per call of f, over CALLS calls. */
function time(f) {
  const start = performance.now();
  for (let k = 0; k < CALLS; k++) f();
  return ((performance.now() - start) / CALLS) * 1000;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = [];
for (const precision of /** @type {const} */ (["float32", "float64"])) {
  const { seeds, parts } = setUp(precision);
  for (const [part, [ownLayout, lanes]] of Object.entries(parts)) {
    const ratios = [];
    let bestOwn = Infinity;
    let bestLanes = Infinity;
    for (let round = 0; round < ROUNDS; round++) {
      const a = time(ownLayout);
      const b = time(lanes);
      ratios.push(a / b);
      bestOwn = Math.min(bestOwn, a);
      bestLanes = Math.min(bestLanes, b);
    }
    results.push({ precision, seeds, part, ownLayoutMicroseconds: bestOwn / seeds, lanesMicroseconds: bestLanes / seeds, medianRatio: median(ratios), ratios });
    console.log(`${precision} ${part}: ${(bestOwn / seeds).toFixed(2)} µs per seed in the core's layout, ${(bestLanes / seeds).toFixed(2)} in lanes; core ÷ lanes, median of ${ROUNDS}: ${median(ratios).toFixed(2)}`);
  }
}

const table = [
  "| precision | seeds per vector | part | core's layout, µs per seed | seeds in lanes, µs per seed | speed-up (median of rounds) | rounds |",
  "| --- | ---: | --- | ---: | ---: | ---: | --- |",
  ...results.map((r) => `| ${r.precision} | ${r.seeds} | ${r.part} | ${r.ownLayoutMicroseconds.toFixed(2)} | ${r.lanesMicroseconds.toFixed(2)} | ${r.medianRatio.toFixed(2)}× | ${r.ratios.map((x) => x.toFixed(2)).join(" ")} |`),
];
mkdirSync(join(root, "bench/results"), { recursive: true });
writeFileSync(join(root, "bench/results/lanes.json"), JSON.stringify({ date: new Date().toISOString(), node: process.version, rounds: ROUNDS, calls: CALLS, results }, null, 2) + "\n");
writeFileSync(
  join(root, "bench/results/lanes.md"),
  [
    "# Seeds in lanes against the core's layout",
    "",
    "`node bench/prototypes/lanes.mjs`: the MAP propagation actor of CartPole-v1 (4 → 64 → 32 → 2, 20 settling sweeps, local traces, one Adam step), one seed per SIMD lane (bench/prototypes/assembly/lanes.ts) against the core's kernels once per seed. Every lane was checked bit-identical to its seed's own run over 50 steps before timing. Times are the best round; the speed-up is the median of the rounds' ratios, each round timing both layouts back to back.",
    "",
    ...table,
    "",
  ].join("\n"),
);
