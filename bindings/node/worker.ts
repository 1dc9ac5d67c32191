/**
 * Worker-thread entry of the experiment runner: trains one run of a grid on the compiled core
 * it is handed, posting throttled progress and then the run's record.
 */
import { parentPort, workerData } from "node:worker_threads";
import { loadCore } from "../core/core.js";
import { CoagentError } from "../errors.js";
import { executeRun, type RunProgress, type RunSpec } from "./experiment.js";

const { spec, module } = workerData as { spec: RunSpec; module: WebAssembly.Module };

async function main(): Promise<void> {
  await loadCore({ precision: spec.precision, source: module });
  let last = 0;
  const record = executeRun(spec, (progress: RunProgress) => {
    const now = performance.now();
    if (now - last < 200) return;
    last = now;
    parentPort!.postMessage({ kind: "progress", progress });
  });
  parentPort!.postMessage({ kind: "done", record });
}

main().catch((error: Error) => {
  // A CoagentError (e.g. a divergence) is a result of the run; anything else may be transient.
  parentPort!.postMessage({ kind: "failed", error: { name: error.name, message: error.message, expected: error instanceof CoagentError } });
});
