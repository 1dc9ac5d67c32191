// Discrete MAP propagation (assembly/kernels/discrete.ts): iterated conditional modes over Bernoulli
// hidden values with the output clamped must descend the energy −log Pr(h, output | input),
// stop at a local minimum, and find the global minimum where the energy separates over units.
// The energy is recomputed in float64 from the weights and values, independently of the core (./discrete-energy.ts).
import { beforeAll, describe, expect, it } from "vitest";
import { Agent } from "../../bindings/training/agent";
import { ConfigurationError } from "../../bindings/errors";
import { parseVariant, unitsUnsupported } from "../../bindings/rules/algorithms";
import { type Core, backends, loadCore, precisions } from "../../bindings/core/core";
import { makeEnv } from "../../bindings/envs/registry";
import { Network, type LayerSpec } from "../../bindings/core/network";
import { allEnergies as allEnergiesOf, energy as energyOf, hiddenValues, sampledNetwork, setHidden } from "../discrete-energy";

const observation = [0.3, -0.8, 1.1, 0.05];

const energy = (net: Network, layers: LayerSpec[]) => energyOf(net, layers, observation);
const allEnergies = (net: Network, layers: LayerSpec[]) => allEnergiesOf(net, layers, observation);

const deep: LayerSpec[] = [
  { size: 5, unit: "bernoulli", temperature: 1, learningRate: 0 },
  { size: 4, unit: "bernoulli", temperature: 0.7, learningRate: 0 },
  { size: 3, unit: "categorical", temperature: 2, learningRate: 0 },
];
const twoActions: LayerSpec[] = [
  { size: 6, unit: "bernoulli", temperature: 1, learningRate: 0 },
  { size: 3, unit: "bernoulli", temperature: 1, learningRate: 0 },
  { size: 1, unit: "categorical", fixedZeroLogit: true, temperature: 1, learningRate: 0 },
];
const gaussianOut: LayerSpec[] = [
  { size: 5, unit: "bernoulli", temperature: 1, learningRate: 0 },
  { size: 4, unit: "bernoulli", temperature: 1, learningRate: 0 },
  { size: 2, unit: "gaussian", activation: "linear", variance: 0.5, learningRate: 0 },
];

let core: Core;

/** A network with weights scaled up (so the energy landscape has several minima) and one forward sample. */
const sampled = (layers: LayerSpec[], seed: number, scale = 3): Network => sampledNetwork(core, observation, layers, seed, scale);

describe.each(precisions.flatMap((precision) => backends.map((backend) => ({ precision, backend }))))("$precision $backend core", ({ precision, backend }) => {
  beforeAll(async () => {
    core = await loadCore({ precision, backend });
  });
  // float32 energies are summed from float32 potentials and polynomial softplus: a few ulps of 10.
  const slack = precision === "float32" ? 1e-4 : 1e-9;

  it.each([["categorical", deep], ["categorical with a fixed zero logit", twoActions], ["Gaussian", gaussianOut]] as const)(
    "%s output: the energy never increases over a sweep and ends at a local minimum (exhaustive)",
    (_, layers) => {
      let moved = 0;
      for (let seed = 0; seed < 12; seed++) {
        const net = sampled(layers, seed);
        const output = Array.from(net.buffer(layers.length - 1, "values"));
        const energies = [energy(net, layers)];
        for (let sweep = 0; sweep < 30; sweep++) {
          if (net.settleDiscrete(1) > 0) moved++;
          energies.push(energy(net, layers));
        }
        for (let k = 1; k < energies.length; k++) expect(energies[k]).toBeLessThanOrEqual(energies[k - 1] + slack);
        expect(Array.from(net.buffer(layers.length - 1, "values"))).toEqual(output); // output clamped
        // No single flip lowers the energy: check every neighbour of the settled state.
        const settled = hiddenValues(net);
        const here = energy(net, layers);
        for (let k = 0; k < settled.length; k++) {
          setHidden(net, settled.map((h, m) => (m === k ? 1 - h : h)));
          expect(energy(net, layers), `flip ${k} of seed ${seed}`).toBeGreaterThanOrEqual(here - slack);
        }
        setHidden(net, settled);
        // The brute-force argmin is itself a fixed point of the search.
        const best = allEnergies(net, layers).reduce((a, b) => (b.energy < a.energy ? b : a));
        setHidden(net, best.bits);
        expect(net.settleDiscrete(10)).toBe(0);
        expect(hiddenValues(net)).toEqual(best.bits);
        net.dispose();
      }
      expect(moved).toBeGreaterThan(0); // the search did flip units: the checks above were not vacuous
    },
  );

  it('"mode" traces: a settled hidden unit at its own mode records 0, one flipped against it ±1/T; the output keeps REINFORCE\'s', () => {
    let [atMode, flipped] = [0, 0];
    for (let seed = 0; seed < 8; seed++) {
      const net = sampled(deep, seed);
      net.settleDiscrete(10);
      net.recordTrace(0, "local");
      const top = deep.length - 1;
      const outputLocal = Array.from(net.buffer(top, "traceBias"));
      net.recordTrace(0, "mode"); // decay 0: the trace is this step's eligibility
      expect(Array.from(net.buffer(top, "traceBias"))).toEqual(outputLocal);
      let below: number[] = observation;
      for (let l = 0; l < top; l++) {
        const { inputs, units, stride } = net.shape(l);
        const [values, mean] = [net.buffer(l, "values"), net.buffer(l, "mean")];
        const [bias, weights] = [net.buffer(l, "traceBias"), net.buffer(l, "traceWeights")];
        for (let j = 0; j < units; j++) {
          const expected = (values[j] - (mean[j] > 0.5 ? 1 : 0)) / deep[l].temperature!;
          if (expected === 0) atMode++;
          else flipped++;
          expect(bias[j]).toBeCloseTo(expected, 6);
          for (let i = 0; i < inputs; i++) expect(weights[i * stride + j]).toBeCloseTo(below[i] * expected, 5);
        }
        below = Array.from(values.subarray(0, units));
      }
      net.dispose();
    }
    // Both cases occurred, so neither check above was vacuous.
    expect(atMode).toBeGreaterThan(0);
    expect(flipped).toBeGreaterThan(0);
  });

  it("reaches the brute-force argmin when the energy separates over units", () => {
    // One hidden layer of Bernoulli units and an output of Bernoulli units wired one to one
    // (W diagonal): hidden unit i is the only parent of output unit i, so with the output
    // clamped the energy is Σ_i e_i(h_i), each term depending on one unit. The hidden units are
    // conditionally independent given the output, ICM's one update of each unit sets it to the
    // minimiser of its own term, and that is the global minimum — after one sweep, from any start.
    const layers: LayerSpec[] = [
      { size: 6, unit: "bernoulli", temperature: 1, learningRate: 0 },
      { size: 6, unit: "bernoulli", temperature: 0.5, learningRate: 0 },
    ];
    let differed = 0;
    for (let seed = 0; seed < 20; seed++) {
      const net = sampled(layers, seed, 4);
      const { stride } = net.shape(1);
      const w = net.buffer(1, "weights");
      for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) if (i !== j) w[i * stride + j] = 0;
      const start = hiddenValues(net);
      const best = allEnergies(net, layers).reduce((a, b) => (b.energy < a.energy ? b : a));
      if (best.bits.some((b, k) => b !== start[k])) differed++;
      net.settleDiscrete(1);
      expect(hiddenValues(net)).toEqual(best.bits);
      net.dispose();
    }
    expect(differed).toBeGreaterThan(10); // most samples started away from the argmin
  });
});

describe("discrete-map-prop through the API", () => {
  it("trains on CartPole and Acrobot, and refuses non-Bernoulli units or networks", async () => {
    const loaded = await loadCore({ precision: "float64" });
    for (const id of ["CartPole-v1", "Acrobot-v1", "MountainCarContinuous-v0"] as const) {
      const env = makeEnv(id, { seed: 1 });
      const agent = Agent.create({ algorithm: "discrete-map-prop", env, seed: 1 }, loaded);
      expect(agent.actor.shape(0)).toMatchObject({ units: 64 });
      let observation = env.reset({ seed: 1 }).observation;
      for (let t = 0; t < 50; t++) {
        const step = env.step(agent.act(observation).action);
        agent.learn(step);
        observation = step.terminated || step.truncated ? env.reset().observation : step.observation;
      }
      expect(Number.isFinite(agent.lastTdError)).toBe(true);
      agent.dispose();
    }
    const env = makeEnv("CartPole-v1", { seed: 1 });
    expect(() => Agent.create({ algorithm: "discrete-map-prop", env, units: "gaussian" }, loaded)).toThrow(ConfigurationError);
    expect(() => Agent.create({ algorithm: "discrete-map-prop", env, units: "gaussian" }, loaded)).toThrow(/use map-prop/);
    expect(() => Agent.create({ algorithm: "discrete-map-prop", env, hyperparameters: { discreteEligibility: "median" as never } }, loaded)).toThrow(/discreteEligibility must be "mean" or "mode" or "posterior-mean"; got "median"/);
    expect(() => Agent.create({ algorithm: "weight-max", env, hyperparameters: { discreteEligibility: "mode" } }, loaded)).toThrow(/discreteEligibility applies to rules that settle Bernoulli units/);
    expect(() => parseVariant("discrete-map-prop@relu")).toThrow(ConfigurationError);
    expect(parseVariant("discrete-map-prop@bernoulli")).toEqual({ algorithm: "discrete-map-prop", units: "bernoulli" });
    expect(unitsUnsupported("map-prop", "bernoulli")).toMatch(/discrete-map-prop/);
    const gaussianHidden = new Network({ inputSize: 4, layers: [{ size: 3, unit: "gaussian", variance: 1, learningRate: 0 }, { size: 2, unit: "categorical", learningRate: 0 }], seed: 1 }, 0, loaded);
    expect(() => gaussianHidden.settleDiscrete(5)).toThrow(/layers\[0\]\.unit is "gaussian"/);
    gaussianHidden.dispose();
  });
});
