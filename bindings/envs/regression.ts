/**
 * The scalar regression task of map_prop's supervised driver (docs/environments.md): x ~ N(0, I₈),
 * y = ReLU(ReLU(x·W₀)·W₁) with the reference's fixed weights; an answer A earns −(A − y)².
 * A batched one-step bandit like the multiplexer.
 */
import { StateError, ValueError, describe } from "../errors.js";
import { Random } from "../core/random.js";

/** W₀ (row i: weights from input i to the 8 hidden units) and W₁, to 6 decimals, from `reg.npy`. */
export const REGRESSION_W0: readonly (readonly number[])[] = [
  [-0.935969, 1.828891, -0.207375, -2.115669, -0.314705, 0.435175, -1.264815, 1.043763],
  [-0.974738, 0.934113, -1.168047, 1.084019, -0.233572, -1.367513, 0.103911, 0.315266],
  [0.969733, -0.321006, -1.224748, 1.274825, 0.138707, -0.313559, 0.909685, 0.073951],
  [0.09945, 0.726104, 0.909532, -0.771776, 0.347741, -0.028088, 1.030053, -0.359965],
  [1.55325, 0.668849, 0.632533, -0.722402, 0.432694, 1.435974, 1.479504, -0.70031],
  [-0.094751, 0.1813, 0.226995, 0.95877, -0.093274, -0.287556, -0.147407, 1.290515],
  [0.525927, 0.180219, 1.944329, -0.865353, 1.444191, -0.411703, 0.475548, -0.04321],
  [0.166214, 0.536704, 1.363231, -1.00779, -1.258899, 1.217422, -0.052388, 0.691287],
];
export const REGRESSION_W1: readonly number[] = [-0.431644, -0.645854, 1.325389, -1.051112, -0.286505, -0.265154, 1.897283, 0.843758];

/** y for one input vector of 8 numbers. */
export function regressionTarget(x: ArrayLike<number>): number {
  let y = 0;
  for (let j = 0; j < 8; j++) {
    let h = 0;
    for (let i = 0; i < 8; i++) h += x[i] * REGRESSION_W0[i][j];
    y += Math.max(h, 0) * REGRESSION_W1[j];
  }
  return Math.max(y, 0);
}

/** The references' scalar regression task: predict a fixed function of the inputs. */
export class ScalarRegression {
  readonly inputSize = 8;
  readonly batch: number;
  private readonly random: Random;
  private readonly inputs: Float64Array;
  private readonly y: Float64Array;
  private started = false;

  constructor(options: { batch?: number; seed?: number } = {}) {
    const batch = options.batch ?? 1;
    if (!Number.isInteger(batch) || batch < 1 || batch > 65_536) throw new ValueError(`batch must be an integer in [1, 65536]; got ${describe(batch)}`);
    this.batch = batch;
    this.random = new Random(options.seed ?? 0);
    this.inputs = new Float64Array(batch * 8);
    this.y = new Float64Array(batch);
  }

  /** Draws a batch of inputs (batch rows of 8 standard normal values). */
  sample(): Float64Array {
    for (let k = 0; k < this.inputs.length; k++) this.inputs[k] = this.random.normal();
    for (let b = 0; b < this.batch; b++) this.y[b] = regressionTarget(this.inputs.subarray(b * 8, b * 8 + 8));
    this.started = true;
    return this.inputs.slice();
  }

  get targets(): Float64Array {
    return this.y.slice();
  }

  /** −(A − y)² for each answer of the last batch. */
  reward(answers: ArrayLike<number>): Float64Array {
    if (!this.started) throw new StateError("ScalarRegression: call sample() before reward()");
    if (!answers || answers.length !== this.batch) throw new ValueError(`answers must have ${this.batch} values; got ${describe(answers)}`);
    return Float64Array.from({ length: this.batch }, (_, b) => {
      const a = answers[b];
      if (typeof a !== "number" || !Number.isFinite(a)) throw new ValueError(`answers[${b}] must be a finite number; got ${describe(a)}`);
      const error = a - this.y[b];
      return -(error * error);
    });
  }
}
