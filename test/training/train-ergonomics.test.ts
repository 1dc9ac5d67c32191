// train() as a library user drives it: onEpisode returning false stops the run with everything so
// far intact (and resumable), and keepAgent hands the trained agent back instead of disposing it.
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCore } from "../../bindings/core/core";
import { Agent } from "../../bindings/training/agent";
import { train, type TrainCheckpoint, type TrainOptions } from "../../bindings/training/train";

beforeAll(async () => {
  await loadCore({ precision: "float64" });
});

const digest = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const base: TrainOptions = { env: "CartPole-v1", algorithm: "weight-max", episodes: 8, seed: 3, hidden: [16, 8] };

describe("onEpisode returning false", () => {
  it("stops after that episode: the returns so far are the uninterrupted run's first ones", () => {
    const whole = train(base);
    const seen: number[] = [];
    const stopped = train({ ...base, onEpisode: (report) => (seen.push(report.episode), report.episode < 3) });
    expect(stopped.stopped).toBe(true);
    expect(seen).toEqual([1, 2, 3]);
    expect(stopped.episodeReturns).toEqual(whole.episodeReturns.slice(0, 3));
    expect(whole.stopped).toBeUndefined();
  });

  it("leaves a checkpoint that resumes to the uninterrupted run, bit for bit", () => {
    const finals: TrainCheckpoint[] = [];
    const whole = train({ ...base, onCheckpoint: (c) => finals.push(c) });
    const checkpoints: TrainCheckpoint[] = [];
    train({ ...base, onEpisode: (report) => report.episode < 5, onCheckpoint: (c) => checkpoints.push(c) });
    expect(checkpoints.at(-1)!.reason).toBe("stopped");
    const resumedFinals: TrainCheckpoint[] = [];
    const resumed = train({ ...base, resume: checkpoints.at(-1)!.bytes, onCheckpoint: (c) => resumedFinals.push(c) });
    expect(resumed.episodeReturns).toEqual(whole.episodeReturns);
    expect(digest(resumedFinals.at(-1)!.bytes)).toBe(digest(finals.at(-1)!.bytes));
  });

  it("anything else than false (undefined, true, a number) does not stop the run", () => {
    const result = train({ ...base, onEpisode: (report) => (report.episode % 2 === 0 ? true : undefined) });
    expect(result.stopped).toBeUndefined();
    expect(result.episodeReturns).toHaveLength(base.episodes);
  });
});

describe("keepAgent", () => {
  it("returns the trained agent, undisposed, equal to the one onTrained sees", () => {
    let seenBytes = "";
    const kept = train({ ...base, keepAgent: true, onTrained: (agent) => (seenBytes = digest(agent.save())) });
    expect(kept.agent).toBeInstanceOf(Agent);
    const agent = kept.agent!;
    expect(digest(agent.save())).toBe(seenBytes);
    expect([0, 1]).toContain(agent.act(new Float64Array([0, 0, 0.01, 0])).action); // still usable
    agent.dispose();
  });

  it("without it no agent is returned (train disposes its own)", () => {
    expect(train(base).agent).toBeUndefined();
  });

  it("with a batch of environments too", () => {
    const kept = train({ ...base, batch: 2, keepAgent: true });
    expect(kept.agent).toBeInstanceOf(Agent);
    kept.agent!.dispose();
  });
});
