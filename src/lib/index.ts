/**
 * tfjs-workbook — the root API: what every notebook needs, whatever its technique.
 *
 *   import { setup, loadMnist, mlp, fit, progress, evaluate, show } from 'tfjs-workbook';
 *
 * Each technique is its own subpath, with its own explicit list of exports:
 *   tfjs-workbook/train      training strategies: LR schedules, accumulation, clipping, regularisation,
 *                            progressive resizing, data-parallel workers
 *   tfjs-workbook/distill    knowledge distillation (soft targets, temperature, FitNets hints)
 *   tfjs-workbook/finetune   transfer learning (freezing, new heads, discriminative rates, unfreezing)
 *   tfjs-workbook/eval       metrics, splits, cross-validation, hyperparameter search, ensembles
 *   tfjs-workbook/compress   pruning, quantisation, separable convolutions, tfjs and ONNX export
 *   tfjs-workbook/prepare    tabular data preparation (cleaning, imputing, scaling, resampling)
 *   tfjs-workbook/backend    backend selection details and the wasm training kernels
 *   tfjs-workbook/robust     saliency maps, Grad-CAM, adversarial examples (FGSM, PGD), adversarial training
 *   tfjs-workbook/image-aug  image augmentation        tfjs-workbook/text-aug  text augmentation
 * A notebook's own harness (comparisons, sweeps, report tables, figures) is
 *   tfjs-workbook/experiments/NN-name   (src/experiments/NN-name.ts)
 */
export * as tf from '@tensorflow/tfjs';

// Setup, errors, randomness
export { setup, type SetupOptions } from './setup';
export { WorkbookError } from './errors';
export { InterruptedError, interruptible } from './interrupt';
export { type Rng, rng, toRng, seedEverything, setGlobalSeed, getGlobalSeed, weightedIndex } from './random';

// Data: loaders and small helpers (preparation of tabular data: tfjs-workbook/prepare)
export { loadMnist, readMnistRaw, type Dataset, type MnistOptions } from './data/mnist';
export { loadSpamAssassin, emailToText, type TextDataset, type SpamAssassinOptions } from './data/spam';
export {
  Vocabulary,
  wordTokens,
  oneHotLabels,
  type Tokenizer,
  type BagMode,
  type VocabularyOptions,
} from './data/text';
export { subset } from './data/subset';
export {
  loadTextCorpus,
  sotuParagraphs,
  splitTexts,
  TEXT_CORPORA,
  type TextCorpusName,
  type TextCorpusOptions,
} from './data/corpora';
export { chinesePoems, type ChinesePoemsOptions } from './data/chinese-poems';

// Models: the zoo, saving and loading
export { mlp, smallCnn, referenceCnn, type ModelOptions, type MlpOptions } from './models/zoo';
export { saveModel, loadModel, modelExists, readModelMetadata, cloneModel, modelsDir, projectRoot } from './io/models';
export { fileHandler, registerFileRouter } from './io/files';

// Training: the one loop, its optimiser names and the everyday callbacks
export { fit, type TrainOptions, type BatchInfo, type LossContext, type GradientSource } from './train/loop';
export { type Callback, type Logs, type History, type TrainState, type TrainParams } from './train/callback';
export { makeOptimizer, getLearningRate, setLearningRate, OPTIMIZER_NAMES } from './train/optimizer';
export { type LossFn, type LossName, LOSS_NAMES } from './train/losses';
export { EarlyStopping, type EarlyStoppingOptions } from './train/early-stopping';
export {
  ModelCheckpoint,
  saveCheckpoint,
  loadCheckpoint,
  type ModelCheckpointOptions,
  type CheckpointInfo,
} from './train/checkpoint';
export { lrScheduler, type LrSchedulerOptions, type LrSchedulerCallback } from './train/lr-scheduler';
export {
  reduceLROnPlateau,
  type ReduceLROnPlateauOptions,
  type ReduceLROnPlateauCallback,
} from './train/reduce-on-plateau';
export { type Schedule } from './schedule';

// Evaluating and predicting
export { evaluate, predict, type Evaluation } from './train/evaluate';

// Plotting (figures are plain plotly specs; `show` renders them) and progress
export {
  lineChart,
  barChart,
  heatmap,
  scatterChart,
  type Figure,
  type Series,
  type AxisOptions,
  type BarOptions,
  type HeatmapOptions,
  type ScatterOptions,
} from './plot/figures';
export { imageGrid, type ImageGridOptions } from './plot/image-grid';
export {
  show,
  showTable,
  showHtml,
  liveFigure,
  inNotebook,
  figureHtml,
  figureText,
  type LiveFigure,
} from './plot/show';
export { showFrame } from './plot/frame';
export { progress, type ProgressOptions } from './plot/progress';

// Recorded claims: a notebook's measured statements, collected by the workbook runner
export {
  claim,
  showClaims,
  claims,
  clearClaims,
  readClaims,
  claimHolds,
  claimComparison,
  makeClaim,
  CLAIMS_MARKER,
  CLAIM_EXPECTATIONS,
  type Claim,
  type ClaimOptions,
  type ClaimExpectation,
} from './plot/claims';
export { pairedClaim, type PairedClaimOptions, type ClaimWording } from './plot/paired-claim';
