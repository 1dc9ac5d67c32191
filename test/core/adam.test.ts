// Adam as the references use it (docs/learning-rules.md): gradient ascent, per-tensor step
// counters, bias correction only while t < 1000, linear learning-rate schedules; and weight
// updates far below float32 resolution must still accumulate.
import { beforeAll, describe, expect, it } from "vitest";
import { backends, type Core, loadCore, precisions } from "../../bindings/core/core";
import { Network } from "../../bindings/core/network";

let core: Core;

function singleLayer(learningRate: number | { start: number; end: number }, scheduleSteps: number): Network {
  const net = new Network({
    inputSize: 3,
    seed: 1,
    scheduleSteps,
    adamEpsilon: 1e-8,
    layers: [{ size: 2, unit: "gaussian", activation: "linear", variance: 0.5, learningRate }],
  }, 0, core);
  net.setInput([1, -0.5, 0.25]);
  net.forward();
  net.recordTrace(0, "local"); // fixed trace: every learn() call sees the same gradient
  return net;
}

describe.each(precisions)("%s core", (precision) => {
  beforeAll(async () => {
    core = await loadCore({ precision });
  });

  describe("Adam", () => {
    it("matches an independent float64 Adam with the t ≥ 1000 bias-correction cut and the schedule", () => {
      const rate = { start: 0.01, end: 0.001 };
      const net = singleLayer(rate, 300);
      const weights0 = Float64Array.from(net.buffer(0, "weights"));
      const trace = Float64Array.from(net.buffer(0, "traceWeights"));
      const rewards = (t: number) => Math.sin(t / 37) + 0.3; // varying sign and size
      const w = Float64Array.from(weights0);
      const m = new Float64Array(w.length);
      const v = new Float64Array(w.length);
      for (let step = 0; step < 1300; step++) {
        const delta = Math.fround(rewards(step));
        net.learn([delta], step);
        const t = step + 1;
        const lr = rate.start + ((rate.end - rate.start) * Math.min(step, 300)) / 300;
        for (let k = 0; k < w.length; k++) {
          const g = delta * trace[k];
          m[k] = 0.9 * m[k] + 0.1 * g;
          v[k] = 0.999 * v[k] + 0.001 * g * g;
          const mHat = t < 1000 ? m[k] / (1 - 0.9 ** t) : m[k];
          const vHat = t < 1000 ? v[k] / (1 - 0.999 ** t) : v[k];
          w[k] += (lr * mHat) / (Math.sqrt(vHat) + 1e-8);
        }
      }
      const got = net.buffer(0, "weights");
      for (let k = 0; k < w.length; k++) {
        if (trace[k] === 0) continue;
        expect(Math.abs(got[k] - w[k])).toBeLessThan(1e-4 * Math.max(1, Math.abs(w[k] - weights0[k])));
      }
      net.dispose();
    });

    it("accumulates steps far below half a float32 ulp of the weight (compensated updates)", () => {
      const net = singleLayer(1e-9, 1);
      const before = Float64Array.from(net.buffer(0, "weights"));
      const trace = net.buffer(0, "traceWeights");
      // Constant gradient: m̂/√v̂ = 1, so every step moves each weight by exactly the rate.
      for (let step = 0; step < 999; step++) net.learn([1], step);
      const after = net.buffer(0, "weights");
      for (let k = 0; k < before.length; k++) {
        if (trace[k] === 0) continue;
        expect((after[k] - before[k]) * Math.sign(trace[k])).toBeCloseTo(999e-9, 7); // the stored weight is the high part: ±half an ulp
      }
      net.dispose();
    });
  });
});

// A parameter whose gradient stays exactly zero has moments that decay into the subnormals and
// stick there (0.9 · k ulps rounds back to k for small k); every backend sweeps them to zero every
// 1024 steps of the tensor, and no weight moves for it (assembly/kernels/subnormal.ts).
describe.each(backends.flatMap((backend) => precisions.map((precision) => [backend, precision] as const)))("%s %s core", (backend, precision) => {
  it("sets stuck subnormal Adam moments to zero at step 1024 and moves no weight", async () => {
    const net = new Network({
      inputSize: 3, seed: 1, scheduleSteps: 1, adamEpsilon: 1e-8,
      layers: [{ size: 2, unit: "gaussian", activation: "linear", variance: 0.5, learningRate: 0.01 }],
    }, 0, await loadCore({ precision, backend }));
    net.setInput([1, 0, 0.25]); // input 1 is zero: its row of traces, hence of gradients, is zero
    net.forward();
    net.recordTrace(0, "local");
    const { stride } = net.shape(0);
    const smallestNormal = precision === "float32" ? 2 ** -126 : 2 ** -1022;
    const smallestSubnormal = precision === "float32" ? 2 ** -149 : 2 ** -1074;
    const deadRow = [stride, stride + 1];
    const m = net.buffer(0, "momentWeights");
    const v = net.buffer(0, "squareWeights");
    for (const k of deadRow) {
      m[k] = 1e8 * smallestNormal; // normal, subnormal after about 175 steps of ×0.9
      v[k] = 300 * smallestSubnormal; // already stuck: 0.999 · 300 ulps rounds to 300
    }
    const deadWeights = deadRow.map((k) => net.buffer(0, "weights")[k]);
    for (let step = 0; step < 1023; step++) net.learn([1], step);
    for (const k of deadRow) {
      const moment = net.buffer(0, "momentWeights")[k];
      expect(moment).toBeGreaterThan(0);
      expect(moment).toBeLessThan(smallestNormal);
      expect(net.buffer(0, "squareWeights")[k]).toBe(300 * smallestSubnormal);
    }
    net.learn([1], 1023);
    for (const [i, k] of deadRow.entries()) {
      expect(net.buffer(0, "momentWeights")[k]).toBe(0);
      expect(net.buffer(0, "squareWeights")[k]).toBe(0);
      expect(net.buffer(0, "weights")[k]).toBe(deadWeights[i]);
    }
    // The live rows keep their normal moments.
    expect(Math.abs(net.buffer(0, "momentWeights")[0])).toBeGreaterThan(smallestNormal);
    net.dispose();
  });
});
