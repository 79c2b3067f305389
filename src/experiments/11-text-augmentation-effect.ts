/**
 * The EDA experiment of Wei & Zou (2019, figure 2) on an offline corpus: a bag-of-words MLP learns
 * ham vs spam (SpamAssassin) from N training emails, with and without EDA, on several seeds; accuracy
 * is measured on one fixed held-out set. Both arms take the same number of gradient steps (the
 * augmented set is numAug+1 times larger, so it gets proportionally fewer epochs), so a gain comes
 * from the augmented data, not from longer training.
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt, checkRange } from '../lib/errors';
import { loadSpamAssassin, Vocabulary, oneHotLabels, TextDataset, mlp, fit, evaluate } from '../lib';
import { edaDataset } from '../text-aug/eda';
import { meanSd, pairedDifference, type PairedDifference } from '../lib/eval';

export interface EdaEffectOptions {
  /** Training-set sizes and the numAug the paper recommends for each. Default [{500, 16}, {2000, 8}]. */
  settings?: { trainSize: number; numAug: number }[];
  /** α for SR, RI and RS and p for RD (the paper's recommended 0.05 for these sizes). */
  alpha?: number;
  seeds?: number[];
  testSize?: number;
  /** Words kept per email. */
  maxWords?: number;
  vocabularySize?: number;
  hidden?: number;
  /** Epochs without augmentation (the augmented arm gets the same number of steps). */
  epochs?: number;
  batchSize?: number;
  /** Called after each run (progress in a notebook or terminal). */
  onResult?: (r: EdaRun) => void;
}

export interface EdaRun {
  trainSize: number;
  numAug: number;
  seed: number;
  augmented: boolean;
  /** Training texts after augmentation. */
  examples: number;
  accuracy: number;
  seconds: number;
}

/** Trains the bag-of-words MLP on texts and returns held-out accuracy. */
export async function trainBagOfWords(
  train: { texts: string[]; labels: ArrayLike<number> },
  test: TextDataset,
  o: { vocabularySize: number; hidden: number; epochs: number; batchSize: number; seed: number },
): Promise<number> {
  const vocab = Vocabulary.fit(train.texts, { maxSize: o.vocabularySize, minCount: 2 });
  const [x, y, tx, ty] = [
    vocab.encode(train.texts),
    oneHotLabels(train.labels, 2),
    vocab.encode(test.texts),
    oneHotLabels(test.labels, 2),
  ];
  const model = mlp({ inputShape: [vocab.size], hidden: [o.hidden], dropout: 0.2, numClasses: 2, seed: o.seed });
  const optimizer = tf.train.adam(1e-3);
  await fit(model, x, y, { epochs: o.epochs, batchSize: o.batchSize, optimizer, seed: o.seed });
  const accuracy = evaluate(model, tx, ty).accuracy!;
  tf.dispose([x, y, tx, ty]);
  optimizer.dispose(); // Adam's moment estimates are variables too
  model.dispose();
  return accuracy;
}

/** Runs every (setting, seed) pair with and without EDA. */
export async function edaEffect(options: EdaEffectOptions = {}): Promise<EdaRun[]> {
  const {
    settings = [
      { trainSize: 500, numAug: 16 },
      { trainSize: 2000, numAug: 8 },
    ],
    alpha = 0.05,
    seeds = [1, 2, 3],
  } = options;
  const { testSize = 1000, maxWords = 40, vocabularySize = 1000, hidden = 32, epochs = 10, batchSize = 64 } = options;
  check(
    Array.isArray(settings) && settings.length > 0,
    'edaEffect',
    'settings',
    settings,
    'a non-empty array of { trainSize, numAug }',
  );
  settings.forEach((s, i) => {
    checkInt('edaEffect', `settings[${i}].trainSize`, s.trainSize, 2);
    checkInt('edaEffect', `settings[${i}].numAug`, s.numAug, 1);
  });
  checkRange('edaEffect', 'alpha', alpha, 0, 1);
  check(Array.isArray(seeds) && seeds.length > 0, 'edaEffect', 'seeds', seeds, 'a non-empty array of integers');
  checkInt('edaEffect', 'epochs', epochs, 1);
  const runs: EdaRun[] = [];
  for (const { trainSize, numAug } of settings) {
    for (const seed of seeds) {
      const { train, test } = loadSpamAssassin({ trainSize, testSize, seed, maxWords });
      for (const augmented of [false, true]) {
        const started = Date.now();
        const data = augmented
          ? edaDataset(train.texts, train.labels, {
              alphaSr: alpha,
              alphaRi: alpha,
              alphaRs: alpha,
              pRd: alpha,
              numAug,
              seed,
              language: 'en',
            })
          : { texts: train.texts, labels: train.labels };
        const runEpochs = augmented ? Math.max(1, Math.round(epochs / (numAug + 1))) : epochs;
        const accuracy = await trainBagOfWords(data, test, {
          vocabularySize,
          hidden,
          epochs: runEpochs,
          batchSize,
          seed,
        });
        const run = {
          trainSize,
          numAug,
          seed,
          augmented,
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

export interface EdaSummary {
  trainSize: number;
  numAug: number;
  seeds: number;
  plain: number;
  eda: number;
  plainSd: number;
  edaSd: number;
  /** Accuracy per seed, in seed order, without and with EDA (the pairs behind `gain`). */
  plainPerSeed: number[];
  edaPerSeed: number[];
  /** Mean over seeds of (with EDA − without), same seed, same training draw. */
  gain: number;
  /** Standard error of that gain, seeds where EDA was ahead, and the 2-se verdict ('a ahead': EDA ahead). */
  gainSe: number;
  wins: number;
  verdict: PairedDifference['verdict'];
}

/** Mean and sd of accuracy per (trainSize, augmented), and the seed-by-seed gain from EDA. */
export function summariseEdaEffect(runs: EdaRun[]): EdaSummary[] {
  const sizes = [...new Set(runs.map((r) => r.trainSize))];
  return sizes.map((trainSize) => {
    const of = (aug: boolean) =>
      runs
        .filter((r) => r.trainSize === trainSize && r.augmented === aug)
        .sort((a, b) => a.seed - b.seed)
        .map((r) => r.accuracy);
    const [plainPerSeed, edaPerSeed] = [of(false), of(true)];
    const [plain, eda] = [meanSd(plainPerSeed), meanSd(edaPerSeed)];
    const paired = plainPerSeed.length >= 2 ? pairedDifference(edaPerSeed, plainPerSeed) : undefined;
    return {
      trainSize,
      numAug: runs.find((r) => r.trainSize === trainSize)!.numAug,
      seeds: plainPerSeed.length,
      plainPerSeed,
      edaPerSeed,
      plain: plain.mean,
      eda: eda.mean,
      plainSd: plain.sd,
      edaSd: eda.sd,
      gain: eda.mean - plain.mean,
      gainSe: paired?.se ?? 0,
      wins: paired?.wins ?? Number(eda.mean > plain.mean),
      verdict: paired?.verdict ?? 'no clear difference',
    };
  });
}
