// @ts-check
// The contextual bandit every rule is measured on: a network like the library's CartPole actor with
// Weight Max's conventions (bindings/rules/algorithms.ts planNetworks, weightMaxActor) — 4 inputs,
// two layers of `width` Bernoulli-logistic units, one logit beside a fixed zero logit (a softmax
// over two actions) — with fixed random weights, S fixed random observations and a fixed reward
// table R(s, a). The objective is J(θ) = mean_s Σ_a π_θ(a | s) R(s, a).
//
// Weights are Glorot-uniform, limit sqrt(6 / (fan-in + fan-out)) with the fixed zero class counted
// in the output's fan-out, and biases Uniform(±0.001), as assembly/kernels/network.ts createNetwork
// draws them for weight_max's networks. Everything is float64.

import { Stream } from "./random.mjs";

/**
 * @typedef {{ nIn: number, nOut: number, weights: Float64Array, bias: Float64Array, temperature: number }} Layer
 *   weights[i * nOut + j] connects input i to unit j.
 * @typedef {{
 *   width: number, inputs: number, layers: Layer[], states: Float64Array[], rewards: Float64Array[],
 *   baseline: number, growth: Float64Array, shrink: Float64Array,
 * }} Bandit
 *   rewards[s][a]: the reward of action a in state s (action 0 is the logit's, 1 the fixed zero's);
 *   baseline: the constant every rule subtracts from the reward (the table's mean);
 *   growth, shrink: e^{±W/T} of the second hidden layer, which the discrete searches reuse (flip-gains.ts weightGrowth).
 */

/**
 * A bandit of hidden `width`, `states` observations drawn N(0, 1), rewards Uniform(0, 1), from one seed.
 * @param {{ width: number, states?: number, seed?: number, temperatures?: number[], inputs?: number, table?: "teacher" | "uniform" }} options
 * @returns {Bandit}
 */
export function createBandit({ width, states = 16, seed = 0, temperatures = [1, 1, 1], inputs = 4, table = "teacher" }) {
  const stream = new Stream(seed);
  const sizes = [inputs, width, width, 1];
  const layers = [];
  for (let l = 0; l < 3; l++) {
    const [nIn, nOut] = [sizes[l], sizes[l + 1]];
    const fixedZeroLogit = l === 2 ? 1 : 0;
    const limit = Math.sqrt(6 / (nIn + nOut + fixedZeroLogit));
    const weights = Float64Array.from({ length: nIn * nOut }, () => (2 * stream.uniform() - 1) * limit);
    const bias = Float64Array.from({ length: nOut }, () => (2 * stream.uniform() - 1) * 0.001);
    layers.push({ nIn, nOut, weights, bias, temperature: temperatures[l] });
  }
  const observations = Array.from({ length: states }, () => Float64Array.from({ length: inputs }, () => stream.normal()));
  const teacher = Float64Array.from({ length: inputs }, () => stream.normal());
  const rewards = observations.map((x) => {
    if (table === "uniform") return Float64Array.from({ length: 2 }, () => stream.uniform());
    const right = x.reduce((sum, v, k) => sum + v * teacher[k], 0) > 0 ? 0 : 1;
    return Float64Array.from({ length: 2 }, (_, a) => (a === right ? 1 : 0));
  });
  const baseline = rewards.reduce((sum, r) => sum + r[0] + r[1], 0) / (2 * states);
  return { width, inputs, layers, states: observations, rewards, baseline, ...growthOf(layers[1]) };
}

/** e^{W/T} and e^{−W/T} of a Bernoulli layer's weights (flip-gains.ts weightGrowth and its reciprocal). */
function growthOf(/** @type {Layer} */ layer) {
  const growth = layer.weights.map((w) => Math.exp(w / layer.temperature));
  return { growth, shrink: growth.map((g) => 1 / g) };
}

/** The logistic function. */
export function sigmoid(/** @type {number} */ x) {
  return 1 / (1 + Math.exp(-x));
}

/** softplus(x) = log(1 + e^x), without overflow. */
export function softplus(/** @type {number} */ x) {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** Potentials a = Wᵀx + b of a layer. */
export function potentials(/** @type {Layer} */ layer, /** @type {ArrayLike<number>} */ x) {
  const a = Float64Array.from(layer.bias);
  const { nIn, nOut, weights } = layer;
  for (let i = 0; i < nIn; i++) {
    const xi = x[i];
    if (xi === 0) continue;
    const row = i * nOut;
    for (let j = 0; j < nOut; j++) a[j] += xi * weights[row + j];
  }
  return a;
}

/** Means σ(a/T) of a Bernoulli layer's units. */
export function means(/** @type {Layer} */ layer, /** @type {Float64Array} */ a) {
  return a.map((v) => sigmoid(v / layer.temperature));
}

/** The number of parameters of each layer (weights and biases): the length of its gradient vector. */
export function parameterCounts(/** @type {Bandit} */ bandit) {
  return bandit.layers.map((layer) => (layer.nIn + 1) * layer.nOut);
}
