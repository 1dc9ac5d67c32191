/** coagent's Node-only API (files and worker threads): experiment grids. */
export * from "./index.js";
export {
  planGrid, shardOf, runGrid, executeRun, readRun, readRuns, mergeResults, writeReport, runId, runFile,
  type RunSpec, type RunRecord, type GridOptions, type RunGridOptions, type GridProgress, type GridSummary, type RunProgress, type ReportFiles,
} from "./experiment.js";
export { referenceResults, referenceResult, type ReferenceResult } from "./references.js";
export { writeFileAtomically, requireWritable, requireWritableDirectory, saveAgentFile, loadAgentFile, savePolicyFile, loadPolicyFile } from "./files.js";
