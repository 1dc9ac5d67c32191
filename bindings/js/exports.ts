// The JS core: assembly/index.ts's exports over a JavaScript heap, a drop-in replacement for the
// Wasm instance's raw exports. Arguments are converted as the Wasm boundary converts them (i32
// parameters truncate, f32 ones round to float32, pointers are unsigned), so the bindings see
// the same behaviour from either backend.
import type { Precision, RawExports } from "../core.js";
import { momentumFloats } from "./async.js";
import { AGENT_LAYOUT, agentStep, createAgent, freeAgent, loadAgent, setAgentField } from "./agent.js";
import { LAYER_LAYOUT, layerBuffers } from "./layer.js";
import { Machine, readField, writeField } from "./machine.js";
import {
  NETWORK_LAYOUT, clearTraces, createNetwork, forward, freeNetwork, learnGlobal, learnWeightMax, loadNetwork, recordTrace,
  settle,
} from "./network.js";

/** layerBuffer's `which`: buffer ids of bindings/network.ts. */
const LAYER_BUFFERS = [
  "weights", "bias", "values", "mean", "pot", "elig", "traceW", "traceB", "action", "momentW", "squareW", "momentB",
  "squareB", "back", "reward",
] as const;

/** agentBuffer's `which`. */
const AGENT_BUFFERS = ["reward", "flags", "value", "previousValue", "delta"] as const;

/** Checkpoint blocks per layer: its 19 buffers, then the two Adam step counters. */
const LAYER_BLOCKS = 20;

export function createJsCore(precision: Precision): RawExports {
  const m = new Machine(precision);
  const fr = m.math.fr;
  const ptr = (p: number) => p >>> 0;
  const int = (v: number) => v | 0;
  // Getters read single fields: the bindings call some of them every step.
  const network = NETWORK_LAYOUT[m.floatBytes];
  const agentShape = AGENT_LAYOUT[m.floatBytes];
  const layerPtr = (net: number, l: number) => m.heap.u32[(readField(m, network, ptr(net), "layers") >>> 2) + int(l)];

  /** Writes a state block's address (u32) and byte length (i32) at `out`. */
  const block = (out: number, address: number, bytes: number): void => {
    m.heap.u32[ptr(out) >>> 2] = address;
    m.heap.i32[(ptr(out) + 4) >>> 2] = bytes;
  };

  const raw = {
    memory: m.heap.memory,
    allocate: (floats: number): number => m.allocFloats(int(floats)),
    release: (p: number): void => m.heap.free(ptr(p)),
    createNetwork: (nInput: number, batch: number, nLayers: number, spec: number, seed: number, input: number): number =>
      createNetwork(m, int(nInput), int(batch), int(nLayers), ptr(spec), seed >>> 0, ptr(input)),
    configureNetwork(net: number, adamEpsilon: number, settleRate: number, endT: number): void {
      writeField(m, network, ptr(net), "adamEpsilon", fr(adamEpsilon));
      writeField(m, network, ptr(net), "settleRate", fr(settleRate));
      writeField(m, network, ptr(net), "endT", fr(endT));
    },
    disposeNetwork: (net: number, ownsInput: boolean): void => freeNetwork(m, ptr(net), !!ownsInput),
    networkForward: (net: number): void => forward(m, loadNetwork(m, ptr(net))),
    networkSettle: (net: number, steps: number): void => settle(m, loadNetwork(m, ptr(net)), int(steps)),
    networkRecordTrace: (net: number, decay: number, mode: number, gate: boolean): void =>
      recordTrace(m, loadNetwork(m, ptr(net)), fr(decay), int(mode), !!gate),
    networkClearTraces: (net: number, sample: number): void => clearTraces(m, loadNetwork(m, ptr(net)), int(sample)),
    networkLearn: (net: number, delta: number, step: number): void => learnGlobal(m, loadNetwork(m, ptr(net)), ptr(delta), +step),
    networkLearnWeightMax: (net: number, delta: number, step: number, exponent: number): void =>
      learnWeightMax(m, loadNetwork(m, ptr(net)), ptr(delta), +step, fr(exponent)),
    networkInput: (net: number): number => readField(m, network, ptr(net), "input"),
    networkRandomState: (net: number): number => readField(m, network, ptr(net), "rng"),
    /** Address of one of a layer's buffers, or of the Layer record itself (any other `which`). */
    layerBuffer(net: number, l: number, which: number): number {
      const L = layerPtr(net, l);
      const name = LAYER_BUFFERS[int(which)];
      return name === undefined ? L : readField(m, LAYER_LAYOUT[m.floatBytes], L, name);
    },
    layerStride: (net: number, l: number): number => readField(m, LAYER_LAYOUT[m.floatBytes], layerPtr(net, l), "stride"),
    createAgent: (actor: number, critic: number, rule: number, criticKind: number): number =>
      createAgent(m, ptr(actor), ptr(critic), int(rule), int(criticKind)),
    configureAgent(agent: number, gamma: number, actorDecay: number, criticDecay: number, rewardClip: number, settleSteps: number, exponent: number): void {
      const a = ptr(agent);
      setAgentField(m, a, "gamma", fr(gamma));
      setAgentField(m, a, "actorDecay", fr(actorDecay));
      setAgentField(m, a, "criticDecay", fr(criticDecay));
      setAgentField(m, a, "rewardClip", fr(rewardClip));
      setAgentField(m, a, "settleSteps", int(settleSteps));
      setAgentField(m, a, "weightMaxExponent", fr(exponent));
    },
    /** Asynchronous MAP propagation's momentum decay β and rest weighting 1/(ε + α g²). */
    configureAsync(agent: number, beta: number, alpha: number, epsilon: number): void {
      setAgentField(m, ptr(agent), "asyncBeta", fr(beta));
      setAgentField(m, ptr(agent), "asyncAlpha", fr(alpha));
      setAgentField(m, ptr(agent), "asyncEpsilon", fr(epsilon));
    },
    disposeAgent: (agent: number): void => freeAgent(m, ptr(agent)),
    /** Agent buffers: 0 reward, 1 flags, 2 value, 3 previous value, 4 delta, otherwise the record. */
    agentBuffer(agent: number, which: number): number {
      const name = AGENT_BUFFERS[int(which)];
      return name === undefined ? ptr(agent) : readField(m, agentShape, ptr(agent), name);
    },
    agentIteration: (agent: number): number => readField(m, agentShape, ptr(agent), "iteration"),
    agentStep: (agent: number): void => agentStep(m, ptr(agent)),

    // Checkpoints: the mutable state as (address, byte length) blocks, in the Wasm's order.
    networkStateBlocks: (net: number): number => 2 + LAYER_BLOCKS * readField(m, network, ptr(net), "nLayers"),
    networkStateBlock(net: number, i: number, out: number): void {
      const n = loadNetwork(m, ptr(net));
      i = int(i);
      if (i === 0) return block(out, n.rng, 16);
      if (i === 1) return block(out, n.input, (n.batch * n.inputStride) << m.math.shift);
      const L = n.layerList[Math.trunc((i - 2) / LAYER_BLOCKS)];
      const k = (i - 2) % LAYER_BLOCKS;
      const buffers = layerBuffers(L, m.math.lanes);
      if (k < buffers.length) {
        const [name, floats] = buffers[k];
        return block(out, L[name], floats << m.math.shift);
      }
      // stepsW and stepsB are adjacent i32 fields of the record.
      block(out, L.ptr + LAYER_LAYOUT[m.floatBytes].offsets.stepsW, 8);
    },
    /** The loop counter, reward, flags, value, previous value, TD error, then the async momenta (empty otherwise). */
    agentStateBlocks: (): number => 8,
    agentStateBlock(agent: number, i: number, out: number): void {
      const a = loadAgent(m, ptr(agent));
      const bytes = a.batch << m.math.shift;
      const buffers = [a.reward, a.flags, a.value, a.previousValue, a.delta];
      const momentum = (buffer: number, net: number) =>
        block(out, buffer, buffer !== 0 ? momentumFloats(loadNetwork(m, net)) << m.math.shift : 0);
      i = int(i);
      if (i === 0) block(out, a.ptr + AGENT_LAYOUT[m.floatBytes].offsets.iteration, 8);
      else if (i >= 1 && i <= 5) block(out, buffers[i - 1], bytes);
      else if (i === 6) momentum(a.actorMomentum, a.actor);
      else momentum(a.criticMomentum, a.critic);
    },
  };
  // Assigned rather than declared as RawExports so that an export this port has and the current
  // Wasm build lacks is not an error, while one it lacks is.
  return raw;
}
