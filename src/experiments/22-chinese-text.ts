/**
 * Notebook 22's harness: Tang vs Song poems told apart by a bag-of-characters MLP, trained from N
 * poems with no augmentation, with EDA on jieba words, and with character operations (adjacent
 * swap, deletion, insertion), on several seeds; accuracy on one fixed held-out set. As in notebook
 * 11, every arm takes the same number of gradient steps (augmented sets get proportionally fewer
 * epochs), so a gain comes from the augmented data, not from longer training.
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt, checkRange } from '../lib/errors';
import { loadTextCorpus, Vocabulary, oneHotLabels, TextDataset } from '../lib';
import { charTokens } from '../lib/text';
import { mlp } from '../lib';
import { fit, evaluate } from '../lib';
import { edaDataset } from '../text-aug/eda';
import { TextPipeline } from '../text-aug/pipeline';
import { CharSwap } from '../text-aug/ops/char-swap';
import { CharDeletion } from '../text-aug/ops/char-deletion';
import { CharInsertion } from '../text-aug/ops/char-insertion';
import { meanSd, pairedDifference, type PairedDifference } from '../lib/eval';

export const CHINESE_ARMS = ['none', 'EDA (jieba words)', 'character ops'] as const;
export type ChineseArm = (typeof CHINESE_ARMS)[number];

export interface ChineseEffectOptions {
  trainSizes?: number[];
  seeds?: number[];
  testSize?: number;
  /** Variants per poem in the augmented arms. */
  numAug?: number;
  /** Share of words (EDA) or characters (character ops) changed per variant. */
  alpha?: number;
  epochs?: number;
  vocabularySize?: number;
  hidden?: number;
  onResult?: (r: ChineseRun) => void;
}

export interface ChineseRun {
  trainSize: number;
  seed: number;
  arm: ChineseArm;
  examples: number;
  accuracy: number;
  seconds: number;
}

/** Trains the bag-of-characters MLP and returns held-out accuracy. */
export async function trainBagOfCharacters(
  train: { texts: string[]; labels: ArrayLike<number> },
  test: TextDataset,
  o: { vocabularySize: number; hidden: number; epochs: number; seed: number },
): Promise<number> {
  const vocab = Vocabulary.fit(train.texts, { maxSize: o.vocabularySize, minCount: 2, tokenize: charTokens });
  const [x, y, tx, ty] = [
    vocab.encode(train.texts),
    oneHotLabels(train.labels, 2),
    vocab.encode(test.texts),
    oneHotLabels(test.labels, 2),
  ];
  const model = mlp({ inputShape: [vocab.size], hidden: [o.hidden], dropout: 0.2, numClasses: 2, seed: o.seed });
  const optimizer = tf.train.adam(1e-3);
  await fit(model, x, y, { epochs: o.epochs, batchSize: 64, optimizer, seed: o.seed });
  const accuracy = evaluate(model, tx, ty).accuracy!;
  tf.dispose([x, y, tx, ty]);
  optimizer.dispose();
  model.dispose();
  return accuracy;
}

/** The augmented training set of an arm: the originals plus numAug variants of each. */
export function augmentPoems(
  train: TextDataset,
  arm: ChineseArm,
  o: { numAug: number; alpha: number; seed: number },
): { texts: string[]; labels: number[] } {
  if (arm === 'none') return { texts: train.texts, labels: Array.from(train.labels) };
  if (arm === 'EDA (jieba words)') {
    return edaDataset(train.texts, Array.from(train.labels), {
      alphaSr: o.alpha,
      alphaRi: o.alpha,
      alphaRs: o.alpha,
      pRd: o.alpha,
      numAug: o.numAug,
      seed: o.seed,
      language: 'zh',
    });
  }
  const ops = [
    new CharSwap({ alpha: o.alpha }),
    new CharDeletion({ alpha: o.alpha }),
    new CharInsertion({ alpha: o.alpha }),
  ];
  const pipeline = new TextPipeline(ops, { seed: o.seed });
  const texts = [...train.texts];
  const labels = Array.from(train.labels);
  train.texts.forEach((t, i) => {
    for (let k = 0; k < o.numAug; k++) {
      texts.push(pipeline.augment(t, { language: 'zh' }));
      labels.push(train.labels[i]);
    }
  });
  return { texts, labels };
}

/** Runs every (trainSize, seed, arm). */
export async function chineseAugmentationEffect(options: ChineseEffectOptions = {}): Promise<ChineseRun[]> {
  const {
    trainSizes = [200, 1000],
    seeds = [1, 2, 3],
    testSize = 1000,
    numAug = 8,
    alpha = 0.1,
    epochs = 18,
    vocabularySize = 2000,
    hidden = 32,
  } = options;
  check(
    Array.isArray(trainSizes) && trainSizes.length > 0,
    'chineseAugmentationEffect',
    'trainSizes',
    trainSizes,
    'a non-empty array',
  );
  trainSizes.forEach((n, i) => checkInt('chineseAugmentationEffect', `trainSizes[${i}]`, n, 2));
  checkInt('chineseAugmentationEffect', 'numAug', numAug, 1);
  checkRange('chineseAugmentationEffect', 'alpha', alpha, 0, 1);
  checkInt('chineseAugmentationEffect', 'epochs', epochs, 1);
  const runs: ChineseRun[] = [];
  for (const trainSize of trainSizes) {
    for (const seed of seeds) {
      const { train, test } = loadTextCorpus('tang-song-poems', { trainSize, testSize, seed });
      for (const arm of CHINESE_ARMS) {
        const started = Date.now();
        const data = augmentPoems(train, arm, { numAug, alpha, seed });
        const runEpochs = arm === 'none' ? epochs : Math.max(1, Math.round(epochs / (numAug + 1)));
        const accuracy = await trainBagOfCharacters(data, test, { vocabularySize, hidden, epochs: runEpochs, seed });
        const run = {
          trainSize,
          seed,
          arm,
          examples: data.texts.length,
          accuracy,
          seconds: (Date.now() - started) / 1000,
        };
        runs.push(run);
        options.onResult?.(run);
      }
    }
  }
  return runs;
}

export interface ChineseSummary {
  trainSize: number;
  arm: ChineseArm;
  seeds: number;
  accuracy: number;
  sd: number;
  /** Accuracy per seed, in seed order. */
  perSeed: number[];
  /** Mean over seeds of (arm − no augmentation), same seed, same training sample (0 for 'none'). */
  gain: number;
  /** Standard error of that gain, seeds where the arm was ahead, and the 2-se verdict ('a ahead': the arm). */
  gainSe: number;
  wins: number;
  verdict: PairedDifference['verdict'];
}

/** Mean and sd of accuracy per (trainSize, arm), with the seed-by-seed gain over no augmentation. */
export function summariseChineseEffect(runs: ChineseRun[]): ChineseSummary[] {
  const sizes = [...new Set(runs.map((r) => r.trainSize))];
  return sizes.flatMap((trainSize) => {
    const acc = (arm: ChineseArm) =>
      runs
        .filter((r) => r.trainSize === trainSize && r.arm === arm)
        .sort((a, b) => a.seed - b.seed)
        .map((r) => r.accuracy);
    const base = acc('none');
    return CHINESE_ARMS.map((arm) => {
      const perSeed = acc(arm);
      const { mean, sd } = meanSd(perSeed);
      const paired = arm !== 'none' && base.length >= 2 ? pairedDifference(perSeed, base) : undefined;
      return {
        trainSize,
        arm,
        seeds: base.length,
        accuracy: mean,
        sd,
        perSeed,
        gain: mean - meanSd(base).mean,
        gainSe: paired?.se ?? 0,
        wins: paired?.wins ?? 0,
        verdict: paired?.verdict ?? 'no clear difference',
      };
    });
  });
}
