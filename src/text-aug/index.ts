/**
 * tfjs-workbook/text-aug — text augmentation for English and Chinese: the four EDA operations
 * (synonym replacement, random insertion, random swap, random deletion), random case, shuffling
 * homophone replacement, character-level operations (deletion, insertion, swap, shuffle; keyboard and
 * OCR typos for English; equivalent characters for Chinese), EDA itself, and seeded pipelines. Each operation is a class (seeded
 * `augment(text, { seed })`) and a one-call function.
 * @example
 * import { eda, SynonymReplacement } from 'tfjs-workbook/text-aug';
 * eda('the quick brown fox jumps', { seed: 1 });
 */
export {
  tokenize,
  detokenize,
  wordSeparator,
  wordPositions,
  countWords,
  splitSentences,
  detectLanguage,
  resolveLanguage,
  matchCase,
  LANGUAGES,
  type Language,
  type TokenKind,
  type Token,
} from './tokens';
export {
  TextAugmentation,
  CountingAugmentation,
  checkCount,
  changeCount,
  type AugmentOptions,
  type CountOptions,
  type CountingOptions,
} from './base';
export { SynonymReplacement, synonymReplacement, type SynonymReplacementOptions } from './ops/synonym-replacement';
export { RandomInsertion, randomInsertion, insertWord, type RandomInsertionOptions } from './ops/random-insertion';
export { RandomSwap, randomSwap, type RandomSwapOptions } from './ops/random-swap';
export { RandomDeletion, randomDeletion, removeWords, type RandomDeletionOptions } from './ops/random-deletion';
export { RandomCase, randomCase, type RandomCaseOptions, type CaseLevel } from './ops/random-case';
export { Shuffle, shuffle, type ShuffleOptions, type ShuffleUnit } from './ops/shuffle';
export {
  HomophoneReplacement,
  homophoneReplacement,
  type HomophoneReplacementOptions,
} from './ops/homophone-replacement';
export { CharOperation, isLetter, letterRuns, type CharOperationOptions } from './char-operation';
export { CharDeletion, charDeletion } from './ops/char-deletion';
export { CharInsertion, charInsertion } from './ops/char-insertion';
export { CharSwap, charSwap } from './ops/char-swap';
export { CharShuffle, charShuffle } from './ops/char-shuffle';
export { KeyboardSubstitution, keyboardSubstitution } from './ops/keyboard-substitution';
export { OcrSubstitution, ocrSubstitution } from './ops/ocr-substitution';
export { EquivalentCharReplacement, equivalentCharReplacement } from './ops/equivalent-char-replacement';
export { eda, edaConfig, edaDataset, type EdaOptions } from './eda';
export { TextPipeline, OneOf, SomeOf, type PipelineOptions } from './pipeline';
export { wordChangeRate } from './measure';
export * as resources from './resources';
export { CHINESE_SENTENCES } from './samples/zh-sentences';
