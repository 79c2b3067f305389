/**
 * The API fuzz suite's registry: for every export, a working baseline call (or the reason it is
 * not called). Keys are export names; where two entry points export the same name, the key is
 * `subpath#name` without the leading './' (e.g. 'text-aug#OneOf').
 */
import * as tf from '@tensorflow/tfjs';
import { Args, Entry } from './fuzz-harness';
import { core } from './registry-core';
import { train } from './registry-train';
import { imageAug, textAug } from './registry-aug';
import { added } from './registry-new';
import { boosting } from './registry-boost';
import { pipeline } from './registry-pipeline';
import * as F from './fixtures';
import { rng } from '../../src/lib/random';
import { tokenize } from '../../src/text-aug/tokens';

const registry: Record<string, Entry> = {
  ...core,
  ...train,
  ...imageAug,
  ...textAug,
  ...added,
  ...boosting,
  ...pipeline,
};

export function entryFor(subpath: string, name: string): Entry | undefined {
  const qualified = `${subpath.replace(/^\.\/?/, '')}#${name}`;
  return registry[qualified] ?? registry[name];
}

const CALLBACK = 'a training callback hook, called by fit with its live state; covered through fit and test/lib/train';
const PROTECTED = 'protected: part of a transform, called by apply/applyBatch/runBatch';
const u8Batch = () => ({
  data: new Uint8ClampedArray(2 * 8 * 8 * 3).map((_, i) => (i * 37) % 256),
  n: 2,
  h: 8,
  w: 8,
  c: 3,
});
const u8Image = () => ({ data: new Uint8ClampedArray(8 * 8 * 3).map((_, i) => (i * 37) % 256), h: 8, w: 8, c: 3 });

/** Methods shared by many classes (image transforms, text operations, callbacks), by name. */
export const sharedMethods: Record<string, ((self: any) => Args | Promise<Args>) | string> = {
  // image transforms
  apply: (self) => (typeof self.augment === 'function' ? [tokenize(F.EN, 'en'), 'en', rng(1)] : [F.images(), 1]),
  applyBatch: () => [F.images(), F.imageLabels(), 1],
  applyPixels: () => [u8Image(), 1],
  runBatch: () => [u8Batch(), rng(1)],
  runImage: () => [u8Image(), rng(1)],
  outputSize: () => [8, 8],
  asBatchHook: () => [],
  toString: () => [],
  applies: PROTECTED,
  render: PROTECTED,
  renderBatchU8: PROTECTED,
  flip: PROTECTED,
  drawShift: PROTECTED,
  drawBox: PROTECTED,
  drawHoles: PROTECTED,
  sample: PROTECTED,
  draw: PROTECTED,
  renderBatch: PROTECTED,
  mix: PROTECTED,
  // the shared augmentation base (lib/augment/declared.ts), images and text
  coin: () => [rng(1)],
  unseededStream: PROTECTED,
  // text operations
  augment: () => [F.EN, { seed: 1, language: 'en' }],
  checkLanguage: () => ['en'],
  // callbacks
  onTrainBegin: CALLBACK,
  onTrainEnd: CALLBACK,
  onEpochBegin: CALLBACK,
  onEpochEnd: CALLBACK,
  onBatchBegin: CALLBACK,
  onBatchEnd: CALLBACK,
  gradientHook: CALLBACK,
};

export { tf };
