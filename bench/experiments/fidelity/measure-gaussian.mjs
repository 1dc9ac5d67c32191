// @ts-check
// One width of the Gaussian set-up (gaussian-bandit.mjs): the reference is the pathwise gradient
// (backprop-gaussian.mjs) averaged over its own samples; the rules — REINFORCE on Gaussian units,
// MAP propagation (20 sweeps at settle rate 0.5) and backprop through the sampled units — are
// measured per layer on shared samples, as measure-width.mjs does for the Bernoulli set-up.

import { backpropGaussian, expectedRewardSlope, outputDelta } from "./backprop-gaussian.mjs";
import { createGaussianBandit, drawGaussianSample } from "./gaussian-bandit.mjs";
import { mapPropagation } from "./map-propagation.mjs";
import { Accumulator } from "./measures.mjs";
import { LAYERS } from "./measure-width.mjs";
import { Stream } from "./random.mjs";

/** The Gaussian set-up's rules, by name, with the settings that make them. */
export const GAUSSIAN_RULES = [
  { name: "reinforce@gaussian", settings: "`reinforce` on Gaussian units (`units: \"gaussian\"`), here on map-prop's network" },
  { name: "map-prop", settings: "`map-prop` (20 sweeps, settleRate 0.5)" },
  { name: "backprop@gaussian", settings: "`backprop` on Gaussian units, here on map-prop's network" },
];

/**
 * Every Gaussian rule's update from one sample.
 * @param {import("./gaussian-bandit.mjs").GaussianBandit} bandit @param {import("./gaussian-bandit.mjs").GaussianSample} s
 * @returns {Record<string, import("./update.mjs").Update>}
 */
export function gaussianRuleUpdates(bandit, s) {
  return {
    "reinforce@gaussian": mapPropagation(bandit, s, 0),
    "map-prop": mapPropagation(bandit, s, 20),
    "backprop@gaussian": backpropGaussian(bandit, s, outputDelta(bandit, s)),
  };
}

/**
 * The pathwise estimate of ∇J from `count` samples of its own stream, per layer.
 * @param {import("./gaussian-bandit.mjs").GaussianBandit} bandit @param {number} count @param {number} seed
 */
export function pathwiseGradient(bandit, count, seed) {
  const stream = new Stream(seed);
  const accumulators = bandit.layers.map((L) => new Accumulator(L.nIn, L.nOut));
  const S = bandit.states.length;
  for (let k = 0; k < count; k++) {
    const s = drawGaussianSample(bandit, Math.floor(stream.uniform() * S), stream);
    backpropGaussian(bandit, s, expectedRewardSlope(bandit, s)).forEach((u, l) => accumulators[l].add(u));
  }
  return accumulators.map((a) => {
    const squares = a.signalSquares();
    return { gradient: a.mean(), squares, relativeStandardError: Math.sqrt(a.variance() / count / squares) };
  });
}

/** @param {{ width: number, samples: number, referenceSamples: number, states?: number, seed?: number }} options */
export function measureGaussianWidth({ width, samples, referenceSamples, states = 16, seed = 0 }) {
  const bandit = createGaussianBandit({ width, states, seed });
  const reference = pathwiseGradient(bandit, referenceSamples, seed + 1);
  const accumulators = Object.fromEntries(GAUSSIAN_RULES.map(({ name }) => [name, bandit.layers.map((L, l) => new Accumulator(L.nIn, L.nOut, reference[l].gradient))]));
  const stream = new Stream(seed + 2);
  for (let k = 0; k < samples; k++) {
    const updates = gaussianRuleUpdates(bandit, drawGaussianSample(bandit, Math.floor(stream.uniform() * states), stream));
    for (const { name } of GAUSSIAN_RULES) updates[name].forEach((update, l) => accumulators[name][l].add(update));
  }
  return {
    width,
    samples,
    bandit: { states, seed, variances: bandit.layers.slice(0, 2).map((L) => L.variance), temperature: bandit.layers[2].temperature },
    reference: LAYERS.map((layer, l) => ({ layer, kind: "pathwise", gradientNorm: Math.sqrt(Math.max(0, reference[l].squares)), pathwiseSamples: referenceSamples, pathwiseRelativeStandardError: reference[l].relativeStandardError })),
    rules: GAUSSIAN_RULES.map(({ name }) => ({ rule: name, layers: LAYERS.map((layer, l) => ({ layer, ...accumulators[name][l].measures(reference[l].squares) })) })),
  };
}
