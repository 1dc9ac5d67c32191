/**
 * The runs of `coagent train` (algorithms × seeds), in this thread one after another or spread
 * over worker threads (pool.ts), handed back in run order either way: a parallel train prints
 * the same summaries, writes the same files and stops at the same failure as a sequential one.
 */
import { failureError, keptFiles, runInWorkers, type Keep, type KeptFiles, type RunFailure } from "./pool.js";
import { executeRun, type RunCheckpointing, type RunProgress, type RunRecord, type RunSpec } from "./run.js";

/** Options of `trainRuns`. */
export interface TrainRunsOptions {
  /** In run order; the cores they need are loaded by `trainRuns`'s caller (in this thread) or by the pool. */
  runs: readonly RunSpec[];
  /** Threads; 1 trains in this thread, unless `stop` is given. */
  workers: number;
  /** Each run's checkpoint file, by run index (written by the thread that trains the run). */
  checkpoint?: (index: number) => RunCheckpointing | undefined;
  /**
   * A SharedArrayBuffer-backed flag that stops the runs at their next step boundary once
   * non-zero (their records come back with `stopped` set; runs not started are not handed back).
   * A signal handler sets it, so the runs train on worker threads even when `workers` is 1: this
   * thread stays free to receive the signal.
   */
  stop?: Int32Array;
  /** A run wrote its checkpoint; its returns so far. */
  onCheckpoint?: (index: number, returns: readonly number[], steps: number) => void;
  /** Files of each trained agent to hand back with its record. */
  keep?: Keep;
  /** Script of the worker threads (default: the pool's). */
  workerScript?: URL;
  onProgress?: (index: number, progress: RunProgress) => void;
  /** A run finished (in the order runs finish). */
  onFinished?: (index: number, record: RunRecord) => void;
  /** A run's result, in run order: once it and every run before it have finished. */
  onResult: (index: number, record: RunRecord, kept: KeptFiles) => void;
}

/**
 * Trains `runs`. A run that fails is thrown as a sequential train would throw it: after every
 * earlier run has finished and been handed back, with no later run handed back (later runs
 * still in progress are stopped).
 */
export async function trainRuns(options: TrainRunsOptions): Promise<void> {
  const { runs, keep, onProgress, onFinished, onResult } = options;
  if ((options.workers <= 1 || runs.length <= 1) && !options.stop) {
    for (const [index, spec] of runs.entries()) {
      let kept: KeptFiles = {};
      const record = executeRun(spec, onProgress && ((p) => onProgress(index, p)), keep && ((agent) => (kept = keptFiles(agent, keep))), {
        checkpoint: options.checkpoint?.(index), onCheckpoint: options.onCheckpoint && ((returns, steps) => options.onCheckpoint!(index, returns, steps)),
      });
      onFinished?.(index, record);
      onResult(index, record, kept);
    }
    return;
  }
  const finished: ({ record: RunRecord; kept: KeptFiles } | undefined)[] = [];
  let next = 0; // the first run not handed back yet
  let failed: { index: number; failure: RunFailure } | undefined;
  const pool = runInWorkers({
    jobs: runs.map((spec, index) => ({ spec, keep, index, checkpoint: options.checkpoint?.(index) })), workers: Math.max(1, options.workers), script: options.workerScript,
    stop: options.stop,
    onProgress: (job, p) => onProgress?.(job.index, p),
    onCheckpoint: (job, returns, steps) => options.onCheckpoint?.(job.index, returns, steps),
    onDone: (job, record, kept) => {
      onFinished?.(job.index, record);
      finished[job.index] = { record, kept };
      for (; next < runs.length && finished[next] && (!failed || next < failed.index); next++) {
        onResult(next, finished[next]!.record, finished[next]!.kept);
        finished[next] = undefined; // its files are written; do not hold them
      }
    },
    onFailed: (job, failure) => {
      if (failed && failed.index < job.index) return;
      failed = { index: job.index, failure };
      // A sequential train would never have started the runs after this one.
      pool.cancel((other) => other.index > job.index);
    },
  });
  await pool.finished;
  if (failed) throw failureError(failed.failure);
}
