/**
 * Training on the multiplexer as the references' supervised drivers do (ALGORITHMS.md §3.5,
 * §7.2, §7.3): no critic, the ±1 reward of each sample is every unit's reinforcement, traces
 * without decay. Weight Max: k = 4, batch 1, a single Bernoulli output (1 ↦ +1). MAP
 * propagation: k = 5, batch 128, a 2-way softmax (class 1 ↦ +1), 20 settling steps.
 */
import { type Precision, getCore } from "./core.js";
import { Multiplexer } from "./envs/multiplexer.js";
import { ConfigurationError, DivergenceError, requirePositiveInteger, requireSeed } from "./errors.js";
import { Network, type LayerSpec } from "./network.js";
import { Random } from "./random.js";

export const banditAlgorithms = ["weight-max", "map-prop", "reinforce"] as const;
export type BanditAlgorithm = (typeof banditAlgorithms)[number];

export interface MultiplexerOptions {
  algorithm: BanditAlgorithm;
  /** Samples seen in the run (default: the reference's 800,000 for Weight Max, 4,000,000 for MAP). */
  samples?: number;
  seed?: number;
  precision?: Precision;
  /** Points on the learning curve (default 100): each is the mean reward of an equal share of the run. */
  curvePoints?: number;
  /** Called after every update with the mean reward so far. */
  onProgress?: (report: MultiplexerProgress) => void;
}

export interface MultiplexerProgress {
  seed: number;
  samples: number;
  totalSamples: number;
  averageReward: number;
  wallSeconds: number;
}

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
}

function plan(algorithm: BanditAlgorithm): Plan {
  if (algorithm === "map-prop") {
    const hidden = (size: number, variance: number, rate: number): LayerSpec => ({ size, unit: "gaussian", activation: "softplus", variance, learningRate: rate });
    return {
      addressBits: 5,
      batch: 128,
      samples: 4_000_000,
      layers: [hidden(64, 0.3, 4e-2), hidden(32, 1, 4e-5), { size: 2, unit: "categorical", temperature: 1, learningRate: 4e-6 }],
      adamEpsilon: 1e-9,
      settleSteps: 20,
      weightMax: false,
    };
  }
  const bernoulli = (size: number, rate: number): LayerSpec => ({ size, unit: "bernoulli", temperature: 1, learningRate: rate, biasInit: 0.001 });
  return {
    addressBits: 4,
    batch: 1,
    samples: 800_000,
    layers: [bernoulli(64, 1e-2), bernoulli(32, 1e-3), bernoulli(1, 1e-4)],
    adamEpsilon: 1e-8,
    settleSteps: 0,
    weightMax: algorithm === "weight-max",
  };
}

/** The reference's sample budget for the algorithm (800,000 for Weight Max and REINFORCE, 4,000,000 for MAP). */
export function defaultMultiplexerSamples(algorithm: BanditAlgorithm): number {
  return plan(algorithm).samples;
}

export function trainMultiplexer(options: MultiplexerOptions): MultiplexerResult {
  if (!banditAlgorithms.includes(options.algorithm)) {
    throw new ConfigurationError(`algorithm must be one of ${banditAlgorithms.join(", ")} for the multiplexer; got "${options.algorithm}"`);
  }
  const p = plan(options.algorithm);
  const seed = requireSeed("seed", options.seed ?? 0);
  const samples = requirePositiveInteger("samples", options.samples ?? p.samples);
  const updates = Math.max(1, Math.floor(samples / p.batch));
  const points = Math.min(updates, requirePositiveInteger("curvePoints", options.curvePoints ?? 100));
  const updatesPerPoint = Math.floor(updates / points);
  const task = new Multiplexer({ addressBits: p.addressBits, batch: p.batch, seed });
  const streams = new Random(seed ^ 0x5bd1e995);
  const core = getCore(options.precision);
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
      if (p.settleSteps > 0) net.settle(p.settleSteps);
      if (p.weightMax || options.algorithm === "reinforce") {
        const values = net.buffer(out, "values");
        for (let b = 0; b < p.batch; b++) answers[b] = values[b * net.shape(out).stride] === 1 ? 1 : -1;
      } else {
        const actions = net.actions();
        for (let b = 0; b < p.batch; b++) answers[b] = actions[b] === 1 ? 1 : -1;
      }
      const rewards = task.reward(answers);
      net.recordTrace(0, "local");
      if (p.weightMax) net.learnWeightMax(rewards, u);
      else net.learn(rewards, u);
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
