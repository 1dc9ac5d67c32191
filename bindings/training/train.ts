/** One training run: an agent learning online on one environment (or a batch of copies) for a number of episodes. */
import { Agent, type AgentOptions } from "./agent.js";
import { ActionLog, agentRecipeOf, encodeRunCheckpoint, readRunCheckpoint, type RunCheckpointState } from "./run-checkpoint.js";
import { CheckpointError } from "../core/checkpoint.js";
import type { Algorithm, HiddenUnits, Hyperparameters } from "../rules/algorithms.js";
import { getCore, type Backend, type Precision } from "../core/core.js";
import type { Action, Environment, Space } from "../envs/environment.js";
import { makeEnv, type TaskId } from "../envs/registry.js";
import { requireEnvSeeding, type EnvSeeding } from "../envs/seeding.js";
import { makeVectorEnv } from "../envs/vector.js";
import { ConfigurationError, describe, requirePositiveInteger, requireSeed } from "../errors.js";
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
  /** A task id (built-in or registered) or an environment object. */
  env: TaskId | Environment;
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
  /**
   * Called after every episode with the run's progress. Returning `false` (exactly) stops the run there:
   * `train` returns the episodes so far with `stopped: true`, and `onCheckpoint` receives the run
   * as it stands (so it can be resumed), as with `signal`.
   */
  onEpisode?: (report: EpisodeReport) => unknown;
  /**
   * Return the trained agent as `RunResult.agent` instead of disposing it (default false): it can
   * act, keep learning, be saved or give its `policy()`; call its `dispose()` when done.
   */
  keepAgent?: boolean;
  /** Called with the trained agent just before it is disposed, e.g. to save it (not after a stop). */
  onTrained?: (agent: Agent) => void;
  /**
   * Receives the run's checkpoint (see `TrainCheckpoint`) every `checkpointEvery` episodes, when
   * the run stops on `signal`, and when it ends. Write `checkpoint.bytes` atomically; giving
   * them back as `resume` continues the run exactly.
   */
  onCheckpoint?: (checkpoint: TrainCheckpoint) => void;
  /**
   * Episodes between checkpoints (needs `onCheckpoint`; default: only at a stop and at the end).
   * With `batch` > 1 a checkpoint is taken at the first step after which that many more episodes
   * have ended (several copies may end theirs on one step).
   */
  checkpointEvery?: number;
  /**
   * Continues the run saved in these checkpoint bytes (from `onCheckpoint`) to `episodes`; the
   * other options must describe the same run (the same rule, task, seed, batch, network and
   * precision; the backend may differ). The result holds every episode's return, those before
   * the checkpoint included, and equals that of a run never stopped, bit for bit.
   */
  resume?: Uint8Array;
  /**
   * Stops the run at the next step boundary once `aborted` is true (an AbortSignal, or anything
   * with that property): `onCheckpoint` receives the run as it stands, and `train` returns the
   * episodes finished so far with `stopped: true`.
   */
  signal?: { readonly aborted: boolean };
  /** JSON stored with every checkpoint (`RunCheckpointState.note`), e.g. how the run was started. */
  checkpointNote?: unknown;
  /** Record signals from inside the run (`Agent.recordSignals`); recording does not change the run. */
  signals?: TrainSignalOptions;
}

/** What `onCheckpoint` receives. */
export interface TrainCheckpoint {
  /** The agent's checkpoint with the run's progress in its metadata (run-checkpoint.ts); `resume` takes it. */
  bytes: Uint8Array;
  episodeReturns: readonly number[];
  /** Environment steps so far. */
  steps: number;
  /** The run's budget of episodes. */
  episodes: number;
  /** Why it was taken: every `checkpointEvery` episodes, a stop on `signal`, or the end of the run. */
  reason: "periodic" | "stopped" | "finished";
}



/** What `train` returns: every episode's return, and the steps and time taken. */
export interface RunResult {
  seed: number;
  episodeReturns: number[];
  /** Environment steps taken. */
  steps: number;
  /** This call's training time (a resumed run counts only its own). */
  wallSeconds: number;
  /** Set when `signal` (or `onEpisode` returning false) stopped the run before its budget: `episodeReturns` are the episodes finished. */
  stopped?: true;
  /** The trained agent, with `keepAgent: true` (then yours to dispose). */
  agent?: Agent;
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
  if (options.checkpointEvery !== undefined) {
    requirePositiveInteger("checkpointEvery", options.checkpointEvery);
    if (typeof options.onCheckpoint !== "function") throw new ConfigurationError("checkpointEvery needs onCheckpoint, which receives the checkpoints");
  }
  if (options.resume !== undefined && !(options.resume instanceof Uint8Array)) {
    throw new ConfigurationError(`resume must be the bytes of a checkpoint from onCheckpoint (a Uint8Array); got ${describe(options.resume)}`);
  }
  if (options.signals !== undefined) requireSignalOptions("signals", options.signals);
  const batch = requirePositiveInteger("batch", options.batch ?? 1);
  if (batch !== 1 && typeof options.env !== "string") throw new ConfigurationError("env must be an environment id when batch > 1 (its copies are made with makeVectorEnv)");
  const session = new Session(options, episodes, seed, seeding, batch);
  return batch === 1 ? trainSingle(session) : trainBatch(session);
}

/**
 * What a run keeps besides its agent and environment: the returns, the step count, the action log
 * its checkpoints carry, the replay of a resumed run's log, and when to take checkpoints.
 */
class Session {
  readonly episodeReturns: number[] = [];
  steps = 0;
  readonly started = performance.now();
  /** The actions so far, kept when the run takes checkpoints (they rebuild the environment on resume). */
  private log?: ActionLog;
  /** Entries of the log still to replay (a resumed run), and the run state they must reproduce. */
  private replayAt = 0;
  private replayEnd = 0;
  private resumed?: RunCheckpointState;
  /** The iteration in progress is a replayed one (its episode ends are not reported). */
  private replaying = false;
  private nextCheckpoint = Infinity;
  stopped = false;
  /** `onEpisode` returned false: stop at the next step boundary, as a signal would. */
  private stopAsked = false;
  /** The agent went to the caller (`keepAgent`), who disposes it. */
  handedOver = false;

  constructor(
    readonly options: TrainOptions,
    readonly episodes: number,
    readonly seed: number,
    readonly seeding: EnvSeeding,
    readonly batch: number,
  ) {
    if (options.resume) {
      this.resumed = readRunCheckpoint(options.resume);
      const run = this.resumed;
      const envId = typeof options.env === "string" ? options.env : options.env.id;
      const differs = (
        [["env", run.env, envId], ["seed", run.seed, seed], ["batch", run.batch, batch], ...(typeof options.env === "string" ? [["envSeeding", run.envSeeding, seeding]] : [])] as const
      ).filter(([, saved, given]) => saved !== given);
      if (differs.length > 0) {
        throw new ConfigurationError(`resume: the checkpoint is of another run (${differs.map(([name, saved, given]) => `${name} ${JSON.stringify(saved)}, not ${JSON.stringify(given)}`).join("; ")})`);
      }
      if (run.episodeReturns.length > episodes) {
        throw new ConfigurationError(`resume: the checkpoint has ${run.episodeReturns.length} episodes, more than episodes (${episodes})`);
      }
    }
  }

  /** The agent: a fresh one, or the checkpoint's, after checking it is the agent these options make. */
  makeAgent(env: AgentOptions["env"]): Agent {
    const { options } = this;
    const agent = this.createOrLoadAgent(env);
    // Records carry where in the run they were taken, so a resumed run's say the same as an uninterrupted one's.
    recordSignals(agent, options, this.seed, () => ({ episode: this.episodeReturns.length, step: this.steps }));
    return agent;
  }

  private createOrLoadAgent(env: AgentOptions["env"]): Agent {
    const { options } = this;
    const created = Agent.create({ ...agentOptions(options, this.seed), env, batch: this.batch });
    if (!options.resume) return created;
    const recipe = agentRecipeOf(created.save());
    created.dispose();
    if (agentRecipeOf(options.resume) !== recipe) {
      throw new ConfigurationError("resume: the checkpoint's agent is not the one these options make (its algorithm, hidden layers, units, hyper-parameters or precision differ)");
    }
    return Agent.load(options.resume, getCore(options.precision, options.backend));
  }

  /** Starts the log (when checkpoints are taken) and the replay of a resumed run. */
  startLog(actionSpace: Space): void {
    const { options } = this;
    if (this.resumed) {
      this.log = ActionLog.restore(this.resumed, actionSpace, this.batch);
      this.replayEnd = this.log.count;
    } else if (options.onCheckpoint) this.log = new ActionLog(actionSpace, this.batch);
    if (options.onCheckpoint && options.checkpointEvery !== undefined) {
      const every = options.checkpointEvery;
      this.nextCheckpoint = (Math.floor((this.resumed?.episodeReturns.length ?? 0) / every) + 1) * every;
    }
  }

  /** The logged actions of the next iteration while a resumed run is replaying, else undefined. */
  replayed(): Action[] | undefined {
    if (this.replayAt < this.replayEnd) {
      this.replaying = true;
      return this.log!.entry(this.replayAt++);
    }
    if (this.replaying) this.verifyReplay();
    return undefined;
  }

  /** Logs a live iteration's actions (when checkpoints are taken). */
  record(actions: ArrayLike<Action>): void {
    this.log?.push(actions);
  }

  /**
   * At a step boundary of the live run: takes the checkpoint that is due, and says whether to stop
   * (the signal is set; the stop's checkpoint is taken).
   */
  boundary(agent: Agent): boolean {
    if (this.options.signal?.aborted || this.stopAsked) {
      this.stopped = true;
      this.checkpoint(agent, "stopped");
      return true;
    }
    if (this.episodeReturns.length >= this.nextCheckpoint) {
      this.nextCheckpoint = (Math.floor(this.episodeReturns.length / this.options.checkpointEvery!) + 1) * this.options.checkpointEvery!;
      this.checkpoint(agent, "periodic");
    }
    return false;
  }

  /** The run ended (its budget, or a stop): the last checkpoint and the result. */
  finish(agent: Agent): RunResult {
    if (this.replayAt < this.replayEnd) throw new CheckpointError("the checkpoint's action log runs past its episodes");
    if (this.replaying) this.verifyReplay();
    if (!this.stopped) {
      this.checkpoint(agent, "finished");
      this.options.onTrained?.(agent);
    }
    this.handedOver = this.options.keepAgent === true;
    return {
      seed: this.seed, episodeReturns: this.episodeReturns, steps: this.steps, wallSeconds: (performance.now() - this.started) / 1000, ...(this.stopped ? { stopped: true as const } : {}),
      ...(this.handedOver ? { agent } : {}),
    };
  }

  /** An episode ended with `total`; reported unless it is a replayed one. */
  episodeEnded(total: number): void {
    this.episodeReturns.push(total);
    if (!this.replaying && this.options.onEpisode?.(report(this.seed, this.episodes, this.episodeReturns, this.steps, this.started)) === false) this.stopAsked = true;
  }

  private checkpoint(agent: Agent, reason: TrainCheckpoint["reason"]): void {
    const { options } = this;
    if (!options.onCheckpoint) return;
    const run: RunCheckpointState = {
      version: 1, env: typeof options.env === "string" ? options.env : options.env.id, envSeeding: this.seeding, seed: this.seed, batch: this.batch,
      episodes: this.episodes, episodeReturns: this.episodeReturns, steps: this.steps, actions: this.log!.toJSON(),
      ...(options.checkpointNote !== undefined ? { note: options.checkpointNote } : {}),
    };
    options.onCheckpoint({ bytes: encodeRunCheckpoint(agent.save(), run), episodeReturns: [...this.episodeReturns], steps: this.steps, episodes: this.episodes, reason });
  }

  /** The replay must have rebuilt the saved run exactly: the same returns, bit for bit, and steps. */
  private verifyReplay(): void {
    this.replaying = false;
    const saved = this.resumed!;
    const same = saved.episodeReturns.length === this.episodeReturns.length && saved.episodeReturns.every((r, k) => Object.is(r, this.episodeReturns[k])) && saved.steps === this.steps;
    if (!same) {
      throw new CheckpointError(
        `resume: replaying the checkpoint's actions did not rebuild its run (${this.episodeReturns.length} episodes and ${this.steps} steps replayed, ` +
          `${saved.episodeReturns.length} and ${saved.steps} saved, or other returns): the environment's code or seeding differs from the one that wrote it`,
      );
    }
  }
}

/** One environment: episodes one after another, the protocol of the papers. */
function trainSingle(session: Session): RunResult {
  const { options, episodes, seed, seeding, episodeReturns } = session;
  const env = typeof options.env === "string" ? makeEnv(options.env, { seed, seeding }) : options.env;
  const agent = session.makeAgent(env);
  try {
    session.startLog(env.actionSpace);
    let observation = env.reset({ seed }).observation;
    let total = 0;
    while (episodeReturns.length < episodes) {
      // A resumed run first replays its logged actions on the environment alone; then the agent acts.
      const replayed = session.replayed();
      if (!replayed && session.boundary(agent)) break;
      const action = replayed ? replayed[0] : agent.act(observation).action;
      if (!replayed) session.record([action]);
      const step = env.step(action);
      session.steps++;
      total += step.reward;
      if (!replayed) agent.learn(step);
      if (step.terminated || step.truncated) {
        session.episodeEnded(total);
        total = 0;
        observation = env.reset().observation;
      } else observation = step.observation;
    }
    return session.finish(agent);
  } finally {
    if (!session.handedOver) agent.dispose();
  }
}

/** `train` with `batch` copies of the environment in a VectorEnv, copy k seeded seed + k. */
function trainBatch(session: Session): RunResult {
  const { options, episodes, seed, seeding, batch, episodeReturns } = session;
  const envs = makeVectorEnv(options.env as TaskId, { count: batch, seed, seeding });
  const agent = session.makeAgent(envs);
  const totals = new Float64Array(batch);
  const resetting = new Array<boolean>(batch).fill(false);
  try {
    session.startLog(envs.actionSpace);
    let { observations } = envs.reset({ seed });
    while (episodeReturns.length < episodes) {
      const replayed = session.replayed();
      if (!replayed && session.boundary(agent)) break;
      const actions = replayed ?? agent.actBatch(observations).actions;
      if (!replayed) session.record(actions);
      const step = envs.step(actions);
      if (!replayed) agent.learnBatch(step);
      for (let k = 0; k < batch && episodeReturns.length < episodes; k++) {
        if (resetting[k]) {
          resetting[k] = false; // this copy's step was its reset, not a transition
          continue;
        }
        session.steps++;
        totals[k] += step.rewards[k];
        if (!step.terminated[k] && !step.truncated[k]) continue;
        resetting[k] = true;
        session.episodeEnded(totals[k]);
        totals[k] = 0;
      }
      observations = step.observations;
    }
    return session.finish(agent);
  } finally {
    if (!session.handedOver) agent.dispose();
  }
}
