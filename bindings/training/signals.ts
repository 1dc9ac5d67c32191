/**
 * Signals from inside a run: every k agent steps, a summary of what the team is doing — the TD
 * error, per layer the mean |eligibility|, the fraction of saturated units, the weight norm and
 * (Weight Maximization) the spread of the hidden units' own rewards, the settling's sweeps and
 * final energy, and the policy's entropy. Everything is read from the core's buffers after the
 * step; nothing is written, allocated in the core or drawn from a random stream, so a run that
 * records gives the same returns and weights as one that does not.
 */
import type { Algorithm, Hyperparameters } from "../rules/algorithms.js";
import { ruleNamed } from "../rules/index.js";
import { partsOf } from "../rules/axes.js";
import type { FloatArray } from "../core/core.js";
import type { LayerSpec, Network } from "../core/network.js";
import { ConfigurationError, describe, requirePositiveInteger } from "../errors.js";
import type { Agent } from "./agent.js";

/**
 * A unit counts as saturated when its output barely responds to its input: a Bernoulli unit (or
 * a categorical output's most probable class) with probability below 0.01 or above 0.99; a ReLU
 * unit whose potential is ≤ 0 (no gradient); a softplus or logistic unit whose slope, the
 * logistic of its potential (times 1 − it for logistic units), is below 0.01. Linear units
 * never saturate.
 */
export const SATURATION_PROBABILITY = 0.01;

/** One layer's signals (means over the batch's environments). */
export interface LayerSignals {
  /** Mean |∂ log π / ∂ potential| over the layer's units: the eligibility this step recorded into the traces. */
  eligibility: number;
  /** Fraction of the layer's units that are saturated (see `SATURATION_PROBABILITY`). */
  saturated: number;
  /** Frobenius norm of the layer's weights (biases excluded). */
  weightNorm: number;
  /** Weight Maximization, hidden layers only: mean and sample standard deviation of the units' own rewards this step learned from. */
  unitReward?: { mean: number; std: number };
}

/** What one recording holds. */
export interface SignalRecord {
  /** The agent's loop iterations when recorded (environment steps plus one per episode end). */
  iteration: number;
  /** The TD error the step learned from, mean over environments (0 at episode starts and after truncations). */
  tdError: number;
  /** Per actor layer, bottom-up (the last is the output). */
  actor: LayerSignals[];
  /** Per critic layer, bottom-up. */
  critic: LayerSignals[];
  /**
   * Rules that settle the actor's hidden values (MAP propagation, discrete MAP propagation,
   * asynchronous MAP propagation): the sweeps — for Gaussian settling those the last settling ran
   * (`settleSteps`, or fewer when `settleTolerance` or the momentum's safeguard stopped it; the
   * asynchronous step's `settleSteps` per phase); for discrete MAP propagation's search, the sweeps
   * that changed a value (mean over environments; the search stops after the first that changes
   * nothing) — and the energy −log p(hidden values, action | state), up to constants, of
   * the settled values, mean over environments.
   */
  settling?: { sweeps: number; energy: number };
  /**
   * Entropy in nats of the output distribution given this step's hidden values (after settling
   * for the rules that settle), mean over environments: −Σ p log p for a categorical output,
   * Σ ½ log(2πe σ²) for a Gaussian one.
   */
  entropy: number;
}

/** How to record signals: every `every` agent steps, give the record to `onSignals`. */
export interface SignalOptions {
  /** Steps between records (a positive integer). */
  every: number;
  /** Receives each record (a fresh object: keep it if you like). */
  onSignals: (record: SignalRecord) => void;
}

/** What a record reads of an agent (an `Agent` is one). */
export interface SignalSource {
  readonly algorithm: Algorithm;
  readonly hyperparameters: Readonly<Hyperparameters>;
  readonly actor: Network;
  readonly critic: Network;
  readonly batch: number;
  readonly iterations: number;
  readonly lastTdErrors: ArrayLike<number>;
  readonly lastSearchSweeps: number;
}

/** Validates signal options before any work: `every` a positive integer, `onSignals` a function. */
export function requireSignalOptions(name: string, options: unknown): SignalOptions {
  if (typeof options !== "object" || options === null) throw new ConfigurationError(`${name} must be { every, onSignals }; got ${describe(options)}`);
  const { every, onSignals } = options as Partial<SignalOptions>;
  requirePositiveInteger(`${name}.every`, every);
  if (typeof onSignals !== "function") throw new ConfigurationError(`${name}.onSignals must be a function (record) => void; got ${describe(onSignals)}`);
  return { every: every as number, onSignals };
}

/**
 * Records signals from inside `agent`'s run: after each learning step (each `act`, `actBatch` and
 * episode-end `learn` is one) that brings the agent's iteration count to a multiple of `every`,
 * `onSignals` receives a `SignalRecord`. Counting from the agent's iterations rather than from
 * the call makes a resumed agent record at the same iterations as the uninterrupted run.
 * Recording only reads, so the run is the same with or without it. `undefined` stops recording.
 * A function rather than a method of `Agent`, so that programs that never record carry none of
 * this code.
 */
export function recordSignals(agent: SignalSource & Pick<Agent, "observeSteps">, options: SignalOptions | undefined): void {
  if (options === undefined) return agent.observeSteps(undefined);
  const { every, onSignals } = requireSignalOptions("signals", options);
  let countdown = every - (agent.iterations % every);
  agent.observeSteps(() => {
    if (--countdown > 0) return;
    countdown = every;
    onSignals(readSignals(agent, agent.lastTdErrors));
  });
}

/** Every signal of `source` as it is now; `tdErrors` holds one TD error per environment. */
export function readSignals(source: SignalSource, tdErrors: ArrayLike<number>): SignalRecord {
  const { actor, critic, batch } = source;
  // The rule's parts as this run's ablation axes (if any) made them.
  const rule = partsOf(ruleNamed(source.algorithm), source.hyperparameters);
  const weightMax = rule.actorUpdate === "weight-max";
  const record: SignalRecord = {
    iteration: source.iterations,
    tdError: mean(tdErrors, batch),
    actor: actor.spec.layers.map((_, l) => layerSignals(actor, l, weightMax && l < actor.layerCount - 1)),
    critic: critic.spec.layers.map((_, l) => layerSignals(critic, l, false)),
    entropy: outputEntropy(actor),
  };
  if (rule.settling !== "none") {
    // The asynchronous step runs settleSteps sweeps per phase; synchronous settling and the search say how many they ran.
    const sweeps = rule.asynchronous ? source.hyperparameters.settleSteps : rule.settling === "bernoulli" ? source.lastSearchSweeps / batch : actor.lastSweeps;
    record.settling = { sweeps, energy: energy(actor) };
  }
  return record;
}

function mean(values: ArrayLike<number>, n: number): number {
  let sum = 0;
  for (let k = 0; k < n; k++) sum += values[k];
  return sum / n;
}

const logistic = (x: number) => 1 / (1 + Math.exp(-x));

/** Whether a unit of `spec` with this potential (and, for probabilistic units, mean) is saturated. */
export function isSaturated(spec: LayerSpec, potential: number, mean: number): boolean {
  const low = SATURATION_PROBABILITY;
  if (spec.unit === "bernoulli") return mean < low || mean > 1 - low;
  const activation = spec.activation ?? "softplus";
  if (activation === "relu") return potential <= 0;
  if (activation === "softplus") return logistic(potential) < low;
  if (activation === "logistic") {
    const s = logistic(potential);
    return s * (1 - s) < low;
  }
  return false;
}

function layerSignals(net: Network, l: number, unitRewards: boolean): LayerSignals {
  const { inputs, units, stride } = net.shape(l);
  const spec = net.spec.layers[l];
  const batch = net.batch;
  const eligibility = net.buffer(l, "eligibility");
  const potentials = net.buffer(l, "potentials");
  const means = net.buffer(l, "mean");
  let absEligibility = 0;
  let saturated = 0;
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < units; j++) absEligibility += Math.abs(eligibility[b * stride + j]);
    if (spec.unit === "categorical") {
      // The output as a whole: saturated when one class takes nearly all the probability.
      if (maxClassProbability(means, b * stride, units, spec.fixedZeroLogit ?? false) > 1 - SATURATION_PROBABILITY) saturated += units;
    } else {
      for (let j = 0; j < units; j++) if (isSaturated(spec, potentials[b * stride + j], means[b * stride + j])) saturated++;
    }
  }
  const weights = net.buffer(l, "weights");
  let squares = 0;
  for (let i = 0; i < inputs; i++) for (let j = 0; j < units; j++) squares += weights[i * stride + j] ** 2;
  const signals: LayerSignals = { eligibility: absEligibility / (batch * units), saturated: saturated / (batch * units), weightNorm: Math.sqrt(squares) };
  if (unitRewards) signals.unitReward = meanAndStd(net.buffer(l, "reward"), batch, units, stride);
  return signals;
}

/** Mean and sample standard deviation over the batch × units entries of a padded per-unit buffer. */
function meanAndStd(buffer: FloatArray, batch: number, units: number, stride: number): { mean: number; std: number } {
  const n = batch * units;
  let sum = 0;
  for (let b = 0; b < batch; b++) for (let j = 0; j < units; j++) sum += buffer[b * stride + j];
  const m = sum / n;
  let squares = 0;
  for (let b = 0; b < batch; b++) for (let j = 0; j < units; j++) squares += (buffer[b * stride + j] - m) ** 2;
  return { mean: m, std: n > 1 ? Math.sqrt(squares / (n - 1)) : 0 };
}

/** The class probabilities of one sample of a categorical layer (its `mean` row holds softmax(potential / T); a fixed zero logit's class gets what is left). */
function classProbabilities(means: FloatArray, row: number, units: number, fixedZeroLogit: boolean): number[] {
  const p = Array.from(means.subarray(row, row + units));
  if (fixedZeroLogit) p.push(Math.max(0, 1 - p.reduce((a, b) => a + b, 0)));
  return p;
}

function maxClassProbability(means: FloatArray, row: number, units: number, fixedZeroLogit: boolean): number {
  return Math.max(...classProbabilities(means, row, units, fixedZeroLogit));
}

/** Entropy in nats of a discrete distribution. */
export function entropyOf(p: ArrayLike<number>): number {
  let h = 0;
  for (let k = 0; k < p.length; k++) if (p[k] > 0) h -= p[k] * Math.log(p[k]);
  return h;
}

function outputEntropy(actor: Network): number {
  const top = actor.layerCount - 1;
  const spec = actor.spec.layers[top];
  const { units, stride } = actor.shape(top);
  if (spec.unit === "gaussian") return units * 0.5 * Math.log(2 * Math.PI * Math.E * (spec.variance ?? 1));
  if (spec.unit === "bernoulli") {
    const means = actor.buffer(top, "mean");
    let h = 0;
    for (let b = 0; b < actor.batch; b++) for (let j = 0; j < units; j++) h += entropyOf([means[b * stride + j], 1 - means[b * stride + j]]);
    return h / actor.batch;
  }
  if (spec.unit === "categorical") {
    const means = actor.buffer(top, "mean");
    let h = 0;
    for (let b = 0; b < actor.batch; b++) h += entropyOf(classProbabilities(means, b * stride, units, spec.fixedZeroLogit ?? false));
    return h / actor.batch;
  }
  return 0; // a deterministic output has no entropy
}

/**
 * The energy −log p(hidden values, action | state) up to constants, mean over samples, as the
 * settling minimises it: ½ (value − mean)² / variance per Gaussian unit, −log p(value) per
 * Bernoulli unit and −log p(action) of a categorical output. The core leaves every layer's means
 * following the settled values, so this is the energy the settling ended at.
 */
export function energy(net: Network): number {
  let total = 0;
  const floor = Number.MIN_VALUE;
  net.spec.layers.forEach((spec, l) => {
    const { units, stride } = net.shape(l);
    const values = net.buffer(l, "values");
    const means = net.buffer(l, "mean");
    for (let b = 0; b < net.batch; b++) {
      const row = b * stride;
      if (spec.unit === "gaussian") {
        for (let j = 0; j < units; j++) total += (values[row + j] - means[row + j]) ** 2 / (2 * (spec.variance ?? 1));
      } else if (spec.unit === "bernoulli") {
        for (let j = 0; j < units; j++) total -= Math.log(Math.max(values[row + j] > 0.5 ? means[row + j] : 1 - means[row + j], floor));
      } else if (spec.unit === "categorical") {
        const action = net.actions()[b];
        const p = classProbabilities(means, row, units, spec.fixedZeroLogit ?? false);
        total -= Math.log(Math.max(p[action], floor));
      }
    }
  });
  return total / net.batch;
}
