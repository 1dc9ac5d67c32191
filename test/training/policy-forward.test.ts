// The frozen policy's forward pass (bindings/training/policy.ts: plain float64 TypeScript, no
// core) against the core's (assembly/kernels/layer.ts forwardLayer), on every unit type: Bernoulli,
// Gaussian and deterministic units with each activation, and categorical outputs with and
// without the fixed zero logit, in float32 and float64, on the Wasm and the JS core. The core
// samples each hidden layer; the policy is given the same sampled values as the layer's input,
// and its potentials and unit means (Bernoulli probabilities, Gaussian and deterministic means,
// output probabilities) must be the core's.
//
// Potentials are bit-equal in float64: both sum the bias, then x_i·w_ij for i in order, in
// doubles (the policy skips x_i = 0, whose terms add ±0). The means agree within 4e-15 relative:
// the core takes e^x with its own SIMD exponential, the policy with fdlibm's (portable-math.ts),
// and the two round differently in the last bits. In float32 the core rounds every operation to
// float32 while the policy computes in float64 from the same float32 weights, so potentials
// agree to a few float32 ulps of the largest term and means within 1e-5 (relative for values
// above 1, else absolute).
import { beforeAll, describe, expect, it } from "vitest";
import { type Backend, type Precision, backends, getCore, loadCore, precisions } from "../../bindings/core/core";
import { type LayerSpec, Network, activations } from "../../bindings/core/network";
import { Random } from "../../bindings/core/random";
import { Policy, frozenLayers } from "../../bindings/training/policy";

const cores = backends.filter((b) => b !== "wasm-scalar").flatMap((backend) => precisions.map((precision) => ({ backend, precision })));
beforeAll(async () => {
  for (const { backend, precision } of cores) await loadCore({ precision, backend });
});

const INPUTS = 6;
const OBSERVATIONS = 200;
const rate = 1e-3;
const biasInit = 0.5;

/** Each case: hidden layers of one kind of unit, then an output layer. */
const hidden = (unit: "bernoulli" | "gaussian" | "deterministic", activation?: (typeof activations)[number]): LayerSpec[] => [
  { size: 11, unit, activation, temperature: 1.7, variance: 0.3, learningRate: rate, biasInit },
  { size: 5, unit, activation, temperature: 0.6, variance: 0.05, learningRate: rate, biasInit },
];
const categorical = (fixedZeroLogit: boolean): LayerSpec => ({ size: 3, unit: "categorical", temperature: 1.3, fixedZeroLogit, learningRate: rate, biasInit });
const gaussianOutput: LayerSpec = { size: 2, unit: "gaussian", activation: "linear", variance: 0.5, learningRate: rate, biasInit };

const cases: [string, LayerSpec[]][] = [
  ["bernoulli hidden, categorical output with the fixed zero logit", [...hidden("bernoulli"), categorical(true)]],
  ["bernoulli hidden, categorical output without it", [...hidden("bernoulli"), categorical(false)]],
  ...activations.map((a): [string, LayerSpec[]] => [`gaussian ${a} hidden, categorical output`, [...hidden("gaussian", a), categorical(false)]]),
  ...activations.map((a): [string, LayerSpec[]] => [`deterministic ${a} hidden, categorical output with the fixed zero logit`, [...hidden("deterministic", a), categorical(true)]]),
  ["gaussian softplus hidden, gaussian linear output", [...hidden("gaussian", "softplus"), gaussianOutput]],
  ["deterministic relu hidden, gaussian linear output", [...hidden("deterministic", "relu"), gaussianOutput]],
];

/** Observations from small to large, so that sigmoids saturate (|a/T| ≥ 20) and softplus cuts off (|a| > 30). */
function observations(seed: number): Float64Array[] {
  const random = new Random(seed);
  return Array.from({ length: OBSERVATIONS }, (_, k) => {
    const scale = [0.1, 1, 5, 40][k % 4];
    return Float64Array.from({ length: INPUTS }, () => scale * random.normal());
  });
}

/** |a − b| within `tolerance`, relative above 1 and absolute below. */
function close(a: number, b: number, tolerance: number): boolean {
  return Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));
}

describe.each(cores)("the frozen policy's forward pass is the core's ($backend, $precision)", ({ backend, precision }: { backend: Backend; precision: Precision }) => {
  it.each(cases)("%s", (_name, layers) => {
    const core = getCore(precision, backend);
    const net = new Network({ inputSize: INPUTS, layers, seed: 7 }, 0, core);
    const continuous = layers[layers.length - 1].unit !== "categorical";
    const outputs = layers[layers.length - 1].size;
    const policy = new Policy(
      {
        algorithm: "map-prop", precision,
        env: {
          id: "Test-v0",
          observationSpace: { kind: "box", shape: [INPUTS], low: Array(INPUTS).fill(-Infinity), high: Array(INPUTS).fill(Infinity) },
          actionSpace: continuous ? { kind: "box", shape: [outputs], low: Array(outputs).fill(-1), high: Array(outputs).fill(1) } : { kind: "discrete", n: outputs + (layers[layers.length - 1].fixedZeroLogit ? 1 : 0) },
        },
      },
      frozenLayers(net),
      new Random(1),
    );
    const potentialTolerance = precision === "float64" ? 0 : 2e-6;
    const meanTolerance = precision === "float64" ? 4e-15 : 1e-5;
    let saturated = 0;
    try {
      for (const [k, observation] of observations(11).entries()) {
        net.setInput(observation);
        net.forward();
        let input: ArrayLike<number> = observation;
        for (let l = 0; l < net.layerCount; l++) {
          const units = net.shape(l).units;
          const { potentials, means } = policy.layerForward(l, input);
          const corePotentials = Array.from(net.buffer(l, "potentials").subarray(0, units));
          const coreMeans = Array.from(net.buffer(l, "mean").subarray(0, units));
          const where = `observation ${k}, layer ${l}`;
          if (potentialTolerance === 0) expect(Array.from(potentials), where).toEqual(corePotentials);
          else {
            // float32 sums round each term: the error scales with the largest term, |bias| + Σ|x_i w_ij|.
            const { weights, bias } = policy.layers[l];
            for (let j = 0; j < units; j++) {
              let size = Math.abs(bias[j]);
              for (let i = 0; i < input.length; i++) size += Math.abs(input[i] * weights[i * units + j]);
              expect(Math.abs(potentials[j] - corePotentials[j]), `${where}, unit ${j}`).toBeLessThanOrEqual(potentialTolerance * Math.max(1, size));
            }
          }
          for (let j = 0; j < units; j++) {
            expect(close(means[j], coreMeans[j], meanTolerance), `${where}, unit ${j}: policy ${means[j]}, core ${coreMeans[j]}`).toBe(true);
            if (coreMeans[j] === 0 || coreMeans[j] === 1 || Math.abs(potentials[j]) > 30) saturated++;
          }
          if (layers[l].fixedZeroLogit) {
            // The fixed zero logit's probability, last: what the core leaves to 1 − Σ.
            expect(means).toHaveLength(units + 1);
            expect(close(means[units], 1 - coreMeans.reduce((s, p) => s + p, 0), 10 * meanTolerance), where).toBe(true);
          }
          input = Array.from(net.buffer(l, "values").subarray(0, units));
        }
      }
    } finally {
      net.dispose();
    }
    // The large observations reach the saturated regions, where the conventions must match too.
    expect(saturated).toBeGreaterThan(0);
  });
});
