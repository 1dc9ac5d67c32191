/**
 * The k-bit multiplexer of the reference implementations (docs/environments.md): k address bits
 * followed by 2^k data bits, each ±1; the target is the data bit the address selects. Usable as
 * a batched one-step bandit (`sample` / `reward`) and as a one-step Environment.
 */
import { StateError, ValueError, describe } from "../errors.js";
import { Random } from "../core/random.js";
import type { Action, BoxSpace, DiscreteSpace, Environment, ResetResult, StepResult } from "./environment.js";

/** The k-bit multiplexer: k address bits select one of 2^k data bits, which is the answer. */
export class Multiplexer implements Environment {
  readonly id: string;
  readonly addressBits: number;
  readonly inputSize: number;
  readonly batch: number;
  readonly observationSpace: BoxSpace;
  readonly actionSpace: DiscreteSpace = { kind: "discrete", n: 2 };
  /** Every episode is one decision. */
  readonly maxEpisodeSteps = 1;
  private readonly random: Random;
  private inputs: Float64Array;
  private targetBits: Float64Array;
  private started = false;

  constructor(options: { addressBits?: number; batch?: number; seed?: number } = {}) {
    const k = options.addressBits ?? 4;
    if (!Number.isInteger(k) || k < 1 || k > 8) throw new ValueError(`addressBits must be an integer in [1, 8]; got ${describe(k)}`);
    const batch = options.batch ?? 1;
    if (!Number.isInteger(batch) || batch < 1 || batch > 65_536) throw new ValueError(`batch must be an integer in [1, 65536]; got ${describe(batch)}`);
    this.addressBits = k;
    this.inputSize = k + 2 ** k;
    this.batch = batch;
    this.id = `Multiplexer-k${k}`;
    this.observationSpace = { kind: "box", shape: [this.inputSize], low: new Array(this.inputSize).fill(-1), high: new Array(this.inputSize).fill(1) };
    this.random = new Random(options.seed ?? 0);
    this.inputs = new Float64Array(batch * this.inputSize);
    this.targetBits = new Float64Array(batch);
  }

  /** Draws a batch of inputs (batch rows of inputSize values, each ±1). */
  sample(): Float64Array {
    const n = this.inputSize;
    for (let b = 0; b < this.batch; b++) {
      let address = 0;
      for (let i = 0; i < n; i++) {
        const bit = this.random.nextUint32() >>> 31;
        this.inputs[b * n + i] = bit ? 1 : -1;
        if (i < this.addressBits) address = address * 2 + bit; // first address bit is the most significant
      }
      this.targetBits[b] = this.inputs[b * n + this.addressBits + address];
    }
    this.started = true;
    return this.inputs.slice();
  }

  /** The correct output (±1) of each sample of the last batch. */
  get targets(): Float64Array {
    return this.targetBits.slice();
  }

  /** +1 where the action (±1) equals the target, −1 elsewhere. */
  reward(actions: ArrayLike<number>): Float64Array {
    if (!this.started) throw new StateError("Multiplexer: call sample() (or reset()) before reward()");
    if (!actions || actions.length !== this.batch) throw new ValueError(`actions must have ${this.batch} values; got ${describe(actions)}`);
    return Float64Array.from({ length: this.batch }, (_, b) => {
      const a = actions[b];
      if (a !== 1 && a !== -1) throw new ValueError(`actions[${b}] must be -1 or +1; got ${describe(a)}`);
      return a === this.targetBits[b] ? 1 : -1;
    });
  }

  /** The current input bits (first sample). */
  get state(): number[] {
    return Array.from(this.inputs.subarray(0, this.inputSize));
  }

  set state(value: number[]) {
    if (!Array.isArray(value) || value.length !== this.inputSize || !value.every((v) => v === 1 || v === -1)) {
      throw new ValueError(`state must be ${this.inputSize} values, each -1 or +1; got ${describe(value)}`);
    }
    this.inputs.set(value);
    let address = 0;
    for (let i = 0; i < this.addressBits; i++) address = address * 2 + (value[i] === 1 ? 1 : 0);
    this.targetBits[0] = value[this.addressBits + address];
    this.started = true;
  }

  reset(options: { seed?: number } = {}): ResetResult {
    if (this.batch !== 1) throw new StateError("Multiplexer: the Environment interface needs batch 1; use sample() / reward() for batches");
    if (options.seed !== undefined) this.random.seed(options.seed);
    return { observation: this.sample(), info: {} };
  }

  /** Action 1 answers +1 and action 0 answers −1 (MAP propagation's class mapping). */
  step(action: Action): StepResult {
    if (action !== 0 && action !== 1) throw new ValueError(`action must be 0 or 1; got ${describe(action)}`);
    const [reward] = this.reward([action === 1 ? 1 : -1]);
    return { observation: this.inputs.slice(0, this.inputSize), reward, terminated: true, truncated: false, info: { target: this.targetBits[0] } };
  }
}
