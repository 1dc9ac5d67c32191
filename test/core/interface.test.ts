// bindings/core/interface.ts is the one declaration of what the host and the core agree on. The
// public name lists of the bindings must match its codes, and every buffer it names must be a
// distinct block of the core's memory of the size its shape says, on every backend.
import { beforeAll, describe, expect, it } from "vitest";
import { type Backend, type Core, backends, loadCore } from "../../bindings/core/core";
import { ActivationCode, AgentBuffer, CriticKind, LAYER_SPEC_FLOATS, LayerBuffer, LayerSpecField, UnitCode } from "../../bindings/core/interface";
import { capabilitiesOf } from "../../bindings/rules/rule";
import { reinforce } from "../../bindings/rules/reinforce";
import { Network, activations, unitTypes } from "../../bindings/core/network";

const names = (e: object) => Object.keys(e).filter((k) => Number.isNaN(Number(k)));
const cores = {} as Record<Backend, Core>;
beforeAll(async () => {
  for (const backend of backends) cores[backend] = await loadCore({ precision: "float32", backend });
});

describe("the core's interface", () => {
  it("the bindings' unit and activation lists are the core's codes, in order", () => {
    expect(names(UnitCode)).toEqual([...unitTypes]);
    expect(names(ActivationCode)).toEqual([...activations]);
    expect(LAYER_SPEC_FLOATS).toBe(names(LayerSpecField).length);
  });

  it.each(backends)("every layer buffer is its own block of the size its shape says (%s)", (backend) => {
    const core = cores[backend];
    const [inputs, units, batch] = [5, 6, 3];
    const stride = 8;
    const net = new Network({ inputSize: inputs, batch, seed: 1, layers: [{ size: units, unit: "gaussian", variance: 1, learningRate: 0.1 }] }, 0, core);
    const expected: Record<string, number> = {
      weights: inputs * stride, momentWeights: inputs * stride, squareWeights: inputs * stride, residueWeights: inputs * stride,
      bias: stride, momentBias: stride, squareBias: stride, residueBias: stride,
      traceWeights: batch * inputs * stride, scratch: batch * 4, backProjection: batch * 8, action: batch,
    };
    const blocks = names(LayerBuffer).map((name) => {
      const view = net.buffer(0, name as keyof typeof LayerBuffer);
      expect(view.length, name).toBe(expected[name] ?? batch * stride);
      return [view.byteOffset, view.byteOffset + view.byteLength];
    });
    blocks.sort((a, b) => a[0] - b[0]);
    for (let k = 1; k < blocks.length; k++) expect(blocks[k][0]).toBeGreaterThanOrEqual(blocks[k - 1][1]);
    net.dispose();
  });

  it.each(backends)("every agent buffer is its own block of one entry per sample (%s)", (backend) => {
    const core = cores[backend];
    const layers = [{ size: 2, unit: "deterministic" as const, learningRate: 0.1 }];
    const [actor, critic] = [1, 2].map((seed) => new Network({ inputSize: 3, batch: 2, seed, layers }, 0, core));
    const agent = core.raw.createAgent(actor.handle, critic.handle, capabilitiesOf(reinforce), CriticKind.backprop);
    const addresses = names(AgentBuffer).map((name) => core.raw.agentBuffer(agent, AgentBuffer[name as keyof typeof AgentBuffer]));
    expect(new Set(addresses).size).toBe(addresses.length);
    expect(addresses).not.toContain(core.raw.agentBuffer(agent, -1));
    core.raw.disposeAgent(agent);
    actor.dispose();
    critic.dispose();
  });
});
