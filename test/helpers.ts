/** Independent float64 re-computations used as oracles by the tests. */
export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
export const softplus = (x: number): number => Math.log1p(Math.exp(x));

export function activation(kind: string, x: number): number {
  switch (kind) {
    case "softplus": return softplus(x);
    case "relu": return Math.max(x, 0);
    case "logistic": return sigmoid(x);
    default: return x;
  }
}

export function activationSlope(kind: string, x: number): number {
  switch (kind) {
    case "softplus": return sigmoid(x);
    case "relu": return x < 0 ? 0 : 1;
    case "logistic": return sigmoid(x) * (1 - sigmoid(x));
    default: return 1;
  }
}

/** log softmax(logits)[k] in float64. */
export function logSoftmax(logits: number[], k: number): number {
  const top = Math.max(...logits);
  const sum = logits.reduce((s, z) => s + Math.exp(z - top), 0);
  return logits[k] - top - Math.log(sum);
}

export function softmax(logits: number[]): number[] {
  const top = Math.max(...logits);
  const e = logits.map((z) => Math.exp(z - top));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / sum);
}

/** Central finite difference of f at x. */
export function numericDerivative(f: (x: number) => number, x: number, h = 1e-5): number {
  return (f(x + h) - f(x - h)) / (2 * h);
}

/** x·W + b for one sample, with W stored row-major with a padded row length. */
export function affine(x: ArrayLike<number>, nIn: number, weights: ArrayLike<number>, bias: ArrayLike<number>, nOut: number, stride: number): number[] {
  const out: number[] = [];
  for (let j = 0; j < nOut; j++) {
    let a = bias[j];
    for (let i = 0; i < nIn; i++) a += x[i] * weights[i * stride + j];
    out.push(a);
  }
  return out;
}
