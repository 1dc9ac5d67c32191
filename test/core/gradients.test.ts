// Every unit type's eligibility must be the gradient of its log-probability with respect to
// the potential (and input ⊗ that for the weights), checked against finite differences of an
// independent float64 log-density.
import { beforeAll, describe, expect, it } from "vitest";
import { type Core, loadCore, precisions } from "../../bindings/core/core";
import { Network, type LayerSpec } from "../../bindings/core/network";
import { activation, activationSlope, logSoftmax, numericDerivative, sigmoid } from "../helpers";

let core: Core;

const input = [0.7, -1.2, 0.4];

/** One-layer network sampled once; returns potentials, values and the recorded eligibility. */
function sampleLayer(spec: LayerSpec, seed: number) {
  const net = new Network({ inputSize: 3, layers: [spec], seed }, 0, core);
  net.setInput(input);
  net.forward();
  net.recordTrace(0, "local");
  const { units, stride } = net.shape(0);
  const result = {
    potentials: Array.from(net.buffer(0, "potentials").subarray(0, units)),
    values: Array.from(net.buffer(0, "values").subarray(0, units)),
    eligibility: Array.from(net.buffer(0, "traceBias").subarray(0, units)),
    traceWeights: Array.from(net.buffer(0, "traceWeights")),
    action: net.actions()[0],
    stride,
  };
  net.dispose();
  return result;
}

function expectWeightTrace(r: ReturnType<typeof sampleLayer>, units: number) {
  for (let i = 0; i < input.length; i++) {
    for (let j = 0; j < units; j++) expect(r.traceWeights[i * r.stride + j]).toBeCloseTo(input[i] * r.eligibility[j], 5);
  }
}

describe.each(precisions)("%s core", (precision) => {
  beforeAll(async () => {
    core = await loadCore({ precision });
  });

  describe("log-probability gradients match finite differences", () => {
    it.each([0.5, 1, 2])("Bernoulli-logistic units, temperature %s", (temperature) => {
      for (let seed = 0; seed < 5; seed++) {
        const r = sampleLayer({ size: 6, unit: "bernoulli", temperature, learningRate: 0 }, seed);
        r.potentials.forEach((a, j) => {
          const h = r.values[j];
          expect(h === 0 || h === 1).toBe(true);
          const logp = (x: number) => (h === 1 ? Math.log(sigmoid(x / temperature)) : Math.log(1 - sigmoid(x / temperature)));
          expect(r.eligibility[j]).toBeCloseTo(numericDerivative(logp, a), 4);
        });
        expectWeightTrace(r, 6);
      }
    });

    it.each(["softplus", "relu", "linear", "logistic"] as const)("Gaussian units with %s mean", (kind) => {
      const variance = 0.3;
      for (let seed = 0; seed < 5; seed++) {
        const r = sampleLayer({ size: 7, unit: "gaussian", activation: kind, variance, learningRate: 0 }, seed);
        r.potentials.forEach((a, j) => {
          if (kind === "relu" && Math.abs(a) < 1e-3) return; // kink
          const h = r.values[j];
          const logp = (x: number) => -((h - activation(kind, x)) ** 2) / (2 * variance);
          expect(r.eligibility[j]).toBeCloseTo(numericDerivative(logp, a), 4);
        });
        expectWeightTrace(r, 7);
      }
    });

    it.each([
      [false, 1],
      [false, 2],
      [true, 1],
      [true, 4],
    ])("categorical output (fixed zero logit %s, temperature %s)", (fixedZeroLogit, temperature) => {
      const logits = 3;
      for (let seed = 0; seed < 8; seed++) {
        const r = sampleLayer({ size: logits, unit: "categorical", temperature, fixedZeroLogit, learningRate: 0 }, seed);
        const classes = fixedZeroLogit ? logits + 1 : logits;
        expect(r.action).toBeGreaterThanOrEqual(0);
        expect(r.action).toBeLessThan(classes);
        r.potentials.forEach((a, j) => {
          const logp = (x: number) => {
            const z = r.potentials.map((p, k) => (k === j ? x : p) / temperature);
            if (fixedZeroLogit) z.push(0);
            return logSoftmax(z, r.action);
          };
          expect(r.eligibility[j]).toBeCloseTo(numericDerivative(logp, a), 4);
        });
        expectWeightTrace(r, logits);
      }
    });

    it.each(["softplus", "relu", "linear", "logistic"] as const)("deterministic %s units: value = f(a), signal f'(a)", (kind) => {
      const r = sampleLayer({ size: 5, unit: "deterministic", activation: kind, learningRate: 0 }, 3);
      r.potentials.forEach((a, j) => {
        expect(r.values[j]).toBeCloseTo(activation(kind, a), 5);
        expect(r.eligibility[j]).toBeCloseTo(activationSlope(kind, a), 5);
      });
    });
  });

  describe("sampling follows the unit's distribution", () => {
    it("Bernoulli frequencies match sigmoid(a/T)", () => {
      const net = new Network({ inputSize: 3, layers: [{ size: 4, unit: "bernoulli", temperature: 2, learningRate: 0 }], seed: 9 }, 0, core);
      net.setInput(input);
      const counts = [0, 0, 0, 0];
      const draws = 20000;
      for (let k = 0; k < draws; k++) {
        net.forward();
        net.buffer(0, "values").subarray(0, 4).forEach((h, j) => (counts[j] += h));
      }
      const pot = net.buffer(0, "potentials");
      counts.forEach((c, j) => expect(Math.abs(c / draws - sigmoid(pot[j] / 2))).toBeLessThan(0.015));
      net.dispose();
    });

    it("Gaussian values have mean f(a) and the configured variance", () => {
      const net = new Network({ inputSize: 3, layers: [{ size: 2, unit: "gaussian", activation: "softplus", variance: 0.25, learningRate: 0 }], seed: 4 }, 0, core);
      net.setInput(input);
      let sum = 0;
      let sq = 0;
      const draws = 20000;
      for (let k = 0; k < draws; k++) {
        net.forward();
        const h = net.buffer(0, "values")[0];
        sum += h;
        sq += h * h;
      }
      const mean = sum / draws;
      expect(mean).toBeCloseTo(activation("softplus", net.buffer(0, "potentials")[0]), 1);
      expect(sq / draws - mean * mean).toBeCloseTo(0.25, 1);
      net.dispose();
    });
  });
});
