/**
 * Training runs on worker threads (Node), for grids (`runGrid`) and `coagent train`: at most
 * `workers` threads at once, a fresh thread per run (its memory goes when the run ends), each
 * handed the core its parent compiled, so a thread starts training without compiling. A run that
 * throws a CoagentError (a divergence, say) has failed for good: that is its result. A thread that
 * crashes, or a run that throws anything else, may have met a passing condition (memory, say):
 * the run is retried once on a fresh thread before it counts as failed.
 */
import { Worker } from "node:worker_threads";
import type { Agent } from "../training/agent.js";
import { loadCore } from "../core/core.js";
import { CoagentError } from "../errors.js";
import { runId, type RunCheckpointing, type RunProgress, type RunRecord, type RunSpec } from "./run.js";
import { importedTaskModules } from "./task-modules.js";

/** Which files of its trained agent a run sends back (RL tasks). */
export interface Keep {
  /** The checkpoint (`agent.save()`). */
  agent?: boolean;
  /** The policy file (`agent.policy().save()`). */
  policy?: boolean;
}

/** The bytes of the files a run kept. */
export interface KeptFiles {
  agent?: Uint8Array;
  policy?: Uint8Array;
}

/** The files `keep` asks for, of a trained agent. The same bytes on every thread. */
export function keptFiles(agent: Agent, keep: Keep): KeptFiles {
  return { ...(keep.agent ? { agent: agent.save() } : {}), ...(keep.policy ? { policy: agent.policy().save() } : {}) };
}

/** A run that did not finish. `expected`: it threw a CoagentError, which running it again would repeat. */
export interface RunFailure {
  name: string;
  message: string;
  stack?: string;
  expected: boolean;
}

/** The failure as an error to throw: a CoagentError of the same name and message when it was one. */
export function failureError(failure: RunFailure): Error {
  const error = failure.expected ? new CoagentError(failure.message) : new Error(failure.message);
  error.name = failure.name;
  if (failure.stack) error.stack = failure.stack;
  return error;
}

/** What a worker thread is given (its `workerData`). */
export interface WorkerInput {
  spec: RunSpec;
  /** The compiled core; absent for the JavaScript backend, which the thread loads itself. */
  module?: WebAssembly.Module;
  keep?: Keep;
  /** Absolute URLs of the modules that register tasks, imported before the run (task-modules.ts). */
  imports?: readonly string[];
  checkpoint?: RunCheckpointing;
  /** Shared with the parent: non-zero asks the run to stop at its next step boundary. */
  stop?: Int32Array;
}

/** What a worker thread posts. */
export type WorkerMessage =
  | { kind: "progress"; progress: RunProgress }
  | { kind: "checkpoint"; returns: number[]; steps: number }
  | { kind: "done"; record: RunRecord; kept: KeptFiles }
  | { kind: "failed"; error: RunFailure };

/** One run for the pool. */
export interface WorkerJob {
  spec: RunSpec;
  keep?: Keep;
  /** The run's checkpoint file, written by the thread that trains it. */
  checkpoint?: RunCheckpointing;
}

/** Options of `runInWorkers`. */
export interface WorkerPoolOptions<J extends WorkerJob> {
  /** Started in this order. */
  jobs: readonly J[];
  /** Threads at once (at least 1). */
  workers: number;
  /** The worker-thread module (default: worker.js next to this file); e.g. to instrument runs. */
  script?: URL;
  /** Consulted just before a job's first start: true drops it (e.g. another process finished it). */
  skip?: (job: J) => boolean;
  /** A run's progress, at most every 200 ms per thread, and always its last. */
  onProgress?: (job: J, progress: RunProgress) => void;
  onDone: (job: J, record: RunRecord, kept: KeptFiles) => void;
  /** A run wrote its checkpoint file; the returns so far. */
  onCheckpoint?: (job: J, returns: number[], steps: number) => void;
  /**
   * A SharedArrayBuffer-backed flag: once non-zero, the running runs stop at their next step
   * boundary (and report their records, `stopped` set) and no queued job starts.
   */
  stop?: Int32Array;
  /** A run failed for good (after its retry, unless the failure was expected). */
  onFailed: (job: J, failure: RunFailure) => void;
}

/** A started pool. */
export interface WorkerPool<J> {
  /** Settles when no job is left running or queued; rejects if a callback threw (the other threads are stopped). */
  finished: Promise<void>;
  /** Drops the queued jobs `predicate` selects and stops the threads running such jobs; they report nothing more. */
  cancel(predicate: (job: J) => boolean): void;
}

/** Starts `jobs` on worker threads. */
export function runInWorkers<J extends WorkerJob>(options: WorkerPoolOptions<J>): WorkerPool<J> {
  const queue = options.jobs.map((job) => ({ job, attempts: 0 }));
  const running = new Map<Worker, (typeof queue)[number]>();
  let finish: () => void = () => {};
  let fail: (error: unknown) => void = () => {};
  let stopped = false;
  let ready = false; // the cores are compiled

  const cancel = (predicate: (job: J) => boolean) => {
    for (let k = queue.length - 1; k >= 0; k--) if (predicate(queue[k].job)) queue.splice(k, 1);
    for (const [worker, entry] of [...running]) {
      if (!predicate(entry.job)) continue;
      running.delete(worker); // before terminate: its exit is no crash
      void worker.terminate();
    }
    if (!stopped) launch();
  };
  // A callback that throws (say the disk is full) ends the pool: the error is the caller's to report.
  const guarded = (callback: () => void) => {
    try {
      callback();
    } catch (error) {
      stopped = true;
      cancel(() => true);
      fail(error);
    }
  };

  const launch = (): void => {
    if (!ready) return;
    while (!stopped && running.size < options.workers && !(options.stop && Atomics.load(options.stop, 0) !== 0)) {
      let entry = queue.shift();
      while (entry && entry.attempts === 0 && options.skip?.(entry.job)) entry = queue.shift();
      if (!entry) break;
      start(entry);
    }
    if (running.size === 0 && !stopped) {
      stopped = true;
      finish();
    }
  };

  const start = (entry: (typeof queue)[number]) => {
    const { job } = entry;
    entry.attempts++;
    const input: WorkerInput = { spec: job.spec, module: modules.get(coreKey(job.spec)), keep: job.keep, imports: [...importedTaskModules()], checkpoint: job.checkpoint, stop: options.stop };
    const worker = new Worker(options.script ?? new URL("./worker.js", import.meta.url), { workerData: input });
    running.set(worker, entry);
    // Ends this thread's part: true when the thread was still the job's (not cancelled or ended before).
    const settle = () => running.delete(worker);
    const retry = () => {
      if (entry.attempts > 1) return false;
      queue.unshift(entry);
      return true;
    };
    worker.on("message", (message: WorkerMessage) => {
      if (!running.has(worker)) return;
      if (message.kind === "progress") guarded(() => options.onProgress?.(job, message.progress));
      else if (message.kind === "checkpoint") guarded(() => options.onCheckpoint?.(job, message.returns, message.steps));
      else if (message.kind === "done") {
        settle();
        guarded(() => options.onDone(job, message.record, message.kept));
        launch();
      } else if (message.kind === "failed") {
        settle();
        if (message.error.expected || !retry()) guarded(() => options.onFailed(job, message.error));
        launch();
      }
    });
    const crashed = (error: Error) => {
      if (!settle()) return;
      const retried = retry();
      process.emitWarning(`coagent: the worker training ${runId(job.spec)} crashed (${error.message}); ${retried ? "retrying it once" : "giving up on this run"}`);
      if (!retried) guarded(() => options.onFailed(job, { name: "WorkerCrash", message: error.message, expected: false }));
      launch();
    };
    worker.on("error", crashed);
    worker.on("exit", (code) => crashed(new Error(`worker exited with code ${code}`)));
  };

  // Compile each core the jobs need once, here; the threads receive the compiled module.
  const modules = new Map<string, WebAssembly.Module | undefined>();
  const finished = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  (async () => {
    for (const spec of options.jobs.map((job) => job.spec)) {
      if (modules.has(coreKey(spec))) continue;
      // undefined for the JavaScript backend (and where Wasm SIMD is missing): each thread loads that core as this one did.
      modules.set(coreKey(spec), (await loadCore({ precision: spec.precision, backend: spec.backend })).module);
    }
    ready = true;
    launch();
  })().catch((error) => {
    stopped = true;
    fail(error);
  });
  return { finished, cancel };
}

const coreKey = (spec: RunSpec) => `${spec.backend ?? "wasm"}:${spec.precision}`;
