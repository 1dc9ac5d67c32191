// The runs of `coagent train` on worker threads hand back what a sequential train does, in its
// order, and stop where it stops.
import { describe, expect, it } from "vitest";
import { loadCore } from "../../bindings/core/core";
import { CoagentError } from "../../bindings/errors";
import type { RunSpec } from "../../bindings/node/run";
import { trainRuns } from "../../bindings/node/train-runs";

// The source tree has no worker.js; the threads run the built one (npm run build).
const workerScript = new URL("../../dist/node/worker.js", import.meta.url);
const spec = (algorithm: string, seed: number): RunSpec => ({ env: "CartPole-v1", algorithm, seed, budget: 20, precision: "float64" });
// A critic learning rate of 1e300 makes the first update non-finite: a DivergenceError.
const diverging = { ...spec("weight-max", 1), hyperparameters: { criticLearningRate: { start: [1e300, 1e300, 1e300], end: [1e300, 1e300, 1e300] } as never } };

async function handedBack(runs: RunSpec[], workers: number) {
  const results: string[] = [];
  let error: unknown;
  try {
    await trainRuns({ runs, workers, workerScript, keep: { agent: true }, onResult: (index, record, kept) => results.push(`${index} ${record.seed} ${record.average} ${kept.agent?.length}`) });
  } catch (thrown) {
    error = thrown;
  }
  return { results, error };
}

describe("trainRuns", () => {
  it("hands results back in run order, whichever thread finishes first", async () => {
    await loadCore({ precision: "float64" });
    // The long first run finishes last on two threads.
    const runs = [{ ...spec("weight-max", 0), budget: 60 }, spec("reinforce", 0), spec("reinforce", 1)];
    const [one, two] = [await handedBack(runs, 1), await handedBack(runs, 2)];
    expect(one.error).toBeUndefined();
    expect(two.results).toEqual(one.results);
    expect(two.results.map((line) => line.split(" ")[0])).toEqual(["0", "1", "2"]);
  });

  it("a diverging run stops the train as a sequential one: earlier runs handed back, its error thrown, no later run", async () => {
    await loadCore({ precision: "float64" });
    const runs = [spec("weight-max", 0), diverging, spec("weight-max", 2), spec("weight-max", 3)];
    const [one, two] = [await handedBack(runs, 1), await handedBack(runs, 3)];
    expect(one.results).toHaveLength(1);
    expect(two.results).toEqual(one.results);
    for (const { error } of [one, two]) {
      expect(error).toBeInstanceOf(CoagentError);
      expect((error as Error).name).toBe("DivergenceError");
    }
    expect((two.error as Error).message).toBe((one.error as Error).message);
    expect((one.error as Error).message).toMatch(/^Training diverged at step \d+: critic layer \d/);
  });
});
