/**
 * `trainInWorker`: `train` in a module Web Worker, so that a page stays responsive while an agent
 * learns. The options are `train`'s, less those that cannot be sent to a worker: the environment
 * is an id (a task of the page's own is registered in the worker by `imports`), and functions
 * other than `onEpisode` (onTrained, onCheckpoint, signals) are refused — `keep` returns the
 * final checkpoint and policy bytes instead.
 */
import { getCore, type Backend, type Precision } from "../core/core.js";
import { CoagentError, ConfigurationError, ShapeError, StateError, ValueError, describe, requirePositiveInteger } from "../errors.js";
import { CheckpointError } from "../core/checkpoint.js";
import type { EpisodeReport, RunResult, TrainOptions } from "./train.js";

/** Options of `trainInWorker`. */
export interface TrainInWorkerOptions extends Omit<TrainOptions, "env" | "onEpisode" | "onTrained" | "onCheckpoint" | "checkpointEvery" | "signal" | "signals"> {
  /** A task id: built in, or registered by one of `imports`. */
  env: string;
  /**
   * Receives each episode's report as the worker posts it. Returning `false` stops the run like
   * `signal` does: the worker finishes the step it is on when the stop reaches it, so a few more
   * episodes may have ended by then (they are in the result).
   */
  onEpisode?: (report: EpisodeReport) => void | boolean;
  /** Stops the run at its next step; the result then holds the episodes finished, with `stopped: true`. */
  signal?: AbortSignal;
  /** URLs of modules the worker imports before training (each calls `register`), like the CLI's --import. */
  imports?: (string | URL)[];
  /** Bytes to bring back from the worker: the run's last checkpoint (`resume` takes it) and the trained policy (`Policy.load`). */
  keep?: { checkpoint?: boolean; policy?: boolean };
}

/** What `trainInWorker` resolves to: `train`'s result, and the bytes asked for with `keep`. */
export interface WorkerRunResult extends RunResult {
  /** The run's last checkpoint (`keep.checkpoint`): at its end, or at a stop through the shared flag. */
  checkpoint?: Uint8Array;
  /** The trained actor frozen (`keep.policy`); only when the run reached its budget, as `onTrained`. */
  policy?: Uint8Array;
}

/** What the page sends the worker. */
export interface WorkerStart {
  options: Omit<TrainInWorkerOptions, "onEpisode" | "signal" | "imports" | "keep">;
  imports: string[];
  keep: { checkpoint: boolean; policy: boolean };
  /** The page's compiled core, so the worker need not fetch and compile it again. */
  module?: WebAssembly.Module;
  /** One Int32 the page sets to stop the run, when SharedArrayBuffer is available. */
  abort?: SharedArrayBuffer;
}

/** What the worker posts back. */
export type WorkerReply =
  | { kind: "episode"; report: EpisodeReport }
  | { kind: "done"; result: RunResult; checkpoint?: Uint8Array; policy?: Uint8Array }
  | { kind: "error"; name: string; message: string };

/** Options that are functions, or hold them, and so cannot be sent to a worker. */
const unsendable = ["onTrained", "onCheckpoint", "checkpointEvery", "signals"] as const;
// The worker's error, rebuilt as its class where that takes only a message (DivergenceError keeps its name on a CoagentError).
const errorClasses: Record<string, new (message: string) => Error> = { CoagentError, ConfigurationError, ShapeError, ValueError, StateError, CheckpointError };

function rebuiltError(name: string, message: string): Error {
  const error = new (errorClasses[name] ?? (name === "DivergenceError" ? CoagentError : Error))(message);
  error.name = name;
  return error;
}

/** Checks what can be checked before a worker starts: the rest `train` checks in the worker. */
function checkOptions(options: TrainInWorkerOptions): void {
  if (typeof options !== "object" || options === null) throw new ConfigurationError(`trainInWorker options must be an object; got ${describe(options)}`);
  const refused = unsendable.filter((name) => (options as unknown as Record<string, unknown>)[name] !== undefined);
  if (refused.length > 0) {
    throw new ConfigurationError(`trainInWorker cannot send ${refused.join(", ")} to a worker (functions do not cross it); use onEpisode, and keep: { checkpoint, policy } for the final bytes`);
  }
  if (typeof options.env !== "string") throw new ConfigurationError(`env must be a task id in trainInWorker (an environment object cannot be sent to a worker; register it in a module listed in imports); got ${describe(options.env)}`);
  requirePositiveInteger("episodes", options.episodes);
  if (options.onEpisode !== undefined && typeof options.onEpisode !== "function") throw new ConfigurationError(`onEpisode must be a function; got ${describe(options.onEpisode)}`);
  if (options.signal !== undefined && typeof options.signal?.addEventListener !== "function") throw new ConfigurationError(`signal must be an AbortSignal; got ${describe(options.signal)}`);
  if (options.imports !== undefined && (!Array.isArray(options.imports) || !options.imports.every((u) => typeof u === "string" || u instanceof URL))) {
    throw new ConfigurationError(`imports must be an array of module URLs; got ${describe(options.imports)}`);
  }
  if (options.keep !== undefined && (typeof options.keep !== "object" || options.keep === null)) throw new ConfigurationError(`keep must be { checkpoint?: boolean, policy?: boolean }; got ${describe(options.keep)}`);
  if (typeof Worker !== "function") throw new ConfigurationError("trainInWorker needs Web Workers (a browser or Deno); in Node use train, or the grid runner's worker threads");
}

/** The page's compiled core of this precision and backend, if it has loaded one. */
function loadedModule(precision: Precision | undefined, backend: Backend | undefined): WebAssembly.Module | undefined {
  try {
    return getCore(precision, backend).module;
  } catch {
    return undefined; // the worker loads the packaged core itself
  }
}

/**
 * Runs `train` in a module Web Worker and resolves to its result, so that the page never freezes.
 * The returns equal `train`'s with the same options, bit for bit. A stop (`signal`, or `onEpisode`
 * returning false) reaches the running worker through a SharedArrayBuffer when the page is
 * cross-origin isolated, and the run then stops at its next step with its checkpoint; otherwise
 * the worker is terminated and the result holds the episodes reported so far (`steps` counts to
 * the last of them, and there are no checkpoint or policy bytes).
 */
export function trainInWorker(options: TrainInWorkerOptions): Promise<WorkerRunResult> {
  try {
    checkOptions(options);
  } catch (error) {
    return Promise.reject(error);
  }
  const { onEpisode, signal, imports = [], keep = {}, ...sent } = options;
  const abort = typeof SharedArrayBuffer === "function" && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated ? new SharedArrayBuffer(4) : undefined;
  const worker = new Worker(new URL("./train-worker.js", import.meta.url), { type: "module" });
  const reports: EpisodeReport[] = [];
  return new Promise<WorkerRunResult>((resolve, reject) => {
    const settle = () => {
      worker.terminate();
      signal?.removeEventListener("abort", stop);
    };
    function stop() {
      if (abort) {
        Atomics.store(new Int32Array(abort), 0, 1);
        return;
      }
      // No shared memory: the synchronous run cannot hear a message, so it ends here, with what it reported.
      settle();
      const last = reports[reports.length - 1];
      resolve({ seed: options.seed ?? 0, episodeReturns: reports.map((r) => r.return), steps: last?.steps ?? 0, wallSeconds: last?.wallSeconds ?? 0, stopped: true });
    }
    worker.onmessage = ({ data }: MessageEvent<WorkerReply>) => {
      if (data.kind === "episode") {
        reports.push(data.report);
        if (onEpisode?.(data.report) === false) stop();
      } else if (data.kind === "done") {
        settle();
        resolve({ ...data.result, ...(data.checkpoint ? { checkpoint: data.checkpoint } : {}), ...(data.policy ? { policy: data.policy } : {}) });
      } else {
        settle();
        reject(rebuiltError(data.name, data.message));
      }
    };
    worker.onerror = (event) => {
      settle();
      reject(new StateError(`the training worker failed to start or crashed: ${event.message ?? "no message"} (is train-worker.js served next to the module that imports trainInWorker?)`));
    };
    if (signal?.aborted) stop();
    signal?.addEventListener("abort", stop);
    const start: WorkerStart = {
      options: sent, imports: imports.map((u) => new URL(u, (globalThis as { location?: { href: string } }).location?.href).href),
      keep: { checkpoint: keep.checkpoint === true, policy: keep.policy === true }, module: loadedModule(options.precision, options.backend), abort,
    };
    worker.postMessage(start);
  });
}
