// Scalar activation functions with the reference implementation's conventions:
// sigmoid saturates to exactly 0/1 for |x| >= 20, softplus(x) = x for x > 30,
// ReLU'(0) = 1, softplus' = sigmoid.

export const LINEAR: i32 = 0;
export const SOFTPLUS: i32 = 1;
export const RELU: i32 = 2;
export const LOGISTIC: i32 = 3;

export function sigmoid(x: f32): f32 {
  if (x >= 20) return 1;
  if (x <= -20) return 0;
  return 1 / (1 + Mathf.exp(-x));
}

export function softplus(x: f32): f32 {
  if (x > 30) return x;
  if (x < -30) return 0;
  return <f32>Math.log1p(Math.exp(<f64>x));
}

export function activate(kind: i32, x: f32): f32 {
  if (kind == SOFTPLUS) return softplus(x);
  if (kind == RELU) return x < 0 ? 0 : x;
  if (kind == LOGISTIC) return sigmoid(x);
  return x;
}

export function derivative(kind: i32, x: f32): f32 {
  if (kind == SOFTPLUS) return sigmoid(x);
  if (kind == RELU) return x < 0 ? 0 : 1;
  if (kind == LOGISTIC) {
    const s = sigmoid(x);
    return s * (1 - s);
  }
  return 1;
}
