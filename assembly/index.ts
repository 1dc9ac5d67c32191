// The Wasm module's exports: constructors, one call per network operation or agent step,
// and pointer getters so the host can build typed-array views over linear memory.

import { Layer } from "./layer";
import { Float } from "./precision";
import { Network, layerAt, createNetwork as create, freeNetwork, forward, settle, recordTrace, clearTraces, learnGlobal, learnWeightMax } from "./network";
import { Agent, createAgent as makeAgent, freeAgent, agentStep as step } from "./agent";
import { allocFloats } from "./layer";
import { momentumFloats } from "./async";
import { settleDiscrete } from "./discrete";
import { LANES, FLOAT_SHIFT } from "./precision";

export function allocate(floats: i32): usize {
  return allocFloats(floats);
}

export function release(ptr: usize): void {
  heap.free(ptr);
}

export function createNetwork(nInput: i32, batch: i32, nLayers: i32, spec: usize, seed: u32, input: usize): usize {
  return changetype<usize>(create(nInput, batch, nLayers, spec, seed, input));
}

export function configureNetwork(net: usize, adamEpsilon: Float, settleRate: Float, endT: Float): void {
  const n = changetype<Network>(net);
  n.adamEpsilon = adamEpsilon;
  n.settleRate = settleRate;
  n.endT = endT;
}

export function disposeNetwork(net: usize, ownsInput: bool): void {
  freeNetwork(changetype<Network>(net), ownsInput);
}

export function networkForward(net: usize): void {
  forward(changetype<Network>(net));
}

export function networkSettle(net: usize, steps: i32): void {
  settle(changetype<Network>(net), steps);
}

/** Discrete MAP propagation's search (discrete.ts); returns the sweeps that changed a value. */
export function networkSettleDiscrete(net: usize, maxSweeps: i32): i32 {
  return settleDiscrete(changetype<Network>(net), maxSweeps);
}

export function networkRecordTrace(net: usize, decay: Float, mode: i32, gate: bool): void {
  recordTrace(changetype<Network>(net), decay, mode, gate);
}

export function networkClearTraces(net: usize, sample: i32): void {
  clearTraces(changetype<Network>(net), sample);
}

export function networkLearn(net: usize, delta: usize, step: f64): void {
  learnGlobal(changetype<Network>(net), delta, step);
}

export function networkLearnWeightMax(net: usize, delta: usize, step: f64, exponent: Float): void {
  learnWeightMax(changetype<Network>(net), delta, step, exponent);
}

export function networkInput(net: usize): usize {
  return changetype<Network>(net).input;
}

export function networkRandomState(net: usize): usize {
  return changetype<Network>(net).rng;
}

/** Address of one of a layer's buffers, or of the Layer record itself (which = -1). */
export function layerBuffer(net: usize, l: i32, which: i32): usize {
  const L: Layer = layerAt(changetype<Network>(net), l);
  switch (which) {
    case 0: return L.weights;
    case 1: return L.bias;
    case 2: return L.values;
    case 3: return L.mean;
    case 4: return L.pot;
    case 5: return L.elig;
    case 6: return L.traceW;
    case 7: return L.traceB;
    case 8: return L.action;
    case 9: return L.momentW;
    case 10: return L.squareW;
    case 11: return L.momentB;
    case 12: return L.squareB;
    case 13: return L.back;
    case 14: return L.reward;
    default: return changetype<usize>(L);
  }
}

export function layerStride(net: usize, l: i32): i32 {
  return layerAt(changetype<Network>(net), l).stride;
}

export function createAgent(actor: usize, critic: usize, rule: i32, criticKind: i32): usize {
  return changetype<usize>(makeAgent(changetype<Network>(actor), changetype<Network>(critic), rule, criticKind));
}

export function configureAgent(agent: usize, gamma: Float, actorDecay: Float, criticDecay: Float, rewardClip: Float, settleSteps: i32, exponent: Float): void {
  const a = changetype<Agent>(agent);
  a.gamma = gamma;
  a.actorDecay = actorDecay;
  a.criticDecay = criticDecay;
  a.rewardClip = rewardClip;
  a.settleSteps = settleSteps;
  a.weightMaxExponent = exponent;
}

/** Asynchronous MAP propagation's momentum decay β and rest weighting 1/(ε + α g²). */
export function configureAsync(agent: usize, beta: Float, alpha: Float, epsilon: Float): void {
  const a = changetype<Agent>(agent);
  a.asyncBeta = beta;
  a.asyncAlpha = alpha;
  a.asyncEpsilon = epsilon;
}

export function disposeAgent(agent: usize): void {
  freeAgent(changetype<Agent>(agent));
}

/** Agent buffers: 0 reward, 1 flags, 2 value, 3 previous value, 4 delta, 5 the Agent record. */
export function agentBuffer(agent: usize, which: i32): usize {
  const a = changetype<Agent>(agent);
  switch (which) {
    case 0: return a.reward;
    case 1: return a.flags;
    case 2: return a.value;
    case 3: return a.previousValue;
    case 4: return a.delta;
    default: return agent;
  }
}

export function agentIteration(agent: usize): f64 {
  return changetype<Agent>(agent).iteration;
}

export function agentStep(agent: usize): void {
  step(changetype<Agent>(agent));
}

// Checkpoints: the mutable state of a network or an agent as a list of memory blocks (pointer,
// byte length). Saving copies the blocks out; loading builds the same network and copies them
// back, which restores training bit for bit. Configuration (sizes, rates, variances) is not
// state: it is rebuilt from the saved options.

/** Blocks per layer: 19 buffers, then the two Adam step counters. */
const LAYER_BLOCKS = 20;

function layerBlock(L: Layer, i: i32, out: usize): void {
  const nW = L.nIn * L.stride;
  const rows = L.batch * L.stride;
  let ptr: usize = 0;
  let floats = 0;
  switch (i) {
    case 0: ptr = L.weights; floats = nW; break;
    case 1: ptr = L.bias; floats = L.stride; break;
    case 2: ptr = L.momentW; floats = nW; break;
    case 3: ptr = L.squareW; floats = nW; break;
    case 4: ptr = L.momentB; floats = L.stride; break;
    case 5: ptr = L.squareB; floats = L.stride; break;
    case 6: ptr = L.residueW; floats = nW; break;
    case 7: ptr = L.residueB; floats = L.stride; break;
    case 8: ptr = L.traceW; floats = L.batch * nW; break;
    case 9: ptr = L.traceB; floats = rows; break;
    case 10: ptr = L.scratch; floats = L.batch * LANES; break;
    case 11: ptr = L.values; floats = rows; break;
    case 12: ptr = L.mean; floats = rows; break;
    case 13: ptr = L.pot; floats = rows; break;
    case 14: ptr = L.slope; floats = rows; break;
    case 15: ptr = L.elig; floats = rows; break;
    case 16: ptr = L.back; floats = L.batch * L.inStride; break;
    case 17: ptr = L.reward; floats = rows; break;
    case 18: ptr = L.action; floats = L.batch; break;
    default: {
      // stepsW and stepsB are adjacent i32 fields of the record.
      store<usize>(out, changetype<usize>(L) + offsetof<Layer>("stepsW"));
      store<i32>(out + 4, 8);
      return;
    }
  }
  store<usize>(out, ptr);
  store<i32>(out + 4, floats << <i32>FLOAT_SHIFT);
}

/** Number of state blocks of a network: its RNG, its input, then LAYER_BLOCKS per layer. */
export function networkStateBlocks(net: usize): i32 {
  return 2 + LAYER_BLOCKS * changetype<Network>(net).nLayers;
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
    layerBlock(layerAt(n, (i - 2) / LAYER_BLOCKS), (i - 2) % LAYER_BLOCKS, out);
  }
}

/**
 * An agent's own state blocks: the loop counter, then reward, flags, value, previous value, TD
 * error, and (asynchronous MAP propagation; empty otherwise) the actor's and critic's momenta.
 */
export function agentStateBlocks(): i32 {
  return 8;
}

export function agentStateBlock(agent: usize, i: i32, out: usize): void {
  const a = changetype<Agent>(agent);
  const bytes = a.batch << <i32>FLOAT_SHIFT;
  switch (i) {
    case 0: store<usize>(out, agent + offsetof<Agent>("iteration")); store<i32>(out + 4, 8); break;
    case 1: store<usize>(out, a.reward); store<i32>(out + 4, bytes); break;
    case 2: store<usize>(out, a.flags); store<i32>(out + 4, bytes); break;
    case 3: store<usize>(out, a.value); store<i32>(out + 4, bytes); break;
    case 4: store<usize>(out, a.previousValue); store<i32>(out + 4, bytes); break;
    case 5: store<usize>(out, a.delta); store<i32>(out + 4, bytes); break;
    case 6: store<usize>(out, a.actorMomentum); store<i32>(out + 4, a.actorMomentum != 0 ? momentumFloats(a.actor) << <i32>FLOAT_SHIFT : 0); break;
    default: store<usize>(out, a.criticMomentum); store<i32>(out + 4, a.criticMomentum != 0 ? momentumFloats(a.critic) << <i32>FLOAT_SHIFT : 0); break;
  }
}
