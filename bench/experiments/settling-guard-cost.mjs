// @ts-check
// What settleMomentum's momentum and safeguard cost per settling sweep, and how much of that is
// the energy evaluation (issue #31: a cheaper safeguard is worth building only if the energy is its cost).
// MAP propagation's actor network (4-64-32-2, the kernels bench's `mapActor`), batch 1, Wasm
// SIMD, one fixed observation; each call samples the network afresh (forward) and settles it:
//   - forward only, the cost the settlings below subtract;
//   - forward + settle(20) with the fixed sweeps (the plain sweep, network.ts `settle`);
//   - forward + settle(20) with settleTolerance 1e-30, which no sweep reaches: the controlled
//     sweep (settling.ts `settleControlled`, which measures every sweep's largest step) unguarded;
//   - forward + settle(20) with settleMomentum 0.3 (the guarded sweep: the momentum step, the
//     energy after it, a restart when the energy rose), per sweep it ran;
//   - the core's energy evaluation alone (Network.energy(), the function the guard calls), less
//     a core call that does nothing (Network.lastSweeps), the call's own cost.
// The conditions alternate within a round and the order reverses every round; each keeps its
// fastest phase. With --baseline (the dist directory of another build) both builds' conditions
// alternate in the same rounds, to time a change to the settling kernels. Run pinned to one core:
//   taskset -c 1 node bench/experiments/settling-guard-cost.mjs [--rounds 15] [--calls 2000] [--baseline <dist>]
// writes bench/results/settling-guard-cost.json and .md.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { rounds: { type: "string", default: "15" }, calls: { type: "string", default: "2000" }, baseline: { type: "string" }, out: { type: "string", default: "bench/results/settling-guard-cost" } } });
const rounds = Number(values.rounds);
const calls = Number(values.calls);
for (const [name, n] of /** @type {const} */ ([["--rounds", rounds], ["--calls", calls]])) {
  if (!Number.isInteger(n) || n < 1) {
    console.error(`settling-guard-cost: ${name}: expected a positive integer`);
    process.exit(2);
  }
}
const SWEEPS = 20;
/** @type {import("../../dist/index.js").LayerSpec[]} */
const mapActor = [
  { size: 64, unit: "gaussian", variance: 0.03, learningRate: 0.01 },
  { size: 32, unit: "gaussian", variance: 0.1, learningRate: 1e-5 },
  { size: 2, unit: "categorical", temperature: 2, learningRate: 1e-6 },
];

/** The commit a build's dist/ was built from (its checkout's HEAD), or "unknown". */
const commitOf = (/** @type {string} */ dist) => {
  try {
    return execFileSync("git", ["-C", dirname(dist), "rev-parse", "--short", "HEAD"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "unknown";
  }
};
const dists = { current: fileURLToPath(new URL("../../dist", import.meta.url)), ...(values.baseline ? { baseline: resolve(values.baseline) } : {}) };
const builds = await Promise.all(Object.entries(dists).map(async ([build, dist]) => {
  /** @type {typeof import("../../dist/index.js")} */
  const coagent = await import(pathToFileURL(`${dist}/index.js`).href);
  return { build, commit: commitOf(dist), coagent };
}));

/** One build's conditions at one precision: what one call does; the guarded one also counts its sweeps. */
async function conditionsOf(/** @type {typeof builds[number]} */ { build, coagent }, /** @type {"float32" | "float64"} */ precision) {
  const core = await coagent.loadCore({ precision, backend: "wasm" });
  const network = (/** @type {{ settleMomentum?: number, settleTolerance?: number }} */ controls) => {
    const net = new coagent.Network({ inputSize: 4, layers: mapActor, seed: 100, ...controls }, 0, core);
    net.setInput(Float64Array.from([0.02, -0.3, 0.04, 0.5]));
    net.forward();
    net.settle(SWEEPS);
    return net;
  };
  const nets = { forward: network({}), plain: network({}), controlled: network({ settleTolerance: 1e-30 }), guarded: network({ settleMomentum: 0.3 }), probe: network({}) };
  const counter = { sweeps: 0 };
  const conditions = [
    { name: "forward", run: () => nets.forward.forward() },
    { name: "forward + settle, fixed sweeps", run: () => (nets.plain.forward(), nets.plain.settle(SWEEPS)) },
    { name: "forward + settle, settleTolerance 1e-30", run: () => (nets.controlled.forward(), nets.controlled.settle(SWEEPS)) },
    { name: "forward + settle, settleMomentum 0.3", run: () => (nets.guarded.forward(), nets.guarded.settle(SWEEPS), (counter.sweeps += nets.guarded.lastSweeps)) },
    { name: "energy", run: () => nets.probe.energy() },
    { name: "empty core call", run: () => nets.probe.lastSweeps },
  ].map((c) => ({ ...c, build, counter, fastest: Infinity, sweepsPerCall: 0 }));
  return { conditions, dispose: () => Object.values(nets).forEach((n) => n.dispose()) };
}

const rows = [];
for (const precision of /** @type {const} */ (["float32", "float64"])) {
  const perBuild = await Promise.all(builds.map((b) => conditionsOf(b, precision)));
  const all = perBuild.flatMap((b) => b.conditions);
  for (const c of all) for (let i = 0; i < calls; i++) c.run(); // untimed: compiles the host's paths
  for (let round = 0; round < rounds; round++) {
    for (const c of round % 2 ? [...all].reverse() : all) {
      c.counter.sweeps = 0;
      const start = performance.now();
      for (let i = 0; i < calls; i++) c.run();
      const microseconds = ((performance.now() - start) * 1000) / calls;
      if (microseconds < c.fastest) ((c.fastest = microseconds), (c.sweepsPerCall = c.counter.sweeps / calls));
    }
    process.stderr.write(`${precision} round ${round + 1} of ${rounds}\n`);
  }
  builds.forEach(({ build, commit }, k) => {
    const conditions = perBuild[k].conditions;
    const us = Object.fromEntries(conditions.map((c) => [c.name, c.fastest]));
    const sweeps = conditions[3].sweepsPerCall;
    const plainSweep = (us["forward + settle, fixed sweeps"] - us.forward) / SWEEPS;
    const controlledSweep = (us["forward + settle, settleTolerance 1e-30"] - us.forward) / SWEEPS;
    const guardedSweep = (us["forward + settle, settleMomentum 0.3"] - us.forward) / sweeps;
    const energy = us.energy - us["empty core call"];
    perBuild[k].dispose();
    rows.push({
      build, commit, precision, microseconds: us, guardedSweepsPerSettling: sweeps, plainSweepMicroseconds: plainSweep, controlledSweepMicroseconds: controlledSweep,
      guardedSweepMicroseconds: guardedSweep, guardCostPerSweepMicroseconds: guardedSweep - controlledSweep, energyMicroseconds: energy,
      energyShareOfGuardCost: energy / (guardedSweep - controlledSweep),
    });
  });
}

const command = `taskset -c 1 node bench/experiments/settling-guard-cost.mjs --rounds ${rounds} --calls ${calls}${values.baseline ? " --baseline <dist of the baseline>" : ""}`;
mkdirSync("bench/results", { recursive: true });
writeFileSync(`${values.out}.json`, `${JSON.stringify({ command, network: "MAP actor 4-64-32-2, batch 1, Wasm SIMD", seed: 100, sweeps: SWEEPS, rounds, calls, rows }, null, 1)}\n`);
const f = (x, d = 3) => x.toFixed(d);
const lines = [
  "# settleMomentum's safeguard: cost per settling sweep, MAP actor 4-64-32-2, batch 1", "",
  `\`${command}\` (fastest of ${rounds} alternating phases of ${calls} calls${values.baseline ? ", both builds alternating" : ""}; µs per call or per sweep)`, "",
  "| build | commit | precision | plain sweep µs | controlled sweep µs | guarded sweep µs | momentum + guard per sweep µs | energy evaluation µs | energy ÷ momentum + guard | guarded sweeps per settling |",
  "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ...rows.map((r) => `| ${r.build} | ${r.commit} | ${r.precision} | ${f(r.plainSweepMicroseconds)} | ${f(r.controlledSweepMicroseconds)} | ${f(r.guardedSweepMicroseconds)} | ${f(r.guardCostPerSweepMicroseconds)} | ${f(r.energyMicroseconds)} | ${f(r.energyShareOfGuardCost, 2)} | ${f(r.guardedSweepsPerSettling, 1)} |`),
];
writeFileSync(`${values.out}.md`, `${lines.join("\n")}\n`);
console.log(lines.join("\n"));
