// The gradient-fidelity diagnostic (bench/experiments/gradient-fidelity.mjs) rests on its reference
// gradients and on its mirrors of the core's formulas; these check both on bandits small enough
// to enumerate: the enumerated gradient against finite differences of the enumerated objective,
// REINFORCE's and the local-expectation estimator's sample means against the exact gradient (and a
// biased rule failing the same check), the posterior log-odds against the brute-force joint, and
// the searches' end states against their definitions.
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module without declarations
import { createBandit, means, potentials, sigmoid } from "../../bench/experiments/fidelity/bandit.mjs";
// @ts-expect-error: a plain ES module without declarations
import { exactGradient, exactObjective } from "../../bench/experiments/fidelity/exact.mjs";
// @ts-expect-error: a plain ES module without declarations
import { localExpectation } from "../../bench/experiments/fidelity/local-expectation.mjs";
// @ts-expect-error: a plain ES module without declarations
import { Accumulator, squaredNorm } from "../../bench/experiments/fidelity/measures.mjs";
// @ts-expect-error: a plain ES module without declarations
import { Stream } from "../../bench/experiments/fidelity/random.mjs";
// @ts-expect-error: a plain ES module without declarations
import { reinforce } from "../../bench/experiments/fidelity/reinforce.mjs";
// @ts-expect-error: a plain ES module without declarations
import { discreteMapProp } from "../../bench/experiments/fidelity/discrete-map-prop.mjs";
// @ts-expect-error: a plain ES module without declarations
import { posteriorLogits, stateOf } from "../../bench/experiments/fidelity/flip-gains.mjs";
// @ts-expect-error: a plain ES module without declarations
import { icm, meanField } from "../../bench/experiments/fidelity/discrete-search.mjs";
// @ts-expect-error: a plain ES module without declarations
import { drawSample } from "../../bench/experiments/fidelity/sample.mjs";
// @ts-expect-error: a plain ES module without declarations
import { weightMax } from "../../bench/experiments/fidelity/weight-max.mjs";
// @ts-expect-error: a plain ES module without declarations
import { createGaussianBandit, drawGaussianSample, logistic } from "../../bench/experiments/fidelity/gaussian-bandit.mjs";
// @ts-expect-error: a plain ES module without declarations
import { backpropGaussian, expectedRewardSlope } from "../../bench/experiments/fidelity/backprop-gaussian.mjs";
// @ts-expect-error: a plain ES module without declarations
import { mapPropagation } from "../../bench/experiments/fidelity/map-propagation.mjs";

type Update = { input: ArrayLike<number>; delta: ArrayLike<number> }[];
type Bandit = ReturnType<typeof createBandit>;

/**
 * ‖ū − g‖² over its expectation tr Σ / N for each layer: about 1 for an unbiased estimator of g
 * (its mean misses g by its own noise only), far above for a biased one.
 */
function missOverNoise(bandit: Bandit, gradient: Float64Array[], count: number, seed: number, rule: (sample: unknown) => Update): { ratios: number[]; variances: number[] } {
  const stream = new Stream(seed);
  const accumulators = bandit.layers.map((L: { nIn: number; nOut: number }) => new Accumulator(L.nIn, L.nOut));
  for (let k = 0; k < count; k++) {
    const update = rule(drawSample(bandit, Math.floor(stream.uniform() * bandit.states.length), stream));
    update.forEach((u, l) => accumulators[l].add(u));
  }
  const variances = accumulators.map((a: InstanceType<typeof Accumulator>) => a.variance());
  const ratios = accumulators.map((a: InstanceType<typeof Accumulator>, l: number) => squaredNorm(a.mean().map((v: number, k: number) => v - gradient[l][k])) / (variances[l] / count));
  return { ratios, variances };
}

/** log Pr(h1, h2, action | state), from the definitions (not the flip gains). */
function logJoint(bandit: Bandit, state: number, h1: Float64Array, h2: Float64Array, action: number): number {
  const [L1, L2, L3] = bandit.layers;
  const bernoulli = (h: Float64Array, p: Float64Array) => h.reduce((s, v, j) => s + Math.log(v ? p[j] : 1 - p[j]), 0);
  const p1 = means(L1, potentials(L1, bandit.states[state]));
  const p2 = means(L2, potentials(L2, h1));
  const pi0 = sigmoid(potentials(L3, h2)[0] / L3.temperature);
  return bernoulli(h1, p1) + bernoulli(h2, p2) + Math.log(action === 0 ? pi0 : 1 - pi0);
}

/** The log-odds of unit i of layer l (0 or 1) given all the rest, from the joint. */
function bruteLogOdds(bandit: Bandit, state: number, h1: Float64Array, h2: Float64Array, action: number, l: number, i: number): number {
  const set = (v: number) => {
    const [a, b] = [Float64Array.from(h1), Float64Array.from(h2)];
    (l === 0 ? a : b)[i] = v;
    return logJoint(bandit, state, a, b, action);
  };
  return set(1) - set(0);
}

describe("gradient fidelity: reference gradients", () => {
  it("the enumerated gradient is the central finite difference of the enumerated objective", () => {
    const bandit = createBandit({ width: 2, states: 3, seed: 5 });
    const { gradient, objective } = exactGradient(bandit);
    expect(objective).toBeCloseTo(exactObjective(bandit), 14);
    const h = 1e-6;
    bandit.layers.forEach((L: { nIn: number; nOut: number; weights: Float64Array; bias: Float64Array }, l: number) => {
      const numeric = new Float64Array((L.nIn + 1) * L.nOut);
      for (let k = 0; k < numeric.length; k++) {
        const [array, index] = k < L.nIn * L.nOut ? [L.weights, k] : [L.bias, k - L.nIn * L.nOut];
        const saved = array[index];
        array[index] = saved + h;
        const up = exactObjective(bandit);
        array[index] = saved - h;
        const down = exactObjective(bandit);
        array[index] = saved;
        numeric[k] = (up - down) / (2 * h);
      }
      const scale = Math.sqrt(squaredNorm(gradient[l]));
      expect(scale).toBeGreaterThan(1e-4);
      for (let k = 0; k < numeric.length; k++) expect(Math.abs(numeric[k] - gradient[l][k])).toBeLessThan(1e-7 * Math.max(1, scale));
    });
  });

  it("REINFORCE's mean update converges to the exact gradient; discrete MAP propagation's mode-based one does not", () => {
    const bandit = createBandit({ width: 2, states: 4, seed: 1 });
    const { gradient } = exactGradient(bandit);
    const unbiased = missOverNoise(bandit, gradient, 30_000, 11, (s) => reinforce(bandit, s));
    for (const ratio of unbiased.ratios) expect(ratio).toBeLessThan(4);
    const searched = missOverNoise(bandit, gradient, 30_000, 11, (s) => discreteMapProp(bandit, s, { search: "icm", eligibilities: ["mode"] }).updates[0]);
    expect(Math.max(...searched.ratios)).toBeGreaterThan(50);
  });

  it("the posterior-mean eligibility at the forward sample is unbiased and less noisy than REINFORCE's", () => {
    const bandit = createBandit({ width: 2, states: 4, seed: 2 });
    const { gradient } = exactGradient(bandit);
    const rule = (s: unknown) => discreteMapProp(bandit, s, { search: "none", eligibilities: ["posterior-mean"] }).updates[0];
    const rao = missOverNoise(bandit, gradient, 30_000, 12, rule);
    for (const ratio of rao.ratios) expect(ratio).toBeLessThan(4);
    const plain = missOverNoise(bandit, gradient, 30_000, 12, (s) => reinforce(bandit, s));
    // The hidden layers' eligibilities are averaged over each unit's own value; the output's is REINFORCE's.
    for (const l of [0, 1]) expect(rao.variances[l]).toBeLessThan(0.8 * plain.variances[l]);
    expect(rao.variances[2]).toBeCloseTo(plain.variances[2], 12);
  });

  it("local expectation gradients agree with the exact gradient", () => {
    const bandit = createBandit({ width: 3, states: 4, seed: 3 });
    const { gradient } = exactGradient(bandit);
    const { ratios, variances } = missOverNoise(bandit, gradient, 40_000, 13, (s) => localExpectation(bandit, s));
    for (const ratio of ratios) expect(ratio).toBeLessThan(4);
    // And it is the low-noise reference it is meant to be in the hidden layers: far less spread than
    // REINFORCE's (there 0.003 and 0.012 of it). At the output, with two actions and rewards 0 or 1
    // around a baseline of ½, REINFORCE's update is already nearly its expectation given h2.
    const plain = missOverNoise(bandit, gradient, 40_000, 13, (s) => reinforce(bandit, s));
    for (const l of [0, 1]) expect(variances[l]).toBeLessThan(0.05 * plain.variances[l]);
    expect(variances[2]).toBeLessThan(plain.variances[2]);
  });
});

describe("gradient fidelity: discrete MAP propagation's mirrors", () => {
  const bandit = createBandit({ width: 4, states: 5, seed: 4 });
  const stream = new Stream(21);
  const samples = Array.from({ length: 20 }, (_, k) => drawSample(bandit, k % 5, stream));

  it("each unit's log-odds given its Markov blanket is the brute-force conditional's", () => {
    for (const s of samples) {
      const [q1, q2] = posteriorLogits(bandit, stateOf(bandit, s));
      for (let i = 0; i < 4; i++) {
        expect(q1[i]).toBeCloseTo(bruteLogOdds(bandit, s.state, s.h1, s.h2, s.action, 0, i), 10);
        expect(q2[i]).toBeCloseTo(bruteLogOdds(bandit, s.state, s.h1, s.h2, s.action, 1, i), 10);
      }
    }
  });

  it("ICM ends where no single flip raises the joint probability, never lowering it on the way", () => {
    for (const s of samples) {
      const state = stateOf(bandit, s);
      const before = logJoint(bandit, s.state, state.h1, state.h2, s.action);
      icm(bandit, state, 20);
      const after = logJoint(bandit, s.state, state.h1, state.h2, s.action);
      expect(after).toBeGreaterThanOrEqual(before - 1e-12);
      for (let l = 0; l < 2; l++) {
        for (let i = 0; i < 4; i++) {
          const h = (l === 0 ? state.h1 : state.h2)[i];
          const odds = bruteLogOdds(bandit, s.state, state.h1, state.h2, s.action, l, i);
          expect((1 - 2 * h) * odds).toBeLessThanOrEqual(1e-12);
        }
      }
    }
  });

  it("mean-field settling ends at a fixed point m = σ(a(m)/T + C(m))", () => {
    for (const s of samples) {
      const state = stateOf(bandit, s);
      meanField(bandit, state, 200);
      const moved = stateOf(bandit, { ...s, h1: state.h1, h2: state.h2, a2: state.a2, z: state.z });
      // The first layer's fixed point: each m_i is σ of its log-odds with its own contribution taken
      // out of its children's potentials (m_i = 0), the rest at their means.
      const L2 = bandit.layers[1];
      for (let i = 0; i < 4; i++) {
        const out = { ...moved, h1: Float64Array.from(moved.h1), a2: Float64Array.from(moved.a2) };
        for (let j = 0; j < 4; j++) out.a2[j] -= moved.h1[i] * L2.weights[i * 4 + j];
        out.h1[i] = 0;
        const [q1] = posteriorLogits(bandit, stateOf(bandit, { ...s, h1: out.h1, h2: moved.h2, a2: out.a2, z: moved.z }));
        expect(moved.h1[i]).toBeCloseTo(sigmoid(q1[i]), 7);
      }
    }
  });
});

describe("gradient fidelity: Weight Max's mirror", () => {
  it.each([2, 3])("rewards each hidden unit with the first-order change of Σ|w|^%d of its outgoing weights", (exponent) => {
    const bandit = createBandit({ width: 5, states: 3, seed: 6 });
    const stream = new Stream(31);
    const [L1, L2, L3] = bandit.layers;
    for (let k = 0; k < 10; k++) {
      const s = drawSample(bandit, k % 3, stream);
      const [u1, u2, u3] = weightMax(bandit, s, exponent);
      // A unit's reward, read back from its delta = reward · (h − p)/T.
      const rewardOf = (u: { delta: ArrayLike<number> }, h: Float64Array, p: Float64Array, T: number, i: number) => (u.delta[i] * T) / (h[i] - p[i]);
      // d/dε Σ_j |W_ij + ε·x_i·δ_j|^p at ε = 0, by central differences.
      const normChange = (layer: { nOut: number; weights: Float64Array }, u: { input: ArrayLike<number>; delta: ArrayLike<number> }, i: number) => {
        const norm = (eps: number) => Array.from({ length: layer.nOut }, (_, j) => Math.abs(layer.weights[i * layer.nOut + j] + eps * u.input[i] * u.delta[j]) ** exponent).reduce((a, b) => a + b, 0);
        return (norm(1e-6) - norm(-1e-6)) / 2e-6;
      };
      for (let i = 0; i < 5; i++) {
        expect(rewardOf(u2, s.h2, s.p2, L2.temperature, i)).toBeCloseTo(normChange(L3, u3, i), 6);
        expect(rewardOf(u1, s.h1, s.p1, L1.temperature, i)).toBeCloseTo(normChange(L2, u2, i), 6);
      }
    }
  });
});

describe("gradient fidelity: the Gaussian set-up", () => {
  it("the pathwise reference and REINFORCE estimate the same gradient, the reference with far less noise", () => {
    const bandit = createGaussianBandit({ width: 3, states: 4, seed: 7 });
    const run = (count: number, seed: number, rule: (s: unknown) => Update) => {
      const stream = new Stream(seed);
      const accumulators = bandit.layers.map((L: { nIn: number; nOut: number }) => new Accumulator(L.nIn, L.nOut));
      for (let k = 0; k < count; k++) rule(drawGaussianSample(bandit, Math.floor(stream.uniform() * 4), stream)).forEach((u, l) => accumulators[l].add(u));
      return accumulators.map((a: InstanceType<typeof Accumulator>) => ({ mean: a.mean(), variance: a.variance() / count }));
    };
    const pathwise = run(20_000, 41, (s) => backpropGaussian(bandit, s, expectedRewardSlope(bandit, s)));
    const plain = run(100_000, 42, (s) => mapPropagation(bandit, s, 0));
    for (let l = 0; l < 3; l++) {
      const miss = squaredNorm(pathwise[l].mean.map((v: number, k: number) => v - plain[l].mean[k]));
      expect(miss / (pathwise[l].variance + plain[l].variance)).toBeLessThan(4);
    }
    // Per sample (the variances above are of means over 20,000 and 100,000 samples).
    for (const l of [0, 1]) expect(pathwise[l].variance * 20_000).toBeLessThan(0.01 * plain[l].variance * 100_000);
  });

  it("MAP propagation's settled eligibilities are the backpropagated output eligibility (its fixed point)", () => {
    const bandit = createGaussianBandit({ width: 4, states: 3, seed: 8 });
    const stream = new Stream(43);
    const [, L2, L3] = bandit.layers;
    for (let k = 0; k < 5; k++) {
      const s = drawGaussianSample(bandit, k % 3, stream);
      if (s.reward === 0) continue;
      const [u1, u2, u3] = mapPropagation(bandit, s, 2000).map((u: { input: ArrayLike<number>; delta: ArrayLike<number> }) => ({ input: u.input, e: Array.from(u.delta, (d) => d / s.reward) }));
      // e_l = (W_{l+1} e_{l+1}) ⊙ f'(a_l), a_l the settled potentials (a2 from the settled h1).
      const settledA2 = Array.from({ length: 4 }, (_, j) => L2.bias[j] + Array.from(u2.input, (h: number, i: number) => h * L2.weights[i * 4 + j]).reduce((a: number, b: number) => a + b, 0));
      for (let j = 0; j < 4; j++) {
        const back = u3.e.reduce((acc: number, e: number, c: number) => acc + L3.weights[j * 2 + c] * e, 0);
        expect(u2.e[j]).toBeCloseTo(back * logistic(settledA2[j]), 8);
      }
      for (let i = 0; i < 4; i++) {
        const back = u2.e.reduce((acc: number, e: number, j: number) => acc + L2.weights[i * 4 + j] * e, 0);
        expect(u1.e[i]).toBeCloseTo(back * logistic(s.a1[i]), 8);
      }
    }
  });
});
