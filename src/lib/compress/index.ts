/**
 * tfjs-workbook/compress — making a trained model smaller and exporting it: magnitude pruning
 * (one shot or gradual, with a sparsity schedule), int8/uint8/float16 quantisation (per tensor or
 * per channel), depthwise-separable convolutions, cost counting (parameters, MACs, bytes), and
 * export to the tfjs format and to ONNX (checked against onnxruntime).
 * @example
 * import { GradualPruning, polynomialDecay, quantiseModel, exportOnnx } from 'tfjs-workbook/compress';
 */
// Pruning
export {
  magnitudePrune,
  computeMasks,
  applyMasks,
  disposeMasks,
  prunableWeights,
  smallestMagnitudeMask,
  sparsityReport,
  PRUNE_SCOPES,
  type PruneScope,
  type PruningMasks,
  type PrunableWeight,
  type PruneOptions,
  type SparsityRow,
} from './prune';
export {
  polynomialDecay,
  constantSparsity,
  type PruningSchedule,
  type PolynomialDecayOptions,
} from './pruning-schedule';
export { GradualPruning, KeepPruned, type GradualPruningOptions } from './pruning-callback';
// Quantisation
export {
  quantiseTensor,
  dequantiseTensor,
  chooseScale,
  quantRange,
  storedBytes,
  QUANT_DTYPES,
  GRANULARITIES,
  type QuantDtype,
  type Granularity,
  type QuantiseOptions,
  type QuantisedTensor,
} from './quantise';
export {
  quantiseModel,
  applyQuantised,
  withQuantisedWeights,
  quantisationStudy,
  DEFAULT_FORMATS,
  type QuantisedModel,
  type QuantisedWeight,
  type QuantisationRow,
  type StudyFormat,
} from './quantise-model';
export { toFloat16, toFloat32, float32ToHalfBits, halfBitsToFloat32 } from './float16';
// Architecture and cost
export { separableCnn, type SeparableCnnOptions } from './separable';
export { modelCost, layerCosts, layerMacs, type ModelCost, type LayerCost } from './cost';
// Export
export { saveTfjs, loadTfjs, type SavedTfjs, type TfjsQuantisation } from './tfjs-format';
export {
  exportOnnx,
  ONNX_SUPPORTED_LAYERS,
  ONNX_SUPPORTED_ACTIVATIONS,
  ONNX_INPUT_NAME,
  ONNX_OUTPUT_NAME,
} from './onnx-export';
export { checkOnnx, runOnnx, type OnnxCheck } from './onnx-check';
// Compression during training: structured pruning, quantisation-aware training, activation memory
export {
  type StructuredPruneOptions,
  type StructuredPruneResult,
  filterNorms,
  pruneChannels,
} from './structured-prune';
export { SUPPORTED_BITS, checkBits, type QatOptions, QuantisationAwareTraining } from './quantisation-aware';
export {
  type MemoryMeasurement,
  activationBytes,
  splitSegments,
  type CheckpointedStep,
  checkpointedGradients,
  checkpointedSource,
} from './activation-memory';
export {
  ACTIVATION_BITS,
  type ActivationQuantOptions,
  fakeQuantiseActivation,
  activationQuantiser,
  withActivationQuantisers,
  type ActivationStoreBytes,
  quantisedActivationBytes,
} from './activation-quantise';
