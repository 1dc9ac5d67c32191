// Weight Maximization: a hidden unit's reward is the first-order change of the p-norm^p of its
// outgoing weights under the upper layer's raw update U = trace ⊙ reward, using the weights
// after the upper layer's own step (docs/learning-rules.md).
import { beforeAll, describe, expect, it } from "vitest";
import { type Core, loadCore, precisions } from "../../bindings/core/core";
import { Network } from "../../bindings/core/network";

let core: Core;

function weightMaxNetwork(topRate: number, seed: number): Network {
  const net = new Network({
    inputSize: 4,
    seed,
    layers: [
      { size: 6, unit: "bernoulli", learningRate: 0, biasInit: 0.001 },
      { size: 5, unit: "bernoulli", learningRate: 0, biasInit: 0.001 },
      { size: 2, unit: "categorical", fixedZeroLogit: true, learningRate: topRate, biasInit: 0.001 },
    ],
  }, 0, core);
  net.setInput([0.5, -1, 0.25, 2]);
  net.forward();
  net.recordTrace(0, "local");
  return net;
}

/** Σ_j |w_ij|^p over unit i's outgoing weights, in float64. */
function outgoingNorm(weights: ArrayLike<number>, i: number, units: number, stride: number, p: number): number {
  let s = 0;
  for (let j = 0; j < units; j++) s += Math.abs(weights[i * stride + j]) ** p;
  return s;
}

describe.each(precisions)("%s core", (precision) => {
  beforeAll(async () => {
    core = await loadCore({ precision });
  });

  describe("Weight Maximization reward", () => {
    it.each([2, 3, 1.5])("equals the change of Σ|w|^p of outgoing weights to first order (p = %s)", (p) => {
      for (let seed = 0; seed < 5; seed++) {
        const net = weightMaxNetwork(0, seed); // top layer frozen: its weights are the same before and after
        const delta = 0.8;
        const { inputs, units, stride } = net.shape(2);
        const weights = Float64Array.from(net.buffer(2, "weights"));
        const update = Float64Array.from(net.buffer(2, "traceWeights"), (z) => z * delta);
        net.learnWeightMax([delta], 0, p);
        const reward = net.buffer(1, "reward");
        const eps = 1e-6;
        for (let i = 0; i < inputs; i++) {
          const moved = weights.map((w, k) => w + eps * update[k]);
          const change = (outgoingNorm(moved, i, units, stride, p) - outgoingNorm(weights, i, units, stride, p)) / eps;
          expect(reward[i]).toBeCloseTo(change, 3);
        }
        net.dispose();
      }
    });

    it("uses the upper layer's weights after its Adam step", () => {
      const net = weightMaxNetwork(0.05, 1);
      const { inputs, units, stride } = net.shape(2);
      const trace = Float64Array.from(net.buffer(2, "traceWeights"));
      const before = Float64Array.from(net.buffer(2, "weights"));
      net.learnWeightMax([1], 0, 2);
      const after = net.buffer(2, "weights");
      // Adam's first step moves every weight with a nonzero gradient by about the learning rate.
      const active = trace.findIndex((z) => z !== 0);
      expect(Math.abs(after[active] - before[active])).toBeCloseTo(0.05, 3);
      const reward = net.buffer(1, "reward");
      for (let i = 0; i < inputs; i++) {
        let expected = 0;
        for (let j = 0; j < units; j++) expected += 2 * after[i * stride + j] * trace[i * stride + j];
        expect(reward[i]).toBeCloseTo(expected, 5);
      }
      net.dispose();
    });

    it("reaches the first layer as the product of the layers above", () => {
      const net = weightMaxNetwork(0, 2);
      net.learnWeightMax([1], 0, 2);
      const r1 = net.buffer(1, "reward");
      const w1 = net.buffer(1, "weights");
      const z1 = net.buffer(1, "traceWeights");
      const r0 = net.buffer(0, "reward");
      const { inputs, units, stride } = net.shape(1);
      for (let i = 0; i < inputs; i++) {
        let expected = 0;
        for (let j = 0; j < units; j++) expected += 2 * w1[i * stride + j] * z1[i * stride + j] * r1[j];
        expect(r0[i]).toBeCloseTo(expected, 5);
      }
      net.dispose();
    });
  });
});
