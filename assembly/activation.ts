import { sigmoidv, softplusv } from "./simdmath";

// Activation functions over four lanes, with the reference implementation's conventions:
// sigmoid saturates to exactly 0/1 for |x| >= 20, softplus(x) = x for x > 30,
// ReLU'(0) = 1, softplus' = sigmoid.

export const LINEAR: i32 = 0;
export const SOFTPLUS: i32 = 1;
export const RELU: i32 = 2;
export const LOGISTIC: i32 = 3;

/** f over four lanes at once. */
// @ts-ignore: decorator
@inline export function activatev(kind: i32, x: v128): v128 {
  if (kind == SOFTPLUS) return softplusv(x);
  if (kind == RELU) return f32x4.max(x, f32x4.splat(0));
  if (kind == LOGISTIC) return sigmoidv(x);
  return x;
}

/** f' over four lanes at once. */
// @ts-ignore: decorator
@inline export function derivativev(kind: i32, x: v128): v128 {
  if (kind == SOFTPLUS) return sigmoidv(x);
  if (kind == RELU) return v128.andnot(f32x4.splat(1), f32x4.lt(x, f32x4.splat(0)));
  if (kind == LOGISTIC) {
    const s = sigmoidv(x);
    return f32x4.mul(s, f32x4.sub(f32x4.splat(1), s));
  }
  return f32x4.splat(1);
}
