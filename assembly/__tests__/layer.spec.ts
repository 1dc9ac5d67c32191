import { ActivationCode, UnitCode } from "../../bindings/core/interface";
import { Layer, allocFloats, allocateLayerBuffers, computePotentials, backProject, accumulateTrace } from "../kernels/layer";
import { seedStream, uniform } from "../kernels/random";
import { roundUp4 } from "../kernels/network";

const rng = heap.alloc(16);

function randomFill(ptr: usize, n: i32): void {
  for (let k = 0; k < n; k++) store<f32>(ptr + (<usize>k << 2), 2 * uniform(rng) - 1);
}

/** A layer with odd sizes so that padding lanes are exercised. */
function makeLayer(nIn: i32, nOut: i32, batch: i32): Layer {
  const L = changetype<Layer>(heap.alloc(offsetof<Layer>()));
  memory.fill(changetype<usize>(L), 0, offsetof<Layer>());
  L.nIn = nIn;
  L.nOut = nOut;
  L.stride = roundUp4(nOut);
  L.inStride = roundUp4(nIn);
  L.batch = batch;
  L.unit = UnitCode.gaussian;
  L.activation = ActivationCode.softplus;
  L.variance = 0.1;
  L.temperature = 1;
  allocateLayerBuffers(L);
  L.input = allocFloats(batch * L.inStride);
  for (let b = 0; b < batch; b++) randomFill(L.input + (<usize>(b * L.inStride) << 2), nIn);
  for (let i = 0; i < nIn; i++) randomFill(L.weights + (<usize>(i * L.stride) << 2), nOut);
  randomFill(L.bias, nOut);
  return L;
}

function f(ptr: usize, k: i32): f32 {
  return load<f32>(ptr + (<usize>k << 2));
}

describe("SIMD kernels against scalar loops", () => {
  test("potentials x·W + b", () => {
    seedStream(rng, 11);
    const L = makeLayer(7, 21, 3); // one 16-column block plus two single vectors
    store<f32>(L.input + 8, 0); // a silent input is skipped
    computePotentials(L);
    for (let b = 0; b < 3; b++) {
      for (let j = 0; j < 21; j++) {
        let acc: f32 = f(L.bias, j);
        for (let i = 0; i < 7; i++) acc += f(L.input, b * L.inStride + i) * f(L.weights, i * L.stride + j);
        expect(Mathf.abs(f(L.potentials, b * L.stride + j) - acc)).toBeLessThan(1e-5);
      }
    }
  });

  test("back-projection elig·Wᵀ ignores padding lanes", () => {
    seedStream(rng, 12);
    const L = makeLayer(7, 6, 2); // four rows at a time, then three single rows
    for (let b = 0; b < 2; b++) randomFill(L.eligibility + (<usize>(b * L.stride) << 2), 6);
    backProject(L);
    for (let b = 0; b < 2; b++) {
      for (let i = 0; i < 7; i++) {
        let acc: f32 = 0;
        for (let j = 0; j < 6; j++) acc += f(L.eligibility, b * L.stride + j) * f(L.weights, i * L.stride + j);
        expect(Mathf.abs(f(L.backProjection, b * L.inStride + i) - acc)).toBeLessThan(1e-5);
      }
    }
  });

  test("trace z ← decay·z + x ⊗ elig", () => {
    seedStream(rng, 13);
    const L = makeLayer(3, 9, 2);
    randomFill(L.traceWeights, 2 * 3 * L.stride);
    randomFill(L.traceBias, 2 * L.stride);
    const before = allocFloats(2 * 3 * L.stride);
    memory.copy(before, L.traceWeights, <usize>(2 * 3 * L.stride) << 2);
    for (let b = 0; b < 2; b++) randomFill(L.eligibility + (<usize>(b * L.stride) << 2), 9);
    accumulateTrace(L, 0.75);
    for (let b = 0; b < 2; b++) {
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 9; j++) {
          const k = b * 3 * L.stride + i * L.stride + j;
          const expected: f32 = 0.75 * f(before, k) + f(L.input, b * L.inStride + i) * f(L.eligibility, b * L.stride + j);
          expect(Mathf.abs(f(L.traceWeights, k) - expected)).toBeLessThan(1e-6);
        }
      }
    }
  });
});
