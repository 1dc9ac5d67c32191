/**
 * A network of stochastic units living in Wasm memory. The TypeScript object owns the
 * pointers; every operation is a single call into the core, and arrays are views.
 */
import { Core, type FloatArray, getCore } from "./core.js";
import {
  ConfigurationError, ShapeError, StateError, describe, requireAtMost, requireNonNegative, requireOneOf, requirePositive,
  requirePositiveInteger, requireSeed,
} from "../errors.js";
import { networkDefaults } from "./defaults.js";
import { ActivationCode, DiscreteSearch, LAYER_SPEC_FLOATS, LayerBuffer, LayerSpecField, TraceMode, UnitCode } from "./interface.js";

/** The kinds of unit a layer can have. */
export const unitTypes = ["bernoulli", "gaussian", "deterministic", "categorical"] as const;
/** One of `unitTypes`. */
export type UnitType = (typeof unitTypes)[number];
/** The mean functions of Gaussian and deterministic units. */
export const activations = ["linear", "softplus", "relu", "logistic"] as const;
/** One of `activations`. */
export type Activation = (typeof activations)[number];

/** A learning rate that moves linearly from `start` to `end` over the network's `scheduleSteps`. */
export type LearningRate = number | { start: number; end: number };

/** One layer of a `NetworkSpec`: its size, unit type and settings. */
export interface LayerSpec {
  /** Number of units (for a categorical layer: number of learned logits). */
  size: number;
  unit: UnitType;
  /** Mean function of Gaussian and deterministic units (default softplus). */
  activation?: Activation;
  /** Fixed variance σ² of Gaussian units. */
  variance?: number;
  /** Temperature T of Bernoulli and categorical units (default 1). */
  temperature?: number;
  learningRate: LearningRate;
  /** Categorical only: append a fixed zero logit (Weight Max's n−1-logit output). */
  fixedZeroLogit?: boolean;
  /** Biases start Uniform(±biasInit); default 0. */
  biasInit?: number;
}

/** What `new Network(spec)` builds: the input size, the layers bottom-up, and a seed. */
export interface NetworkSpec {
  inputSize: number;
  layers: LayerSpec[];
  seed: number;
  /** Samples processed together (default 1). */
  batch?: number;
  /** Adam's ε (default `networkDefaults.adamEpsilon`, bindings/core/defaults.ts). */
  adamEpsilon?: number;
  /** MAP settling step as a fraction of each layer's variance ("update_adj", default `networkDefaults.settleRate`). */
  settleRate?: number;
  /** Steps over which learning rates move from start to end (default `networkDefaults.scheduleSteps`). */
  scheduleSteps?: number;
  /**
   * Settling stops after the first sweep whose largest unit step is below this (absent or 0:
   * every sweep `settle` is given; docs/learning-rules.md#settling-controls).
   */
  settleTolerance?: number;
  /** Heavy-ball momentum β in [0, 1) of the settling steps, guarded by the energy (absent or 0: none). */
  settleMomentum?: number;
}

/** A layer's mean function: its own, or softplus for Gaussian and deterministic units. */
export function activationOf(layer: LayerSpec): Activation {
  return layer.activation ?? (layer.unit === "gaussian" || layer.unit === "deterministic" ? "softplus" : "linear");
}

/** Size limits that keep a network inside WebAssembly's 32-bit memory. */
const MAX_UNITS = 65_536;
export const MAX_BATCH = 65_536;
const MAX_NETWORK_BYTES = 2 ** 30;
/** The name of one of a layer's buffers in the core (bindings/core/interface.ts LayerBuffer says what each holds). */
export type LayerBufferName = keyof typeof LayerBuffer;
const bufferNames = Object.keys(LayerBuffer).filter((k) => Number.isNaN(Number(k))) as LayerBufferName[];

export { TraceMode };

/** Sizes of one layer as stored in the core. */
export interface LayerShape {
  inputs: number;
  units: number;
  /** Row length in memory: units rounded up to a multiple of 4 (SIMD lanes). */
  stride: number;
  inputStride: number;
}

function validateLayer(spec: LayerSpec, l: number, isOutput: boolean): void {
  const where = `layers[${l}]`;
  if (typeof spec !== "object" || spec === null) throw new ConfigurationError(`${where} must be an object; got ${describe(spec)}`);
  requireAtMost(`${where}.size`, requirePositiveInteger(`${where}.size`, spec.size), MAX_UNITS);
  requireOneOf(`${where}.unit`, spec.unit, unitTypes);
  if (spec.activation !== undefined) requireOneOf(`${where}.activation`, spec.activation, activations);
  if (spec.unit === "gaussian") requirePositive(`${where}.variance`, spec.variance);
  if (spec.temperature !== undefined) requirePositive(`${where}.temperature`, spec.temperature);
  const lr = spec.learningRate;
  if (typeof lr === "number") requireNonNegative(`${where}.learningRate`, lr);
  else if (typeof lr === "object" && lr !== null) {
    requireNonNegative(`${where}.learningRate.start`, lr.start);
    requireNonNegative(`${where}.learningRate.end`, lr.end);
  } else throw new ConfigurationError(`${where}.learningRate must be a number or { start, end }; got ${describe(lr)}`);
  if (spec.unit === "categorical" && !isOutput) throw new ConfigurationError(`${where}.unit "categorical" is only valid for the output layer`);
  if (spec.fixedZeroLogit && spec.unit !== "categorical") throw new ConfigurationError(`${where}.fixedZeroLogit needs unit "categorical"`);
  if (spec.biasInit !== undefined) requireNonNegative(`${where}.biasInit`, spec.biasInit);
}

/** Discrete MAP propagation's searches (`discreteSearch`), by name. */
export const discreteSearchNames = ["icm", "gibbs", "mean-field"] as const;

/** The core's DiscreteSearch code of a search's name; a ConfigurationError for any other value. */
export function discreteSearchCode(search: unknown): DiscreteSearch {
  const name = requireOneOf("search", search, discreteSearchNames);
  return name === "gibbs" ? DiscreteSearch.gibbs : name === "mean-field" ? DiscreteSearch.meanField : DiscreteSearch.icm;
}

/**
 * A stack of stochastic layers in the core's memory: sampling, MAP settling, traces and learning
 * rules, one core call each. `Agent` builds two of them; use `Network` directly for networks of
 * your own design (any mix of unit types). Free it with `dispose()`.
 */
export class Network {
  readonly core: Core;
  readonly spec: Readonly<NetworkSpec>;
  readonly batch: number;
  readonly shapes: readonly LayerShape[];
  private pointer: number;
  private readonly ownsInput: boolean;

  /** `sharedInputPointer` lets two networks (actor and critic) read one observation buffer. */
  constructor(spec: NetworkSpec, sharedInputPointer = 0, core: Core = getCore()) {
    if (typeof spec !== "object" || spec === null) throw new ConfigurationError(`spec must be an object { inputSize, layers, seed }; got ${describe(spec)}`);
    requireAtMost("inputSize", requirePositiveInteger("inputSize", spec.inputSize), MAX_UNITS);
    requireSeed("seed", spec.seed);
    if (!Array.isArray(spec.layers) || spec.layers.length === 0) {
      throw new ConfigurationError(`layers must be a non-empty array of layer specs; got ${describe(spec.layers)}`);
    }
    spec.layers.forEach((layer, l) => validateLayer(layer, l, l === spec.layers.length - 1));
    const batch = spec.batch ?? 1;
    requireAtMost("batch", requirePositiveInteger("batch", batch), MAX_BATCH);
    // The traces hold batch × inputs × units floats per layer; keep all of it well inside Wasm's 4 GiB.
    let needed = 0;
    spec.layers.reduce((inputs, layer) => ((needed += (batch + 4) * (inputs + 4) * (layer.size + 4) * core.floatBytes), layer.size), spec.inputSize);
    if (needed > MAX_NETWORK_BYTES) {
      throw new ConfigurationError(`the network needs about ${Math.round(needed / 2 ** 20)} MiB (batch × inputs × units per layer); at most ${MAX_NETWORK_BYTES / 2 ** 20} MiB fit in WebAssembly memory`);
    }
    if (spec.adamEpsilon !== undefined) requirePositive("adamEpsilon", spec.adamEpsilon);
    if (spec.settleRate !== undefined) requirePositive("settleRate", spec.settleRate);
    if (spec.scheduleSteps !== undefined) requirePositive("scheduleSteps", spec.scheduleSteps);
    if (spec.settleTolerance !== undefined) requireNonNegative("settleTolerance", spec.settleTolerance);
    if (spec.settleMomentum !== undefined && !(requireNonNegative("settleMomentum", spec.settleMomentum) < 1)) {
      throw new ConfigurationError(`settleMomentum must be a number in [0, 1); got ${describe(spec.settleMomentum)}`);
    }

    this.core = core;
    this.spec = spec;
    this.batch = batch;
    const raw = core.raw;
    const specPtr = raw.allocate(spec.layers.length * LAYER_SPEC_FLOATS);
    const floats = core.memoryFloats;
    spec.layers.forEach((layer, l) => {
      const lr = typeof layer.learningRate === "number" ? { start: layer.learningRate, end: layer.learningRate } : layer.learningRate;
      const at = specPtr / core.floatBytes + l * LAYER_SPEC_FLOATS;
      floats[at + LayerSpecField.size] = layer.size;
      floats[at + LayerSpecField.unit] = UnitCode[layer.unit];
      floats[at + LayerSpecField.activation] = ActivationCode[activationOf(layer)];
      floats[at + LayerSpecField.variance] = layer.variance ?? 1;
      floats[at + LayerSpecField.temperature] = layer.temperature ?? 1;
      floats[at + LayerSpecField.learningRateStart] = lr.start;
      floats[at + LayerSpecField.learningRateEnd] = lr.end;
      floats[at + LayerSpecField.fixedZeroLogit] = layer.fixedZeroLogit ? 1 : 0;
      floats[at + LayerSpecField.biasInit] = layer.biasInit ?? 0;
    });
    this.pointer = raw.createNetwork(spec.inputSize, batch, spec.layers.length, specPtr, spec.seed >>> 0, sharedInputPointer);
    raw.release(specPtr);
    raw.configureNetwork(this.pointer, spec.adamEpsilon ?? networkDefaults.adamEpsilon, spec.settleRate ?? networkDefaults.settleRate, spec.scheduleSteps ?? networkDefaults.scheduleSteps);
    // Absent controls leave the core's fixed sweeps, and its memory, as they were.
    if (spec.settleTolerance || spec.settleMomentum) raw.configureSettling(this.pointer, spec.settleTolerance ?? networkDefaults.settleTolerance, spec.settleMomentum ?? networkDefaults.settleMomentum);
    this.ownsInput = sharedInputPointer === 0;
    // Row strides are the core's (assembly/kernels/network.ts roundUp4), read back rather than computed again.
    let inStride = raw.networkInputStride(this.pointer);
    let inputs = spec.inputSize;
    this.shapes = spec.layers.map((layer, l) => {
      const stride = raw.layerStride(this.pointer, l);
      const shape = { inputs, units: layer.size, stride, inputStride: inStride };
      inputs = layer.size;
      inStride = stride;
      return shape;
    });
  }

  /** The core's handle; 0 after dispose. */
  get handle(): number {
    if (this.pointer === 0) throw new StateError("This network was disposed; create a new one");
    return this.pointer;
  }

  get layerCount(): number {
    return this.shapes.length;
  }

  get inputStride(): number {
    return this.shapes[0].inputStride;
  }

  get inputPointer(): number {
    return this.core.raw.networkInput(this.handle);
  }

  /** Whether the output layer's potentials are all finite: a cheap per-step divergence probe. */
  outputFinite(): boolean {
    const last = this.shapes.length - 1;
    const start = this.core.raw.layerBuffer(this.handle, last, LayerBuffer.potentials) / this.core.floatBytes;
    const floats = this.core.memoryFloats;
    let sum = 0;
    for (let k = 0; k < this.batch * this.shapes[last].stride; k++) sum += floats[start + k];
    return Number.isFinite(sum);
  }

  /** The first non-finite quantity, bottom-up, or undefined when every value is finite. */
  firstNonFinite(): { layer: number; quantity: LayerBufferName } | undefined {
    for (let layer = 0; layer < this.layerCount; layer++) {
      for (const quantity of ["weights", "bias", "potentials", "values", "traceWeights"] as const) {
        if (this.buffer(layer, quantity).some((x) => !Number.isFinite(x))) return { layer, quantity };
      }
    }
    return undefined;
  }

  /** Writes the batch of inputs (batch rows of inputSize numbers, or one flat array). */
  setInput(rows: ArrayLike<number>): void {
    const n = this.spec.inputSize;
    if (rows.length !== n * this.batch) {
      throw new ShapeError(`input must have ${n * this.batch} numbers (batch ${this.batch} × ${n}); got ${rows.length}`);
    }
    const floats = this.core.memoryFloats;
    const base = this.inputPointer / this.core.floatBytes;
    for (let b = 0; b < this.batch; b++) {
      for (let i = 0; i < n; i++) floats[base + b * this.inputStride + i] = rows[b * n + i];
    }
  }

  /** A live view of one of a layer's buffers (padded rows of `stride` floats). */
  buffer(layer: number, name: LayerBufferName): FloatArray {
    this.shape(layer);
    requireOneOf("name", name, bufferNames);
    const which = LayerBuffer[name];
    return this.core.floats(this.core.raw.layerBuffer(this.handle, layer, which), this.core.raw.layerBufferLength(this.handle, layer, which));
  }

  private actionView?: Int32Array;

  /** The sampled classes of a categorical output layer, one per sample (a live view). */
  actions(): Int32Array {
    // Cached: it is read every step, and only memory growth invalidates it.
    const handle = this.handle;
    if (this.actionView?.buffer !== this.core.raw.memory.buffer) {
      const ptr = this.core.raw.layerBuffer(handle, this.layerCount - 1, LayerBuffer.action);
      this.actionView = new Int32Array(this.core.raw.memory.buffer, ptr, this.batch);
    }
    return this.actionView;
  }

  /** Sizes and row strides of layer `layer` (0 = the first hidden layer). */
  shape(layer: number): LayerShape {
    const shape = this.shapes[layer];
    if (!Number.isInteger(layer) || shape === undefined) {
      throw new ConfigurationError(`layer must be an integer in [0, ${this.layerCount}); got ${describe(layer)}`);
    }
    return shape;
  }

  /** Ancestral sampling of every layer. */
  forward(): void {
    this.core.raw.networkForward(this.handle);
  }

  /** MAP propagation: `steps` energy-descent sweeps over the hidden values, output clamped. */
  settle(steps: number): void {
    requireNonNegative("steps", steps);
    this.core.raw.networkSettle(this.handle, steps);
  }

  /** The sweeps the last settling ran: `steps`, or fewer when settleTolerance or the momentum's safeguard stopped it. */
  get lastSweeps(): number {
    return this.core.raw.networkLastSweeps(this.handle);
  }

  /**
   * The energy settling descends, −log p(hidden values, output | input) up to constants, summed
   * over samples (float64, computed in the core from the values and the means of the last refresh).
   */
  energy(): number {
    return this.core.raw.networkEnergy(this.handle);
  }

  /**
   * Discrete MAP propagation: iterated conditional modes over Bernoulli hidden values, output
   * clamped, until a sweep changes nothing or `maxSweeps` sweeps. Returns the sweeps that changed
   * a value, summed over samples.
   */
  settleDiscrete(maxSweeps: number): number {
    requireNonNegative("maxSweeps", maxSweeps);
    this.requireDiscreteSearch("settleDiscrete");
    return this.core.raw.networkSettleDiscrete(this.handle, maxSweeps);
  }

  /**
   * Discrete MAP propagation's other searches (assembly/kernels/discrete-posterior.ts), output clamped, at
   * most `maxSweeps` sweeps: `"gibbs"` sweeps, each unit drawn from its conditional given its
   * Markov blanket at a temperature going linearly from `startTemperature` (first sweep) to
   * `temperature` (last) — 1 draws from the posterior, 0 is ICM — from the network's own random
   * stream; `"mean-field"` settling to m = σ(a(m)/T + C(m)), the hidden values becoming the means;
   * `"icm"` is settleDiscrete. Returns the sweeps that changed a value, summed over samples.
   */
  searchDiscrete(maxSweeps: number, search: "icm" | "gibbs" | "mean-field", temperature = 1, startTemperature = temperature): number {
    requireNonNegative("maxSweeps", maxSweeps);
    const code = discreteSearchCode(search);
    requireNonNegative("temperature", temperature);
    requireNonNegative("startTemperature", startTemperature);
    this.requireDiscreteSearch("searchDiscrete");
    return this.core.raw.networkSearchDiscrete(this.handle, maxSweeps, code, temperature, startTemperature);
  }

  /**
   * Log-odds of each unit of Bernoulli hidden layer `layer` of `sample` given its Markov blanket at
   * the current values: q = a/T + log Pr(children | h = 1) − log Pr(children | h = 0).
   */
  posteriorLogits(layer: number, sample = 0): number[] {
    this.requireDiscreteSearch("posteriorLogits");
    if (!Number.isInteger(layer) || layer < 0 || layer >= this.layerCount - 1) throw new ConfigurationError(`layer must be a hidden layer's index, an integer in [0, ${this.layerCount - 2}]; got ${describe(layer)}`);
    if (!Number.isInteger(sample) || sample < 0 || sample >= this.batch) throw new ConfigurationError(`sample must be an integer in [0, ${this.batch - 1}]; got ${describe(sample)}`);
    const units = this.shape(layer).units;
    const ptr = this.core.raw.allocate(units);
    this.core.raw.networkPosteriorLogits(this.handle, layer, sample, ptr);
    const out = Array.from(this.core.memoryFloats.subarray(ptr / this.core.floatBytes, ptr / this.core.floatBytes + units));
    this.core.raw.release(ptr);
    return out;
  }

  private requireDiscreteSearch(caller: string): void {
    const layers = this.spec.layers;
    const hidden = layers.slice(0, -1).findIndex((layer) => layer.unit !== "bernoulli");
    if (hidden >= 0) throw new ConfigurationError(`${caller} needs Bernoulli hidden layers; layers[${hidden}].unit is "${layers[hidden].unit}"`);
    if (layers[layers.length - 1].unit === "deterministic") throw new ConfigurationError(`${caller} needs a stochastic output layer (the clamped action has a likelihood); the output is deterministic`);
  }

  /**
   * Folds the current eligibilities into the traces, z ← decay·z + x ⊗ e: each unit's own
   * log-probability gradient (`"local"`) or the output's backpropagated one (`"backprop"`);
   * `gate` divides every eligibility by the output's value − mean (the MAP critic).
   */
  recordTrace(decay: number, mode: keyof typeof TraceMode = "local", gate = false): void {
    this.core.raw.networkRecordTrace(this.handle, decay, TraceMode[mode], gate);
  }

  /** Zeroes the traces of one sample (`sample`), or of all samples by default: an episode start. */
  clearTraces(sample = -1): void {
    if (sample < 0) for (let b = 0; b < this.batch; b++) this.core.raw.networkClearTraces(this.handle, b);
    else this.core.raw.networkClearTraces(this.handle, sample);
  }

  private withRewards(rewards: ArrayLike<number>, run: (ptr: number) => void): void {
    if (rewards.length !== this.batch) throw new ShapeError(`rewards must have one value per sample (${this.batch}); got ${rewards.length}`);
    const ptr = this.core.raw.allocate(this.batch);
    this.core.memoryFloats.set(rewards, ptr / this.core.floatBytes);
    run(ptr);
    this.core.raw.release(ptr);
  }

  /** Every layer: W ← W + Adam(mean over samples of reward·trace); `step` drives the schedule. */
  learn(rewards: ArrayLike<number>, step: number): void {
    this.withRewards(rewards, (ptr) => this.core.raw.networkLearn(this.handle, ptr, step));
  }

  /** Weight Maximization: output units learn from `rewards`, hidden units from their outgoing-weight change. */
  learnWeightMax(rewards: ArrayLike<number>, step: number, exponent: number = networkDefaults.weightMaxExponent): void {
    this.withRewards(rewards, (ptr) => this.core.raw.networkLearnWeightMax(this.handle, ptr, step, exponent));
  }

  /** Releases the network's Wasm memory. */
  dispose(): void {
    if (this.pointer === 0) return;
    this.core.raw.disposeNetwork(this.pointer, this.ownsInput);
    this.pointer = 0;
  }

  /** `dispose()`, for `using network = …`. */
  [Symbol.dispose](): void {
    this.dispose();
  }
}
