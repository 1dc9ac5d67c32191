// The Wasm module's exports: constructors, one call per network operation or agent step,
// and pointer getters so the host can build typed-array views over linear memory.

import { Layer, layerBufferCount, layerBufferFloats, layerBufferSlot } from "./kernels/layer";
import { Float } from "./simd/precision";
import { Network, layerAt, createNetwork as create, freeNetwork, forward, recordTrace, clearTraces, learnGlobal } from "./kernels/network";
import { configureSettling as setSettling, configureSettleLog as setSettleLog, networkEnergy as energyOf, settleNetwork } from "./kernels/settling";
import { learnWeightMax } from "./kernels/weightmax";
import { Agent, agentBufferCount, agentBufferSlot, applySettings, freeAgent } from "./agents/agent";
import { newAgent as makeAgent, agentStep as step } from "./agents/step";
import { allocFloats } from "./kernels/layer";
import { momentumFloats } from "./agents/async";
import { settleDiscrete } from "./kernels/discrete";
import { posteriorLogits, searchDiscrete } from "./kernels/discrete-posterior";
import { FLOAT_SHIFT } from "./simd/precision";

export function allocate(floats: i32): usize {
  return allocFloats(floats);
}

export function release(ptr: usize): void {
  heap.free(ptr);
}

export function createNetwork(nInput: i32, batch: i32, nLayers: i32, spec: usize, seed: u32, input: usize): usize {
  return changetype<usize>(create(nInput, batch, nLayers, spec, seed, input));
}

export function configureNetwork(net: usize, adamEpsilon: Float, settleRate: Float, scheduleSteps: Float): void {
  const n = changetype<Network>(net);
  n.adamEpsilon = adamEpsilon;
  n.settleRate = settleRate;
  n.scheduleSteps = scheduleSteps;
}

export function disposeNetwork(net: usize, ownsInput: bool): void {
  freeNetwork(changetype<Network>(net), ownsInput);
}

export function networkForward(net: usize): void {
  forward(changetype<Network>(net));
}

export function networkSettle(net: usize, steps: i32): void {
  settleNetwork(changetype<Network>(net), steps);
}

/** Settling's stopping tolerance and momentum (settling.ts; both 0: the fixed sweeps). */
export function configureSettling(net: usize, tolerance: Float, momentum: Float): void {
  setSettling(changetype<Network>(net), tolerance, momentum);
}

/** Logs every later settling's sweeps into `log` (capacity sweeps of SETTLE_LOG_FIELDS f64; 0: off). */
export function configureSettleLog(net: usize, log: usize, capacity: i32): void {
  setSettleLog(changetype<Network>(net), log, capacity);
}

/** The sweeps the network's last settling ran. */
export function networkLastSweeps(net: usize): i32 {
  return changetype<Network>(net).lastSweeps;
}

/** The energy settling descends, summed over samples (settling.ts networkEnergy). */
export function networkEnergy(net: usize): f64 {
  return energyOf(changetype<Network>(net));
}

/** Discrete MAP propagation's search (discrete.ts); returns the sweeps that changed a value. */
export function networkSettleDiscrete(net: usize, maxSweeps: i32): i32 {
  return settleDiscrete(changetype<Network>(net), maxSweeps);
}

/** Discrete MAP propagation's search by `search` (a DiscreteSearch; discrete-posterior.ts); returns the sweeps that changed a value. */
export function networkSearchDiscrete(net: usize, maxSweeps: i32, search: i32, temperature: Float, startTemperature: Float): i32 {
  return searchDiscrete(changetype<Network>(net), maxSweeps, search, temperature, startTemperature);
}

/** Log-odds of each unit of hidden layer l of sample b given its Markov blanket, into `out` (discrete-posterior.ts). */
export function networkPosteriorLogits(net: usize, l: i32, b: i32, out: usize): void {
  posteriorLogits(changetype<Network>(net), l, b, out);
}

export function networkRecordTrace(net: usize, decay: Float, mode: i32, gate: bool): void {
  recordTrace(changetype<Network>(net), decay, mode, gate);
}

export function networkClearTraces(net: usize, sample: i32): void {
  clearTraces(changetype<Network>(net), sample);
}

export function networkLearn(net: usize, rewards: usize, step: f64): void {
  learnGlobal(changetype<Network>(net), rewards, step);
}

export function networkLearnWeightMax(net: usize, rewards: usize, step: f64, exponent: Float): void {
  learnWeightMax(changetype<Network>(net), rewards, step, exponent);
}

export function networkInput(net: usize): usize {
  return changetype<Network>(net).input;
}

export function networkRandomState(net: usize): usize {
  return changetype<Network>(net).rng;
}

/** Address of one of a layer's buffers (`which`, a LayerBuffer), or of the Layer record itself (which = -1). */
export function layerBuffer(net: usize, l: i32, which: i32): usize {
  const L: Layer = layerAt(changetype<Network>(net), l);
  return which >= 0 && which < layerBufferCount() ? load<usize>(layerBufferSlot(L, which)) : changetype<usize>(L);
}

/** Floats in one of a layer's buffers (`which`, a LayerBuffer). */
export function layerBufferLength(net: usize, l: i32, which: i32): i32 {
  return layerBufferFloats(layerAt(changetype<Network>(net), l), which);
}

/** Floats per input row in memory: the input size rounded up to whole vectors, as every stride is (network.ts roundUp4). */
export function networkInputStride(net: usize): i32 {
  return changetype<Network>(net).inputStride;
}

export function layerStride(net: usize, l: i32): i32 {
  return layerAt(changetype<Network>(net), l).stride;
}

export function createAgent(actor: usize, critic: usize, capabilities: i32, criticKind: i32): usize {
  return changetype<usize>(makeAgent(changetype<Network>(actor), changetype<Network>(critic), capabilities, criticKind));
}

/** Sets every value the agent's step reads from a configuration record: AGENT_SETTING_FLOATS floats in AgentSetting order (bindings/core/interface.ts). */
export function configureAgent(agent: usize, settings: usize): void {
  applySettings(changetype<Agent>(agent), settings);
}

export function disposeAgent(agent: usize): void {
  freeAgent(changetype<Agent>(agent));
}

/** Address of one of an agent's buffers (`which`, an AgentBuffer), or of the Agent record itself. */
export function agentBuffer(agent: usize, which: i32): usize {
  return which >= 0 && which < agentBufferCount() ? load<usize>(agentBufferSlot(changetype<Agent>(agent), which)) : agent;
}

export function agentIteration(agent: usize): f64 {
  return changetype<Agent>(agent).iteration;
}

/** Discrete MAP propagation: the sweeps of the last step's search that changed a value, summed over samples. */
export function agentSearchSweeps(agent: usize): i32 {
  return changetype<Agent>(agent).searchSweeps;
}

/** One learning iteration; returns a StepStatus (bindings/core/interface.ts). */
export function agentStep(agent: usize): i32 {
  return step(changetype<Agent>(agent));
}

// Checkpoints: the mutable state of a network or an agent as a list of memory blocks (pointer,
// byte length). Saving copies the blocks out; loading builds the same network and copies them
// back, which restores training bit for bit. Configuration (sizes, rates, variances) is not
// state: it is rebuilt from the saved options.

/** Blocks per layer: its buffers in LayerBuffer order, then the two Adam step counters. */
// @ts-ignore: decorator
@inline function layerBlocks(): i32 {
  return layerBufferCount() + 1;
}

function layerBlock(L: Layer, i: i32, out: usize): void {
  if (i < layerBufferCount()) {
    store<usize>(out, load<usize>(layerBufferSlot(L, i)));
    store<i32>(out + 4, layerBufferFloats(L, i) << <i32>FLOAT_SHIFT);
  } else {
    // stepsW and stepsB are adjacent i32 fields of the record.
    store<usize>(out, changetype<usize>(L) + offsetof<Layer>("stepsW"));
    store<i32>(out + 4, 8);
  }
}

/** Number of state blocks of a network: its RNG, its input, then layerBlocks() per layer. */
export function networkStateBlocks(net: usize): i32 {
  return 2 + layerBlocks() * changetype<Network>(net).nLayers;
}

/** Writes block i's pointer (u32) and byte length (i32) at `out`. */
export function networkStateBlock(net: usize, i: i32, out: usize): void {
  const n = changetype<Network>(net);
  if (i == 0) {
    store<usize>(out, n.rng);
    store<i32>(out + 4, 16);
  } else if (i == 1) {
    store<usize>(out, n.input);
    store<i32>(out + 4, (n.batch * n.inputStride) << <i32>FLOAT_SHIFT);
  } else {
    layerBlock(layerAt(n, (i - 2) / layerBlocks()), (i - 2) % layerBlocks(), out);
  }
}

/**
 * An agent's own state blocks: the loop counter, its buffers in AgentBuffer order (the pending
 * outcome among them), then asynchronous MAP propagation's actor and critic momenta (empty for
 * the other rules).
 */
export function agentStateBlocks(): i32 {
  return 1 + agentBufferCount() + 2;
}

export function agentStateBlock(agent: usize, i: i32, out: usize): void {
  const a = changetype<Agent>(agent);
  if (i == 0) {
    store<usize>(out, agent + offsetof<Agent>("iteration"));
    store<i32>(out + 4, 8);
  } else if (i <= agentBufferCount()) {
    store<usize>(out, load<usize>(agentBufferSlot(a, i - 1)));
    store<i32>(out + 4, a.batch << <i32>FLOAT_SHIFT);
  } else {
    const actor = i == agentBufferCount() + 1;
    const momentum = actor ? a.actorMomentum : a.criticMomentum;
    store<usize>(out, momentum);
    store<i32>(out + 4, momentum != 0 ? momentumFloats(actor ? a.actor : a.critic) << <i32>FLOAT_SHIFT : 0);
  }
}
