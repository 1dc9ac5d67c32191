// A run stopped at any step and resumed from its checkpoint, or resumed from an older periodic
// checkpoint (as after a crash), ends exactly as a run never stopped: the same returns, steps
// and final checkpoint, byte for byte, on every rule, precision, backend and batch size.
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { backends, loadCore, precisions } from "../../bindings/core/core";
import { CheckpointError, decodeCheckpoint, encodeCheckpoint } from "../../bindings/core/checkpoint";
import { ConfigurationError } from "../../bindings/errors";
import { Agent } from "../../bindings/training/agent";
import { readRunCheckpoint } from "../../bindings/training/run-checkpoint";
import { train, type TrainCheckpoint, type TrainOptions } from "../../bindings/training/train";
import { loadLunarLander } from "../../bindings/envs/physics";

beforeAll(async () => {
  for (const precision of precisions) for (const backend of backends) await loadCore({ precision, backend });
  await loadLunarLander();
});

/** A checkpoint's SHA-256: equal digests are equal bytes (and vitest compares strings fast). */
const digest = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** A run's checkpoints and result. */
function run(options: TrainOptions) {
  const checkpoints: TrainCheckpoint[] = [];
  const result = train({ ...options, onCheckpoint: (c) => checkpoints.push(c) });
  return { result, checkpoints, final: checkpoints[checkpoints.length - 1] };
}

/** A signal that turns aborted at the `after`-th step boundary it is asked about. */
function stopAfter(after: number) {
  let asked = 0;
  return { get aborted() { return ++asked > after; } };
}

/** Stops `options` after `steps` live steps, then resumes it from the stop's checkpoint. */
function stoppedAndResumed(options: TrainOptions, steps: number) {
  const first = run({ ...options, signal: stopAfter(steps) });
  expect(first.result.stopped).toBe(true);
  expect(first.final.reason).toBe("stopped");
  return run({ ...options, resume: first.final.bytes });
}

const rules = ["map-prop", "async-map-prop", "discrete-map-prop", "weight-max", "reinforce", "backprop"] as const;

describe.each(precisions)("resuming a run (%s)", (precision) => {
  describe.each(backends.filter((b) => b !== "wasm-scalar"))("%s backend", (backend) => {
    it.each(rules.flatMap((algorithm) => [1, 3].map((batch) => [algorithm, batch] as const)))("%s, batch %i: stopped mid-episode and resumed = never stopped", (algorithm, batch) => {
      const options: TrainOptions = { env: "CartPole-v1", algorithm, episodes: 7, seed: 5, precision, backend, batch, checkpointEvery: 2 };
      const whole = run(options);
      expect(whole.final.reason).toBe("finished");
      expect(whole.result.stopped).toBeUndefined();
      // Stops at steps 1, in the middle and near the end; each resumed run ends as the whole one.
      const total = whole.result.steps / batch;
      for (const steps of [1, Math.floor(total / 2), Math.floor(total) - 2]) {
        const resumed = stoppedAndResumed(options, steps);
        expect(resumed.result.episodeReturns).toEqual(whole.result.episodeReturns);
        expect(resumed.result.steps).toBe(whole.result.steps);
        expect(digest(resumed.final.bytes)).toBe(digest(whole.final.bytes));
      }
      // A crash loses what followed the last periodic checkpoint; resuming from it ends the same.
      const periodic = whole.checkpoints.filter((c) => c.reason === "periodic");
      expect(periodic.map((c) => c.episodeReturns.length)).toEqual(batch === 1 ? [2, 4, 6] : expect.arrayContaining([]));
      for (const checkpoint of periodic) {
        const resumed = run({ ...options, resume: checkpoint.bytes });
        expect(resumed.result.episodeReturns).toEqual(whole.result.episodeReturns);
        expect(digest(resumed.final.bytes)).toBe(digest(whole.final.bytes));
      }
    });
  });
});

describe("resuming on the other tasks", () => {
  it.each([
    ["Acrobot-v1", "weight-max", 2],
    ["MountainCarContinuous-v0", "map-prop", 2],
    ["LunarLander-v2", "map-prop", 4],
    ["LunarLanderContinuous-v2", "reinforce", 4],
  ] as const)("%s (%s): stopped, resumed, and resumed again from a periodic checkpoint", (env, algorithm, episodes) => {
    for (const batch of [1, 2]) {
      const options: TrainOptions = { env, algorithm, episodes, seed: 1, batch, checkpointEvery: 1 };
      const whole = run(options);
      const resumed = stoppedAndResumed(options, Math.floor(whole.result.steps / batch / 2));
      expect(resumed.result.episodeReturns).toEqual(whole.result.episodeReturns);
      expect(digest(resumed.final.bytes)).toBe(digest(whole.final.bytes));
      const fromPeriodic = run({ ...options, resume: whole.checkpoints[0].bytes });
      expect(digest(fromPeriodic.final.bytes)).toBe(digest(whole.final.bytes));
    }
  });
});

describe("run checkpoints", () => {
  const options: TrainOptions = { env: "CartPole-v1", algorithm: "weight-max", episodes: 4, seed: 2, checkpointEvery: 2 };
  const plain: TrainOptions = { ...options, checkpointEvery: undefined };

  it("hold the returns so far, and load as an agent", () => {
    const whole = run(options);
    const state = readRunCheckpoint(whole.checkpoints[0].bytes);
    expect(state.episodeReturns).toEqual(whole.result.episodeReturns.slice(0, 2));
    expect(state.episodes).toBe(4);
    const agent = Agent.load(whole.final.bytes);
    expect(agent.algorithm).toBe("weight-max");
    agent.dispose();
  });

  it("resuming a finished run trains nothing and gives its result again", () => {
    const whole = run(options);
    const again = run({ ...options, resume: whole.final.bytes });
    expect(again.result.episodeReturns).toEqual(whole.result.episodeReturns);
    expect(digest(again.final.bytes)).toBe(digest(whole.final.bytes));
  });

  it("a larger budget continues the run past its old end", () => {
    const longer = run({ ...options, episodes: 6 });
    const extended = run({ ...options, episodes: 6, resume: run(options).final.bytes });
    expect(extended.result.episodeReturns).toEqual(longer.result.episodeReturns);
  });

  it("refuses a checkpoint of another run, naming what differs", () => {
    const bytes = run(options).final.bytes;
    expect(() => train({ ...plain, seed: 3, resume: bytes })).toThrow(/another run \(seed 2, not 3\)/);
    expect(() => train({ ...plain, algorithm: "reinforce", resume: bytes })).toThrow(ConfigurationError);
    expect(() => train({ ...plain, hidden: [8], resume: bytes })).toThrow(/not the one these options make/);
    expect(() => train({ ...plain, episodes: 1, resume: bytes })).toThrow(/4 episodes, more than episodes \(1\)/);
  });

  it("refuses an agent checkpoint without run progress, and one whose replay differs", () => {
    const whole = run(options);
    const agent = Agent.load(whole.final.bytes);
    expect(() => train({ ...plain, resume: agent.save() })).toThrow(/no run progress/);
    agent.dispose();
    // A changed saved return stands for an environment that no longer replays the run.
    const { metadata, blocks } = decodeCheckpoint<{ run: { episodeReturns: number[] } }>(whole.checkpoints[0].bytes);
    metadata.run.episodeReturns[0] += 1;
    expect(() => train({ ...plain, resume: encodeCheckpoint(metadata, blocks) })).toThrow(CheckpointError);
  });

  it("checks its options before any work", () => {
    expect(() => train(options)).toThrow(/checkpointEvery needs onCheckpoint/);
    expect(() => train({ ...options, checkpointEvery: 0, onCheckpoint: () => {} })).toThrow(/checkpointEvery/);
    expect(() => train({ ...plain, resume: "run.ckpt" as never })).toThrow(/resume must be the bytes/);
  });
});
