/**
 * Notebook 20's harness: a language model pretrained on general English (State of the Union) and
 * fine-tuned on the target texts, then three classifiers of the same architecture for each number
 * of labels and each seed: ULMFiT (the fine-tuned encoder, gradual unfreezing, slanted triangular
 * and discriminative rates), frozen features (the same encoder frozen, only the head trains) and
 * scratch (random weights, plain Adam). Accuracy on one fixed held-out set.
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt, checkOneOf } from '../lib/errors';
import { fit, loadTextCorpus, oneHotLabels } from '../lib';
import { classifierScores } from '../lib/eval';
import { TokenVocabulary, languageModel } from '../lib/text';
import { fitUlmfit, lmClassifier } from '../lib/finetune';
import { recalibrateBatchNorm } from '../lib/train';

export {
  LM_RECIPE,
  pretrainedLanguageModel,
  pretrainLanguageModel,
  pretrainedLmPath,
  pretrainingTexts,
  type PretrainedLm,
} from './20-language-model-transfer/pretrained-lm';
export { targetLanguageModel, type TargetLm, type TargetLmOptions } from './20-language-model-transfer/target-lm';
export {
  labelCurveChart,
  pairedGap,
  summariseLabelRuns,
  type LabelSummary,
  type PairedGap,
} from './20-language-model-transfer/figures';

export const LM_TRANSFER_STRATEGIES = ['ULMFiT', 'frozen features', 'scratch'] as const;
/**
 * 'random frozen' is a control, not one of the defaults: the scratch model's random encoder frozen,
 * its head trained as for frozen features (same rate). Frozen pretrained features beating it shows
 * what pretraining put into the encoder, whatever the fine-tuned comparison says.
 */
export const LM_TRANSFER_CONTROLS = ['random frozen'] as const;
export type LmTransferStrategy = (typeof LM_TRANSFER_STRATEGIES)[number] | (typeof LM_TRANSFER_CONTROLS)[number];

export interface LabelRun {
  strategy: LmTransferStrategy;
  size: number;
  seed: number;
  accuracy: number;
  macroF1: number;
  seconds: number;
}

export interface CompareLabelsOptions {
  /** The target-fine-tuned language model and its vocabulary (left unchanged). */
  lm: tf.LayersModel;
  vocab: TokenVocabulary;
  sizes: number[];
  seeds: number[];
  strategies?: readonly LmTransferStrategy[];
  testSize: number;
  /** Word ids per email the classifiers read. */
  sequenceLength: number;
  /** Epochs for a given number of labels. */
  epochs: (size: number) => number;
  batchSize: (size: number) => number;
  /** Peak rate for ULMFiT, Adam rates for the other two ('random frozen' uses the frozen-features rate). */
  learningRates: Record<(typeof LM_TRANSFER_STRATEGIES)[number], number>;
  /** ULMFiT's discriminative factor between layer groups (default 2.6, the paper's). */
  discriminativeFactor?: number;
  dropout?: number;
  onRun?: (run: LabelRun) => void;
}

async function trainOne(
  strategy: LmTransferStrategy,
  o: CompareLabelsOptions,
  x: tf.Tensor,
  y: tf.Tensor,
  size: number,
  seed: number,
): Promise<tf.LayersModel> {
  const head = { numClasses: 2, sequenceLength: o.sequenceLength, dropout: o.dropout ?? 0.2, seed };
  const train = { epochs: o.epochs(size), batchSize: o.batchSize(size), seed };
  if (strategy === 'ULMFiT') {
    const model = lmClassifier(o.lm, head);
    await fitUlmfit(model, x, y, {
      ...train,
      maxLr: o.learningRates.ULMFiT,
      factor: o.discriminativeFactor ?? 2.6,
    });
    return model;
  }
  let model: tf.LayersModel;
  if (strategy === 'frozen features') model = lmClassifier(o.lm, { ...head, freezeEncoder: true });
  else {
    // scratch and its frozen control: the same architecture with random weights,
    // a fresh language model of the same shape, seeded
    const fresh = languageModel({
      vocabularySize: o.vocab.size,
      sequenceLength: o.sequenceLength,
      embeddingDim: o.lm.getLayer('embedding').getWeights()[0].shape[1],
      units: o.lm.getLayer('encoder').getConfig().units as number,
      seed,
    });
    model = lmClassifier(fresh, { ...head, freezeEncoder: strategy === 'random frozen' });
    fresh.dispose();
  }
  const rate = o.learningRates[strategy === 'random frozen' ? 'frozen features' : strategy];
  const optimizer = tf.train.adam(rate);
  await fit(model, x, y, { ...train, optimizer });
  optimizer.dispose();
  return model;
}

/** Every (size, strategy, seed): a seeded stratified sample of `size` labelled emails, one fixed test set. */
export async function compareLabelCounts(o: CompareLabelsOptions): Promise<LabelRun[]> {
  const strategies = o.strategies ?? LM_TRANSFER_STRATEGIES;
  check(o.seeds.length > 0, 'compareLabelCounts', 'seeds', o.seeds, 'at least one seed');
  const known = [...LM_TRANSFER_STRATEGIES, ...LM_TRANSFER_CONTROLS];
  strategies.forEach((s, i) => checkOneOf('compareLabelCounts', `strategies[${i}]`, s, known));
  o.sizes.forEach((s, i) => checkInt('compareLabelCounts', `sizes[${i}]`, s, 2));
  // Post-padding: the encoder reads each text from a zero state, as the language model read its
  // windows, and the classifier's pooling leaves the pads out, so pads change nothing.
  const encode = (texts: string[]) => o.vocab.encode(texts, { sequenceLength: o.sequenceLength, padding: 'post' });
  const { test } = loadTextCorpus('spam-assassin', { trainSize: 2, testSize: o.testSize });
  const tx = encode(test.texts);
  const runs: LabelRun[] = [];
  for (const size of o.sizes) {
    for (const seed of o.seeds) {
      const { train } = loadTextCorpus('spam-assassin', { trainSize: size, testSize: o.testSize, seed });
      const x = encode(train.texts);
      const y = oneHotLabels(train.labels, 2);
      for (const strategy of strategies) {
        const started = Date.now();
        const model = await trainOne(strategy, o, x, y, size, seed);
        // Every arm's head BatchNorm statistics, recomputed for the final weights: a few dozen steps
        // leave its moving averages behind a fast-moving encoder, which can make a fitted classifier predict one class.
        recalibrateBatchNorm(model, x);
        const seconds = (Date.now() - started) / 1000;
        const { accuracy, macroF1 } = classifierScores(model, tx, test.labels);
        const run = { strategy, size, seed, accuracy, macroF1, seconds };
        runs.push(run);
        o.onRun?.(run);
        model.dispose();
      }
      tf.dispose([x, y]);
    }
  }
  tx.dispose();
  return runs;
}
