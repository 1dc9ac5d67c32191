import { Float } from "./precision";
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
    v128.store(slope, v128.andnot(v128.splat<Float>(1), v128.lt<Float>(x, v128.splat<Float>(0))));
    return v128.max<Float>(x, v128.splat<Float>(0));
  }
  if (kind == LOGISTIC) {
    const s = sigmoidv(x);
    v128.store(slope, v128.mul<Float>(s, v128.sub<Float>(v128.splat<Float>(1), s)));
    return s;
  }
  v128.store(slope, v128.splat<Float>(1));
  return x;
}
