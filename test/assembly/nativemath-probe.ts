// Test probe for test/core/nativemath-vector.test.ts: the core's two-lane exp, log1p and log beside
// the scalar NativeMath calls, over a buffer of arguments. Compiled with the release target of
// asconfig.json, as the cores are, so Math.exp here is the same NativeMath variant (exp_lut).
import { expf64x2, log1pf64x2, logf64x2 } from "../../assembly/simd/nativemath-vector";

/** Bytes for the caller's arguments and results. */
export function alloc(bytes: usize): usize {
  return heap.alloc(bytes);
}

/**
 * For the n arguments at input (n even; lanes 0 and 1 of vector i are arguments 2i and 2i + 1)
 * writes function `which` (0 exp, 1 log1p, 2 log) by the vector code to vector[] and by scalar
 * NativeMath to scalar[].
 */
export function evaluate(which: i32, input: usize, n: i32, vector: usize, scalar: usize): void {
  for (let i = 0; i < n; i += 2) {
    const at = <usize>i << 3;
    const x = v128.load(input + at);
    const y = which == 0 ? expf64x2(x) : which == 1 ? log1pf64x2(x) : logf64x2(x);
    v128.store(vector + at, y);
    for (let lane: usize = 0; lane < 2; lane++) {
      const a = load<f64>(input + at + (lane << 3));
      store<f64>(scalar + at + (lane << 3), which == 0 ? Math.exp(a) : which == 1 ? Math.log1p(a) : Math.log(a));
    }
  }
}
