// MAP propagation's settling controls (assembly/kernels/settling.ts): the stopping tolerance, the
// energy-guarded momentum and the sweep log, against the fixed sweeps they leave as they were.
import { beforeAll, describe, expect, it } from "vitest";
import { Agent } from "../../bindings/training/agent";
import { type Core, type Precision, loadCore, precisions } from "../../bindings/core/core";
import { type LayerSpec, Network, type NetworkSpec } from "../../bindings/core/network";
import { Random } from "../../bindings/core/random";
import { makeEnv } from "../../bindings/envs/registry";
import { energy } from "../../bindings/training/signals";
import { ConfigurationError } from "../../bindings/errors";

const FIELDS = 4; // assembly/kernels/settling.ts SETTLE_LOG_FIELDS
const cores = {} as Record<Precision, { wasm: Core; js: Core }>;

beforeAll(async () => {
  for (const precision of precisions) cores[precision] = { wasm: await loadCore({ precision }), js: await loadCore({ precision, backend: "js" }) };
});

/** MAP propagation's networks: Gaussian hidden layers (one with padding lanes) under a categorical or Gaussian output. */
const shapes: { name: string; layers: LayerSpec[] }[] = [
  {
    name: "categorical output",
    layers: [
      { size: 10, unit: "gaussian", variance: 0.03, learningRate: 0.01 },
      { size: 7, unit: "gaussian", variance: 0.1, learningRate: 0.01 },
      { size: 3, unit: "categorical", temperature: 2, learningRate: 0.01 },
    ],
  },
  {
    name: "Gaussian output",
    layers: [
      { size: 9, unit: "gaussian", variance: 0.06, learningRate: 0.01 },
      { size: 5, unit: "gaussian", variance: 0.2, learningRate: 0.01 },
      { size: 1, unit: "gaussian", variance: 0.5, learningRate: 0.01 },
    ],
  },
];

/** A network of `shape` sampled on input `round`, with the settling controls of `extra`. */
function sampled(core: Core, layers: LayerSpec[], round: number, extra: Partial<NetworkSpec> = {}, batch = 1): Network {
  const net = new Network({ inputSize: 4, layers, seed: 11 + round, batch, ...extra }, 0, core);
  const rng = new Random(round);
  net.setInput(Array.from({ length: 4 * batch }, () => 3 * (2 * rng.uniform() - 1)));
  net.forward();
  return net;
}

/** Turns on the core's sweep log; the returned function copies the last settling's entries. */
function logOf(net: Network, capacity: number): () => Float64Array {
  const raw = net.core.raw;
  const ptr = raw.allocate((capacity * FIELDS * 8) / net.core.floatBytes);
  raw.configureSettleLog(net.handle, ptr, capacity);
  return () => Float64Array.from(new Float64Array(raw.memory.buffer, ptr, net.lastSweeps * FIELDS));
}

const hiddenValues = (net: Network) => net.spec.layers.slice(0, -1).map((_, l) => Array.from(net.buffer(l, "values")));

describe.each(precisions)("settling controls (%s)", (precision) => {
  const wasm = () => cores[precision].wasm;

  it.each(shapes)("$name: settle(1) twenty times is settle(20), and the log with no control changes nothing", ({ layers }) => {
    for (let round = 0; round < 5; round++) {
      const [once, stepwise, logged] = [0, 1, 2].map(() => sampled(wasm(), layers, round, {}, 3));
      once.settle(20);
      for (let s = 0; s < 20; s++) stepwise.settle(1);
      logOf(logged, 20);
      logged.settle(20);
      expect(hiddenValues(stepwise)).toEqual(hiddenValues(once));
      expect(hiddenValues(logged)).toEqual(hiddenValues(once)); // padding lanes included
      expect(logged.lastSweeps).toBe(20);
      for (const net of [once, stepwise, logged]) net.dispose();
    }
  });

  it.each(shapes)("$name: the core's energy is the signals' energy, and the log's is the energy after each sweep", ({ layers }) => {
    // The core sums in float64 from the build's floats (a float32 variance is 0.03 rounded).
    const close = (a: number, b: number) => expect(Math.abs(a - b) / Math.abs(b)).toBeLessThan(precision === "float32" ? 1e-6 : 1e-12);
    const net = sampled(wasm(), layers, 3, {}, 2);
    const log = logOf(net, 20);
    close(net.energy(), energy(net) * net.batch);
    net.settle(5);
    expect(log()[4 * FIELDS]).toBe(net.energy());
    close(net.energy(), energy(net) * net.batch);
    net.dispose();
  });

  it.each(shapes)("$name: settleTolerance stops after the first sweep whose largest step is below it, in the fixed sweeps' state", ({ layers }) => {
    let stoppedEarly = 0;
    for (let round = 0; round < 6; round++) {
      for (const tolerance of [1e-2, 1e-3, 1e-4]) {
        const net = sampled(wasm(), layers, round, { settleTolerance: tolerance });
        const fixed = sampled(wasm(), layers, round);
        const log = logOf(net, 20);
        net.settle(20);
        const sweeps = net.lastSweeps;
        const entries = log();
        const largest = (k: number) => entries[k * FIELDS + 2];
        for (let k = 0; k < sweeps - 1; k++) expect(largest(k)).toBeGreaterThanOrEqual(tolerance);
        if (sweeps < 20) {
          expect(largest(sweeps - 1)).toBeLessThan(tolerance);
          stoppedEarly++;
        }
        // The log's largest step is the largest move of a fixed sweep from the same state.
        let before = hiddenValues(fixed);
        for (let k = 0; k < sweeps; k++) {
          fixed.settle(1);
          const after = hiddenValues(fixed);
          const moved = Math.max(...after.flatMap((row, l) => row.slice(0, layers[l].size).map((v, j) => Math.abs(v - before[l][j]))));
          expect(moved).toBeCloseTo(largest(k), precision === "float32" ? 5 : 12);
          before = after;
        }
        expect(hiddenValues(net)).toEqual(hiddenValues(fixed));
        net.dispose();
        fixed.dispose();
      }
    }
    expect(stoppedEarly).toBeGreaterThan(0); // the tolerances are within reach of 20 sweeps
  });

  it.each(shapes)("$name: with settleMomentum the energy never rises after the first sweep, and the safeguard acts", ({ layers }) => {
    const outcomes = new Set<number>();
    for (let round = 0; round < 8; round++) {
      for (const momentum of [0.3, 0.9]) {
        const net = sampled(wasm(), layers, round, { settleMomentum: momentum }, 2);
        const log = logOf(net, 40);
        net.settle(40);
        const entries = log();
        for (let k = 1; k < net.lastSweeps; k++) {
          expect(entries[k * FIELDS], `sweep ${k + 1}`).toBeLessThanOrEqual(entries[(k - 1) * FIELDS]);
          outcomes.add(entries[k * FIELDS + 3]);
        }
        expect(net.energy()).toBe(entries[(net.lastSweeps - 1) * FIELDS]);
        net.dispose();
      }
    }
    expect(outcomes.has(1)).toBe(true); // momentum steps taken
    expect(outcomes.has(2)).toBe(true); // momentum steps that raised the energy, replaced
  });

  it("momentum reaches the fixed sweeps' energy in fewer sweeps", () => {
    const { layers } = shapes[0];
    const fixed = sampled(wasm(), layers, 1);
    const accelerated = sampled(wasm(), layers, 1, { settleMomentum: 0.3 });
    const [fixedLog, acceleratedLog] = [logOf(fixed, 20), logOf(accelerated, 20)];
    fixed.settle(20);
    accelerated.settle(12);
    const target = fixedLog()[19 * FIELDS];
    expect(acceleratedLog()[11 * FIELDS]).toBeLessThanOrEqual(target + 1e-6 * Math.abs(target));
    fixed.dispose();
    accelerated.dispose();
  });

  it("a NaN unit step makes the sweep's largest step NaN, so a tolerance never stops on it (Wasm and JS)", () => {
    // The largest step is taken with pmax, which skips NaN; the sum of the steps' sizes carries it.
    for (const core of [wasm(), cores[precision].js]) {
      const net = sampled(core, shapes[0].layers, 0, { settleTolerance: 1e-3 });
      const log = logOf(net, 20);
      net.buffer(0, "values")[1] = Number.NaN; // a unit of a whole vector, not of a row's tail
      net.settle(20);
      expect(net.lastSweeps).toBe(20);
      expect(Array.from(log().filter((_, k) => k % FIELDS === 2), Number.isNaN)).toEqual(Array(20).fill(true));
      net.dispose();
    }
  });

  it.each([
    { settleTolerance: 1e-3 }, { settleMomentum: 0.3 }, { settleMomentum: 0.9 }, { settleTolerance: 1e-3, settleMomentum: 0.3 },
  ])("Wasm = JS bit for bit with %o: networks and a map-prop agent", (controls) => {
    for (const { layers } of shapes) {
      for (let round = 0; round < 3; round++) {
        const nets = [wasm(), cores[precision].js].map((core) => sampled(core, layers, round, controls, 3));
        nets.forEach((net) => net.settle(20));
        expect(hiddenValues(nets[1])).toEqual(hiddenValues(nets[0]));
        expect(nets[1].lastSweeps).toBe(nets[0].lastSweeps);
        nets.forEach((net) => net.dispose());
      }
    }
    const runs = (["wasm", "js"] as const).map((backend) => {
      const env = makeEnv("CartPole-v1", { seed: 4 });
      const agent = Agent.create({ algorithm: "map-prop", env, seed: 4, precision, backend, hyperparameters: controls });
      let observation = env.reset({ seed: 4 }).observation;
      for (let t = 0; t < 300; t++) {
        const step = env.step(agent.act(observation).action);
        agent.learn(step);
        observation = step.terminated || step.truncated ? env.reset().observation : step.observation;
      }
      const saved = agent.save();
      agent.dispose();
      return saved;
    });
    expect(Buffer.from(runs[1]).equals(Buffer.from(runs[0]))).toBe(true);
  });
});

describe("settling controls are validated", () => {
  const { layers } = shapes[0];
  it("a Network refuses a negative tolerance and a momentum outside [0, 1)", () => {
    expect(() => new Network({ inputSize: 4, layers, seed: 1, settleTolerance: -1e-3 })).toThrow(ConfigurationError);
    expect(() => new Network({ inputSize: 4, layers, seed: 1, settleTolerance: -1e-3 })).toThrow(/settleTolerance must be .*>= 0; got -0.001/);
    expect(() => new Network({ inputSize: 4, layers, seed: 1, settleMomentum: 1 })).toThrow(/settleMomentum must be a number in \[0, 1\); got 1/);
    expect(() => new Network({ inputSize: 4, layers, seed: 1, settleMomentum: Number.NaN })).toThrow(/settleMomentum/);
  });

  it("map-prop takes them as hyper-parameters, checked before anything runs; rules that do not settle this way refuse them", () => {
    const env = makeEnv("CartPole-v1");
    expect(() => Agent.create({ algorithm: "map-prop", env, hyperparameters: { settleTolerance: -1 } })).toThrow(/hyperparameters.settleTolerance must be a finite number >= 0; got -1/);
    expect(() => Agent.create({ algorithm: "map-prop", env, hyperparameters: { settleMomentum: 1 } })).toThrow(/hyperparameters.settleMomentum must be a number in \[0, 1\); got 1/);
    expect(() => Agent.create({ algorithm: "async-map-prop", env, hyperparameters: { settleTolerance: 1e-3 } })).toThrow(/settleTolerance/);
    const agent = Agent.create({ algorithm: "map-prop", env, hyperparameters: { settleTolerance: 1e-3, settleMomentum: 0.3 } });
    expect(agent.hyperparameters.settleTolerance).toBe(1e-3);
    agent.dispose();
    const plain = Agent.create({ algorithm: "map-prop", env });
    expect("settleTolerance" in plain.hyperparameters).toBe(false); // absent: checkpoints and results unchanged
    plain.dispose();
  });
});
