/**
 * Supervised learning as the references' drivers do it (docs/learning-rules.md): each
 * sample is a one-step bandit, no critic, traces without decay.
 * - Multiplexer: the ±1 reward is every unit's reinforcement. Weight Max: k = 4, batch 1, a single
 *   Bernoulli output (1 ↦ +1). MAP propagation: k = 5, batch 128, a 2-way softmax, 20 settling steps.
 * - Scalar regression (MAP propagation): the negative squared error is the reported reward and
 *   y − μ the gated learning signal.
 */
import { type Backend, type Precision, getCore } from "../core/core.js";
import { Multiplexer } from "../envs/multiplexer.js";
import { ScalarRegression } from "../envs/regression.js";
import { ConfigurationError, DivergenceError, requirePositiveInteger, requireSeed } from "../errors.js";
import { Network, type LayerSpec } from "../core/network.js";
import { Random } from "../core/random.js";
import { defaultHyperparameters } from "../rules/algorithms.js";
import { ruleNamed } from "../rules/index.js";

/** The rules the supervised tasks accept. */
export const banditAlgorithms = ["weight-max", "map-prop", "reinforce"] as const;
/** One of `banditAlgorithms`. */
export type BanditAlgorithm = (typeof banditAlgorithms)[number];

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

interface Plan {
  addressBits: number;
  batch: number;
  samples: number;
  layers: LayerSpec[];
  adamEpsilon: number;
  settleSteps: number;
  weightMax: boolean;
  /** MAP regression: eligibilities scaled by 1/(A − μ) of the output (docs/learning-rules.md). */
  gate: boolean;
}

/**
 * The rule's own Adam ε and settling sweeps, as its declaration gives them (map_prop's 1e-9 and
 * 20 sweeps; weight_max's 1e-8 and none): the supervised drivers use the rules' constants.
 */
function ruleConstants(algorithm: BanditAlgorithm): Pick<Plan, "adamEpsilon" | "settleSteps"> {
  const { adamEpsilon, settleSteps } = defaultHyperparameters(algorithm, "Multiplexer");
  return { adamEpsilon, settleSteps };
}

/** The driver of the rule's reference code: map_prop's (k = 5, batch 128, softmax) or weight_max's (k = 4, batch 1, a Bernoulli output). */
function plan(algorithm: BanditAlgorithm): Plan {
  const rule = ruleNamed(algorithm);
  if (rule.networks === "map-prop") {
    const hidden = (size: number, variance: number, rate: number): LayerSpec => ({ size, unit: "gaussian", activation: "softplus", variance, learningRate: rate });
    return {
      addressBits: 5,
      batch: 128,
      samples: 4_000_000,
      layers: [hidden(64, 0.3, 4e-2), hidden(32, 1, 4e-5), { size: 2, unit: "categorical", temperature: 1, learningRate: 4e-6 }],
      ...ruleConstants(algorithm),
      weightMax: false,
      gate: false,
    };
  }
  const bernoulli = (size: number, rate: number): LayerSpec => ({ size, unit: "bernoulli", temperature: 1, learningRate: rate, biasInit: 0.001 });
  return {
    addressBits: 4,
    batch: 1,
    samples: 800_000,
    layers: [bernoulli(64, 1e-2), bernoulli(32, 1e-3), bernoulli(1, 1e-4)],
    ...ruleConstants(algorithm),
    weightMax: rule.actorUpdate === "weight-max",
    gate: false,
  };
}

/** The reference's sample budget for the algorithm (800,000 for Weight Max and REINFORCE, 4,000,000 for MAP). */
export function defaultMultiplexerSamples(algorithm: BanditAlgorithm): number {
  return plan(algorithm).samples;
}

/**
 * Trains on the k-bit multiplexer as the references do (a one-step bandit per sample) and reports
 * the mean reward per sample.
 */
export function trainMultiplexer(options: MultiplexerOptions): MultiplexerResult {
  if (!banditAlgorithms.includes(options.algorithm)) {
    throw new ConfigurationError(`algorithm must be one of ${banditAlgorithms.join(", ")} for the multiplexer; got "${options.algorithm}"`);
  }
  const p = plan(options.algorithm);
  const seed = requireSeed("seed", options.seed ?? 0);
  const task = new Multiplexer({ addressBits: p.addressBits, batch: p.batch, seed });
  const bernoulliOutput = ruleNamed(options.algorithm).networks === "weight-max";
  return supervisedLoop(task, p, { ...options, seed }, {
    // Weight Max and REINFORCE answer with a Bernoulli unit (1 ↦ +1), MAP with a 2-way softmax (class 1 ↦ +1).
    answer: (net, answers) => {
      const out = net.layerCount - 1;
      if (bernoulliOutput) {
        const values = net.buffer(out, "values");
        for (let b = 0; b < p.batch; b++) answers[b] = values[b * net.shape(out).stride] === 1 ? 1 : -1;
      } else {
        const actions = net.actions();
        for (let b = 0; b < p.batch; b++) answers[b] = actions[b] === 1 ? 1 : -1;
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
export function trainRegression(options: RegressionOptions = {}): MultiplexerResult {
  const hidden = (size: number, variance: number, rate: number): LayerSpec => ({ size, unit: "gaussian", activation: "softplus", variance, learningRate: rate });
  const p: Plan = {
    addressBits: 0,
    batch: 128,
    samples: 1_000_000,
    layers: [hidden(64, 0.0075, 6e-2), hidden(32, 0.025, 6e-5), { size: 1, unit: "gaussian", activation: "linear", variance: 0.025, learningRate: 6e-6 }],
    ...ruleConstants("map-prop"),
    weightMax: false,
    gate: true,
  };
  const seed = requireSeed("seed", options.seed ?? 0);
  const task = new ScalarRegression({ batch: p.batch, seed });
  return supervisedLoop(task, p, { ...options, seed }, {
    answer: (net, answers) => {
      const out = net.layerCount - 1;
      const values = net.buffer(out, "values");
      for (let b = 0; b < p.batch; b++) answers[b] = values[b * net.shape(out).stride];
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

/** One update per batch: sample, forward, settle, score the answers, record traces, learn. */
function supervisedLoop(
  task: SupervisedTask,
  p: Plan,
  options: { samples?: number; seed: number; precision?: Precision; backend?: Backend; curvePoints?: number; onProgress?: (report: MultiplexerProgress) => void },
  rule: { answer: (net: Network, answers: Float64Array) => void; signal: (rewards: Float64Array, net: Network) => ArrayLike<number> },
): MultiplexerResult {
  const seed = options.seed;
  const samples = requirePositiveInteger("samples", options.samples ?? p.samples);
  const updates = Math.max(1, Math.floor(samples / p.batch));
  const points = Math.min(updates, requirePositiveInteger("curvePoints", options.curvePoints ?? 100));
  const updatesPerPoint = Math.floor(updates / points);
  const streams = new Random(seed ^ 0x5bd1e995);
  const core = getCore(options.precision, options.backend);
  const net = new Network({ inputSize: task.inputSize, layers: p.layers, seed: streams.nextUint32(), batch: p.batch, adamEpsilon: p.adamEpsilon }, 0, core);
  const out = net.layerCount - 1;
  const answers = new Float64Array(p.batch);
  const rewardCurve: number[] = [];
  const started = performance.now();
  let sum = 0;
  let pointSum = 0;
  try {
    for (let u = 0; u < updates; u++) {
      net.setInput(task.sample());
      net.forward();
      rule.answer(net, answers);
      const rewards = task.reward(answers);
      if (p.settleSteps > 0) net.settle(p.settleSteps);
      net.recordTrace(0, "local", p.gate);
      const signal = rule.signal(rewards, net);
      if (p.weightMax) net.learnWeightMax(signal, u);
      else net.learn(signal, u);
      if (!net.outputFinite()) {
        const found = net.firstNonFinite();
        throw new DivergenceError(u, "network", found?.layer ?? out, found?.quantity ?? "potentials");
      }
      const mean = rewards.reduce((a, b) => a + b, 0) / p.batch;
      sum += mean;
      pointSum += mean;
      // The last point also takes the remainder of updates / points.
      if ((u + 1) % updatesPerPoint === 0 && rewardCurve.length < points - 1) {
        rewardCurve.push(pointSum / updatesPerPoint);
        pointSum = 0;
      }
      options.onProgress?.({ seed, samples: (u + 1) * p.batch, totalSamples: updates * p.batch, averageReward: sum / (u + 1), wallSeconds: (performance.now() - started) / 1000 });
    }
  } finally {
    net.dispose();
  }
  rewardCurve.push(pointSum / (updates - updatesPerPoint * (points - 1)));
  return {
    seed, samples: updates * p.batch, averageReward: sum / updates, rewardCurve, samplesPerPoint: updatesPerPoint * p.batch,
    wallSeconds: (performance.now() - started) / 1000,
  };
}

/** The supervised tasks by the id the CLI and the grid runner accept. */
export interface SupervisedTaskEntry {
  algorithms: readonly string[];
  defaultSamples(algorithm: string): number;
  train(options: { algorithm: string; samples?: number; seed?: number; precision?: Precision; backend?: Backend; onProgress?: (report: MultiplexerProgress) => void }): MultiplexerResult;
}

export const supervisedTasks: Readonly<Record<string, SupervisedTaskEntry>> = {
  Multiplexer: {
    algorithms: banditAlgorithms,
    defaultSamples: (algorithm) => defaultMultiplexerSamples(algorithm as BanditAlgorithm),
    train: (o) => trainMultiplexer({ ...o, algorithm: o.algorithm as BanditAlgorithm }),
  },
  Regression: {
    algorithms: ["map-prop"],
    defaultSamples: () => 1_000_000,
    train: ({ algorithm, ...o }) => {
      if (algorithm !== "map-prop") throw new ConfigurationError(`algorithm must be map-prop for the regression task; got "${algorithm}"`);
      return trainRegression(o);
    },
  },
};
