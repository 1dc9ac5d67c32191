// The opt-in entry with the cores inlined: no .wasm file to fetch, same results.
import { describe, expect, it } from "vitest";
import { loadCore } from "../../bindings/core/core";
import { train } from "../../bindings/training/train";

describe("coagent/inline", () => {
  it("loads its inlined core and trains exactly as the regular build", async () => {
    const inline = await import("../../dist/inline.js");
    await inline.init();
    const fromInline = inline.train({ env: "CartPole-v1", algorithm: "weight-max", episodes: 5, seed: 2 });
    await loadCore();
    expect(fromInline.episodeReturns).toEqual(train({ env: "CartPole-v1", algorithm: "weight-max", episodes: 5, seed: 2 }).episodeReturns);
  });
});
