/**
 * coagent's Node-only API (files, worker threads, experiment grids), added on top of the main
 * entry: dist/node.js imports dist/index.js at run time, so `coagent` and `coagent/node` share
 * one Agent class, one core registry and one error hierarchy whichever is imported first.
  *
 * @module coagent/node
 */
export * from "./index.js";
export {
  planGrid, shardOf, runGrid, executeRun, readRun, readRuns, mergeResults, writeReport, runId, runFile,
  CheckpointWriteError, type RunCheckpointing, type RunControl,
  type RunSpec, type RunRecord, type GridOptions, type RunGridOptions, type GridProgress, type GridSummary, type RunProgress, type ReportFiles,
} from "./node/experiment.js";
export type { SignalLogSpec } from "./node/signal-log.js";
export {
  planSweep, runSweep, rankSweep, writeRanking, evaluateSweep, gridPoints, sweepRecords, writeRunLines, settingDirectory, rankingMarkdown, evaluationMarkdown,
  writeSweepDescription, rankStatistics, FIRST_TUNING_SEED,
  type SweepOptions, type SweepPlan, type SweepPoint, type SweepAxis, type SweepValue, type SweepSetting, type RunSweepOptions, type SweepRunLine, type SweepRanking,
  type RankingRow, type RankStatistic, type EvaluateSweepOptions, type SweepEvaluation,
} from "./node/sweep.js";
export type { SettingOverrides } from "./rules/overrides.js";
export { findTask, taskIds, type Task, type TaskRun, type TaskRunOptions, type TaskProgress, type BudgetUnit } from "./training/tasks.js";
export { referenceResults, referenceResult, type ReferenceResult } from "./rules/references.js";
export { writeFileAtomically, ensureDirectory, requireWritable, requireWritableDirectory, saveAgentFile, loadAgentFile, savePolicyFile, loadPolicyFile } from "./node/files.js";
export { learningCurveSvg, type FigureOptions } from "./plot.js";
export { importTaskModules, importedTaskModules, resolveTaskModule } from "./node/task-modules.js";
