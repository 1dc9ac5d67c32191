/**
 * The Web Worker behind `trainInWorker` (train-in-worker.ts): it imports the page's task modules,
 * loads the core it is sent, runs `train` and posts every episode's report, then the result.
 * `train` is synchronous, so a stop cannot arrive as a message while it runs: the page stops it
 * through a shared flag (a SharedArrayBuffer, when the page is cross-origin isolated) that the
 * run's `signal` reads at every step, or, failing that, by terminating this worker.
 *
 * The self-contained bundle (dist/browser.js) has a companion dist/train-worker.js, built from
 * this file with its imports pointed at ./browser.js (scripts/build.mjs), so that a task module
 * importing the bundle registers its task in the very registry this worker trains from.
 */
import { loadCore } from "../core/core.js";
import { train, type TrainCheckpoint } from "./train.js";
import type { WorkerReply, WorkerStart } from "./train-in-worker.js";

const reply = (message: WorkerReply, transfer: Transferable[] = []) => (self as unknown as { postMessage(m: unknown, t: Transferable[]): void }).postMessage(message, transfer);

async function run(start: WorkerStart): Promise<void> {
  // Task modules first (they call register), as the CLI's --import does.
  for (const url of start.imports) await import(/* @vite-ignore */ url);
  await loadCore({ precision: start.options.precision, backend: start.options.backend, source: start.module });
  const flag = start.abort ? new Int32Array(start.abort) : undefined;
  let last: TrainCheckpoint | undefined;
  let policy: Uint8Array | undefined;
  const result = train({
    ...start.options,
    signal: flag ? { get aborted() { return Atomics.load(flag, 0) !== 0; } } : undefined,
    onEpisode: (report) => reply({ kind: "episode", report }),
    // Checkpoints are only taken (an action log kept) when the page wants the last one; they never change the run.
    onCheckpoint: start.keep.checkpoint ? (checkpoint) => { last = checkpoint; } : undefined,
    onTrained: start.keep.policy ? (agent) => { policy = agent.policy().save(); } : undefined,
  });
  const transfer = [last?.bytes.buffer, policy?.buffer].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
  reply({ kind: "done", result, checkpoint: last?.bytes, policy }, transfer);
}

self.onmessage = ({ data }: MessageEvent<WorkerStart>) => {
  run(data).catch((error: unknown) => {
    const e = error as { name?: unknown; message?: unknown };
    reply({ kind: "error", name: typeof e?.name === "string" ? e.name : "Error", message: typeof e?.message === "string" ? e.message : String(error) });
  });
};
