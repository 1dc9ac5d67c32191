// @ts-check
// One width of the study: the bandit, its reference gradient (exact where it can be enumerated,
// else local expectation gradients over their own samples) and every rule's measures against it,
// per layer, from the same samples for every rule. Each sample's state is drawn uniformly (J weighs
// the states equally), independently of the others: with states visited in turn the samples would
// not be independent, and the noise corrections of measures.mjs would over-correct.

import { createBandit } from "./bandit.mjs";
import { MAX_EXACT_WIDTH, exactGradient } from "./exact.mjs";
import { localExpectation } from "./local-expectation.mjs";
import { Accumulator, cosine, squaredNorm } from "./measures.mjs";
import { Stream } from "./random.mjs";
import { RULES, ruleUpdates } from "./rules.mjs";
import { drawSample } from "./sample.mjs";

export const LAYERS = ["hidden 1", "hidden 2", "output"];

/**
 * @typedef {{
 *   width: number, samples: number, referenceSamples: number, states?: number, seed?: number,
 *   sweeps?: number, exactUpTo?: number, temperatures?: number[], table?: "teacher" | "uniform",
 * }} WidthOptions
 *   samples: per rule (shared); referenceSamples: the local-expectation estimator's;
 *   exactUpTo: the widest bandit whose gradient is enumerated (at most exact.mjs MAX_EXACT_WIDTH).
 */

/**
 * The local-expectation estimate of ∇J from `count` samples of its own stream: per layer the mean,
 * its noise-corrected squared norm and its relative standard error.
 * @param {import("./bandit.mjs").Bandit} bandit @param {number} count @param {number} seed
 */
export function referenceGradient(bandit, count, seed) {
  const stream = new Stream(seed);
  const accumulators = bandit.layers.map((L) => new Accumulator(L.nIn, L.nOut));
  const S = bandit.states.length;
  for (let k = 0; k < count; k++) {
    const estimate = localExpectation(bandit, drawSample(bandit, Math.floor(stream.uniform() * S), stream));
    estimate.forEach((update, l) => accumulators[l].add(update));
  }
  return accumulators.map((a) => {
    const squares = a.signalSquares();
    return { gradient: a.mean(), squares, relativeStandardError: Math.sqrt(a.variance() / count / squares) };
  });
}

/** @param {WidthOptions} options */
export function measureWidth({ width, samples, referenceSamples, states = 16, seed = 0, sweeps = 20, exactUpTo = 8, temperatures = [1, 1, 1], table = "teacher" }) {
  if (exactUpTo > MAX_EXACT_WIDTH) throw new RangeError(`exactUpTo: expected at most ${MAX_EXACT_WIDTH}, got ${exactUpTo}`);
  const bandit = createBandit({ width, states, seed, temperatures, table });
  const sampled = referenceGradient(bandit, referenceSamples, seed + 1);
  const exact = width <= exactUpTo ? exactGradient(bandit) : null;
  const reference = LAYERS.map((name, l) => ({
    layer: name,
    kind: exact ? "exact" : "local expectation",
    gradientNorm: Math.sqrt(exact ? squaredNorm(exact.gradient[l]) : Math.max(0, sampled[l].squares)),
    localExpectationSamples: referenceSamples,
    localExpectationRelativeStandardError: sampled[l].relativeStandardError,
    // Where both exist: how far the local-expectation estimate is from the exact gradient.
    ...(exact ? { localExpectationCosine: cosine(sampled[l].gradient, exact.gradient[l]), localExpectationRelativeError: Math.sqrt(squaredNorm(sampled[l].gradient.map((v, k) => v - exact.gradient[l][k])) / squaredNorm(exact.gradient[l])) } : {}),
  }));
  const targets = LAYERS.map((_, l) => (exact ? exact.gradient[l] : sampled[l].gradient));
  const targetSquares = LAYERS.map((_, l) => (exact ? squaredNorm(targets[l]) : sampled[l].squares));

  const accumulators = Object.fromEntries(RULES.map(({ name }) => [name, bandit.layers.map((L, l) => new Accumulator(L.nIn, L.nOut, targets[l]))]));
  const stream = new Stream(seed + 2);
  const gibbsStream = new Stream(seed + 3);
  let depth = 0;
  for (let k = 0; k < samples; k++) {
    const { updates, icmDepth } = ruleUpdates(bandit, drawSample(bandit, Math.floor(stream.uniform() * states), stream), gibbsStream, sweeps);
    depth += icmDepth;
    for (const { name } of RULES) updates[name].forEach((update, l) => accumulators[name][l].add(update));
  }
  // The docs select a width by its values (`widths[512]`): whatever else this record holds at its
  // top level is nested or a fraction, so no other field can read as a width.
  return {
    width,
    samples,
    bandit: { states, seed, temperatures, table, objective: exact?.objective ?? null },
    icmDepth: depth / samples,
    reference,
    rules: RULES.map(({ name }) => ({ rule: name, layers: LAYERS.map((layer, l) => ({ layer, ...accumulators[name][l].measures(targetSquares[l]) })) })),
  };
}
