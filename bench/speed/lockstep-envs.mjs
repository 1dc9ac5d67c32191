// Environment steps per second of a group of S seeds stepped together (issue #22, item 2), for
// CartPole-v1, Acrobot-v1 and MountainCarContinuous-v0 at S = 1, 4, 8, 16, 32, one core:
// - lockstep: a LockstepEnv (struct-of-arrays state, preallocated output buffers);
// - singles:  S single environments stepped in a loop, each reset when its episode ends;
// - vector:   a VectorEnv of the S copies (array of structs, next-step autoreset);
// - wasm (CartPole only): a prototype of the lockstep step inside AssemblyScript
//   (bench/prototypes/assembly/cartpole-soa.ts, compiled here with asc), counting the copy of the actions
//   into Wasm memory and of the observations, rewards and flags out; resets stay in JavaScript.
// Configurations alternate within each round (the order reversed every other round) so that a
// slow spell of the shared machine hits them all alike; each row keeps its fastest round, and the
// ratios compare rates from this one run. Actions come from a fixed random table, the same for
// every configuration. Run: `npm run build && nice node bench/speed/lockstep-envs.mjs`
// (BENCH_ROUNDS, BENCH_SAMPLE_MS to change the effort). Writes bench/results/lockstep-envs.md and, with the same
// numbers, lockstep-envs.json (bench/markdown-results.mjs).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { writeResultsJson } from "../markdown-results.mjs";
import { cpus } from "node:os";
import { Random, makeEnv, makeLockstepEnv, makeVectorEnv } from "../../dist/index.js";
import { cartPoleKernel } from "../../dist/envs/cartpole.js";
import { envRandom } from "../../dist/envs/seeding.js";

const TASKS = process.env.BENCH_TASKS?.split(",") ?? ["CartPole-v1", "Acrobot-v1", "MountainCarContinuous-v0"];
const COUNTS = [1, 4, 8, 16, 32];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SAMPLE_MS = Number(process.env.BENCH_SAMPLE_MS ?? 150);
/** Rows of the action table; the step index wraps around it. */
const ACTION_ROWS = 512;

const seedsOf = (count) => Array.from({ length: count }, (_, k) => k);

/** ACTION_ROWS rows of `count` actions: uniform indices, or forces in [−1, 1] for MountainCar. */
function actionTable(id, count) {
  const random = new Random(1);
  return Array.from({ length: ACTION_ROWS }, () =>
    Float64Array.from({ length: count }, () =>
      id === "MountainCarContinuous-v0" ? random.uniformIn(-1, 1) : Math.floor(random.uniform() * (id === "Acrobot-v1" ? 3 : 2))));
}

// --- The AssemblyScript prototype -------------------------------------------------------------

mkdirSync("build", { recursive: true });
execFileSync("npx", ["asc", "bench/prototypes/assembly/cartpole-soa.ts", "--target", "release", "--runtime", "stub", "--outFile", "build/cartpole-soa.wasm"], { stdio: "inherit" });
const cartPoleWasm = new WebAssembly.Module(readFileSync("build/cartpole-soa.wasm"));

/**
 * The exports of bench/prototypes/assembly/cartpole-soa.ts, as compiled above.
 * @typedef {{ memory: WebAssembly.Memory, init(copies: number): void, step(maxEpisodeSteps: number): void, columnPtr(i: number): number,
 *   actionsPtr(): number, observationsPtr(): number, rewardsPtr(): number, terminatedPtr(): number, truncatedPtr(): number,
 *   resetPtr(): number, cos(x: number): number, sin(x: number): number }} CartPoleSoa
 */
/** @param {Record<string, WebAssembly.ImportValue>} env */
const cartPoleSoa = (env) => /** @type {CartPoleSoa} */ (/** @type {unknown} */ (new WebAssembly.Instance(cartPoleWasm, { env }).exports));

/**
 * A CartPole group stepped by the Wasm prototype, with the LockstepEnv's interface and output buffers.
 * @param {number[]} seeds
 * @param {import("../../dist/index.js").EnvSeeding} seeding
 */
function wasmCartPoles(seeds, seeding = "gymnasium") {
  const count = seeds.length;
  const wasm = cartPoleSoa({ abort: () => { throw new Error("cartpole-soa.wasm aborted"); } });
  wasm.init(count);
  const buffer = wasm.memory.buffer; // init grew the memory; the views come after it
  const columns = [0, 1, 2, 3].map((i) => new Float64Array(buffer, wasm.columnPtr(i), count));
  const actionsIn = new Float64Array(buffer, wasm.actionsPtr(), count);
  const observationsOut = new Float64Array(buffer, wasm.observationsPtr(), 4 * count);
  const rewardsOut = new Float64Array(buffer, wasm.rewardsPtr(), count);
  const terminatedOut = new Uint8Array(buffer, wasm.terminatedPtr(), count);
  const truncatedOut = new Uint8Array(buffer, wasm.truncatedPtr(), count);
  const resetFlags = new Uint8Array(buffer, wasm.resetPtr(), count);
  const randoms = seeds.map((seed) => envRandom(seeding, seed));
  const ended = new Uint8Array(count);
  const result = { observations: new Float64Array(4 * count), rewards: new Float64Array(count), terminated: new Uint8Array(count), truncated: new Uint8Array(count) };
  return {
    reset() {
      for (let k = 0; k < count; k++) {
        cartPoleKernel.reset(columns, k, randoms[k], seeding);
        cartPoleKernel.observe(columns, k, result.observations, 4 * k);
      }
      ended.fill(0);
      return result.observations;
    },
    step(actions) {
      actionsIn.set(actions);
      // A copy that ended draws its reset state here (the same kernel as LockstepEnv's).
      for (let k = 0; k < count; k++) {
        if (ended[k]) {
          cartPoleKernel.reset(columns, k, randoms[k], seeding);
          resetFlags[k] = 1;
        }
      }
      wasm.step(500);
      result.observations.set(observationsOut);
      result.rewards.set(rewardsOut);
      result.terminated.set(terminatedOut);
      result.truncated.set(truncatedOut);
      for (let k = 0; k < count; k++) ended[k] = terminatedOut[k] | truncatedOut[k];
      return result;
    },
  };
}

/** Steps until the prototype's first observation differs from LockstepEnv's (Object.is), or `steps`. */
function wasmAgreement(count, steps) {
  const seeds = seedsOf(count);
  const reference = makeLockstepEnv("CartPole-v1", { seeds });
  const prototype = wasmCartPoles(seeds);
  reference.reset();
  prototype.reset();
  const table = actionTable("CartPole-v1", count);
  let episodes = 0;
  for (let t = 0; t < steps; t++) {
    const a = reference.step(table[t % ACTION_ROWS]);
    const b = prototype.step(table[t % ACTION_ROWS]);
    const same = a.observations.every((x, i) => Object.is(x, b.observations[i])) && a.rewards.every((x, i) => Object.is(x, b.rewards[i])) &&
      a.terminated.every((x, i) => x === b.terminated[i]) && a.truncated.every((x, i) => x === b.truncated[i]);
    if (!same) return { agreedSteps: t, episodes };
    for (let k = 0; k < count; k++) episodes += a.terminated[k] + a.truncated[k];
  }
  return { agreedSteps: steps, episodes };
}

/** How many of `n` angles in CartPole's range get a different cosine or sine from the Wasm module than from V8. */
function libmDisagreement(n) {
  const wasm = cartPoleSoa({ abort: () => {} });
  const random = new Random(3);
  let differ = 0;
  for (let i = 0; i < n; i++) {
    const angle = random.uniformIn(-0.25, 0.25);
    if (!Object.is(wasm.cos(angle), Math.cos(angle)) || !Object.is(wasm.sin(angle), Math.sin(angle))) differ++;
  }
  return differ;
}

// --- The configurations -----------------------------------------------------------------------

/** A function that makes one group step (S environment steps), for each configuration. */
function makeStepper(kind, id, count) {
  const table = actionTable(id, count);
  const seeds = seedsOf(count);
  let t = 0;
  if (kind === "lockstep") {
    const group = makeLockstepEnv(id, { seeds });
    group.reset();
    return () => group.step(table[t++ % ACTION_ROWS]);
  }
  if (kind === "wasm") {
    const group = wasmCartPoles(seeds);
    group.reset();
    return () => group.step(table[t++ % ACTION_ROWS]);
  }
  if (kind === "vector") {
    const envs = makeVectorEnv(id, { count, seed: 0 });
    envs.reset();
    return () => envs.step(table[t++ % ACTION_ROWS]);
  }
  const envs = seeds.map((seed) => makeEnv(id, { seed }));
  for (const env of envs) env.reset();
  return () => {
    const actions = table[t++ % ACTION_ROWS];
    for (let k = 0; k < count; k++) {
      const step = envs[k].step(actions[k]);
      if (step.terminated || step.truncated) envs[k].reset();
    }
  };
}

/** Environment steps per second of one sample of about SAMPLE_MS. */
function sample(step, count) {
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < SAMPLE_MS) {
    for (let i = 0; i < 256; i++) step();
    calls += 256;
    elapsed = performance.now() - start;
  }
  return (calls * count) / (elapsed / 1000);
}

const configurations = TASKS.flatMap((id) =>
  COUNTS.flatMap((count) => ["lockstep", "singles", "vector", ...(id === "CartPole-v1" ? ["wasm"] : [])].map((kind) => ({ id, count, kind, step: makeStepper(kind, id, count), best: 0 }))));

for (const c of configurations) sample(c.step, c.count); // warm-up: every function optimised before timing
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? configurations : [...configurations].reverse();
  for (const c of order) c.best = Math.max(c.best, sample(c.step, c.count));
}

// --- The report -------------------------------------------------------------------------------

/** @type {(id: string, count: number, kind: string) => number} */
const rate = (id, count, kind) => configurations.find((c) => c.id === id && c.count === count && c.kind === kind)?.best ?? NaN;
const number = (x) => Math.round(x).toLocaleString("en-US");
const ratio = (x) => `${x.toFixed(2)}×`;
const microseconds = (x) => (1e6 / x).toFixed(3);
const agreement = wasmAgreement(8, 20_000);
const ANGLES = 1_000_000;
const libmDiffers = libmDisagreement(ANGLES);
const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"]).toString().trim();

// The training step these environment steps sit beside: MAP propagation, float32, batch 1, from
// the training-step benchmark's committed results (bench/speed/steps.mjs).
const mapRow = readFileSync("bench/results/steps.md", "utf8").split("\n").find((line) => /^\| map-prop \| float32 \| wasm \| 1 \|/.test(line));
const mapStepsPerSecond = mapRow ? Number(mapRow.split("|")[5].replace(/,/g, "")) : NaN;

const lines = [
  `# Lockstep environments`,
  ``,
  `Environment steps per second on one core — ${cpus()[0].model.trim()}, node ${process.version}, commit ${commit}; ${ROUNDS} alternating rounds of ${SAMPLE_MS} ms per row, the fastest kept; uniformly random actions, so CartPole's and Acrobot's episodes end early and often (a reset every ~22 CartPole steps) and every reset draws from Gymnasium's stream. Produced by \`nice node bench/speed/lockstep-envs.mjs\`.`,
  ``,
  `lockstep: \`LockstepEnv\` (struct-of-arrays); singles: S single environments stepped in a loop; vector: \`VectorEnv\`; wasm: the AssemblyScript prototype of CartPole's lockstep step (bench/prototypes/assembly/cartpole-soa.ts), including copying actions into and observations, rewards and flags out of Wasm memory.`,
  ``,
];
for (const id of TASKS) {
  const wasm = id === "CartPole-v1";
  lines.push(`## ${id}`, ``);
  lines.push(`| S | lockstep steps/s | µs/step | singles steps/s | vector steps/s |${wasm ? " wasm steps/s |" : ""} lockstep ÷ singles | lockstep ÷ vector |${wasm ? " wasm ÷ lockstep |" : ""}`);
  lines.push(`| ---: | ---: | ---: | ---: | ---: |${wasm ? " ---: |" : ""} ---: | ---: |${wasm ? " ---: |" : ""}`);
  for (const count of COUNTS) {
    const [l, s, v, w] = ["lockstep", "singles", "vector", "wasm"].map((kind) => rate(id, count, kind));
    lines.push(`| ${count} | ${number(l)} | ${microseconds(l)} | ${number(s)} | ${number(v)} |${wasm ? ` ${number(w)} |` : ""} ${ratio(l / s)} | ${ratio(l / v)} |${wasm ? ` ${ratio(w / l)} |` : ""}`);
  }
  lines.push(``);
}
const cartPole32 = rate("CartPole-v1", 32, "lockstep");
lines.push(
  `## In TypeScript or in the core`,
  ``,
  `The Wasm prototype and the TypeScript lockstep step agree bit for bit for ${number(agreement.agreedSteps)} of 20,000 steps of 8 CartPoles (${number(agreement.episodes)} episodes ended in that stretch)${agreement.agreedSteps < 20_000 ? ", then differ" : ""}: AssemblyScript's Math.cos and Math.sin are its own, not V8's, and give a different double for ${number(libmDiffers)} of ${number(ANGLES)} angles in [−0.25, 0.25]. A core step would therefore not reproduce the single environment (which runs in JavaScript) bit for bit unless the single environment moved into the core as well.`,
  ``,
  `At S = 32 the prototype makes ${number(rate("CartPole-v1", 32, "wasm"))} CartPole steps/s against the TypeScript group's ${number(cartPole32)} (${microseconds(rate("CartPole-v1", 32, "wasm"))} against ${microseconds(cartPole32)} µs a step); at S = 1 the call into Wasm and the copies make it slower (${ratio(rate("CartPole-v1", 1, "wasm") / rate("CartPole-v1", 1, "lockstep"))}). A MAP-propagation training step (float32, batch 1, bench/results/steps.md) costs ${Number.isFinite(mapStepsPerSecond) ? (1e6 / mapStepsPerSecond).toFixed(1) : "?"} µs, so the TypeScript environment step is ${Number.isFinite(mapStepsPerSecond) ? ((100 * mapStepsPerSecond) / cartPole32).toFixed(2) : "?"} % of a training step and the core would save ${Number.isFinite(mapStepsPerSecond) ? ((100 * mapStepsPerSecond) * (1 / cartPole32 - 1 / rate("CartPole-v1", 32, "wasm"))).toFixed(2) : "?"} % of it.`,
  ``,
);
mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/lockstep-envs.md", lines.join("\n"));
writeResultsJson("bench/results/lockstep-envs.md"); // the same numbers, for the docs' figure markers
console.log(lines.join("\n"));
