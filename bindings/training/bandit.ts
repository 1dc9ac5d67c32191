/**
 * Supervised learning as the references' drivers do it (docs/learning-rules.md): each sample is a
 * one-step bandit, no critic, traces without decay. A rule that trains a task declares its
 * reference's network and batch for it (`LearningRule.supervised`: map_prop's drivers in
 * map-prop.ts, weight_max's in weight-max.ts); the step follows the rule's declaration — its
 * settling, its traces, its actor update — with the rule's own settings, as the agent's step does.
 * Nothing here names a rule.
 * - Multiplexer: the ±1 reward is every unit's reinforcement; a Bernoulli output answers with its
 *   value (1 ↦ +1), a softmax with its class (1 ↦ +1).
 * - Scalar regression: the negative squared error is the reported reward and y − μ the gated
 *   learning signal.
 */
import { type Backend, type Precision, getCore } from "../core/core.js";
import { Multiplexer } from "../envs/multiplexer.js";
import { ScalarRegression } from "../envs/regression.js";
import { ConfigurationError, DivergenceError, describe, requirePositiveInteger, requireSeed } from "../errors.js";
import { Network } from "../core/network.js";
import { Random } from "../core/random.js";
import { type Algorithm, type Hyperparameters, defaultHyperparameters } from "../rules/algorithms.js";
import { rules } from "../rules/index.js";
import type { LearningRule, SupervisedDriver, SupervisedDrivers } from "../rules/rule.js";

/** The supervised tasks, by the id the CLI and the grid runner accept. */
type SupervisedTaskId = keyof SupervisedDrivers;

/** The rules that declare a driver for `task`, in the registry's order. */
const rulesFor = (task: SupervisedTaskId) => (rules as readonly LearningRule[]).filter((rule) => rule.supervised?.[task] !== undefined);

/** The rules the multiplexer accepts: those whose declaration has a driver for it. */
export const banditAlgorithms: readonly Algorithm[] = rulesFor("Multiplexer").map((rule) => rule.name as Algorithm);
/** One of `banditAlgorithms`. */
export type BanditAlgorithm = Algorithm;

/** Options every supervised task takes. */
export interface SupervisedOptions {
  seed?: number;
  precision?: Precision;
  backend?: Backend;
  /** Points on the learning curve (default 100): each is the mean reward of an equal share of the run. */
  curvePoints?: number;
  /** Called after every update with the mean reward so far. */
  onProgress?: (report: MultiplexerProgress) => void;
}

/** Options of `trainMultiplexer`. */
export interface MultiplexerOptions extends SupervisedOptions {
  algorithm: BanditAlgorithm;
  /** Samples seen in the run (default: the reference's 800,000 for Weight Max, 4,000,000 for MAP). */
  samples?: number;
}

/** Progress given to `onProgress` after every update. */
export interface MultiplexerProgress {
  seed: number;
  samples: number;
  totalSamples: number;
  averageReward: number;
  wallSeconds: number;
}

/** What `trainMultiplexer` and `trainRegression` return. */
export interface MultiplexerResult {
  seed: number;
  /** Samples seen (a whole number of batches). */
  samples: number;
  /** Mean reward over all samples: the references' reported metric. */
  averageReward: number;
  /** Mean reward of consecutive equal shares of the run, in order. */
  rewardCurve: number[];
  /** Samples behind each point of rewardCurve. */
  samplesPerPoint: number;
  wallSeconds: number;
}

/** A rule's driver for `task` and its settings, or a ConfigurationError naming the rules that have one. */
function driverOf(task: SupervisedTaskId, algorithm: unknown): { rule: LearningRule; driver: SupervisedDriver; h: Hyperparameters } {
  const rule = rulesFor(task).find((r) => r.name === algorithm);
  if (!rule) throw new ConfigurationError(`algorithm must be one of ${rulesFor(task).map((r) => r.name).join(", ")} for the ${task === "Multiplexer" ? "multiplexer" : "regression task"}; got ${describe(algorithm)}`);
  return { rule, driver: rule.supervised![task]!, h: defaultHyperparameters(rule.name as Algorithm, task) };
}

/** The reference's sample budget for the algorithm (800,000 for Weight Max and REINFORCE, 4,000,000 for MAP). */
export function defaultMultiplexerSamples(algorithm: BanditAlgorithm): number {
  return driverOf("Multiplexer", algorithm).driver.samples;
}

/**
 * Trains on the k-bit multiplexer as the references do (a one-step bandit per sample) and reports
 * the mean reward per sample.
 */
export function trainMultiplexer(options: MultiplexerOptions): MultiplexerResult {
  const driven = driverOf("Multiplexer", options.algorithm);
  const { batch, addressBits } = driven.rule.supervised!.Multiplexer!;
  const seed = requireSeed("seed", options.seed ?? 0);
  const task = new Multiplexer({ addressBits, batch, seed });
  const bernoulliOutput = driven.driver.layers[driven.driver.layers.length - 1].unit === "bernoulli";
  return supervisedLoop(task, driven, false, { ...options, seed }, {
    answer: (net, answers) => {
      const out = net.layerCount - 1;
      if (bernoulliOutput) {
        const values = net.buffer(out, "values");
        for (let b = 0; b < batch; b++) answers[b] = values[b * net.shape(out).stride] === 1 ? 1 : -1;
      } else {
        const actions = net.actions();
        for (let b = 0; b < batch; b++) answers[b] = actions[b] === 1 ? 1 : -1;
      }
    },
    signal: (rewards) => rewards,
  });
}

/** Options of `trainRegression`. */
export interface RegressionOptions extends SupervisedOptions {
  /** Samples seen in the run (default: the reference's 1,000,000). */
  samples?: number;
}

/**
 * MAP propagation on the scalar regression task as map_prop's `main_pre.py` trains it (docs/learning-rules.md
 * §3.5, §7.2): batch 128, a linear Gaussian output (σ² = 0.025) whose sampled value A is the answer,
 * 20 settling steps, eligibilities gated by 1/(A − μ) and the learning signal y − μ (μ after
 * settling). The reported reward is −(A − y)², averaged over all samples.
 */
export function trainRegression(options: RegressionOptions & { algorithm?: string } = {}): MultiplexerResult {
  const driven = driverOf("Regression", options.algorithm ?? "map-prop");
  const { batch } = driven.driver;
  const seed = requireSeed("seed", options.seed ?? 0);
  const task = new ScalarRegression({ batch, seed });
  return supervisedLoop(task, driven, true, { ...options, seed }, {
    answer: (net, answers) => {
      const out = net.layerCount - 1;
      const values = net.buffer(out, "values");
      for (let b = 0; b < batch; b++) answers[b] = values[b * net.shape(out).stride];
    },
    signal: (_rewards, net) => {
      const out = net.layerCount - 1;
      const mean = net.buffer(out, "mean");
      const y = task.targets;
      return Float64Array.from(y, (target, b) => target - mean[b * net.shape(out).stride]);
    },
  });
}

interface SupervisedTask {
  inputSize: number;
  sample(): Float64Array;
  reward(answers: ArrayLike<number>): Float64Array;
}

/**
 * One update per batch: sample, forward, settle (as the rule settles), score the answers, record
 * traces (the rule's, without decay; gated by 1/(A − μ) of the output when `gate`), learn (by
 * the rule's actor update).
 */
function supervisedLoop(
  task: SupervisedTask,
  { rule, driver, h }: { rule: LearningRule; driver: SupervisedDriver; h: Hyperparameters },
  gate: boolean,
  options: { samples?: number; seed: number; precision?: Precision; backend?: Backend; curvePoints?: number; onProgress?: (report: MultiplexerProgress) => void },
  answering: { answer: (net: Network, answers: Float64Array) => void; signal: (rewards: Float64Array, net: Network) => ArrayLike<number> },
): MultiplexerResult {
  if (rule.settling === "bernoulli" || rule.asynchronous) throw new Error(`unreachable: ${rule.name} declares a supervised driver but its step has none`);
  const seed = options.seed;
  const batch = driver.batch;
  const samples = requirePositiveInteger("samples", options.samples ?? driver.samples);
  const updates = Math.max(1, Math.floor(samples / batch));
  const points = Math.min(updates, requirePositiveInteger("curvePoints", options.curvePoints ?? 100));
  const updatesPerPoint = Math.floor(updates / points);
  const streams = new Random(seed ^ 0x5bd1e995);
  const core = getCore(options.precision, options.backend);
  const net = new Network({ inputSize: task.inputSize, layers: [...driver.layers], seed: streams.nextUint32(), batch, adamEpsilon: h.adamEpsilon }, 0, core);
  const out = net.layerCount - 1;
  const answers = new Float64Array(batch);
  const rewardCurve: number[] = [];
  const started = performance.now();
  let sum = 0;
  let pointSum = 0;
  try {
    for (let u = 0; u < updates; u++) {
      net.setInput(task.sample());
      net.forward();
      answering.answer(net, answers);
      const rewards = task.reward(answers);
      if (rule.settling === "gaussian" && h.settleSteps > 0) net.settle(h.settleSteps);
      net.recordTrace(0, rule.traces, gate);
      const signal = answering.signal(rewards, net);
      if (rule.actorUpdate === "weight-max") net.learnWeightMax(signal, u, h.weightMaxExponent);
      else net.learn(signal, u);
      if (!net.outputFinite()) {
        const found = net.firstNonFinite();
        throw new DivergenceError(u, "network", found?.layer ?? out, found?.quantity ?? "potentials");
      }
      const mean = rewards.reduce((a, b) => a + b, 0) / batch;
      sum += mean;
      pointSum += mean;
      // The last point also takes the remainder of updates / points.
      if ((u + 1) % updatesPerPoint === 0 && rewardCurve.length < points - 1) {
        rewardCurve.push(pointSum / updatesPerPoint);
        pointSum = 0;
      }
      options.onProgress?.({ seed, samples: (u + 1) * batch, totalSamples: updates * batch, averageReward: sum / (u + 1), wallSeconds: (performance.now() - started) / 1000 });
    }
  } finally {
    net.dispose();
  }
  rewardCurve.push(pointSum / (updates - updatesPerPoint * (points - 1)));
  return {
    seed, samples: updates * batch, averageReward: sum / updates, rewardCurve, samplesPerPoint: updatesPerPoint * batch,
    wallSeconds: (performance.now() - started) / 1000,
  };
}

/** The supervised tasks by the id the CLI and the grid runner accept. */
export interface SupervisedTaskEntry {
  algorithms: readonly string[];
  defaultSamples(algorithm: string): number;
  train(options: { algorithm: string; samples?: number; seed?: number; precision?: Precision; backend?: Backend; onProgress?: (report: MultiplexerProgress) => void }): MultiplexerResult;
}

export const supervisedTasks: Readonly<Record<SupervisedTaskId, SupervisedTaskEntry>> = {
  Multiplexer: {
    algorithms: banditAlgorithms,
    defaultSamples: (algorithm) => defaultMultiplexerSamples(algorithm as BanditAlgorithm),
    train: (o) => trainMultiplexer({ ...o, algorithm: o.algorithm as BanditAlgorithm }),
  },
  Regression: {
    algorithms: rulesFor("Regression").map((rule) => rule.name),
    defaultSamples: (algorithm) => driverOf("Regression", algorithm).driver.samples,
    train: (o) => trainRegression(o),
  },
};
