/** Losses on (yTrue, yPred). Models in this project output logits; the default loss expects them. */
import * as tf from '@tensorflow/tfjs';
import { checkOneOf } from '../errors';
import { checkString } from '../validate';

export type LossFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;
export const LOSS_NAMES = [
  'softmaxCrossEntropy',
  'categoricalCrossentropy',
  'meanSquaredError',
  'binaryCrossentropyFromLogits',
] as const;
export type LossName = (typeof LOSS_NAMES)[number];

const LOSSES: Record<LossName, LossFn> = {
  /** Cross-entropy of one-hot (or soft) labels against logits: stable, and what distillation needs. */
  softmaxCrossEntropy: (y, logits) => tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar,
  /** Cross-entropy against probabilities (a model ending in softmax). */
  categoricalCrossentropy: (y, p) => tf.mean(tf.metrics.categoricalCrossentropy(y, p)) as tf.Scalar,
  meanSquaredError: (y, p) => tf.losses.meanSquaredError(y, p) as tf.Scalar,
  binaryCrossentropyFromLogits: (y, logits) => tf.losses.sigmoidCrossEntropy(y, logits) as tf.Scalar,
};

export function resolveLoss(loss: LossName | LossFn = 'softmaxCrossEntropy', where = 'fit'): LossFn {
  if (where !== undefined) checkString('resolveLoss', 'where', where, false);
  if (typeof loss === 'function') return loss;
  checkOneOf(where, 'loss', loss, LOSS_NAMES);
  return LOSSES[loss];
}
