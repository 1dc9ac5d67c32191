// Discrete MAP propagation's variants (assembly/kernels/discrete-posterior.ts) against brute force on tiny
// networks: each hidden unit's log-odds given its Markov blanket equals the exact conditional's,
// the posterior-mean eligibility is (σ(q) − p)/T of it, mean-field settling ends at a fixed point
// of its equations, and Gibbs sweeps at τ = 1 visit hidden states as often as the exact posterior
// Pr(h | input, action) says. The exact quantities are computed here in float64 from the weights
// (./discrete-energy.ts), independently of the core.
import { beforeAll, describe, expect, it } from "vitest";
import { Agent, type AgentOptions } from "../../bindings/training/agent";
import { ConfigurationError } from "../../bindings/errors";
import { type Core, backends, loadCore, precisions } from "../../bindings/core/core";
import { makeEnv } from "../../bindings/envs/registry";
import { Network, type LayerSpec } from "../../bindings/core/network";
import type { Hyperparameters } from "../../bindings/rules/hyperparameters";
import { activation, affine, logSoftmax, sigmoid, softplus } from "../helpers";
import { allEnergies, energy, hiddenValues, sampledNetwork, setHidden } from "../discrete-energy";
import { drive } from "../drive";

const observation = [0.7, -0.4];

// 2 inputs → 3 Bernoulli → 2 Bernoulli → output: 5 hidden units, 32 hidden states.
const hidden: LayerSpec[] = [
  { size: 3, unit: "bernoulli", temperature: 1, learningRate: 0 },
  { size: 2, unit: "bernoulli", temperature: 0.7, learningRate: 0 },
];
const outputs = {
  categorical: { size: 2, unit: "categorical", temperature: 1.5, learningRate: 0 },
  "categorical with a fixed zero logit": { size: 1, unit: "categorical", fixedZeroLogit: true, temperature: 1, learningRate: 0 },
  Gaussian: { size: 2, unit: "gaussian", activation: "linear", variance: 0.5, learningRate: 0 },
} satisfies Record<string, LayerSpec>;
const cases: [string, LayerSpec[]][] = Object.entries(outputs).map(([name, out]): [string, LayerSpec[]] => [name, [...hidden, out]]);

let core: Core;

/** A network with weights scaled by `scale` and one forward sample of observation. */
const sampled = (layers: readonly LayerSpec[], seed: number, scale: number): Network => sampledNetwork(core, observation, layers, seed, scale);

/** The exact log-odds of hidden unit k (layers bottom-up) given all the others: E(h_k = 0) − E(h_k = 1). */
function exactLogit(net: Network, layers: LayerSpec[], k: number): number {
  const saved = hiddenValues(net);
  const at = (bit: number) => {
    setHidden(net, saved.map((h, m) => (m === k ? bit : h)));
    return energy(net, layers, observation);
  };
  const q = at(0) - at(1);
  setHidden(net, saved);
  return q;
}

/** log Pr(values of layer l | potentials `pot`) of sample 0 in float64; Bernoulli values may be means. */
function logLikelihood(net: Network, spec: LayerSpec, l: number, pot: number[]): number {
  const values = Array.from(net.buffer(l, "values").subarray(0, pot.length));
  const T = spec.temperature ?? 1;
  if (spec.unit === "bernoulli") return values.reduce((s, x, j) => s + (x * pot[j]) / T - softplus(pot[j] / T), 0);
  if (spec.unit === "categorical") {
    const logits = pot.map((a) => a / T);
    return logSoftmax(spec.fixedZeroLogit ? [...logits, 0] : logits, net.actions()[0]);
  }
  return -values.reduce((s, x, j) => s + (x - activation(spec.activation ?? "linear", pot[j])) ** 2, 0) / (2 * spec.variance!);
}

/** σ(a_i(m)/T + C_i(m)) for every hidden unit at the network's current (mean) values, layers bottom-up. */
function meanFieldMap(net: Network, layers: LayerSpec[]): number[] {
  const out: number[] = [];
  let below = observation;
  for (let l = 0; l + 1 < layers.length; l++) {
    const { inputs, units, stride } = net.shape(l);
    const pot = affine(below, inputs, net.buffer(l, "weights"), net.buffer(l, "bias"), units, stride);
    const m = Array.from(net.buffer(l, "values").subarray(0, units));
    const child = net.shape(l + 1);
    const [w, bias] = [net.buffer(l + 1, "weights"), net.buffer(l + 1, "bias")];
    const childPot = affine(m, child.inputs, w, bias, child.units, child.stride);
    for (let i = 0; i < units; i++) {
      const at = (bit: number) => logLikelihood(net, layers[l + 1], l + 1, childPot.map((a, j) => a + (bit - m[i]) * w[i * child.stride + j]));
      out.push(sigmoid(pot[i] / layers[l].temperature! + at(1) - at(0)));
    }
    below = m;
  }
  return out;
}

/** Index of a list of bits (bit k is unit k), as allEnergies numbers its states. */
const codeOf = (bits: number[]) => bits.reduce((code, h, k) => code + (h > 0.5 ? 1 << k : 0), 0);

/**
 * Pearson's χ² of observed state counts against probabilities, states expecting fewer than 5
 * visits pooled into one bin; returns the statistic and its degrees of freedom.
 */
function chiSquare(counts: number[], probabilities: number[]): { statistic: number; dof: number } {
  const n = counts.reduce((a, b) => a + b, 0);
  let [statistic, bins, pooledObserved, pooledExpected] = [0, 0, 0, 0];
  probabilities.forEach((p, k) => {
    if (n * p >= 5) {
      statistic += (counts[k] - n * p) ** 2 / (n * p);
      bins++;
    } else {
      pooledObserved += counts[k];
      pooledExpected += n * p;
    }
  });
  if (pooledExpected > 0) {
    statistic += (pooledObserved - pooledExpected) ** 2 / pooledExpected;
    bins++;
  }
  return { statistic, dof: bins - 1 };
}

describe.each(precisions.flatMap((precision) => backends.map((backend) => ({ precision, backend }))))("$precision $backend core", ({ precision, backend }) => {
  beforeAll(async () => {
    core = await loadCore({ precision, backend });
  });
  // float32 logits go through float32 potentials and polynomial logs: a few ulps of each term.
  const close = (got: number, want: number) => expect(Math.abs(got - want)).toBeLessThanOrEqual((precision === "float32" ? 2e-4 : 1e-10) * (1 + Math.abs(want)));

  it.each(cases)("%s output: each hidden unit's log-odds q is the exact conditional's, given its Markov blanket", (_, layers) => {
    for (let seed = 0; seed < 10; seed++) {
      const net = sampled(layers, seed, 3);
      let k = 0;
      for (let l = 0; l < hidden.length; l++) for (const q of net.posteriorLogits(l)) close(q, exactLogit(net, layers, k++));
      net.dispose();
    }
  });

  it.each(cases)('%s output: "posteriorMean" traces record (σ(q) − p)/T ⊗ the values below; the output keeps REINFORCE\'s', (_, layers) => {
    let differs = 0;
    for (let seed = 0; seed < 6; seed++) {
      const net = sampled(layers, seed, 3);
      net.settleDiscrete(10);
      const top = layers.length - 1;
      net.recordTrace(0, "local");
      const outputLocal = Array.from(net.buffer(top, "traceBias"));
      net.recordTrace(0, "posteriorMean"); // decay 0: the trace is this step's eligibility
      expect(Array.from(net.buffer(top, "traceBias"))).toEqual(outputLocal);
      let below = observation;
      let k = 0;
      for (let l = 0; l < top; l++) {
        const { inputs, units, stride } = net.shape(l);
        const [values, mean, T] = [net.buffer(l, "values"), net.buffer(l, "mean"), layers[l].temperature!];
        const [bias, weights] = [net.buffer(l, "traceBias"), net.buffer(l, "traceWeights")];
        for (let j = 0; j < units; j++) {
          const expected = (sigmoid(exactLogit(net, layers, k++)) - mean[j]) / T;
          if (Math.abs(expected - (values[j] - mean[j]) / T) > 1e-3) differs++;
          close(bias[j], expected);
          for (let i = 0; i < inputs; i++) close(weights[i * stride + j], below[i] * expected);
        }
        for (let j = units; j < stride; j++) expect(bias[j]).toBe(0); // padding lanes stay silent
        below = Array.from(values.subarray(0, units));
      }
      net.dispose();
    }
    expect(differs).toBeGreaterThan(5); // the posterior mean is not REINFORCE's eligibility: the check is not vacuous
  });

  it.each(cases)("%s output: mean-field settling ends at a fixed point m = σ(a(m)/T + C(m)), output clamped", (_, layers) => {
    let fractional = 0;
    for (let seed = 0; seed < 10; seed++) {
      const net = sampled(layers, seed, 1.5);
      const output = Array.from(net.buffer(layers.length - 1, "values"));
      const sweeps = net.searchDiscrete(500, "mean-field");
      expect(sweeps).toBeLessThan(500); // it converged before the limit
      expect(Array.from(net.buffer(layers.length - 1, "values"))).toEqual(output);
      const m = hiddenValues(net);
      const map = meanFieldMap(net, layers);
      // The last sweep moved no mean by the tolerance (float32: 1e-5, float64: 1e-9), so each
      // equation holds to about that (the map's slope here is below 1).
      m.forEach((value, i) => expect(Math.abs(value - map[i])).toBeLessThan(precision === "float32" ? 1e-4 : 1e-8));
      fractional += m.filter((v) => v > 0.01 && v < 0.99).length;
      // After settling, means and potentials follow the settled values, as after ICM: the traces are (m − p)/T ⊗ m below.
      net.recordTrace(0, "local");
      const [mean, trace] = [net.buffer(0, "mean"), net.buffer(0, "traceBias")];
      for (let j = 0; j < hidden[0].size; j++) close(trace[j], (m[j] - mean[j]) / hidden[0].temperature!);
      net.dispose();
    }
    expect(fractional).toBeGreaterThan(10); // the means are not all saturated at 0 or 1
  });

  it("Gibbs sweeps at τ = 1 visit hidden states with the exact posterior's frequencies (χ², fixed seed); τ = 2 does not", () => {
    const layers = cases[0][1];
    const net = sampled(layers, 4, 1.5);
    const posterior = allEnergies(net, layers, observation);
    const top = Math.min(...posterior.map((s) => s.energy));
    const weights = posterior.map((s) => Math.exp(top - s.energy));
    const total = weights.reduce((a, b) => a + b, 0);
    const probabilities = weights.map((w) => w / total);
    const statistic = (tau: number) => {
      const counts = new Array<number>(probabilities.length).fill(0);
      net.searchDiscrete(20, "gibbs", tau); // burn-in
      for (let n = 0; n < 3000; n++) {
        net.searchDiscrete(3, "gibbs", tau); // thinned: three sweeps between recorded states
        counts[codeOf(hiddenValues(net))]++;
      }
      return chiSquare(counts, probabilities);
    };
    const exact = statistic(1);
    expect(exact.dof).toBeGreaterThan(10); // many states are likely: the comparison has power
    // 5 standard deviations above the mean of χ²(dof), a bound an exact sampler passes by far.
    const bound = exact.dof + 5 * Math.sqrt(2 * exact.dof);
    expect(exact.statistic).toBeLessThan(bound);
    expect(statistic(2).statistic).toBeGreaterThan(bound); // a tempered chain is caught
    net.dispose();
  });

  it("Gibbs at τ = 0 is ICM and draws nothing; the schedule runs from the start temperature to the last", () => {
    const layers = cases[0][1];
    let annealedMoves = 0;
    for (let seed = 0; seed < 8; seed++) {
      const [a, b] = [sampled(layers, seed, 3), sampled(layers, seed, 3)];
      expect(a.searchDiscrete(10, "gibbs", 0)).toBe(b.settleDiscrete(10));
      expect(hiddenValues(a)).toEqual(hiddenValues(b));
      for (const net of [a, b]) net.forward(); // the same next samples: the search took no draws
      expect(hiddenValues(a)).toEqual(hiddenValues(b));
      // From a local minimum, one sweep runs at the last temperature (0: nothing moves); with two, the first runs hot.
      a.settleDiscrete(50);
      const settled = hiddenValues(a);
      expect(a.searchDiscrete(1, "gibbs", 0, 50)).toBe(0);
      expect(hiddenValues(a)).toEqual(settled);
      if (a.searchDiscrete(2, "gibbs", 0, 50) > 0) annealedMoves++;
      a.dispose();
      b.dispose();
    }
    expect(annealedMoves).toBeGreaterThan(4);
  });

  it("refuses bad search arguments with a typed error naming them", () => {
    const net = sampled(cases[0][1], 1, 1);
    expect(() => net.searchDiscrete(5, "annealing" as never)).toThrow(ConfigurationError);
    expect(() => net.searchDiscrete(5, "annealing" as never)).toThrow(/search must be one of icm, gibbs, mean-field; got "annealing"/);
    expect(() => net.searchDiscrete(5, "gibbs", -1)).toThrow(/temperature/);
    expect(() => net.searchDiscrete(5, "gibbs", 1, Number.NaN)).toThrow(/startTemperature/);
    expect(() => net.posteriorLogits(2)).toThrow(/layer must be a hidden layer's index, an integer in \[0, 1\]; got 2/);
    expect(() => net.posteriorLogits(0, 1)).toThrow(/sample must be an integer in \[0, 0\]; got 1/);
    net.dispose();
    const gaussianHidden = new Network({ inputSize: 2, layers: [{ size: 3, unit: "gaussian", variance: 1, learningRate: 0 }, { size: 2, unit: "categorical", learningRate: 0 }], seed: 1 }, 0, core);
    expect(() => gaussianHidden.searchDiscrete(5, "gibbs")).toThrow(/searchDiscrete needs Bernoulli hidden layers; layers\[0\]\.unit is "gaussian"/);
    gaussianHidden.dispose();
  });
});

describe("the variants as settings of discrete-map-prop", () => {
  const variants: Partial<Hyperparameters>[] = [
    { discreteEligibility: "posterior-mean" },
    { discreteSearch: "gibbs" },
    { discreteSearch: "gibbs", searchTemperature: 0.5, searchStartTemperature: 2, discreteEligibility: "posterior-mean" },
    { discreteSearch: "mean-field" },
  ];

  function run(core: Core, hyperparameters: Partial<Hyperparameters>, steps = 300) {
    const env = makeEnv("CartPole-v1", { seed: 2 });
    const options: AgentOptions = { algorithm: "discrete-map-prop", env, seed: 2, hidden: [16, 8], hyperparameters };
    const agent = Agent.create(options, core);
    const actions = drive(agent, env, { observation: env.reset({ seed: 2 }).observation }, steps);
    const saved = agent.save();
    const weights = Array.from(agent.actor.buffer(0, "weights"));
    agent.dispose();
    return { actions, saved, weights };
  }

  it.each(precisions)("%s: each variant runs bit-identically on Wasm and JS, and learns differently from the default", async (precision) => {
    const [wasm, js] = [await loadCore({ precision }), await loadCore({ precision, backend: "js" })];
    const reference = run(wasm, {});
    for (const variant of variants) {
      const [a, b] = [run(wasm, variant), run(js, variant)];
      expect(b.actions, JSON.stringify(variant)).toEqual(a.actions);
      expect(Buffer.compare(a.saved, b.saved), JSON.stringify(variant)).toBe(0); // the whole checkpoint, byte for byte
      expect(a.weights, JSON.stringify(variant)).not.toEqual(reference.weights);
    }
  });

  it("a checkpoint of a variant resumes as the uninterrupted run", async () => {
    const core = await loadCore({ precision: "float64" });
    const hyperparameters = { discreteSearch: "gibbs", searchStartTemperature: 3 } as const;
    const whole = run(core, hyperparameters, 200);
    const env = makeEnv("CartPole-v1", { seed: 2 });
    const first = Agent.create({ algorithm: "discrete-map-prop", env, seed: 2, hidden: [16, 8], hyperparameters }, core);
    const state = { observation: env.reset({ seed: 2 }).observation };
    const actions = drive(first, env, state, 120);
    const resumed = Agent.load(first.save(), core);
    first.dispose();
    actions.push(...drive(resumed, env, state, 80));
    expect(actions).toEqual(whole.actions);
    expect(Array.from(resumed.actor.buffer(0, "weights"))).toEqual(whole.weights);
    resumed.dispose();
  });

  it("refuses bad values and meaningless combinations, naming the setting", async () => {
    const core = await loadCore({ precision: "float64" });
    const env = makeEnv("CartPole-v1", { seed: 1 });
    const create = (hyperparameters: object) => () => Agent.create({ algorithm: "discrete-map-prop", env, hyperparameters: hyperparameters as Partial<Hyperparameters> }, core);
    expect(create({ discreteSearch: "annealed" })).toThrow(/hyperparameters\.discreteSearch must be "icm" or "gibbs" or "mean-field"; got "annealed"/);
    expect(create({ discreteSearch: "gibbs", searchTemperature: -1 })).toThrow(/hyperparameters\.searchTemperature must be a number in \[0, 100\]; got -1/);
    expect(create({ discreteSearch: "gibbs", searchStartTemperature: "hot" })).toThrow(/hyperparameters\.searchStartTemperature must be a number in \[0, 100\]/);
    expect(create({ searchTemperature: 0.5 })).toThrow(/hyperparameters\.searchTemperature applies to discreteSearch "gibbs"; discreteSearch is "icm"/);
    expect(create({ discreteSearch: "mean-field", discreteEligibility: "mode" })).toThrow(/discreteEligibility must be "mean" with discreteSearch "mean-field"/);
    for (const bad of [{ discreteSearch: "annealed" }, { searchTemperature: 0.5 }, { discreteSearch: "mean-field", discreteEligibility: "posterior-mean" }]) expect(create(bad)).toThrow(ConfigurationError);
    expect(() => Agent.create({ algorithm: "weight-max", env, hyperparameters: { discreteSearch: "gibbs" } }, core)).toThrow(/discreteSearch applies to rules that settle Bernoulli units/);
  });
});
