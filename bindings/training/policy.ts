/**
 * A trained actor, frozen: acts without learning, needs no core, and saves to a small file that
 * loads in every runtime coagent supports. `agent.policy()` takes one from an agent;
 * `Policy.load(bytes)` reads one back.
 *
 * A policy computes in float64 in plain TypeScript, from the weights the agent learned (a float32
 * agent's weights are stored as float32 and widen exactly). Two modes:
 * - sampled (the default): every unit draws its value as in training — Bernoulli units fire with
 *   probability σ(a/T), Gaussian units add noise of their variance, the output samples
 *   softmax(a/T) — from the policy's own random stream (`seed`);
 * - greedy: every unit takes its most probable value — a Bernoulli unit fires when σ(a/T) > ½,
 *   a Gaussian unit takes its mean, the output takes its most probable action (its mean for a
 *   continuous action).
 *
 * File format: the checkpoint container of checkpoint.ts (signature, version, JSON metadata,
 * blocks, CRC-32) with format "coagent-policy"; the blocks are each layer's weights (inputs ×
 * units, row-major) and biases, in the agent's precision. Written as container version 2
 * (`POLICY_VERSION`): version 3 changed only what an agent checkpoint records of its settings.
 */
import type { Algorithm } from "../rules/algorithms.js";
import { CheckpointError, decodeCheckpoint, encodeCheckpoint } from "../core/checkpoint.js";
import type { Precision } from "../core/core.js";
import type { Action, Space } from "../envs/environment.js";
import { ShapeError, ValueError, describe, requireSeed } from "../errors.js";
import { type Activation, type Network, type UnitType, activationOf } from "../core/network.js";
import { Random } from "../core/random.js";
import * as math from "../core/portable-math.js";

/** One layer of a frozen policy: its units and parameters. */
export interface PolicyLayer {
  inputs: number;
  units: number;
  unit: UnitType;
  activation: Activation;
  temperature: number;
  variance: number;
  fixedZeroLogit: boolean;
  /** inputs × units, row-major: weights[i * units + j] connects input i to unit j. */
  weights: Float64Array;
  bias: Float64Array;
}

/** Options of `agent.policy()` and `Policy.load`. */
export interface PolicyOptions {
  /** Seed of the stream that sampled actions draw from (default 0). */
  seed?: number;
}

/** How a policy acts. */
export interface ActOptions {
  /** Every unit takes its most probable value instead of sampling (default false). */
  greedy?: boolean;
}

/** What a policy file says about its policy besides the weights. */
export interface PolicyMetadata {
  format: "coagent-policy";
  algorithm: Algorithm;
  precision: Precision;
  env: { id: string; observationSpace: Space; actionSpace: Space };
  layers: Omit<PolicyLayer, "weights" | "bias">[];
}

/** The container version policy files are written in: their contents are those of version 2. */
export const POLICY_VERSION = 2;

// The core's saturation conventions, so greedy and sampled values match training's; exp and log1p
// are the library's own, so a policy acts the same in every engine.
const sigmoid = (x: number) => (x >= 20 ? 1 : x <= -20 ? 0 : 1 / (1 + math.exp(-x)));
const softplus = (x: number) => (x > 30 ? x : x < -30 ? 0 : math.log1p(math.exp(x)));

function activate(kind: Activation, x: number): number {
  switch (kind) {
    case "softplus": return softplus(x);
    case "relu": return x < 0 ? 0 : x;
    case "logistic": return sigmoid(x);
    default: return x;
  }
}

/** A unit's mean: a Bernoulli unit's probability σ(a/T), a Gaussian or deterministic unit's f(a) (no temperature, as in the core). */
function unitMean(layer: PolicyLayer, a: number): number {
  return layer.unit === "bernoulli" ? sigmoid(a / layer.temperature) : activate(layer.activation, a);
}

/** A categorical layer's logits a/T over the learned units and, for Weight Max's outputs, a fixed zero logit last. */
function scaledLogits(layer: PolicyLayer, potentials: ArrayLike<number>): number[] {
  return Array.from({ length: layer.units + (layer.fixedZeroLogit ? 1 : 0) }, (_, k) => (k < layer.units ? potentials[k] / layer.temperature : 0));
}

/** Unnormalised softmax probabilities exp(z − max), each shift floored at −30 as in the core and the reference. */
function softmaxWeights(logits: number[]): number[] {
  const top = Math.max(...logits);
  return logits.map((z) => math.exp(Math.max(z - top, -30)));
}

/** The layers of `network` as a policy holds them: its units, parameters and weights copied out of the core's padded rows. */
export function frozenLayers(network: Network): PolicyLayer[] {
  return network.spec.layers.map((spec, l): PolicyLayer => {
    const { inputs, units, stride } = network.shape(l);
    const padded = network.buffer(l, "weights");
    const weights = new Float64Array(inputs * units);
    for (let i = 0; i < inputs; i++) for (let j = 0; j < units; j++) weights[i * units + j] = padded[i * stride + j];
    return {
      inputs, units, unit: spec.unit,
      activation: activationOf(spec),
      temperature: spec.temperature ?? 1, variance: spec.variance ?? 1, fixedZeroLogit: spec.fixedZeroLogit ?? false,
      weights, bias: Float64Array.from(network.buffer(l, "bias").subarray(0, units)),
    };
  });
}

/**
 * A trained actor, frozen (see the file's description above): `act` without learning, `save` to
 * a small file, `Policy.load` anywhere.
 */
export class Policy {
  readonly algorithm: Algorithm;
  /** The precision the agent trained in (its weights are stored in it). */
  readonly precision: Precision;
  readonly env: Readonly<PolicyMetadata["env"]>;
  readonly layers: readonly PolicyLayer[];
  private readonly random: Random;
  private readonly observationSize: number;
  // One buffer per layer for its values, reused by every act.
  private readonly values: Float64Array[];

  /** @internal Built by `agent.policy()` and `Policy.load`; `random` is the stream of sampled actions. */
  constructor(metadata: Omit<PolicyMetadata, "format" | "layers">, layers: PolicyLayer[], random: Random) {
    this.algorithm = metadata.algorithm;
    this.precision = metadata.precision;
    this.env = metadata.env;
    this.layers = layers;
    this.random = random;
    this.observationSize = metadata.env.observationSpace.kind === "box" ? metadata.env.observationSpace.shape.reduce((a, b) => a * b, 1) : 1;
    this.values = layers.map((layer) => new Float64Array(layer.units));
  }

  /** Re-seeds the stream of sampled actions. */
  seed(seed: number): void {
    this.random.seed(requireSeed("seed", seed));
  }

  /** The action for `observation`; nothing is learned. */
  act(observation: ArrayLike<number>, options: ActOptions = {}): { action: Action } {
    if (!observation || observation.length !== this.observationSize) {
      throw new ShapeError(`observation must have ${this.observationSize} numbers; got ${describe(observation)}`);
    }
    if (typeof options !== "object" || options === null) throw new ValueError(`options must be { greedy?: boolean }; got ${describe(options)}`);
    const greedy = options.greedy ?? false;
    let input: ArrayLike<number> = observation;
    for (let i = 0; i < observation.length; i++) {
      if (!Number.isFinite(observation[i])) throw new ValueError(`observation[${i}] must be finite; got ${observation[i]}`);
    }
    for (let l = 0; l < this.layers.length; l++) {
      const layer = this.layers[l];
      const out = this.values[l];
      this.potentials(layer, input, out);
      if (l === this.layers.length - 1) return { action: this.output(layer, out, greedy) };
      for (let j = 0; j < layer.units; j++) out[j] = this.hiddenValue(layer, out[j], greedy);
      input = out;
    }
    throw new Error("unreachable: a policy has at least one layer");
  }

  private potentials(layer: PolicyLayer, input: ArrayLike<number>, out: Float64Array): void {
    out.set(layer.bias);
    for (let i = 0; i < layer.inputs; i++) {
      const x = input[i];
      if (x === 0) continue;
      const row = i * layer.units;
      for (let j = 0; j < layer.units; j++) out[j] += x * layer.weights[row + j];
    }
  }

  /**
   * @internal Layer `l`'s potentials for `input` (the layer below's values, or the observation)
   * and its units' means: a Bernoulli unit's probability σ(a/T), a Gaussian or deterministic
   * unit's f(a), a categorical layer's probabilities (the fixed zero logit's last). What `act`
   * computes before it samples; test/policy-forward.test.ts compares it with the core's.
   */
  layerForward(l: number, input: ArrayLike<number>): { potentials: Float64Array; means: Float64Array } {
    const layer = this.layers[l];
    const potentials = new Float64Array(layer.units);
    this.potentials(layer, input, potentials);
    if (layer.unit === "categorical") {
      const weights = softmaxWeights(scaledLogits(layer, potentials));
      const sum = weights.reduce((s, w) => s + w, 0);
      return { potentials, means: Float64Array.from(weights, (w) => w / sum) };
    }
    return { potentials, means: potentials.map((a) => unitMean(layer, a)) };
  }

  private hiddenValue(layer: PolicyLayer, a: number, greedy: boolean): number {
    const mean = unitMean(layer, a);
    switch (layer.unit) {
      case "bernoulli": return greedy ? (mean > 0.5 ? 1 : 0) : this.random.uniform() < mean ? 1 : 0;
      case "gaussian": return greedy ? mean : mean + Math.sqrt(layer.variance) * this.random.normal();
      default: return mean;
    }
  }

  private output(layer: PolicyLayer, potentials: Float64Array, greedy: boolean): Action {
    const space = this.env.actionSpace;
    if (layer.unit === "categorical") {
      const logits = scaledLogits(layer, potentials);
      if (greedy) return logits.indexOf(Math.max(...logits));
      const weights = softmaxWeights(logits);
      const n = weights.length;
      let u = this.random.uniform() * weights.reduce((s, w) => s + w, 0);
      for (let k = 0; k < n; k++) if ((u -= weights[k]) < 0) return k;
      return n - 1;
    }
    if (space.kind !== "box") throw new Error("unreachable: a continuous output needs a box action space");
    // A continuous action: the output unit's value mapped into the bounds as the agent maps it.
    const value = (k: number) => this.hiddenValue(layer, potentials[k], greedy);
    return Float64Array.from(space.low, (lo, k) => Math.min(Math.max(value(k) * (space.high[k] - lo) - lo, lo), space.high[k]));
  }

  /** The policy file: a few kilobytes for a CartPole policy. */
  save(): Uint8Array {
    const metadata: PolicyMetadata = {
      format: "coagent-policy", algorithm: this.algorithm, precision: this.precision, env: this.env,
      layers: this.layers.map(({ weights: _w, bias: _b, ...shape }) => shape),
    };
    const Stored = this.precision === "float32" ? Float32Array : Float64Array;
    const bytes = (values: Float64Array) => new Uint8Array(Stored.from(values).buffer);
    return encodeCheckpoint(metadata, this.layers.flatMap((layer) => [bytes(layer.weights), bytes(layer.bias)]), POLICY_VERSION);
  }

  /** Reads a policy file written by `save`; a damaged or foreign file throws a CheckpointError. */
  static load(bytes: Uint8Array, options: PolicyOptions = {}): Policy {
    const { metadata, blocks } = decodeCheckpoint<PolicyMetadata>(bytes);
    if (metadata.format !== "coagent-policy") {
      throw new CheckpointError(`the file holds a ${JSON.stringify(metadata.format)}, not a policy${metadata.format === "coagent-agent" ? " (an agent checkpoint: load it with Agent.load and call agent.policy())" : ""}`);
    }
    const width = metadata.precision === "float32" ? 4 : 8;
    const read = (block: Uint8Array | undefined, count: number, what: string): Float64Array => {
      if (!block || block.length !== count * width) throw new CheckpointError(`the policy's ${what} do not fit the layer sizes its metadata describes`);
      const copy = Uint8Array.from(block).buffer; // a copy: a Node Buffer's slice() is a view into a shared pool
      return Float64Array.from(width === 4 ? new Float32Array(copy) : new Float64Array(copy));
    };
    if (!Array.isArray(metadata.layers) || blocks.length !== 2 * metadata.layers.length) {
      throw new CheckpointError("the policy's blocks do not match its layers");
    }
    const layers = metadata.layers.map((shape, l) => ({
      ...shape,
      weights: read(blocks[2 * l], shape.inputs * shape.units, `layer ${l} weights`),
      bias: read(blocks[2 * l + 1], shape.units, `layer ${l} biases`),
    }));
    return new Policy(metadata, layers, new Random(requireSeed("seed", options.seed ?? 0)));
  }
}
