// The online actor–critic step of both reference implementations (docs/learning-rules.md),
// fused into one call per environment step: sample actor and critic, learn from the TD error
// with the traces of the previous step, clear traces at episode starts, then record the new
// traces (after MAP settling for MAP-propagation networks). What the actor does is the rule's
// Capability bits (bindings/core/interface.ts), each naming its kernel; the asynchronous rule's step
// is async.ts's, and step.ts picks one of the two.

import { Network, hostFloat, layerAt, forward, recordTrace, clearTraces, learnGlobal } from "../kernels/network";
import { settleNetwork } from "../kernels/settling";
import { learnWeightMax } from "../kernels/weightmax";
import { AgentSetting, Capability, CriticKind, EpisodeFlag, StepStatus, TraceMode } from "../../bindings/core/interface";
import { allocFloats } from "../kernels/layer";
import { Float, FLOAT_SHIFT } from "../simd/precision";
import { searchDiscrete } from "../kernels/discrete-posterior";

@unmanaged
export class Agent {
  actor: Network;
  critic: Network;
  capabilities: i32; // Capability bits: what the actor's learning rule does
  criticKind: i32; // a CriticKind
  settleSteps: i32;
  batch: i32;
  searchLimit: i32; // discrete MAP propagation: the most sweeps of the actor's search
  gamma: Float;
  actorDecay: Float; // λγ
  criticDecay: Float;
  rewardClip: Float; // 0: no clipping
  weightMaxExponent: Float;
  iteration: f64; // loop counter i, drives the learning-rate schedules
  // Asynchronous MAP propagation only: momentum decay β, rest weighting α and ε, and the
  // per-unit momenta of both networks (0 for the other rules).
  asyncBeta: Float;
  asyncAlpha: Float;
  asyncEpsilon: Float;
  actorMomentum: usize;
  criticMomentum: usize;
  asyncVariant: i32; // AsyncVariant bits (bindings/core/interface.ts); 0 is the documented rule
  asyncGateFloor: Float; // k of the critic gate's floor k·σ_V; 0: the relative floor ASYNC_GATE_FLOOR (async.ts)
  // The TraceMode of an actor with Capability.localTraces: local, or mode (discrete MAP
  // propagation's discreteEligibility "mode"). 0, TraceMode.local, unless configured.
  localTraceMode: i32;
  // Discrete MAP propagation: the sweeps of the last step's search that changed a value, summed
  // over samples. Only read (agentSearchSweeps, for signals); not state, not in checkpoints.
  searchSweeps: i32;
  // Discrete MAP propagation's search (a DiscreteSearch) and its Gibbs temperatures: last sweep's
  // and first sweep's (discrete-posterior.ts).
  discreteSearch: i32;
  searchTemperature: Float;
  searchStartTemperature: Float;
  // The agent's buffers, the members of AgentBuffer (bindings/core/interface.ts) in its order and
  // with its names: a buffer's id is its slot here. Each holds one entry per sample.
  reward: usize;
  flags: usize;
  value: usize;
  previousValue: usize;
  tdError: usize;
}

/** Number of AgentBuffer slots: the pointers from `reward` to the end of the record. */
// @ts-ignore: decorator
@inline export function agentBufferCount(): i32 {
  return <i32>((offsetof<Agent>() - offsetof<Agent>("reward")) >> 2);
}

/** Address of the Agent record's pointer to buffer `which` (an AgentBuffer). */
// @ts-ignore: decorator
@inline export function agentBufferSlot(agent: Agent, which: i32): usize {
  return changetype<usize>(agent) + offsetof<Agent>("reward") + (<usize>which << 2);
}

export function createAgent(actor: Network, critic: Network, capabilities: i32, criticKind: i32): Agent {
  const agent = changetype<Agent>(heap.alloc(offsetof<Agent>()));
  memory.fill(changetype<usize>(agent), 0, offsetof<Agent>());
  agent.actor = actor;
  agent.critic = critic;
  agent.capabilities = capabilities;
  agent.criticKind = criticKind;
  agent.batch = actor.batch;
  for (let k = 0; k < agentBufferCount(); k++) store<usize>(agentBufferSlot(agent, k), allocFloats(agent.batch));
  return agent;
}

/**
 * Sets every value the step reads from the host's configuration record (AGENT_SETTING_FLOATS
 * floats in AgentSetting order). The core keeps no defaults: an agent steps only once configured.
 */
export function applySettings(agent: Agent, settings: usize): void {
  agent.gamma = hostFloat(settings, AgentSetting.gamma);
  agent.actorDecay = hostFloat(settings, AgentSetting.actorDecay);
  agent.criticDecay = hostFloat(settings, AgentSetting.criticDecay);
  agent.rewardClip = hostFloat(settings, AgentSetting.rewardClip);
  agent.settleSteps = <i32>hostFloat(settings, AgentSetting.settleSteps);
  agent.searchLimit = <i32>hostFloat(settings, AgentSetting.searchLimit);
  agent.weightMaxExponent = hostFloat(settings, AgentSetting.weightMaxExponent);
  agent.asyncBeta = hostFloat(settings, AgentSetting.asyncBeta);
  agent.asyncAlpha = hostFloat(settings, AgentSetting.asyncAlpha);
  agent.asyncEpsilon = hostFloat(settings, AgentSetting.asyncEpsilon);
  agent.asyncVariant = <i32>hostFloat(settings, AgentSetting.asyncVariant);
  agent.asyncGateFloor = hostFloat(settings, AgentSetting.asyncGateFloor);
  agent.localTraceMode = <i32>hostFloat(settings, AgentSetting.localTraceMode);
  agent.discreteSearch = <i32>hostFloat(settings, AgentSetting.discreteSearch);
  agent.searchTemperature = hostFloat(settings, AgentSetting.searchTemperature);
  agent.searchStartTemperature = hostFloat(settings, AgentSetting.searchStartTemperature);
}

export function freeAgent(agent: Agent): void {
  for (let k = 0; k < agentBufferCount(); k++) heap.free(load<usize>(agentBufferSlot(agent, k)));
  if (agent.actorMomentum != 0) heap.free(agent.actorMomentum);
  if (agent.criticMomentum != 0) heap.free(agent.criticMomentum);
  heap.free(changetype<usize>(agent));
}

/** One environment step of the synchronous rules (every rule but the asynchronous one). */
export function syncAgentStep(agent: Agent): void {
  const actor = agent.actor;
  const critic = agent.critic;
  forward(actor);
  forward(critic);
  learnFromTdError(agent);
  for (let b = 0; b < agent.batch; b++) {
    if (flagsOf(agent, b) & EpisodeFlag.episodeStart) {
      clearTraces(critic, b);
      clearTraces(actor, b);
    }
  }
  if (agent.criticKind == CriticKind.map) {
    settleNetwork(critic, agent.settleSteps);
    recordTrace(critic, agent.criticDecay, TraceMode.local, true);
  } else {
    recordTrace(critic, agent.criticDecay, TraceMode.backprop, false);
  }
  const capabilities = agent.capabilities;
  if (capabilities & Capability.settleGaussian) settleNetwork(actor, agent.settleSteps);
  if (capabilities & Capability.settleBernoulli) agent.searchSweeps = searchDiscrete(actor, agent.searchLimit, agent.discreteSearch, agent.searchTemperature, agent.searchStartTemperature);
  if (capabilities & Capability.localTraces) recordTrace(actor, agent.actorDecay, agent.localTraceMode, false);
  if (capabilities & Capability.backpropTraces) recordTrace(actor, agent.actorDecay, TraceMode.backprop, false);
}

// @ts-ignore: decorator
@inline export function flagsOf(agent: Agent, b: i32): i32 {
  return load<i32>(agent.flags + (<usize>b << 2)); // flags are i32 per sample
}

/**
 * The critic's part of every rule: V(s) of this step is the critic output's *mean* (for the MAP
 * critic before settling; a deterministic critic's mean is its value); from the second iteration
 * on, both networks learn from the TD error of the last transition with the traces of the last step.
 */
export function learnFromTdError(agent: Agent): void {
  const criticOut = layerAt(agent.critic, agent.critic.nLayers - 1);
  for (let b = 0; b < agent.batch; b++) {
    store<Float>(agent.value + (<usize>b << FLOAT_SHIFT), load<Float>(criticOut.mean + (<usize>(b * criticOut.stride) << FLOAT_SHIFT)));
  }
  if (agent.iteration > 0) {
    computeTdError(agent);
    learnGlobal(agent.critic, agent.tdError, agent.iteration);
    if (agent.capabilities & Capability.reinforceUpdate) learnGlobal(agent.actor, agent.tdError, agent.iteration);
    if (agent.capabilities & Capability.weightMaxUpdate) learnWeightMax(agent.actor, agent.tdError, agent.iteration, agent.weightMaxExponent);
  }
  memory.copy(agent.previousValue, agent.value, <usize>agent.batch << FLOAT_SHIFT);
}

/** The TD error of the last transition for every sample, from agent.value (this step) and flags. */
function computeTdError(agent: Agent): void {
  for (let b = 0; b < agent.batch; b++) {
    const o = <usize>b << FLOAT_SHIFT;
    const flags = flagsOf(agent, b);
    let delta: Float = 0;
    if (!(flags & (EpisodeFlag.episodeStart | EpisodeFlag.truncated))) {
      let r = load<Float>(agent.reward + o);
      if (agent.rewardClip > 0) r = min(max(r, -agent.rewardClip), agent.rewardClip);
      const bootstrap: Float = flags & EpisodeFlag.terminated ? 0 : agent.gamma * load<Float>(agent.value + o);
      delta = r + bootstrap - load<Float>(agent.previousValue + o);
    }
    store<Float>(agent.tdError + o, delta);
  }
}

/** Marks each sample's outcome as applied: reward 0; episodeStart after an episode's end, else no flag. */
export function consumeOutcome(agent: Agent): void {
  for (let b = 0; b < agent.batch; b++) {
    const ended = flagsOf(agent, b) & (EpisodeFlag.terminated | EpisodeFlag.truncated);
    store<i32>(agent.flags + (<usize>b << 2), ended ? EpisodeFlag.episodeStart : 0);
    store<Float>(agent.reward + (<usize>b << FLOAT_SHIFT), 0);
  }
}

/**
 * Divergence: whether every sample's value and TD error and every potential of the actor's
 * output are finite, summed in float64 (a sum is finite only if its terms are, barring an
 * overflow no sound run comes near).
 */
export function stepStatus(agent: Agent): i32 {
  let sum: f64 = 0;
  for (let b = 0; b < agent.batch; b++) {
    const o = <usize>b << FLOAT_SHIFT;
    sum += <f64>load<Float>(agent.value + o) + <f64>load<Float>(agent.tdError + o);
  }
  const out = layerAt(agent.actor, agent.actor.nLayers - 1);
  const n = out.batch * out.stride;
  for (let k = 0; k < n; k++) sum += <f64>load<Float>(out.potentials + (<usize>k << FLOAT_SHIFT));
  return sum - sum == 0 ? StepStatus.ok : StepStatus.diverged;
}
