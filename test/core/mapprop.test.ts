// MAP propagation: settling must descend the network's energy −Σ log π_l(H^l | H^{l−1}) with
// the action clamped, and at its fixed point the eligibilities are the backprop deltas of
// log π(A | s) (docs/learning-rules.mda).
import { beforeAll, describe, expect, it } from "vitest";
import { type Core, loadCore, precisions } from "../../bindings/core/core";
import { Network, type LayerSpec } from "../../bindings/core/network";
import { activation, activationSlope, affine, logSoftmax, softmax } from "../helpers";

let core: Core;

const observation = [0.3, -0.8, 1.1, 0.05];

function mapNetwork(variances: [number, number], seed: number): Network {
  const layers: LayerSpec[] = [
    { size: 9, unit: "gaussian", activation: "softplus", variance: variances[0], learningRate: 0 },
    { size: 6, unit: "gaussian", activation: "softplus", variance: variances[1], learningRate: 0 },
    { size: 3, unit: "categorical", temperature: 2, learningRate: 0 },
  ];
  const net = new Network({ inputSize: 4, layers, seed }, 0, core);
  net.setInput(observation);
  net.forward();
  return net;
}

/** −log π of every layer, recomputed in float64 from the weights and current values. */
function energy(net: Network, variances: [number, number]): number {
  let below: number[] = observation;
  let total = 0;
  for (let l = 0; l < 3; l++) {
    const { inputs, units, stride } = net.shape(l);
    const pot = affine(below, inputs, net.buffer(l, "weights"), net.buffer(l, "bias"), units, stride);
    const values = Array.from(net.buffer(l, "values").subarray(0, units));
    if (l < 2) {
      total += values.reduce((s, h, j) => s + (h - activation("softplus", pot[j])) ** 2, 0) / (2 * variances[l]);
    } else {
      total -= logSoftmax(pot.map((a) => a / 2), net.actions()[0]);
    }
    below = values;
  }
  return total;
}

describe.each(precisions)("%s core", (precision) => {
  beforeAll(async () => {
    core = await loadCore({ precision });
  });

  describe("MAP propagation settling", () => {
    it("never increases the energy and lowers it substantially", () => {
      for (let seed = 0; seed < 10; seed++) {
        const variances: [number, number] = [0.3, 1];
        const net = mapNetwork(variances, seed);
        const action = net.actions()[0];
        const energies = [energy(net, variances)];
        for (let step = 0; step < 20; step++) {
          net.settle(1);
          energies.push(energy(net, variances));
          expect(net.actions()[0]).toBe(action); // output clamped
        }
        for (let k = 1; k < energies.length; k++) expect(energies[k]).toBeLessThanOrEqual(energies[k - 1] + 1e-5);
        expect(energies[20]).toBeLessThan(energies[0] * 0.5);
        net.dispose();
      }
    });

    it("refreshes the bottom layer from weights changed after the forward pass, then keeps it", () => {
      const variances: [number, number] = [0.3, 1];
      const net = mapNetwork(variances, 2);
      const { stride } = net.shape(0);
      const weights = net.buffer(0, "weights"); // a live view: a learning step would change it the same way
      for (let k = 0; k < weights.length; k++) weights[k] *= 1.5;
      net.settle(3);
      const pot = affine(observation, 4, net.buffer(0, "weights"), net.buffer(0, "bias"), 9, stride);
      const mean = net.buffer(0, "mean");
      pot.forEach((a, j) => expect(mean[j]).toBeCloseTo(activation("softplus", a), 5));
      net.dispose();
    });

    it("at convergence with small variances, eligibilities equal backprop of log π(A | s)", () => {
      const variances: [number, number] = [1e-3, 1e-3];
      const net = mapNetwork(variances, 5);
      net.settle(400);
      net.recordTrace(0, "local");
      // Backprop at the settled state, in float64.
      const h0 = Array.from(net.buffer(0, "values").subarray(0, 9));
      const h1 = Array.from(net.buffer(1, "values").subarray(0, 6));
      const a0 = affine(observation, 4, net.buffer(0, "weights"), net.buffer(0, "bias"), 9, net.shape(0).stride);
      const a1 = affine(h0, 9, net.buffer(1, "weights"), net.buffer(1, "bias"), 6, net.shape(1).stride);
      const a2 = affine(h1, 6, net.buffer(2, "weights"), net.buffer(2, "bias"), 3, net.shape(2).stride);
      const pi = softmax(a2.map((a) => a / 2));
      const d2 = pi.map((p, k) => ((k === net.actions()[0] ? 1 : 0) - p) / 2);
      const back = (delta: number[], l: number, n: number) =>
        Array.from({ length: n }, (_, i) => delta.reduce((s, d, j) => s + d * net.buffer(l, "weights")[i * net.shape(l).stride + j], 0));
      const d1 = back(d2, 2, 6).map((u, j) => u * activationSlope("softplus", a1[j]));
      const d0 = back(d1, 1, 9).map((u, j) => u * activationSlope("softplus", a0[j]));
      [d0, d1, d2].forEach((expected, l) => {
        const elig = net.buffer(l, "traceBias");
        expected.forEach((e, j) => expect(elig[j]).toBeCloseTo(e, 2));
      });
      net.dispose();
    });
  });
});
