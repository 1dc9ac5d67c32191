/**
 * The actor–critic agent of both reference implementations (docs/learning-rules.md): a stochastic
 * actor trained by the chosen learning rule, a critic whose TD error is every unit's reward.
 * One Wasm call per environment step runs sampling, learning and trace updates of both networks.
 */
import {
  Algorithm, type HiddenUnits, Hyperparameters, MAX_LAYER_SIZE, algorithms, asyncVariant, defaultHiddenUnits, hiddenUnitKinds, hyperparametersFor, planNetworks, validateHyperparameters,
} from "../rules/algorithms.js";
import { ruleNamed } from "../rules/index.js";
import { settingsToStore, storedSettings } from "../rules/stored-settings.js";
import { CheckpointError, decodeCheckpoint, encodeCheckpoint } from "../core/checkpoint.js";
import { type Backend, Core, type FloatArray, type Precision, getCore } from "../core/core.js";
import type { Action, Environment, Space, StepResult } from "../envs/environment.js";
import { referenceSettingsOf } from "../envs/registry.js";
import {
  ConfigurationError, DivergenceError, ShapeError, StateError, ValueError, describe, requireAtMost, requireOneOf, requirePositiveInteger, requireSeed,
} from "../errors.js";
import { AgentCore, type AgentSettings } from "../core/agent-core.js";
import { AgentBuffer, DiscreteSearch, EpisodeFlag, StepStatus, TraceMode } from "../core/interface.js";
import { type DiscreteConfiguration, discreteConfiguration } from "../rules/discrete-map-prop.js";
import { partsOf } from "../rules/axes.js";
import { MAX_BATCH, Network } from "../core/network.js";
import { type ActOptions, Policy, type PolicyOptions, frozenLayers } from "./policy.js";
import { Random } from "../core/random.js";

/** Options of `Agent.create`. */
export interface AgentOptions {
  algorithm: Algorithm;
  /** The task, for its observation and action spaces and its default hyper-parameters. */
  env: Pick<Environment, "id" | "observationSpace" | "actionSpace">;
  seed?: number;
  /** Hidden layer sizes (default [64, 32]). */
  hidden?: number[];
  /** Changes to the reference hyper-parameters of this algorithm on this task. */
  hyperparameters?: Partial<Hyperparameters>;
  /**
   * The actor's hidden units (default: the rule's own — Gaussian for MAP propagation, ReLU for
   * backprop, Bernoulli otherwise). A rule refuses units it is not defined for, saying why.
   */
  units?: HiddenUnits;
  /** Which loaded core to run on (default "float64"). */
  precision?: Precision;
  /** "wasm" (default) or "js": the core compiled to JavaScript, same results, slower. */
  backend?: Backend;
  /**
   * Environments stepped together (default 1), e.g. a `VectorEnv`'s count: `actBatch` and
   * `learnBatch` then take one observation and one outcome per environment, and every Adam step
   * follows the mean of the batch's updates.
   */
  batch?: number;
}

interface CheckpointMetadata {
  algorithm: Algorithm;
  seed: number;
  precision: Precision;
  hyperparameters: Hyperparameters;
  env: Pick<Environment, "id" | "observationSpace" | "actionSpace">;
  /** Absent in checkpoints of single-environment agents (and in those written before batching). */
  batch?: number;
  /** Absent when the rule's own hidden units are used. */
  units?: HiddenUnits;
}

/**
 * The pending outcome a version-1 checkpoint carries in its metadata: scalars for environment 0,
 * arrays for batches. Since version 2 it is in the agent's blocks (AgentBuffer.reward and .flags).
 */
interface SavedPending {
  pendingReward: number;
  pendingFlags: number;
  pendingRewards?: number[];
  pendingFlagsPerEnv?: number[];
}

/** How `act` runs: learning (the default) or frozen, greedy or sampled. */
export interface AgentActOptions extends ActOptions {
  /**
   * false: act with the current weights and learn nothing — no weight, trace, Adam moment or
   * random stream of the agent changes (default true). Frozen actions come from `policy()`.
   */
  learn?: boolean;
}

/** What `learnBatch` needs from a `VectorEnv` step: one outcome per environment. */
export interface BatchOutcome {
  rewards: ArrayLike<number>;
  terminated: ArrayLike<boolean>;
  truncated: ArrayLike<boolean>;
}

const isSize = (n: unknown) => typeof n === "number" && Number.isInteger(n) && n >= 1 && n <= MAX_LAYER_SIZE;

/** The agent needs a box of observations and a discrete or bounded box action space. */
function requireSpaces(env: Pick<Environment, "observationSpace" | "actionSpace">): void {
  const o = env.observationSpace;
  if (o.kind !== "box" || !Array.isArray(o.shape) || o.shape.length === 0 || !o.shape.every(isSize) || !isSize(o.shape.reduce((a, b) => a * b, 1))) {
    throw new ConfigurationError(`env.observationSpace must be a box whose shape multiplies to 1..${MAX_LAYER_SIZE} values; got ${JSON.stringify(o)}`);
  }
  const a = env.actionSpace;
  if (a.kind === "discrete") {
    if (!Number.isInteger(a.n) || a.n < 2 || a.n > MAX_LAYER_SIZE) throw new ConfigurationError(`env.actionSpace.n must be an integer in [2, ${MAX_LAYER_SIZE}]; got ${describe(a.n)}`);
  } else if (a.kind === "box") {
    const size = Array.isArray(a.shape) && a.shape.every(isSize) ? a.shape.reduce((x, y) => x * y, 1) : NaN;
    const bounded = (v: unknown) => Array.isArray(v) && v.length === size && v.every(Number.isFinite);
    if (!isSize(size) || !bounded(a.low) || !bounded(a.high) || a.low.some((lo, k) => lo > a.high[k])) {
      throw new ConfigurationError(`env.actionSpace must be a box with finite low <= high of its shape's size (actions are mapped into the bounds); got ${JSON.stringify(a)}`);
    }
  } else {
    throw new ConfigurationError(`env.actionSpace.kind must be "discrete" or "box"; got ${describe((a as { kind: unknown }).kind)}`);
  }
}

/** The value of a core setting the run's step never reads (not a default: nothing reads it). */
const UNREAD = 0;
/** asyncGateFloor's value in the core when the setting is absent: its floor relative to max(1, |V|) (assembly/agents/async.ts). */
const RELATIVE_GATE_FLOOR = 0;

/**
 * Every value the core's step reads, from the rule and its hyperparameters. Traces decay by λ
 * times the rule's discount per trace update (γ, once per environment step, unless the rule
 * updates them more often: bindings/rules/async-map-prop.ts). The discrete search's sweep limit
 * is the `searchLimit` setting where a rule declares one, else `settleSteps`; `discrete` holds the
 * search's other settings when the run settles Bernoulli units. Settings a rule's step never reads
 * are UNREAD.
 */
function coreSettings(algorithm: Algorithm, h: Hyperparameters, discrete: DiscreteConfiguration | undefined): AgentSettings {
  const rule = ruleNamed(algorithm);
  const discount = rule.traceDiscount?.(h) ?? h.gamma;
  const { searchLimit } = h as { searchLimit?: number };
  const momentum = rule.asynchronous
    ? { asyncBeta: h.asyncMomentum, asyncAlpha: h.asyncRestScale, asyncEpsilon: h.asyncRestEpsilon, asyncVariant: asyncVariant(h), asyncGateFloor: h.asyncGateFloor ?? RELATIVE_GATE_FLOOR }
    : { asyncBeta: 0, asyncAlpha: 0, asyncEpsilon: 0, asyncVariant: 0, asyncGateFloor: UNREAD };
  const search = discrete
    ? { localTraceMode: discrete.traceMode, discreteSearch: discrete.search, searchTemperature: discrete.temperature, searchStartTemperature: discrete.startTemperature }
    : { localTraceMode: TraceMode.local, discreteSearch: DiscreteSearch.icm, searchTemperature: UNREAD, searchStartTemperature: UNREAD };
  return {
    gamma: h.gamma,
    actorDecay: h.actorLambda * discount,
    criticDecay: h.criticLambda * discount,
    rewardClip: h.rewardClip,
    settleSteps: h.settleSteps,
    searchLimit: searchLimit ?? h.settleSteps,
    weightMaxExponent: h.weightMaxExponent,
    ...momentum,
    ...search,
  };
}

/**
 * An actor–critic agent: a team of stochastic units (the actor) trained by one of the learning
 * rules, and a critic whose TD error is the team's reward. `act` and `learn` are the whole loop;
 * `actBatch`/`learnBatch` step many environments at once; `save`/`load` resume exactly;
 * `policy()` freezes the actor. Free it with `dispose()`.
 */
export class Agent {
  readonly algorithm: Algorithm;
  readonly hyperparameters: Readonly<Hyperparameters>;
  readonly actor: Network;
  readonly critic: Network;
  private readonly core: Core;
  private readonly actionSpace: Space;
  private readonly observationSize: number;
  /** Environments stepped together. */
  readonly batch: number;
  /** The core's agent record, which owns actor and critic. */
  private readonly team: AgentCore;
  /** What `load` needs to rebuild this agent. */
  private readonly recipe: CheckpointMetadata;
  // Frozen acting: a policy snapshot, rebuilt when the agent has learned since, drawing from its own stream.
  private frozen?: { policy: Policy; iteration: number };
  private readonly frozenRandom: Random;

  /**
   * `stored`: the options come from a checkpoint (completed by `storedSettings`); a version-1 or -2
   * file records every setting of the bag (the unused ones included) as it was saved, so their
   * values are checked, not whether the rule takes them, and every checkpoint that was written loads.
   */
  private constructor(options: AgentOptions, core: Core, stored = false) {
    if (typeof options !== "object" || options === null) throw new ConfigurationError(`options must be an object { algorithm, env, ... }; got ${describe(options)}`);
    this.algorithm = requireOneOf("algorithm", options.algorithm, algorithms);
    const seed = requireSeed("seed", options.seed ?? 0);
    this.batch = requireAtMost("batch", requirePositiveInteger("batch", options.batch ?? 1), MAX_BATCH);
    this.frozenRandom = new Random(seed);
    const env = options.env;
    if (!env || typeof env !== "object" || !env.observationSpace || !env.actionSpace) {
      throw new ConfigurationError(`env must be an environment with observationSpace and actionSpace; got ${describe(env)}`);
    }
    requireSpaces(env);
    const units = requireOneOf("units", options.units ?? defaultHiddenUnits[this.algorithm], hiddenUnitKinds);
    const h = { ...hyperparametersFor(this.algorithm, referenceSettingsOf(env.id), units, options.hyperparameters), ...options.hyperparameters };
    if (options.hidden !== undefined) h.hidden = options.hidden;
    validateHyperparameters(h, options.hyperparameters ?? {}, stored ? undefined : this.algorithm);
    // Checked before any network is built: the discrete search's settings of a run that settles Bernoulli units.
    const discrete = partsOf(ruleNamed(this.algorithm), h).settling === "bernoulli" ? discreteConfiguration(h) : undefined;
    this.hyperparameters = h;
    this.core = core;
    this.recipe = {
      algorithm: this.algorithm, seed, precision: core.precision, hyperparameters: h,
      env: { id: env.id, observationSpace: env.observationSpace, actionSpace: env.actionSpace },
      ...(this.batch > 1 ? { batch: this.batch } : {}),
      ...(units !== defaultHiddenUnits[this.algorithm] ? { units } : {}),
    };
    this.actionSpace = env.actionSpace;
    this.observationSize = env.observationSpace.shape.reduce((a, b) => a * b, 1);
    const continuous = env.actionSpace.kind === "box";
    const actionUnits = env.actionSpace.kind === "discrete" ? env.actionSpace.n : env.actionSpace.shape.reduce((a, b) => a * b, 1);
    const plan = planNetworks(this.algorithm, h, actionUnits, continuous, units);
    // Actor and critic draw from separate streams derived from the one seed.
    const streams = new Random(seed);
    const common = {
      inputSize: this.observationSize, batch: this.batch, adamEpsilon: h.adamEpsilon, settleRate: h.settleRate, scheduleSteps: h.scheduleSteps,
      settleTolerance: h.settleTolerance, settleMomentum: h.settleMomentum,
    };
    this.actor = new Network({ ...common, layers: plan.actor, seed: streams.nextUint32() }, 0, core);
    this.critic = new Network({ ...common, layers: plan.critic, seed: streams.nextUint32() }, this.actor.inputPointer, core);
    this.team = new AgentCore(core, this.actor, this.critic, plan.capabilities, plan.criticKind);
    this.team.configure(coreSettings(this.algorithm, h, discrete));
  }

  // Called after every learning step while set; undefined costs the step one comparison.
  private stepObserver?: () => void;

  /**
   * Calls `observer` after every learning step — each `act`, `actBatch` and episode-end `learn`
   * — until called with undefined. An observer that only reads (the networks' buffers,
   * `lastTdErrors`) leaves the run unchanged: `recordSignals` (bindings/training/signals.ts) is one.
   */
  observeSteps(observer: (() => void) | undefined): void {
    if (observer !== undefined && typeof observer !== "function") throw new ValueError(`observer must be a function or undefined; got ${describe(observer)}`);
    this.requireLive();
    this.stepObserver = observer;
  }

  /** Discrete MAP propagation: the sweeps of the last step's search that changed a value, summed over environments (0 for other rules). */
  get lastSearchSweeps(): number {
    return this.team.searchSweeps;
  }

  /** The TD error the last step learned from, one per environment (a live view: copy it to keep it). */
  get lastTdErrors(): FloatArray {
    return this.team.floats(AgentBuffer.tdError);
  }

  /** Builds an agent with the reference hyper-parameters of `algorithm` on `env`. */
  static create(options: AgentOptions, core: Core = getCore(options?.precision, options?.backend)): Agent {
    return new Agent(options, core);
  }

  private requireLive(): void {
    this.team.requireLive();
  }

  /** Loop iterations so far (environment steps plus one per episode end), which drive the schedules. */
  get iterations(): number {
    return this.team.iteration;
  }

  /** V(s) of the last observation (the first environment's), as used in the TD error (the MAP critic's mean before settling). */
  get lastValue(): number {
    return this.team.first(AgentBuffer.value);
  }

  /** The last TD error of the first environment (0 on episode starts and truncations). */
  get lastTdError(): number {
    return this.team.first(AgentBuffer.tdError);
  }

  /**
   * Samples an action for `observation`. Internally this is one full learning iteration: the
   * TD error of the transition reported by the last `learn` is applied with the previous
   * traces, then new traces are recorded for this action.
   *
   * With `{ learn: false }` the agent only acts: the action comes from a frozen copy of the
   * actor (`policy()`), sampled or, with `greedy: true`, the most probable one, and nothing the
   * agent has learned or will draw changes. Learning acts may follow at any time.
   */
  act(observation: ArrayLike<number>, options?: AgentActOptions): { action: Action } {
    // No default object: this is the training loop's hottest call, and most calls pass no options.
    if (options !== undefined) {
      if (typeof options !== "object" || options === null) throw new ValueError(`options must be { learn?: boolean, greedy?: boolean }; got ${describe(options)}`);
      if (options.learn === false) return this.frozenPolicy().act(observation, options);
      if (options.greedy) throw new ConfigurationError("greedy actions need { learn: false }: learning follows the actions the units sample");
    }
    this.requireSingle("act");
    this.iterate([observation]);
    return { action: this.readAction(0) };
  }

  /**
   * Reports the outcome of the last action. At an episode end this runs the reference's extra
   * iteration on the final observation (learning the final transition without bootstrapping,
   * or dropping it after a time-limit truncation); the next `act` then starts a new episode.
   */
  learn(step: Pick<StepResult, "observation" | "reward" | "terminated" | "truncated">): void {
    this.requireSingle("learn");
    if (typeof step !== "object" || step === null) throw new ValueError(`step must be the result of env.step: { observation, reward, terminated, truncated }; got ${describe(step)}`);
    this.setOutcome(0, step.reward, step.terminated, step.truncated, "step");
    if (step.terminated || step.truncated) this.iterate([step.observation]);
  }

  /**
   * One action per environment, for a batch of observations (a `VectorEnv`'s). As `act`, this
   * is one learning iteration for every environment. An environment whose last transition ended
   * its episode is given its final observation here (next-step autoreset): this iteration learns
   * that transition, the action returned for it is ignored, and its next outcome must be the reset.
   */
  actBatch(observations: ArrayLike<ArrayLike<number>>): { actions: Action[] } {
    if (!observations || observations.length !== this.batch) {
      throw new ShapeError(`observations must hold one observation per environment (${this.batch}); got ${describe(observations)}`);
    }
    this.iterate(observations);
    const actions: Action[] = [];
    for (let b = 0; b < this.batch; b++) actions.push(this.readAction(b));
    return { actions };
  }

  /**
   * Reports one outcome per environment, as a `VectorEnv` step gives them. After an episode end
   * an environment's next outcome must be its reset (reward 0, neither terminated nor truncated),
   * which starts its new episode.
   */
  learnBatch(outcome: BatchOutcome): void {
    if (typeof outcome !== "object" || outcome === null) throw new ValueError(`outcome must be a vector step: { rewards, terminated, truncated }; got ${describe(outcome)}`);
    for (const name of ["rewards", "terminated", "truncated"] as const) {
      if (!outcome[name] || outcome[name].length !== this.batch) {
        throw new ShapeError(`outcome.${name} must hold one entry per environment (${this.batch}); got ${describe(outcome[name])}`);
      }
    }
    for (let b = 0; b < this.batch; b++) {
      const { rewards, terminated, truncated } = outcome;
      if (this.pendingFlags(b) === EpisodeFlag.episodeStart) {
        if (rewards[b] !== 0 || terminated[b] !== false || truncated[b] !== false) {
          throw new ValueError(
            `environment ${b} ended its episode on the previous step, so this outcome must be its reset (reward 0, not terminated or truncated; ` +
              `next-step autoreset, as VectorEnv and Gymnasium's vector environments do); got reward ${describe(rewards[b])}, terminated ${describe(terminated[b])}, truncated ${describe(truncated[b])}`,
          );
        }
        continue;
      }
      this.setOutcome(b, rewards[b], terminated[b], truncated[b], `outcome[${b}]`);
    }
  }

  /**
   * A frozen copy of the actor as it is now: it acts without learning, needs no core, and saves
   * to a small file (`policy.save()`, `Policy.load`). Later learning does not change it.
   */
  policy(options: PolicyOptions = {}): Policy {
    return this.snapshot(new Random(requireSeed("seed", options.seed ?? this.recipe.seed)));
  }

  private frozenPolicy(): Policy {
    const iteration = this.iterations;
    if (this.frozen?.iteration !== iteration) this.frozen = { policy: this.snapshot(this.frozenRandom), iteration };
    return this.frozen.policy;
  }

  /** A Policy of the actor as it is now. */
  private snapshot(random: Random): Policy {
    return new Policy({ algorithm: this.algorithm, precision: this.recipe.precision, env: this.recipe.env }, frozenLayers(this.actor), random);
  }

  private requireSingle(method: string): void {
    if (this.batch !== 1) throw new StateError(`this agent steps ${this.batch} environments; use ${method}Batch`);
  }

  private setOutcome(b: number, reward: number, terminated: boolean, truncated: boolean, where: string): void {
    if (typeof terminated !== "boolean" || typeof truncated !== "boolean") {
      throw new ValueError(`${where}.terminated and ${where}.truncated must be booleans; got ${describe(terminated)} and ${describe(truncated)}`);
    }
    if (!Number.isFinite(reward)) throw new ValueError(`${where}.reward must be a finite number; got ${describe(reward)}`);
    this.setPending(b, reward, (terminated ? EpisodeFlag.terminated : 0) | (truncated && !terminated ? EpisodeFlag.truncated : 0));
  }

  /**
   * Writes environment b's outcome where the next step reads it: the core's reward and flags
   * buffers (a disposed agent throws before anything is written).
   */
  private setPending(b: number, reward: number, flags: number): void {
    this.team.setPending(b, reward, flags);
  }

  /** Environment b's outcome flags not yet consumed by a step (EpisodeFlag). */
  private pendingFlags(b: number): number {
    return this.team.pendingFlags(b);
  }

  private iterate(observations: ArrayLike<ArrayLike<number>>): void {
    this.requireLive();
    const floats = this.core.memoryFloats;
    const input = this.actor.inputPointer / this.core.floatBytes;
    const stride = this.actor.inputStride;
    for (let b = 0; b < this.batch; b++) {
      const observation = observations[b];
      const name = () => (this.batch === 1 ? "observation" : `observations[${b}]`);
      if (!observation || observation.length !== this.observationSize) {
        throw new ShapeError(`${name()} must have ${this.observationSize} numbers; got ${describe(observation)}`);
      }
      for (let i = 0; i < this.observationSize; i++) {
        const x = observation[i];
        if (!Number.isFinite(x)) throw new ValueError(`${name()}[${i}] must be finite; got ${x}`);
        floats[input + b * stride + i] = x;
      }
    }
    if (this.team.step() !== StepStatus.ok) this.throwDivergence();
    if (this.stepObserver !== undefined) this.stepObserver();
  }

  private readAction(b: number): Action {
    if (this.actionSpace.kind === "discrete") return this.actor.actions()[b];
    // The reference maps the Gaussian output x to clip(x·(high − low) − low, low, high) (§3.6).
    const { low, high } = this.actionSpace;
    const out = this.actor.buffer(this.actor.layerCount - 1, "values");
    const row = b * this.actor.shape(this.actor.layerCount - 1).stride;
    return Float64Array.from(low, (lo, k) => Math.min(Math.max(out[row + k] * (high[k] - lo) - lo, lo), high[k]));
  }

  /** Finds the first non-finite quantity, bottom-up, and throws a DivergenceError naming it. */
  private throwDivergence(): never {
    const step = this.iterations;
    for (const [name, net] of [["critic", this.critic], ["actor", this.actor]] as const) {
      const found = net.firstNonFinite();
      if (found) throw new DivergenceError(step, name, found.layer, found.quantity);
    }
    throw new DivergenceError(step, "critic", this.critic.layerCount - 1, "TD error");
  }

  /** The core's state blocks of the actor, the critic and the agent, as views into memory. */
  private stateBlocks(): Uint8Array[] {
    return this.team.stateBlocks();
  }

  /**
   * Everything needed to continue training exactly: weights, Adam moments and step counts,
   * traces, unit values, RNG states, the schedule position and the pending outcome, all of them
   * the core's state blocks. The format is documented in checkpoint.ts.
   */
  save(): Uint8Array {
    const hyperparameters = settingsToStore(this.algorithm, this.recipe.hyperparameters);
    return encodeCheckpoint({ format: "coagent-agent", ...this.recipe, hyperparameters }, this.stateBlocks().map((b) => b.slice()));
  }

  /** Rebuilds an agent saved with `save`; it continues bit for bit where the saved one was. */
  static load(bytes: Uint8Array, core?: Core): Agent {
    const { metadata, blocks, version } = decodeCheckpoint<CheckpointMetadata & SavedPending & { format: string }>(bytes);
    if (metadata.format !== "coagent-agent") throw new CheckpointError(`the checkpoint holds a ${JSON.stringify(metadata.format)}, not an agent`);
    const algorithm = requireOneOf("the checkpoint's algorithm", metadata.algorithm, algorithms);
    const hyperparameters = storedSettings(algorithm, metadata.hyperparameters, version);
    const agent = new Agent(
      { algorithm, env: metadata.env, seed: metadata.seed, hyperparameters, precision: metadata.precision, batch: metadata.batch, units: metadata.units },
      core ?? getCore(metadata.precision),
      true,
    );
    const targets = agent.stateBlocks();
    if (targets.length !== blocks.length || targets.some((t, k) => t.length !== blocks[k].length)) {
      agent.dispose();
      throw new CheckpointError("the checkpoint's state does not fit the network its metadata describes");
    }
    targets.forEach((t, k) => t.set(blocks[k]));
    if (version === 1) {
      // Version 1 kept the pending outcome in the metadata; its reward and flags blocks hold the
      // outcome the last step consumed, which the step now clears itself.
      const rewards = metadata.pendingRewards ?? [metadata.pendingReward];
      const flags = metadata.pendingFlagsPerEnv ?? [metadata.pendingFlags];
      for (let b = 0; b < agent.batch; b++) agent.setPending(b, rewards[b], flags[b]);
    }
    return agent;
  }

  /** Frees the agent's memory in the core (both networks); safe to call twice. */
  dispose(): void {
    this.team.dispose();
  }

  /** `dispose()`, for `using agent = …`. */
  [Symbol.dispose](): void {
    this.dispose();
  }
}
