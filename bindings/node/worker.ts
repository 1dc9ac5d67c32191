/**
 * Worker-thread entry of the run pool (pool.ts): trains one run on the core it is handed,
 * posting throttled progress, then the run's record and the trained agent's files it was asked
 * to keep.
 */
import { parentPort, workerData } from "node:worker_threads";
import { loadCore } from "../core/core.js";
import { CoagentError } from "../errors.js";
import { keptFiles, type KeptFiles, type WorkerInput, type WorkerMessage } from "./pool.js";
import { executeRun, type RunProgress } from "./run.js";
import { importTaskModules } from "./task-modules.js";

const { spec, module, keep, imports, checkpoint, stop } = workerData as WorkerInput;
const post = (message: WorkerMessage) => parentPort!.postMessage(message);

async function main(): Promise<void> {
  await loadCore({ precision: spec.precision, backend: spec.backend, source: module });
  // The parent's registered tasks: this thread starts with the built-in ones only.
  await importTaskModules(imports ?? []);
  let last = 0;
  let kept: KeptFiles = {};
  const record = executeRun(
    spec,
    (progress: RunProgress) => {
      const now = performance.now();
      // The last report always goes: a progress line ends on the run's final numbers.
      if (now - last < 200 && progress.done < progress.budget) return;
      last = now;
      post({ kind: "progress", progress });
    },
    keep && ((agent) => (kept = keptFiles(agent, keep))),
    {
      checkpoint,
      signal: stop && { get aborted() { return Atomics.load(stop, 0) !== 0; } },
      onCheckpoint: (returns, steps) => post({ kind: "checkpoint", returns: [...returns], steps }),
    },
  );
  post({ kind: "done", record, kept });
}

main().catch((error: Error) => {
  // A CoagentError (e.g. a divergence) is a result of the run; anything else may be transient.
  post({ kind: "failed", error: { name: error.name, message: error.message, stack: error.stack, expected: error instanceof CoagentError } });
});
