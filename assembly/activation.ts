import { sigmoidv, softplusWithSlope } from "./simdmath";

// Activation functions over four lanes, with the reference implementation's conventions:
// sigmoid saturates to exactly 0/1 for |x| >= 20, softplus(x) = x for x > 30,
// ReLU'(0) = 1, softplus' = sigmoid.

export const LINEAR: i32 = 0;
export const SOFTPLUS: i32 = 1;
export const RELU: i32 = 2;
export const LOGISTIC: i32 = 3;

/** f over four lanes at once; f' is written to `slope` (both come from the same exponentials). */
// @ts-ignore: decorator
@inline export function activateWithSlope(kind: i32, x: v128, slope: usize): v128 {
  if (kind == SOFTPLUS) return softplusWithSlope(x, slope);
  if (kind == RELU) {
    v128.store(slope, v128.andnot(f32x4.splat(1), f32x4.lt(x, f32x4.splat(0))));
    return f32x4.max(x, f32x4.splat(0));
  }
  if (kind == LOGISTIC) {
    const s = sigmoidv(x);
    v128.store(slope, f32x4.mul(s, f32x4.sub(f32x4.splat(1), s)));
    return s;
  }
  v128.store(slope, f32x4.splat(1));
  return x;
}
