// The online actor–critic step of both reference implementations (docs/learning-rules.mda),
// fused into one call per environment step: sample actor and critic, learn from the TD error
// with the traces of the previous step, clear traces at episode starts, then record the new
// traces (after MAP settling for MAP-propagation networks).

import { Network, layerAt, forward, settle, recordTrace, clearTraces, learnGlobal, learnWeightMax, TRACE_LOCAL, TRACE_BACKPROP } from "./network";
import { allocFloats } from "./layer";
import { momentumFloats, resetAsyncSample, refreshNetwork, asyncSweeps } from "./async";
import { Float, FLOAT_SHIFT } from "./precision";
import { settleDiscrete } from "./discrete";

export const RULE_REINFORCE: i32 = 0;
export const RULE_MAP_PROP: i32 = 1;
export const RULE_WEIGHT_MAX: i32 = 2;
export const RULE_BACKPROP: i32 = 3; // backprop and STE backprop differ only in the hidden unit type
export const RULE_ASYNC_MAP: i32 = 4; // asynchronous MAP propagation: actor and critic both (async.ts)
export const RULE_DISCRETE_MAP: i32 = 5; // MAP propagation on Bernoulli hidden units (discrete.ts)

export const CRITIC_MAP: i32 = 0; // stochastic, settled, gated eligibilities (§3.4)
export const CRITIC_BACKPROP: i32 = 1; // deterministic, semi-gradient TD(λ) (§5)

// Per-sample flags written by the host before each step.
export const FLAG_EPISODE_START: i32 = 1; // the previous observation ended an episode; this one is a reset
export const FLAG_TERMINATED: i32 = 2; // this observation was reached by termination (no bootstrap)
export const FLAG_TRUNCATED: i32 = 4; // the last transition hit the time limit: drop it (δ = 0)

@unmanaged
export class Agent {
  actor: Network;
  critic: Network;
  rule: i32;
  criticKind: i32;
  settleSteps: i32;
  batch: i32;
  gamma: Float;
  actorDecay: Float; // λγ
  criticDecay: Float;
  rewardClip: Float; // 0: no clipping
  weightMaxExponent: Float;
  iteration: f64; // loop counter i, drives the learning-rate schedules
  reward: usize; // batch Float, host-written
  flags: usize; // batch i32, host-written
  value: usize; // batch Float, V(s_i) of this step
  previousValue: usize;
  delta: usize;
  // Asynchronous MAP propagation only: momentum decay β, rest weighting α and ε, and the
  // per-unit momenta of both networks (0 for the other rules).
  asyncBeta: Float;
  asyncAlpha: Float;
  asyncEpsilon: Float;
  actorMomentum: usize;
  criticMomentum: usize;
}

export function createAgent(actor: Network, critic: Network, rule: i32, criticKind: i32): Agent {
  const agent = changetype<Agent>(heap.alloc(offsetof<Agent>()));
  memory.fill(changetype<usize>(agent), 0, offsetof<Agent>());
  agent.actor = actor;
  agent.critic = critic;
  agent.rule = rule;
  agent.criticKind = criticKind;
  agent.batch = actor.batch;
  agent.settleSteps = 20;
  agent.weightMaxExponent = 2;
  agent.reward = allocFloats(agent.batch);
  agent.flags = allocFloats(agent.batch);
  agent.value = allocFloats(agent.batch);
  agent.previousValue = allocFloats(agent.batch);
  agent.delta = allocFloats(agent.batch);
  if (rule == RULE_ASYNC_MAP) {
    agent.asyncBeta = 0.7;
    agent.asyncAlpha = 1e3;
    agent.asyncEpsilon = 1e-5;
    agent.actorMomentum = allocFloats(momentumFloats(actor));
    agent.criticMomentum = allocFloats(momentumFloats(critic));
  }
  return agent;
}

export function freeAgent(agent: Agent): void {
  heap.free(agent.reward);
  heap.free(agent.flags);
  heap.free(agent.value);
  heap.free(agent.previousValue);
  heap.free(agent.delta);
  if (agent.actorMomentum != 0) heap.free(agent.actorMomentum);
  if (agent.criticMomentum != 0) heap.free(agent.criticMomentum);
  heap.free(changetype<usize>(agent));
}

export function agentStep(agent: Agent): void {
  if (agent.rule == RULE_ASYNC_MAP) {
    asyncAgentStep(agent);
    return;
  }
  const actor = agent.actor;
  const critic = agent.critic;
  forward(actor);
  forward(critic);
  const criticOut = layerAt(critic, critic.nLayers - 1);
  for (let b = 0; b < agent.batch; b++) {
    // The MAP critic's value is its output *mean* before settling; a deterministic critic's mean is its value.
    store<Float>(agent.value + (<usize>b << FLOAT_SHIFT), load<Float>(criticOut.mean + (<usize>(b * criticOut.stride) << FLOAT_SHIFT)));
  }
  if (agent.iteration > 0) {
    computeDelta(agent);
    learnGlobal(critic, agent.delta, agent.iteration);
    if (agent.rule == RULE_WEIGHT_MAX) learnWeightMax(actor, agent.delta, agent.iteration, agent.weightMaxExponent);
    else learnGlobal(actor, agent.delta, agent.iteration);
  }
  for (let b = 0; b < agent.batch; b++) {
    if (load<i32>(agent.flags + (<usize>b << 2)) & FLAG_EPISODE_START) {
      clearTraces(critic, b);
      clearTraces(actor, b);
    }
  }
  memory.copy(agent.previousValue, agent.value, <usize>agent.batch << FLOAT_SHIFT);
  if (agent.criticKind == CRITIC_MAP) {
    settle(critic, agent.settleSteps);
    recordTrace(critic, agent.criticDecay, TRACE_LOCAL, true);
  } else {
    recordTrace(critic, agent.criticDecay, TRACE_BACKPROP, false);
  }
  if (agent.rule == RULE_MAP_PROP) settle(actor, agent.settleSteps);
  else if (agent.rule == RULE_DISCRETE_MAP) settleDiscrete(actor, agent.settleSteps);
  recordTrace(actor, agent.actorDecay, agent.rule == RULE_BACKPROP ? TRACE_BACKPROP : TRACE_LOCAL, false);
  agent.iteration += 1;
}

/** The TD error of the last transition for every sample, from agent.value (this step) and flags. */
function computeDelta(agent: Agent): void {
  for (let b = 0; b < agent.batch; b++) {
    const o = <usize>b << FLOAT_SHIFT;
    const flags = load<i32>(agent.flags + (<usize>b << 2)); // flags are i32 per sample
    let delta: Float = 0;
    if (!(flags & (FLAG_EPISODE_START | FLAG_TRUNCATED))) {
      let r = load<Float>(agent.reward + o);
      if (agent.rewardClip > 0) r = min(max(r, -agent.rewardClip), agent.rewardClip);
      const bootstrap: Float = flags & FLAG_TERMINATED ? 0 : agent.gamma * load<Float>(agent.value + o);
      delta = r + bootstrap - load<Float>(agent.previousValue + o);
    }
    store<Float>(agent.delta + o, delta);
  }
}

/**
 * One environment step of asynchronous MAP propagation (docs/learning-rules.md): at an episode start
 * hidden values, momenta and traces are reset; then N feed-forward sweeps (output resampled),
 * the TD error from the critic's mean and one Adam step on the traces, then N sweeps with the
 * outputs clamped; the actor's output after them is the action.
 */
function asyncAgentStep(agent: Agent): void {
  const actor = agent.actor;
  const critic = agent.critic;
  for (let b = 0; b < agent.batch; b++) {
    if (agent.iteration == 0 || load<i32>(agent.flags + (<usize>b << 2)) & FLAG_EPISODE_START) {
      resetAsyncSample(actor, agent.actorMomentum, b, agent.asyncAlpha);
      resetAsyncSample(critic, agent.criticMomentum, b, agent.asyncAlpha);
      clearTraces(actor, b);
      clearTraces(critic, b);
    }
  }
  refreshNetwork(actor);
  refreshNetwork(critic);
  const n = agent.settleSteps;
  asyncSweeps(actor, agent.actorMomentum, n, false, agent.actorDecay, false, agent.asyncBeta, agent.asyncAlpha, agent.asyncEpsilon);
  asyncSweeps(critic, agent.criticMomentum, n, false, agent.criticDecay, true, agent.asyncBeta, agent.asyncAlpha, agent.asyncEpsilon);
  const criticOut = layerAt(critic, critic.nLayers - 1);
  for (let b = 0; b < agent.batch; b++) {
    store<Float>(agent.value + (<usize>b << FLOAT_SHIFT), load<Float>(criticOut.mean + (<usize>(b * criticOut.stride) << FLOAT_SHIFT)));
  }
  if (agent.iteration > 0) {
    computeDelta(agent);
    learnGlobal(critic, agent.delta, agent.iteration);
    learnGlobal(actor, agent.delta, agent.iteration);
  }
  memory.copy(agent.previousValue, agent.value, <usize>agent.batch << FLOAT_SHIFT);
  asyncSweeps(actor, agent.actorMomentum, n, true, agent.actorDecay, false, agent.asyncBeta, agent.asyncAlpha, agent.asyncEpsilon);
  asyncSweeps(critic, agent.criticMomentum, n, true, agent.criticDecay, true, agent.asyncBeta, agent.asyncAlpha, agent.asyncEpsilon);
  agent.iteration += 1;
}
