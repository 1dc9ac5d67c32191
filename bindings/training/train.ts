/** One training run: an agent learning online on one environment (or a batch of copies) for a number of episodes. */
import { Agent } from "./agent.js";
import type { Algorithm, HiddenUnits, Hyperparameters } from "../rules/algorithms.js";
import type { Backend, Precision } from "../core/core.js";
import type { Environment } from "../envs/environment.js";
import { makeEnv, type EnvironmentId } from "../envs/registry.js";
import { requireEnvSeeding, type EnvSeeding } from "../envs/seeding.js";
import { makeVectorEnv } from "../envs/vector.js";
import { ConfigurationError, requirePositiveInteger, requireSeed } from "../errors.js";
import { type SignalRecord, recordSignals as recordAgentSignals, requireSignalOptions } from "./signals.js";

/** A `SignalRecord` of a training run, with where in the run it was taken. */
export interface RunSignalRecord extends SignalRecord {
  seed: number;
  algorithm: Algorithm;
  /** Episodes ended before the record (the episode in progress, counted from 0). */
  episode: number;
  /** Environment steps taken before the record. */
  step: number;
}

/** `TrainOptions.signals`: every `every` agent steps, `onSignals` gets a record. */
export interface TrainSignalOptions {
  /** Agent steps between records (a positive integer). */
  every: number;
  /** Receives each record, tagged with the run's seed and algorithm and where in the run it was taken. */
  onSignals: (record: RunSignalRecord) => void;
}

/** Progress after each episode, given to `TrainOptions.onEpisode`. */
export interface EpisodeReport {
  seed: number;
  episode: number;
  episodes: number;
  return: number;
  /** Mean return of the last (up to) 100 episodes. */
  runningAverage: number;
  steps: number;
  wallSeconds: number;
}

/** Options of `train`. */
export interface TrainOptions {
  env: EnvironmentId | Environment;
  algorithm: Algorithm;
  episodes: number;
  seed?: number;
  hidden?: number[];
  /** The actor's hidden units (default: the rule's own; see `AgentOptions.units`). */
  units?: HiddenUnits;
  hyperparameters?: Partial<Hyperparameters>;
  /** Which loaded core to train on (default "float64"). */
  precision?: Precision;
  /** "wasm" (default) or "js". */
  backend?: Backend;
  /**
   * Copies of the environment stepped together (default 1, the published protocol); needs an
   * environment id. Episodes are counted as they end, in any copy, until `episodes` have ended.
   */
  batch?: number;
  /**
   * The environment's random stream (default "gymnasium": Gymnasium's episodes for the seed);
   * "legacy" replays runs made before coagent matched Gymnasium's seeding. Needs an environment id.
   */
  envSeeding?: EnvSeeding;
  /** Called after every episode with the run's progress. */
  onEpisode?: (report: EpisodeReport) => void;
  /** Called with the trained agent just before it is disposed, e.g. to save it. */
  onTrained?: (agent: Agent) => void;
  /** Record signals from inside the run (`Agent.recordSignals`); recording does not change the run. */
  signals?: TrainSignalOptions;
}

/** What `train` returns: every episode's return, and the steps and time taken. */
export interface RunResult {
  seed: number;
  episodeReturns: number[];
  /** Environment steps taken. */
  steps: number;
  wallSeconds: number;
}

export function runningMean(values: readonly number[], window = 100): number {
  const n = Math.min(window, values.length);
  let sum = 0;
  for (let k = values.length - n; k < values.length; k++) sum += values[k];
  return n === 0 ? 0 : sum / n;
}

/** The progress report after the last of `episodeReturns` ended. */
function report(seed: number, episodes: number, episodeReturns: number[], steps: number, started: number): EpisodeReport {
  return {
    seed, episode: episodeReturns.length, episodes, return: episodeReturns[episodeReturns.length - 1], runningAverage: runningMean(episodeReturns), steps,
    wallSeconds: (performance.now() - started) / 1000,
  };
}

/** The agent's options among train's (the environment and batch are added by the caller). */
function agentOptions(options: TrainOptions, seed: number) {
  const { algorithm, hidden, units, hyperparameters, precision, backend } = options;
  return { algorithm, seed, hidden, units, hyperparameters, precision, backend };
}

/** Starts the agent's signal recording when `options.signals` asks for it, each record tagged with where the run is. */
function recordSignals(agent: Agent, options: TrainOptions, seed: number, where: () => { episode: number; step: number }): void {
  const signals = options.signals;
  if (signals === undefined) return;
  const algorithm = options.algorithm;
  recordAgentSignals(agent, { every: signals.every, onSignals: (record) => signals.onSignals({ seed, algorithm, ...where(), ...record }) });
}

/** Trains one agent; the seed fixes the agent's streams and the environment's episodes. */
export function train(options: TrainOptions): RunResult {
  const episodes = requirePositiveInteger("episodes", options.episodes);
  const seed = requireSeed("seed", options.seed ?? 0);
  const seeding = requireEnvSeeding("envSeeding", options.envSeeding);
  if (options.envSeeding !== undefined && typeof options.env !== "string") {
    throw new ConfigurationError("envSeeding needs env to be an environment id; an Environment object keeps the seeding it was made with");
  }
  if (options.signals !== undefined) requireSignalOptions("signals", options.signals);
  if ((options.batch ?? 1) !== 1) return trainBatch(options, episodes, seed, seeding);
  const env = typeof options.env === "string" ? makeEnv(options.env, { seed, seeding }) : options.env;
  const agent = Agent.create({ ...agentOptions(options, seed), env });
  const started = performance.now();
  const episodeReturns: number[] = [];
  let steps = 0;
  recordSignals(agent, options, seed, () => ({ episode: episodeReturns.length, step: steps }));
  try {
    let observation = env.reset({ seed }).observation;
    for (let episode = 0; episode < episodes; episode++) {
      let total = 0;
      for (;;) {
        const { action } = agent.act(observation);
        const step = env.step(action);
        steps++;
        total += step.reward;
        agent.learn(step);
        if (step.terminated || step.truncated) break;
        observation = step.observation;
      }
      episodeReturns.push(total);
      options.onEpisode?.(report(seed, episodes, episodeReturns, steps, started));
      observation = env.reset().observation;
    }
    options.onTrained?.(agent);
  } finally {
    agent.dispose();
  }
  return { seed, episodeReturns, steps, wallSeconds: (performance.now() - started) / 1000 };
}

/** `train` with `batch` copies of the environment in a VectorEnv, copy k seeded seed + k. */
function trainBatch(options: TrainOptions, episodes: number, seed: number, seeding: EnvSeeding): RunResult {
  const batch = requirePositiveInteger("batch", options.batch);
  if (typeof options.env !== "string") throw new ConfigurationError("env must be an environment id when batch > 1 (its copies are made with makeVectorEnv)");
  const envs = makeVectorEnv(options.env, { count: batch, seed, seeding });
  const agent = Agent.create({ ...agentOptions(options, seed), env: envs, batch });
  const started = performance.now();
  const episodeReturns: number[] = [];
  const totals = new Float64Array(batch);
  const resetting = new Array<boolean>(batch).fill(false);
  let steps = 0;
  recordSignals(agent, options, seed, () => ({ episode: episodeReturns.length, step: steps }));
  try {
    let { observations } = envs.reset({ seed });
    while (episodeReturns.length < episodes) {
      const step = envs.step(agent.actBatch(observations).actions);
      agent.learnBatch(step);
      for (let k = 0; k < batch && episodeReturns.length < episodes; k++) {
        if (resetting[k]) {
          resetting[k] = false; // this copy's step was its reset, not a transition
          continue;
        }
        steps++;
        totals[k] += step.rewards[k];
        if (!step.terminated[k] && !step.truncated[k]) continue;
        resetting[k] = true;
        episodeReturns.push(totals[k]);
        totals[k] = 0;
        options.onEpisode?.(report(seed, episodes, episodeReturns, steps, started));
      }
      observations = step.observations;
    }
    options.onTrained?.(agent);
  } finally {
    agent.dispose();
  }
  return { seed, episodeReturns, steps, wallSeconds: (performance.now() - started) / 1000 };
}
