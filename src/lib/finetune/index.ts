/**
 * tfjs-workbook/finetune — transfer learning: freezing and selecting layers, a new head on a
 * pretrained body, layer groups with discriminative learning rates, and gradual unfreezing.
 * @example
 * import { replaceHead, layerGroups, discriminativeLr } from 'tfjs-workbook/finetune';
 * const model = replaceHead(source, { numClasses: 5, seed: 1 });
 */
export {
  freeze,
  unfreeze,
  selectLayers,
  describeLayers,
  trainableSummary,
  countTrainableParams,
  type LayerGroup,
  type LayerSelector,
  type LayerRow,
} from './layers';
export { layerGroups, groupMultipliers } from './groups';
export { replaceHead, type ReplaceHeadOptions } from './head';
export {
  discriminativeLr,
  groupSteppedOptimizers,
  DiscriminativeLr,
  type DiscriminativeLrOptions,
} from './discriminative';
export {
  gradualUnfreezing,
  unfrozenGroupCount,
  GradualUnfreezing,
  type GradualUnfreezingOptions,
} from './gradual-unfreezing';
export { adaptVocabulary, lmClassifier, type AdaptVocabularyOptions, type LmClassifierOptions } from './lm-classifier';
export { fitUlmfit, ulmfitGroups, type UlmfitFitOptions } from './ulmfit';
