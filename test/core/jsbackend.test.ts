// The JS backend (bindings/core/js/, a TypeScript port of the core) against the Wasm core. The port
// rounds every operation as the Wasm does (float32: Math.fround after each operation and the same
// polynomials; float64: a bit-exact port of AssemblyScript's NativeMath), sums across SIMD lanes
// in the same order and draws the same random numbers, so the tolerance for every comparison
// here is zero: actions, weights, Adam moments, traces, unit values and RNG states must be
// bit-identical, in both precisions. (Measured: no difference at all, relative or absolute, after
// 1000 CartPole steps of every algorithm in float32 and float64.)
//
// Speed comparison, opt-in: COAGENT_BENCH=float32 (or float64, or 1 for both) npx vitest run test/core/jsbackend.test.ts -t speed
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { Agent } from "../../bindings/training/agent";
import { type Algorithm, algorithms } from "../../bindings/rules/algorithms";
import { type Core, type Precision, getCore, loadCore, precisions, wasmSimdSupported } from "../../bindings/core/core";
import { makeEnv, type EnvironmentId } from "../../bindings/envs/registry";
import { AgentCore, type AgentSettings } from "../../bindings/core/agent-core";
import { AsyncVariant, Capability, CriticKind, DiscreteSearch, LayerBuffer, TraceMode, UnitCode } from "../../bindings/core/interface";
import { compile, type RecordLayout } from "../../tools/js-core/generator.mjs";
import { type LayerSpec, Network } from "../../bindings/core/network";
import { Random } from "../../bindings/core/random";
import { drive } from "../drive";

const backends = {} as Record<Precision, { wasm: Core; js: Core }>;

beforeAll(async () => {
  for (const precision of precisions) {
    backends[precision] = { wasm: await loadCore({ precision }), js: await loadCore({ precision, backend: "js" }) };
  }
});

/** Names of a layer's state blocks (assembly/index.ts networkStateBlock order): its buffers, then the Adam step counters. */
const LAYER_BLOCK_NAMES = [...Object.keys(LayerBuffer).filter((k) => Number.isNaN(Number(k))), "stepsW/stepsB"];

/** Copies of every state block of a network: its RNG, its input, then each layer's buffers and step counts. */
function networkState(core: Core, handle: number): { name: string; bytes: Uint8Array }[] {
  const raw = core.raw;
  const out = raw.allocate(2);
  const blocks: { name: string; bytes: Uint8Array }[] = [];
  for (let i = 0; i < raw.networkStateBlocks(handle); i++) {
    raw.networkStateBlock(handle, i, out);
    const words = core.u32;
    const name = i === 0 ? "rng" : i === 1 ? "input" : `layer ${Math.floor((i - 2) / LAYER_BLOCK_NAMES.length)} ${LAYER_BLOCK_NAMES[(i - 2) % LAYER_BLOCK_NAMES.length]}`;
    blocks.push({ name, bytes: new Uint8Array(raw.memory.buffer, words[out / 4], words[out / 4 + 1]).slice() });
  }
  raw.release(out);
  return blocks;
}

/** The first block where two states differ, with the first differing float, or undefined. */
function firstDifference(a: { name: string; bytes: Uint8Array }[], b: { name: string; bytes: Uint8Array }[], floatBytes: 4 | 8): string | undefined {
  if (a.length !== b.length) return `${a.length} blocks vs ${b.length}`;
  for (let k = 0; k < a.length; k++) {
    const [x, y] = [a[k].bytes, b[k].bytes];
    if (x.length !== y.length) return `${a[k].name}: ${x.length} bytes vs ${y.length}`;
    const at = x.findIndex((v, i) => v !== y[i]);
    if (at < 0) continue;
    const asFloats = (bytes: Uint8Array) => (floatBytes === 8 ? new Float64Array(bytes.buffer) : new Float32Array(bytes.buffer));
    const i = Math.floor(at / floatBytes);
    return `${a[k].name}[${i}]: ${asFloats(x)[i]} (wasm) vs ${asFloats(y)[i]} (js)`;
  }
  return undefined;
}

/** The largest |a − b| / max|a| over two lists of weights. */
function relativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0;
  let diff = 0;
  for (let k = 0; k < a.length; k++) {
    scale = Math.max(scale, Math.abs(a[k]));
    diff = Math.max(diff, Math.abs(a[k] - b[k]));
  }
  return scale === 0 ? diff : diff / scale;
}

const allWeights = (agent: Agent): number[] =>
  [agent.actor, agent.critic].flatMap((net) => Array.from({ length: net.layerCount }, (_, l) => [...net.buffer(l, "weights"), ...net.buffer(l, "bias")]).flat());

function start(algorithm: Algorithm, precision: Precision, core: Core, envId: EnvironmentId = "CartPole-v1", seed = 3) {
  const env = makeEnv(envId, { seed });
  return { env, agent: Agent.create({ algorithm, env, seed, precision }, core), state: { observation: env.reset({ seed }).observation } };
}

describe.each(precisions)("agents on the JS and Wasm backends (%s)", (precision) => {
  const floatBytes = precision === "float64" ? 8 : 4;

  it.each(algorithms)("%s: the same 1000 CartPole actions, then bit-identical weights, moments, traces and RNG states", (algorithm) => {
    const { wasm, js } = backends[precision];
    const a = start(algorithm, precision, wasm);
    const b = start(algorithm, precision, js);
    expect(b.agent.actor.core.backend).toBe("js");
    expect(drive(b.agent, b.env, b.state, 1000)).toEqual(drive(a.agent, a.env, a.state, 1000));
    // Tolerance 0 (measured: 0 in both precisions, relative and absolute).
    expect(relativeDifference(allWeights(a.agent), allWeights(b.agent))).toBe(0);
    for (const net of ["actor", "critic"] as const) {
      expect(firstDifference(networkState(wasm, a.agent[net].handle), networkState(js, b.agent[net].handle), floatBytes), net).toBeUndefined();
    }
    expect([b.agent.iterations, b.agent.lastValue, b.agent.lastTdError]).toEqual([a.agent.iterations, a.agent.lastValue, a.agent.lastTdError]);
    // The whole checkpoint (metadata, every state block, the agent's own buffers) is byte for byte the same.
    expect(Buffer.compare(a.agent.save(), b.agent.save())).toBe(0);
    a.agent.dispose();
    b.agent.dispose();
  });

  it("layers wider than one run of the core's random draws (512 uniforms): the same samples", () => {
    const { wasm, js } = backends[precision];
    const layers: LayerSpec[] = [
      { size: 1001, unit: "bernoulli", learningRate: 0.01 },
      { size: 703, unit: "gaussian", activation: "softplus", variance: 0.3, learningRate: 0.01 },
      { size: 3, unit: "categorical", learningRate: 0.01 },
    ];
    const [a, b] = [wasm, js].map((core) => new Network({ inputSize: 5, layers, seed: 4 }, 0, core));
    for (const net of [a, b]) {
      net.setInput([0.1, -0.2, 0.3, 0.05, 1]);
      for (let k = 0; k < 3; k++) net.forward();
    }
    expect(firstDifference(networkState(wasm, a.handle), networkState(js, b.handle), floatBytes)).toBeUndefined();
    expect(new Set(a.buffer(0, "values")).size).toBe(2); // both outcomes occur: the draws were used
    a.dispose();
    b.dispose();
  });

  const continuous = algorithms.filter((a) => ["map-prop", "async-map-prop", "weight-max", "reinforce"].includes(a));
  it.each(continuous)("%s with Gaussian actions (MountainCarContinuous): the same 300 actions", (algorithm) => {
    const { wasm, js } = backends[precision];
    const a = start(algorithm, precision, wasm, "MountainCarContinuous-v0", 5);
    const b = start(algorithm, precision, js, "MountainCarContinuous-v0", 5);
    expect(drive(b.agent, b.env, b.state, 300)).toEqual(drive(a.agent, a.env, a.state, 300));
    expect(firstDifference(networkState(wasm, a.agent.actor.handle), networkState(js, b.agent.actor.handle), floatBytes)).toBeUndefined();
    a.agent.dispose();
    b.agent.dispose();
  });

  it("checkpoints move between backends: Wasm → JS and JS → Wasm continue identically", () => {
    const { wasm, js } = backends[precision];
    for (const [from, to] of [[wasm, js], [js, wasm]]) {
      const a = start("map-prop", precision, from, "CartPole-v1", 11);
      const b = start("map-prop", precision, from, "CartPole-v1", 11);
      drive(a.agent, a.env, a.state, 200);
      drive(b.agent, b.env, b.state, 200);
      const moved = Agent.load(b.agent.save(), to);
      b.agent.dispose();
      expect(drive(moved, b.env, b.state, 200)).toEqual(drive(a.agent, a.env, a.state, 200));
      expect(firstDifference(networkState(from, a.agent.actor.handle), networkState(to, moved.actor.handle), floatBytes)).toBeUndefined();
      a.agent.dispose();
      moved.dispose();
    }
  });
});

/** Random layer stacks covering every unit type and activation, odd sizes (padding lanes), saturating inputs. */
function randomCases(): { name: string; inputSize: number; batch: number; layers: LayerSpec[]; inputScale: number }[] {
  const rng = new Random(2024);
  const size = () => 1 + Math.floor(rng.uniform() * 9);
  const rate = () => ({ start: 0.01 + 0.05 * rng.uniform(), end: 0.001 });
  const hidden = (unit: "bernoulli" | "gaussian" | "deterministic", activation?: LayerSpec["activation"]): LayerSpec => ({
    size: size(), unit, activation, variance: 0.05 + rng.uniform(), temperature: 0.5 + rng.uniform(), learningRate: rate(), biasInit: 0.3,
  });
  const categorical = (fixedZeroLogit: boolean): LayerSpec => ({ size: 1 + size(), unit: "categorical", fixedZeroLogit, temperature: 0.5 + 2 * rng.uniform(), learningRate: rate(), biasInit: 0.1 });
  const activations = ["softplus", "relu", "logistic", "linear"] as const;
  const cases: { name: string; batch: number; layers: LayerSpec[] }[] = [];
  for (const batch of [1, 3]) {
    const add = (name: string, layers: LayerSpec[]) => cases.push({ name: `${name}, batch ${batch}`, batch, layers });
    for (const activation of activations) {
      add(`gaussian ${activation}, categorical output`, [hidden("gaussian", activation), hidden("gaussian", activation), categorical(false)]);
      add(`deterministic ${activation}, gaussian output`, [hidden("deterministic", activation), hidden("deterministic", activation), hidden("gaussian", "linear")]);
    }
    add("bernoulli, categorical output with a fixed zero logit", [hidden("bernoulli"), hidden("bernoulli"), categorical(true)]);
    add("mixed units, deterministic output", [hidden("bernoulli"), hidden("gaussian", "softplus"), hidden("deterministic", "logistic"), hidden("deterministic", "linear")]);
  }
  // Every third case feeds inputs up to ±40, driving σ, softplus and exp into their cut-offs.
  return cases.map((c, k) => ({ ...c, inputSize: 1 + (k % 7), inputScale: k % 3 === 0 ? 40 : 2 }));
}

describe.each(precisions)("kernels on the JS and Wasm backends (%s)", (precision) => {
  const floatBytes = precision === "float64" ? 8 : 4;
  const wasm = () => backends[precision].wasm;
  const js = () => backends[precision].js;

  it.each(randomCases())("$name: forward, settle, recordTrace, learn and learnWeightMax agree bit for bit", ({ inputSize, batch, layers, inputScale }) => {
    const { wasm, js } = backends[precision];
    const nets = [wasm, js].map((core) => new Network({ inputSize, batch, layers, seed: 77, adamEpsilon: 1e-6, settleRate: 0.3, scheduleSteps: 50 }, 0, core));
    const rng = new Random(5);
    const check = (what: string) => {
      const [a, b] = nets.map((net) => networkState(net.core, net.handle));
      expect(firstDifference(a, b, floatBytes), what).toBeUndefined();
    };
    check("initial weights");
    const gaussianOutput = layers[layers.length - 1].unit === "gaussian";
    for (let round = 0; round < 8; round++) {
      // Some exact zeros: the potential kernel skips them.
      const input = Array.from({ length: inputSize * batch }, () => (rng.uniform() < 0.2 ? 0 : inputScale * (2 * rng.uniform() - 1)));
      const rewards = Array.from({ length: batch }, () => 2 * rng.uniform() - 1);
      const apply = (what: string, op: (net: Network) => void) => {
        nets.forEach(op);
        check(`round ${round}: ${what}`);
      };
      apply("setInput", (net) => net.setInput(input));
      apply("forward", (net) => net.forward());
      apply("settle", (net) => net.settle(3));
      apply("recordTrace local", (net) => net.recordTrace(0.9, "local"));
      if (gaussianOutput) apply("recordTrace gated", (net) => net.recordTrace(0.7, "local", true));
      apply("recordTrace backprop", (net) => net.recordTrace(0.8, "backprop"));
      apply("learn", (net) => net.learn(rewards, round * 7));
      for (const p of [2, 3, 1.5]) apply(`learnWeightMax p=${p}`, (net) => net.learnWeightMax(rewards, round * 7 + 1, p));
      if (round % 3 === 2) apply("clearTraces", (net) => net.clearTraces(batch - 1));
    }
    nets.forEach((net) => net.dispose());
  });

  it.each(["softplus", "logistic", "relu", "linear"] as const)("%s and its slope agree on 100,000 potentials across the cut-offs", (activation) => {
    // One wide deterministic layer over a large batch: every potential goes through the activation
    // (float32: the polynomial exp and log1p; float64: NativeMath), with the slope alongside.
    const layers: LayerSpec[] = [{ size: 50, unit: "deterministic", activation, learningRate: 0, biasInit: 5 }];
    const nets = [wasm(), js()].map((core) => new Network({ inputSize: 3, batch: 2000, layers, seed: 8 }, 0, core));
    const rng = new Random(9);
    const input = Array.from({ length: 3 * 2000 }, () => 60 * (2 * rng.uniform() - 1));
    nets.forEach((net) => {
      net.setInput(input);
      net.forward();
      net.recordTrace(0, "local"); // deterministic eligibility = the slope, so the slope is compared too
    });
    const [a, b] = nets.map((net) => networkState(net.core, net.handle));
    expect(firstDifference(a, b, floatBytes)).toBeUndefined();
    nets.forEach((net) => net.dispose());
  });

  it("Adam's bias correction switches off at step 1000 in both", () => {
    const { wasm, js } = backends[precision];
    const layers: LayerSpec[] = [{ size: 3, unit: "gaussian", variance: 0.2, learningRate: 0.01 }, { size: 2, unit: "categorical", learningRate: 0.01 }];
    const nets = [wasm, js].map((core) => new Network({ inputSize: 2, layers, seed: 1 }, 0, core));
    nets.forEach((net) => {
      net.setInput([0.3, -0.2]);
      net.forward();
      net.recordTrace(0.5);
    });
    for (let t = 0; t < 1005; t++) nets.forEach((net) => net.learn([Math.sin(t)], t));
    const [a, b] = nets.map((net) => networkState(net.core, net.handle));
    expect(firstDifference(a, b, floatBytes)).toBeUndefined();
    nets.forEach((net) => net.dispose());
  });

  it("the JS heap grows like Wasm memory: a new buffer with the old contents, the old one detached", () => {
    const layers: LayerSpec[] = [
      { size: 30, unit: "gaussian", variance: 0.1, learningRate: 0.001 },
      { size: 20, unit: "deterministic", activation: "relu", learningRate: 0.001 },
      { size: 3, unit: "categorical", learningRate: 0.001 },
    ];
    const nets = [wasm(), js()].map((core) => new Network({ inputSize: 25, layers, seed: 9 }, 0, core));
    const input = Array.from({ length: 25 }, (_, i) => Math.cos(i));
    const step = (round: number) => nets.forEach((net) => {
      net.setInput(input.map((x) => x * round));
      net.forward();
      net.settle(2);
      net.recordTrace(0.9, "backprop");
      net.learn([0.5], round);
    });
    step(1);
    // An allocation larger than the whole heap forces growth in both backends, mid-training.
    const before = js().raw.memory.buffer;
    const blocks = [wasm(), js()].map((core) => core.raw.allocate(core.memoryBytes / core.floatBytes + 1));
    const grown = js().raw.memory.buffer;
    expect(grown !== before && grown.byteLength > before.byteLength).toBe(true);
    expect(before.byteLength).toBe(0); // detached, as Wasm memory.grow detaches
    step(2);
    const [a, b] = nets.map((net) => networkState(net.core, net.handle));
    expect(firstDifference(a, b, floatBytes)).toBeUndefined();
    [wasm(), js()].forEach((core, k) => core.raw.release(blocks[k]));
    nets.forEach((net) => net.dispose());
  });

  it("records have the Wasm layout: every scalar field holds the same value at the generator's offset", () => {
    // The offsets are the generator's, computed once from the class declarations; the Wasm build's
    // must agree, and configureAgent must put each setting of the record in its field.
    const { layouts } = compile({ entries: ["assembly/index.ts"], root: "assembly", floatType: precision === "float64" ? "f64" : "f32" });
    const layers: LayerSpec[] = [
      { size: 6, unit: "gaussian", activation: "relu", variance: 0.25, learningRate: 0.1 },
      { size: 3, unit: "categorical", fixedZeroLogit: true, temperature: 2, learningRate: { start: 0.5, end: 0.125 } },
    ];
    const settings: AgentSettings = {
      gamma: 0.5, actorDecay: 0.25, criticDecay: 0.75, rewardClip: 4, settleSteps: 7, searchLimit: 5, weightMaxExponent: 3,
      asyncBeta: 0.125, asyncAlpha: 8, asyncEpsilon: 0.0625, asyncVariant: AsyncVariant.advantage, asyncGateFloor: 0.1875, localTraceMode: TraceMode.mode,
      discreteSearch: DiscreteSearch.gibbs, searchTemperature: 0.375, searchStartTemperature: 1.5,
    };
    const read = (core: Core, at: number, type: string) => (type === "i32" ? core.i32[at / 4] : type === "f64" ? new Float64Array(core.raw.memory.buffer, at, 1)[0] : new Float32Array(core.raw.memory.buffer, at, 1)[0]);
    const scalars = (core: Core, record: number, layout: RecordLayout) =>
      Object.fromEntries(Object.entries(layout.fields).filter(([, { type }]) => ["i32", "f32", "f64"].includes(type)).map(([name, { type, offset }]) => [name, read(core, record + offset, type)]));
    const fields = [wasm(), js()].map((core) => {
      const [actor, critic] = [1, 2].map((seed) => new Network({ inputSize: 5, layers, seed }, 0, core));
      const team = new AgentCore(core, actor, critic, Capability.localTraces | Capability.weightMaxUpdate, CriticKind.backprop);
      team.configure(settings);
      const layer = core.raw.layerBuffer(actor.handle, 1, -1);
      const out = core.raw.allocate(2);
      core.raw.networkStateBlock(actor.handle, 2 + 2 * LAYER_BLOCK_NAMES.length - 1, out); // layer 1's step counters
      const steps = core.u32[out / 4] - layer;
      core.raw.agentStateBlock(team.record, 0, out); // the loop counter
      const iteration = core.u32[out / 4] - team.record;
      core.raw.release(out);
      const result = { steps, iteration, layer: scalars(core, layer, layouts.Layer), agent: scalars(core, team.record, layouts.Agent) };
      team.dispose();
      return result;
    });
    expect(fields[1]).toEqual(fields[0]);
    expect([fields[0].steps, fields[0].iteration]).toEqual([layouts.Layer.fields.stepsW.offset, layouts.Agent.fields.iteration.offset]);
    expect(fields[0].layer).toMatchObject({ nIn: 6, nOut: 3, stride: 4, inStride: 8, batch: 1, unit: UnitCode.categorical, fixedZeroLogit: 1, temperature: 2, lrStart: 0.5, lrEnd: 0.125 });
    expect(fields[0].agent).toMatchObject({ ...settings, capabilities: Capability.localTraces | Capability.weightMaxUpdate, criticKind: CriticKind.backprop, batch: 1 });
  });
});

describe("backend selection", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.resetModules();
  });

  /** A fresh copy of the bindings, with no core loaded yet. */
  async function freshBindings() {
    vi.resetModules();
    const core = await import("../../bindings/core/core");
    const agent = await import("../../bindings/training/agent");
    const errors = await import("../../bindings/errors");
    return { ...core, ...errors, Agent: agent.Agent };
  }

  it("detects SIMD with WebAssembly.validate on a v128 module", () => {
    expect(wasmSimdSupported()).toBe(true); // Node 20
    vi.spyOn(WebAssembly, "validate").mockReturnValue(false);
    expect(wasmSimdSupported()).toBe(false);
  });

  it("loads the Wasm core by default where SIMD is available, silently", async () => {
    const fresh = await freshBindings();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const core = await fresh.loadCore({ precision: "float32" });
    expect(core.backend).toBe("wasm");
    expect(core.module).toBeInstanceOf(WebAssembly.Module);
    expect(warn).not.toHaveBeenCalled();
  });

  it("falls back to the JS core with a one-line notice where SIMD is unavailable", async () => {
    const fresh = await freshBindings();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    fresh.setSimdDetector(() => false);
    const core = await fresh.loadCore({ precision: "float64" });
    expect(core.backend).toBe("js");
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(/SIMD.*JS backend/);
    expect(String(warn.mock.calls[0][0])).not.toContain("\n");
    // Code that asks for the default backend gets the fallback; loading again does not warn again.
    expect(fresh.getCore("float64")).toBe(core);
    expect(fresh.getCore("float64", "js")).toBe(core);
    expect(await fresh.loadCore({ precision: "float64" })).toBe(core);
    expect(warn).toHaveBeenCalledTimes(1);
    // An agent built the usual way runs on it, taking the Wasm core's actions.
    const { env, agent, state } = (() => {
      const e = makeEnv("CartPole-v1", { seed: 4 });
      return { env: e, agent: fresh.Agent.create({ algorithm: "weight-max", env: e, seed: 4 }), state: { observation: e.reset({ seed: 4 }).observation } };
    })();
    const reference = start("weight-max", "float64", backends.float64.wasm, "CartPole-v1", 4);
    expect(drive(agent as unknown as Agent, env, state, 200)).toEqual(drive(reference.agent, reference.env, reference.state, 200));
    agent.dispose();
    reference.agent.dispose();
  });

  it("an explicit JS backend needs no SIMD and no warning; unknown backends are rejected", async () => {
    const fresh = await freshBindings();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(() => fresh.getCore("float32", "js")).toThrow(/float32 js core is not loaded; call `await loadCore\(\{ precision: "float32", backend: "js" \}\)`/);
    expect(() => fresh.getCore("float32")).toThrow('The float32 wasm core is not loaded; call `await loadCore({ precision: "float32" })` first');
    const core = await fresh.loadCore({ precision: "float32", backend: "js" });
    expect(core.backend).toBe("js");
    expect(core.floatBytes).toBe(4);
    expect(fresh.getCore("float32", "js")).toBe(core);
    expect(() => fresh.getCore("float32")).toThrow(fresh.StateError);
    expect(warn).not.toHaveBeenCalled();
    // A later fallback reuses the JS core already loaded rather than making a second one.
    fresh.setSimdDetector(() => false);
    expect(await fresh.loadCore({ precision: "float32" })).toBe(core);
    expect(warn).toHaveBeenCalledTimes(1);
    await expect(fresh.loadCore({ backend: "gpu" as never })).rejects.toThrow(fresh.ConfigurationError);
    await expect(fresh.loadCore({ backend: "gpu" as never })).rejects.toThrow('backend must be one of wasm, wasm-scalar, js; got "gpu"');
  });

  it("keeps the loaded cores of this file: one per backend and precision", () => {
    for (const precision of precisions) {
      expect(getCore(precision)).toBe(backends[precision].wasm);
      expect(getCore(precision, "js")).toBe(backends[precision].js);
      expect(backends[precision].js).not.toBe(backends[precision].wasm);
    }
  });
});

const bench = process.env.COAGENT_BENCH;
describe.runIf(bench)("speed", () => {
  it("training steps per second on CartPole, JS vs Wasm", () => {
    const rows: string[] = ["| algorithm | precision | Wasm steps/s | JS steps/s | Wasm / JS |", "| --- | --- | ---: | ---: | ---: |"];
    const chosen = precisions.filter((p) => bench === "1" || bench === p);
    const rate = (algorithm: Algorithm, precision: Precision, core: Core, ms: number) => {
      const run = start(algorithm, precision, core, "CartPole-v1", 0);
      drive(run.agent, run.env, run.state, 300); // warm-up
      let steps = 0;
      const t0 = performance.now();
      while (performance.now() - t0 < ms) steps += drive(run.agent, run.env, run.state, 50).length;
      const perSecond = (steps / (performance.now() - t0)) * 1000;
      run.agent.dispose();
      return perSecond;
    };
    for (const precision of chosen) {
      for (const algorithm of algorithms) {
        const wasm = rate(algorithm, precision, backends[precision].wasm, 2000);
        const js = rate(algorithm, precision, backends[precision].js, 3000);
        rows.push(`| ${algorithm} | ${precision} | ${Math.round(wasm)} | ${Math.round(js)} | ${(wasm / js).toFixed(1)} |`);
      }
    }
    console.log(rows.join("\n"));
  });
});
