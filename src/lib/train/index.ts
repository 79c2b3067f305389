/**
 * tfjs-workbook/train — training strategies that plug into the one loop `fit` (from the root):
 * learning-rate schedules (for the root's `lrScheduler`), gradient accumulation and clipping,
 * weight penalties and dropout, progressive resizing, data-parallel training on workers, and pipeline (model) parallelism.
 * @example
 * import { fit, lrScheduler } from 'tfjs-workbook';
 * import { cosineAnnealing, withWarmup, clipByGlobalNorm } from 'tfjs-workbook/train';
 * await fit(model, x, y, { callbacks: [lrScheduler(withWarmup(cosineAnnealing(1e-2, 1000), 100))], gradientHook: clipByGlobalNorm(1) });
 */
// Schedules (step → value)
export { type Schedule, anneal, SCHEDULE_SHAPES, type ScheduleShape, type AnnealOptions } from '../schedule';
export {
  constantLr,
  stepDecay,
  exponentialDecay,
  cosineAnnealing,
  cosineWarmRestarts,
  withWarmup,
  oneCycle,
  slantedTriangular,
  scheduleCurve,
} from './schedules';
// Gradient hooks: accumulation, clipping, composition
export { accumulateGradients, type GradientAccumulator } from './accumulate';
export { clipByGlobalNorm, clipByValue, globalNorm, gradientNormRecorder } from './clip';
export { composeGradientHooks, type FitGradientHook } from './gradient-hooks';
// Regularisation
export { weightPenalty, weightPenaltyValue, sparsity, withDropout, type PenaltyOptions } from './regularise';
// Progressive resizing and curriculum
export {
  progressiveFit,
  sizeAgnosticCnn,
  difficultyByLoss,
  type Stage,
  type ProgressiveOptions,
  type ProgressiveHistory,
} from './progressive';
// Data-parallel training on worker threads
export { fitDataParallel, type DataParallelOptions } from './data-parallel/fit-data-parallel';
export { ReplicaPool, shardSizes, type ReplicaPoolOptions } from './data-parallel/pool';
// Building blocks for callbacks of your own
export { Monitor, monitorMode, type MonitorMode } from './monitor';
export { runCallbacks } from './callback';
export { trainableVariables } from './loop';
export { resolveLoss } from './losses';
// Losses of their own
export { infoNce, type InfoNceOptions } from './contrastive';
// Model growth (Net2Net): widen a layer or insert an identity layer, same function
export { widenLayer, deepenAfter, type WidenOptions, type DeepenOptions } from './grow';
// Initialisation and per-layer diagnostics
export { initialiseWeights, INIT_SCHEMES, type InitScheme, type InitialiseOptions } from './initialisation';
export { layerStatistics, type LayerStatistics } from './layer-statistics';
export { recalibrateBatchNorm, type RecalibrateOptions } from './recalibrate-batch-norm';
// Pipeline (GPipe-style model) parallelism: the layers split into stages on worker threads
export { fitPipeline, type PipelineFitOptions } from './pipeline/fit-pipeline';
export { PipelinePool, type PipelineOptions, type PipelineStepStats } from './pipeline/pipeline';
export { balancedSplit, describeSplit } from './pipeline/split';
export { theoreticalBubble, measuredBubble, replayedBubble, type BubbleMeasurement } from './pipeline/bubble';
export { type PassEvent } from './pipeline/protocol';
