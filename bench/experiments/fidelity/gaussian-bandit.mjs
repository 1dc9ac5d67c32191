// @ts-check
// The Gaussian set-up: the same bandit task (bandit.mjs: 16 observations, a linear teacher's
// reward table, baseline ½) on MAP propagation's CartPole actor (bindings/rules/algorithms.ts
// planNetworks, mapActor; bindings/rules/map-prop.ts): 4 inputs → n Gaussian units with softplus
// means (variance 0.03) → n Gaussian units (variance 0.1) → two logits, softmax at temperature 2;
// Glorot-uniform weights (fan-out without a fixed class) and zero biases (assembly/kernels/network.ts
// createNetwork). A unit draws h = f(a) + σ·ε, f = softplus (its slope σ(a), activation.ts).

import { createBandit } from "./bandit.mjs";
import { Stream } from "./random.mjs";

/**
 * @typedef {{ nIn: number, nOut: number, weights: Float64Array, bias: Float64Array, variance: number, temperature: number }} GaussianLayer
 * @typedef {{ width: number, layers: GaussianLayer[], states: Float64Array[], rewards: Float64Array[], baseline: number }} GaussianBandit
 */

/**
 * @param {{ width: number, states?: number, seed?: number, variances?: number[], temperature?: number }} options
 * @returns {GaussianBandit}
 */
export function createGaussianBandit({ width, states = 16, seed = 0, variances = [0.03, 0.1], temperature = 2 }) {
  // The task (states, rewards) is the Bernoulli set-up's for the same seed; the weights are drawn apart.
  const task = createBandit({ width: 1, states, seed });
  const stream = new Stream(seed + 1_000_003);
  const sizes = [task.inputs, width, width, 2];
  const layers = [0, 1, 2].map((l) => {
    const [nIn, nOut] = [sizes[l], sizes[l + 1]];
    const limit = Math.sqrt(6 / (nIn + nOut));
    const weights = Float64Array.from({ length: nIn * nOut }, () => (2 * stream.uniform() - 1) * limit);
    return { nIn, nOut, weights, bias: new Float64Array(nOut), variance: l < 2 ? variances[l] : 0, temperature: l === 2 ? temperature : 1 };
  });
  return { width, layers, states: task.states, rewards: task.rewards, baseline: task.baseline };
}

/** softplus with the reference's cut (x for x > 30) and its slope σ(x). */
export function softplus(/** @type {number} */ x) {
  return x > 30 ? x : Math.log1p(Math.exp(x));
}

/** @param {number} x */
export function logistic(x) {
  return 1 / (1 + Math.exp(-x));
}

/** a = Wᵀx + b. @param {GaussianLayer} layer @param {ArrayLike<number>} x */
export function affine(layer, x) {
  const a = Float64Array.from(layer.bias);
  for (let i = 0; i < layer.nIn; i++) {
    const xi = x[i];
    const row = i * layer.nOut;
    for (let j = 0; j < layer.nOut; j++) a[j] += xi * layer.weights[row + j];
  }
  return a;
}

/** Softmax of the logits z at temperature T. @param {Float64Array} z @param {number} T */
export function softmax(z, T) {
  const top = Math.max(...z) / T;
  const e = z.map((v) => Math.exp(v / T - top));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

/**
 * @typedef {{ state: number, x: Float64Array, eps1: Float64Array, eps2: Float64Array,
 *   a1: Float64Array, h1: Float64Array, a2: Float64Array, h2: Float64Array, z: Float64Array, pi: Float64Array,
 *   action: number, reward: number }} GaussianSample
 */

/**
 * Ancestral sampling, keeping the unit noises ε (the reference differentiates through them).
 * @param {GaussianBandit} bandit @param {number} state @param {Stream} stream
 * @returns {GaussianSample}
 */
export function drawGaussianSample(bandit, state, stream) {
  const [L1, L2, L3] = bandit.layers;
  const x = bandit.states[state];
  const a1 = affine(L1, x);
  const eps1 = a1.map(() => stream.normal());
  const h1 = a1.map((a, i) => softplus(a) + Math.sqrt(L1.variance) * eps1[i]);
  const a2 = affine(L2, h1);
  const eps2 = a2.map(() => stream.normal());
  const h2 = a2.map((a, j) => softplus(a) + Math.sqrt(L2.variance) * eps2[j]);
  const z = affine(L3, h2);
  const pi = softmax(z, L3.temperature);
  const action = stream.uniform() < pi[0] ? 0 : 1;
  return { state, x, eps1, eps2, a1, h1, a2, h2, z, pi, action, reward: bandit.rewards[state][action] - bandit.baseline };
}
