/**
 * tfjs-workbook/text-aug — text augmentation for English and Chinese: the four EDA operations
 * (synonym replacement, random insertion, random swap, random deletion), random case, shuffling
 * homophone replacement, character-level operations (deletion, insertion, swap, shuffle;
 * keyboard and OCR typos for English; equivalent characters for Chinese), EDA itself, and seeded pipelines.
 */
export * from './tokens';
export * from './base';
export * from './ops/synonym-replacement';
export * from './ops/random-insertion';
export * from './ops/random-swap';
export * from './ops/random-deletion';
export * from './ops/random-case';
export * from './ops/shuffle';
export * from './ops/homophone-replacement';
export * from './char-operation';
export * from './ops/char-deletion';
export * from './ops/char-insertion';
export * from './ops/char-swap';
export * from './ops/char-shuffle';
export * from './ops/keyboard-substitution';
export * from './ops/ocr-substitution';
export * from './ops/equivalent-char-replacement';
export * from './eda';
export * from './pipeline';
export * as resources from './resources';
export * from './effect';
export * from './measure';
export { CHINESE_SENTENCES } from './samples/zh-sentences';
