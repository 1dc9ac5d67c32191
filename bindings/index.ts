/**
 * coagent's public API, for every runtime. Node-only functions are in node.ts (`coagent/node`),
 * the SVG figures in plot.ts (`coagent/plot`); both build on these same modules.
  *
 * @module coagent
 */
export {
  loadCore, getCore, Core, precisions, DEFAULT_PRECISION, backends, wasmSimdSupported, type Backend, type CoreSource, type Precision, type FloatArray, type LoadOptions,
} from "./core/core.js";
export { Network, unitTypes, activations, type LayerSpec, type NetworkSpec, type UnitType, type Activation, type LearningRate, type LayerShape } from "./core/network.js";
export { Agent, type AgentOptions, type AgentActOptions, type BatchOutcome } from "./training/agent.js";
export { Policy, type PolicyLayer, type PolicyOptions, type ActOptions, type PolicyMetadata } from "./training/policy.js";
export { algorithms, defaultHyperparameters, hiddenUnitKinds, type HiddenUnits, type PerLayer, type Algorithm, type Hyperparameters } from "./rules/algorithms.js";
export { train, type TrainOptions, type TrainCheckpoint, type RunResult, type EpisodeReport, type RunSignalRecord, type TrainSignalOptions } from "./training/train.js";
export { trainInWorker, type TrainInWorkerOptions, type WorkerRunResult } from "./training/train-in-worker.js";
export { readRunCheckpoint, type RunCheckpointState } from "./training/run-checkpoint.js";
export { makeEnv, register, envSpec, environmentIds, isEnvironmentId, type EnvironmentId, type TaskId, type MakeEnvOptions } from "./envs/registry.js";
export type { EnvSpec, EnvCreateOptions, EnvRenderer } from "./envs/spec.js";
export { EpisodeEnv, unwrapped } from "./envs/episode-env.js";
export { Discrete, Box, spaceContains, sampleSpace, type SpaceRandom } from "./envs/spaces.js";
export type { TaskKernel, StateColumns } from "./envs/kernel.js";
export { envSeedings, type EnvSeeding, type EnvRandom, type SeedingOptions } from "./envs/seeding.js";
export { recordSignals, type SignalRecord, type SignalOptions, type SignalSource, type LayerSignals, SATURATION_PROBABILITY } from "./training/signals.js";
export { loadLunarLander } from "./envs/physics.js";
export { VectorEnv, makeVectorEnv, type VectorStepResult } from "./envs/vector.js";
export { LockstepEnv, makeLockstepEnv, lockstepEnvironmentIds, type LockstepEnvironmentId, type LockstepOptions, type LockstepStepResult } from "./envs/lockstep.js";
export { ClassicControl, type ClassicControlOptions } from "./envs/classic-control.js";
export { CartPole } from "./envs/cartpole.js";
export { Acrobot } from "./envs/acrobot.js";
export { MountainCarContinuous } from "./envs/mountaincar.js";
export { LunarLander, type LunarLanderSnapshot } from "./envs/lunarlander.js";
export { checkEnv, assertEnv, EnvironmentCheckError, type CheckReport } from "./envs/checker.js";
export type { Environment, TaskEnvironment, Space, BoxSpace, DiscreteSpace, Action, StepResult, ResetResult } from "./envs/environment.js";
export { Random } from "./core/random.js";
export { curveBand, runningAverage, type CurveSeries, type CurvePoint } from "./training/curves.js";
export { CoagentError, ConfigurationError, ShapeError, ValueError, StateError, DivergenceError } from "./errors.js";
export {
  trainMultiplexer, trainRegression, defaultMultiplexerSamples, type RegressionOptions, type SupervisedOptions, banditAlgorithms, type BanditAlgorithm, type MultiplexerOptions, type MultiplexerResult, type MultiplexerProgress,
} from "./training/bandit.js";
export { Multiplexer } from "./envs/multiplexer.js";
export { ScalarRegression, regressionTarget } from "./envs/regression.js";
export { CheckpointError, CHECKPOINT_VERSION } from "./core/checkpoint.js";
export { render, renderableIds, RecordingCanvas, renderCartPole, renderAcrobot, renderMountainCar, renderLunarLander, type Canvas2D, type DrawCall, type FrameSize } from "./render/index.js";
export { init, type InitOptions } from "./core/init.js";
export {
  mean, sampleVariance, sampleStd, standardError, summarize, interquartileMean, stratifiedBootstrap, interquartileMeanInterval, DEFAULT_RESAMPLES, wilsonInterval, rateAtLeast,
  welchTTest, mannWhitneyU, compareGroups, performanceProfile, profileThresholds, fractionAbove, logGamma, regularizedIncompleteBeta, erfc, normalSurvival, studentTTwoSided, sortedQuantile,
  type Summary, type BootstrapOptions, type BootstrapInterval, type Rate, type WelchResult, type MannWhitneyResult, type MannWhitneyMethod, type ProfilePoint,
  type ComparisonGroup, type ComparisonOptions, type GroupStatistics, type PairStatistics,
} from "./stats/index.js";
