// The energy of discrete MAP propagation's networks, −log Pr(hidden, output | input), recomputed in
// float64 from the weights and values independently of the core, and brute force over every
// assignment of the hidden units: what test/core/discretemap.test.ts and test/discrete-posterior.test.ts
// hold the core's searches to.
import type { Core } from "../bindings/core/core";
import { type LayerSpec, Network } from "../bindings/core/network";
import { activation, affine, logSoftmax, softplus } from "./helpers";

/**
 * −Σ_l log π_l(values of layer l | values below) of sample 0, output included, in float64. Hidden
 * values may be fractional (mean-field means): a Bernoulli unit's term is linear in its value.
 */
export function energy(net: Network, layers: LayerSpec[], observation: readonly number[]): number {
  let below: number[] = [...observation];
  let total = 0;
  layers.forEach((spec, l) => {
    const { inputs, units, stride } = net.shape(l);
    const pot = affine(below, inputs, net.buffer(l, "weights"), net.buffer(l, "bias"), units, stride);
    const values = Array.from(net.buffer(l, "values").subarray(0, units));
    const T = spec.temperature ?? 1;
    if (spec.unit === "bernoulli") {
      total -= values.reduce((s, h, j) => s + (h * pot[j]) / T - softplus(pot[j] / T), 0);
    } else if (spec.unit === "categorical") {
      const logits = pot.map((a) => a / T);
      total -= logSoftmax(spec.fixedZeroLogit ? [...logits, 0] : logits, net.actions()[0]);
    } else {
      total += values.reduce((s, x, j) => s + (x - activation(spec.activation ?? "linear", pot[j])) ** 2, 0) / (2 * spec.variance!);
    }
    below = values;
  });
  return total;
}

/** The hidden values of sample 0 as one list (layers bottom-up). */
export const hiddenValues = (net: Network): number[] =>
  Array.from({ length: net.layerCount - 1 }, (_, l) => Array.from(net.buffer(l, "values").subarray(0, net.shape(l).units))).flat();

/** Writes a list of hidden values (layers bottom-up) back into sample 0. */
export function setHidden(net: Network, bits: number[]): void {
  let k = 0;
  for (let l = 0; l < net.layerCount - 1; l++) {
    const values = net.buffer(l, "values");
    for (let j = 0; j < net.shape(l).units; j++) values[j] = bits[k++];
  }
}

/** Every assignment of the hidden units (bit k of `code` is unit k) with its energy: 2^n states. */
export function allEnergies(net: Network, layers: LayerSpec[], observation: readonly number[]): { bits: number[]; energy: number }[] {
  const n = hiddenValues(net).length;
  const saved = hiddenValues(net);
  const out = [];
  for (let code = 0; code < 2 ** n; code++) {
    const bits = Array.from({ length: n }, (_, k) => (code >> k) & 1);
    setHidden(net, bits);
    out.push({ bits, energy: energy(net, layers, observation) });
  }
  setHidden(net, saved);
  return out;
}

/** A network of `layers` on `core` with its weights scaled by `scale` (more minima in the energy) and one forward sample of `observation`. */
export function sampledNetwork(core: Core, observation: readonly number[], layers: readonly LayerSpec[], seed: number, scale: number): Network {
  const net = new Network({ inputSize: observation.length, layers: [...layers], seed }, 0, core);
  for (let l = 0; l < layers.length; l++) {
    const w = net.buffer(l, "weights");
    for (let k = 0; k < w.length; k++) w[k] *= scale;
  }
  net.setInput(observation);
  net.forward();
  return net;
}
