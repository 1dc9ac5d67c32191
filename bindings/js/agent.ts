// assembly/agent.ts: the online actor–critic step (ALGORITHMS.md §2.2, §3.6a) fused into one
// call per environment step: sample actor and critic, learn from the TD error with the previous
// step's traces, clear traces at episode starts, then record the new traces (asynchronous MAP
// propagation has its own step, at the end).
import { asyncSweeps, momentumFloats, refreshNetwork, resetAsyncSample } from "./async.js";
import { type Fields, type Layout, type Machine, layout, readRecord, writeField } from "./machine.js";
import {
  type Network, TRACE_BACKPROP, TRACE_LOCAL, clearTraces, forward, learnGlobal, learnWeightMax, loadNetwork, recordTrace, settle,
} from "./network.js";

export const RULE_MAP_PROP = 1;
export const RULE_WEIGHT_MAX = 2;
export const RULE_BACKPROP = 3;
export const RULE_ASYNC_MAP = 4;
export const CRITIC_MAP = 0;

const FLAG_EPISODE_START = 1;
const FLAG_TERMINATED = 2;
const FLAG_TRUNCATED = 4;

const AGENT_FIELDS = [
  ["actor", "usize"], ["critic", "usize"], ["rule", "i32"], ["criticKind", "i32"], ["settleSteps", "i32"], ["batch", "i32"],
  ["gamma", "Float"], ["actorDecay", "Float"], ["criticDecay", "Float"], ["rewardClip", "Float"], ["weightMaxExponent", "Float"],
  ["iteration", "f64"], ["reward", "usize"], ["flags", "usize"], ["value", "usize"], ["previousValue", "usize"], ["delta", "usize"],
  // asynchronous MAP propagation only (0 for the other rules)
  ["asyncBeta", "Float"], ["asyncAlpha", "Float"], ["asyncEpsilon", "Float"], ["actorMomentum", "usize"], ["criticMomentum", "usize"],
] as const;
type AgentField = (typeof AGENT_FIELDS)[number][0];
export type Agent = Fields<AgentField>;
export const AGENT_LAYOUT: Record<4 | 8, Layout<AgentField>> = { 4: layout(AGENT_FIELDS, 4), 8: layout(AGENT_FIELDS, 8) };

export function loadAgent(m: Machine, ptr: number): Agent {
  return readRecord(m, AGENT_LAYOUT[m.floatBytes], ptr);
}

export function setAgentField(m: Machine, ptr: number, name: AgentField, value: number): void {
  writeField(m, AGENT_LAYOUT[m.floatBytes], ptr, name, value);
}

export function createAgent(m: Machine, actor: number, critic: number, rule: number, criticKind: number): number {
  const ptr = m.heap.alloc(AGENT_LAYOUT[m.floatBytes].size);
  const batch = loadNetwork(m, actor).batch;
  const fields: Partial<Record<AgentField, number>> = {
    actor, critic, rule, criticKind, batch, settleSteps: 20, weightMaxExponent: 2,
    reward: m.allocFloats(batch),
    flags: m.allocFloats(batch),
    value: m.allocFloats(batch),
    previousValue: m.allocFloats(batch),
    delta: m.allocFloats(batch),
  };
  if (rule === RULE_ASYNC_MAP) {
    Object.assign(fields, {
      asyncBeta: 0.7, asyncAlpha: 1e3, asyncEpsilon: 1e-5,
      actorMomentum: m.allocFloats(momentumFloats(loadNetwork(m, actor))),
      criticMomentum: m.allocFloats(momentumFloats(loadNetwork(m, critic))),
    });
  }
  for (const [name, value] of Object.entries(fields)) setAgentField(m, ptr, name as AgentField, value);
  return ptr;
}

export function freeAgent(m: Machine, ptr: number): void {
  const agent = loadAgent(m, ptr);
  const buffers = [agent.reward, agent.flags, agent.value, agent.previousValue, agent.delta, agent.actorMomentum, agent.criticMomentum];
  for (const buffer of buffers) if (buffer !== 0) m.heap.free(buffer);
  m.heap.free(ptr);
}

/** The TD error of the last transition for every sample, from this step's value and the flags. */
function computeDelta(m: Machine, agent: Agent): void {
  const F = m.F;
  const fr = m.math.fr;
  const sh = m.math.shift;
  for (let b = 0; b < agent.batch; b++) {
    const flags = m.heap.i32[(agent.flags >>> 2) + b];
    let delta = 0;
    if (!(flags & (FLAG_EPISODE_START | FLAG_TRUNCATED))) {
      let r = F[(agent.reward >>> sh) + b];
      if (agent.rewardClip > 0) r = Math.min(Math.max(r, -agent.rewardClip), agent.rewardClip);
      const bootstrap = flags & FLAG_TERMINATED ? 0 : fr(agent.gamma * F[(agent.value >>> sh) + b]);
      delta = fr(fr(r + bootstrap) - F[(agent.previousValue >>> sh) + b]);
    }
    F[(agent.delta >>> sh) + b] = delta;
  }
}

export function agentStep(m: Machine, ptr: number): void {
  const agent = loadAgent(m, ptr);
  const actor = loadNetwork(m, agent.actor);
  const critic = loadNetwork(m, agent.critic);
  if (agent.rule === RULE_ASYNC_MAP) return asyncAgentStep(m, agent, actor, critic);
  const sh = m.math.shift;
  forward(m, actor);
  forward(m, critic);
  const F = m.F;
  const I32 = m.heap.i32;
  const value = agent.value >>> sh;
  const previous = agent.previousValue >>> sh;
  const criticOut = critic.layerList[critic.nLayers - 1];
  for (let b = 0; b < agent.batch; b++) {
    // The MAP critic's value is its output *mean* before settling.
    F[value + b] = F[(criticOut.mean >>> sh) + b * criticOut.stride];
  }
  if (agent.iteration > 0) {
    computeDelta(m, agent);
    learnGlobal(m, critic, agent.delta, agent.iteration);
    if (agent.rule === RULE_WEIGHT_MAX) learnWeightMax(m, actor, agent.delta, agent.iteration, agent.weightMaxExponent);
    else learnGlobal(m, actor, agent.delta, agent.iteration);
  }
  for (let b = 0; b < agent.batch; b++) {
    if (I32[(agent.flags >>> 2) + b] & FLAG_EPISODE_START) {
      clearTraces(m, critic, b);
      clearTraces(m, actor, b);
    }
  }
  F.copyWithin(previous, value, value + agent.batch);
  if (agent.criticKind === CRITIC_MAP) {
    settle(m, critic, agent.settleSteps);
    recordTrace(m, critic, agent.criticDecay, TRACE_LOCAL, true);
  } else {
    recordTrace(m, critic, agent.criticDecay, TRACE_BACKPROP, false);
  }
  if (agent.rule === RULE_MAP_PROP) settle(m, actor, agent.settleSteps);
  recordTrace(m, actor, agent.actorDecay, agent.rule === RULE_BACKPROP ? TRACE_BACKPROP : TRACE_LOCAL, false);
  setAgentField(m, ptr, "iteration", agent.iteration + 1);
}

/**
 * One environment step of asynchronous MAP propagation (ALGORITHMS.md §6.3): reset at episode
 * starts, N sweeps with the output resampled, the TD error and one Adam step, then N sweeps with
 * the outputs clamped.
 */
function asyncAgentStep(m: Machine, agent: Agent, actor: Network, critic: Network): void {
  const sh = m.math.shift;
  for (let b = 0; b < agent.batch; b++) {
    if (agent.iteration === 0 || m.heap.i32[(agent.flags >>> 2) + b] & FLAG_EPISODE_START) {
      resetAsyncSample(m, actor, agent.actorMomentum, b, agent.asyncAlpha);
      resetAsyncSample(m, critic, agent.criticMomentum, b, agent.asyncAlpha);
      clearTraces(m, actor, b);
      clearTraces(m, critic, b);
    }
  }
  refreshNetwork(m, actor);
  refreshNetwork(m, critic);
  const sweeps = (clamped: boolean) => {
    asyncSweeps(m, actor, agent.actorMomentum, agent.settleSteps, clamped, agent.actorDecay, false, agent.asyncBeta, agent.asyncAlpha, agent.asyncEpsilon);
    asyncSweeps(m, critic, agent.criticMomentum, agent.settleSteps, clamped, agent.criticDecay, true, agent.asyncBeta, agent.asyncAlpha, agent.asyncEpsilon);
  };
  sweeps(false);
  const F = m.F;
  const criticOut = critic.layerList[critic.nLayers - 1];
  for (let b = 0; b < agent.batch; b++) F[(agent.value >>> sh) + b] = F[(criticOut.mean >>> sh) + b * criticOut.stride];
  if (agent.iteration > 0) {
    computeDelta(m, agent);
    learnGlobal(m, critic, agent.delta, agent.iteration);
    learnGlobal(m, actor, agent.delta, agent.iteration);
  }
  F.copyWithin(agent.previousValue >>> sh, agent.value >>> sh, (agent.value >>> sh) + agent.batch);
  sweeps(true);
  setAgentField(m, agent.ptr, "iteration", agent.iteration + 1);
}
