// The scalar Wasm build (the same kernels compiled without SIMD, assembly/simd/vector-scalar.ts)
// against the SIMD build. Lane-wise arithmetic rounds identically in both; only sums across
// lanes (back-projections, Weight Maximization's rewards) add in a different order, so the two
// builds take the same actions and end with weights that differ by rounding alone. Measured
// after 1000 CartPole steps, max |Δw| / max |w|: float64 ≤ 1.8e-11, float32 ≤ 4.2e-4 (MAP
// Propagation; 1e-6..8e-6 for the rest). Asynchronous MAP Propagation amplifies rounding: its
// trace weights 1/(ε + α·g²) reach 1e5 for units at rest, so its weights differ by 2e-4
// (float64) and 0.28 (float32) after 300 identical actions and its actions first differ at step
// 791 (float64) and 420 (float32); it is compared on its first 300 actions only, as in
// test/core/precision.test.ts.
import { readFileSync } from "node:fs";
import binaryen from "binaryen";
import { beforeAll, describe, expect, it } from "vitest";
import { Agent } from "../../bindings/training/agent";
import { algorithms } from "../../bindings/rules/algorithms";
import { type Core, type Precision, loadCore, precisions } from "../../bindings/core/core";
import { makeEnv } from "../../bindings/envs/registry";
import { drive } from "../drive";

const cores = {} as Record<Precision, { simd: Core; scalar: Core }>;

beforeAll(async () => {
  for (const precision of precisions) {
    cores[precision] = { simd: await loadCore({ precision }), scalar: await loadCore({ precision, backend: "wasm-scalar" }) };
  }
});

/** The smallest module with a v128 instruction (i8x16.splat): the check's positive control. */
const SIMD_MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, 0x03, 0x02, 0x01, 0x00,
  0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0x00, 0xfd, 0x0f, 0x0b,
]);

/** Whether a module validates with every Wasm feature except SIMD. */
function validatesWithoutSimd(bytes: Uint8Array): boolean {
  const module = binaryen.readBinary(bytes);
  try {
    module.setFeatures(binaryen.Features.All & ~binaryen.Features.SIMD128 & ~binaryen.Features.RelaxedSIMD);
    return module.validate() === 1;
  } finally {
    module.dispose();
  }
}

describe("the scalar builds", () => {
  it("contain no SIMD instruction", () => {
    const build = (file: string) => readFileSync(new URL(`../../build/${file}`, import.meta.url));
    expect(validatesWithoutSimd(build("core-scalar.wasm"))).toBe(true);
    expect(validatesWithoutSimd(build("core64-scalar.wasm"))).toBe(true);
    // The check does catch a v128 instruction (binaryen prints the offending function to stderr).
    expect(validatesWithoutSimd(SIMD_MODULE)).toBe(false);
  });

  it("load as the wasm-scalar backend", () => {
    expect(cores.float32.scalar.backend).toBe("wasm-scalar");
    expect(cores.float32.scalar).not.toBe(cores.float32.simd);
    expect(cores.float64.scalar.floatBytes).toBe(8);
  });
});


const weights = (agent: Agent): number[] =>
  [agent.actor, agent.critic].flatMap((net) => Array.from({ length: net.layerCount }, (_, l) => [...net.buffer(l, "weights"), ...net.buffer(l, "bias")]).flat());

/** max |a − b| / max |a|. */
function relativeDifference(a: number[], b: number[]): number {
  let scale = 0;
  let diff = 0;
  for (let k = 0; k < a.length; k++) {
    scale = Math.max(scale, Math.abs(a[k]));
    diff = Math.max(diff, Math.abs(a[k] - b[k]));
  }
  return diff / scale;
}

const tolerance: Record<Precision, number> = { float64: 1e-9, float32: 2e-3 };

describe.each(precisions)("scalar and SIMD Wasm agents (%s)", (precision) => {
  it.each(algorithms)("%s: the same CartPole actions and weights equal up to rounding", (algorithm) => {
    const steps = algorithm === "async-map-prop" ? 300 : 1000;
    const run = (core: Core) => {
      const env = makeEnv("CartPole-v1", { seed: 3 });
      const agent = Agent.create({ algorithm, env, seed: 3, precision }, core);
      const actions = drive(agent, env, { observation: env.reset({ seed: 3 }).observation }, steps);
      const result = { actions, weights: weights(agent) };
      agent.dispose();
      return result;
    };
    const simd = run(cores[precision].simd);
    const scalar = run(cores[precision].scalar);
    expect(scalar.actions).toEqual(simd.actions);
    if (algorithm !== "async-map-prop") expect(relativeDifference(simd.weights, scalar.weights)).toBeLessThan(tolerance[precision]);
  });
});
