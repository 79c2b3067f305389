/** Inference in batches: predictions, loss and accuracy without holding the whole graph in memory. */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt } from '../errors';
import { LossFn, LossName, resolveLoss } from './losses';
import { blameNonFinite, checkModel, checkModelInput, checkOptions, checkString, checkTensor } from '../validate';
import { OptionsOf, defineOptions } from '../define-options';

/** Model outputs for x, computed in batches (inference mode). The caller owns the result. */
export function predict(model: tf.LayersModel, x: tf.Tensor, batchSize = 256): tf.Tensor {
  checkModel('predict', 'model', model);
  checkTensor('predict', 'x', x, { nonEmpty: false });
  checkInt('predict', 'batchSize', batchSize, 1);
  check(x.shape[0] > 0, 'predict', 'x', `shape [${x.shape}]`, 'at least one row');
  checkModelInput('predict', 'x', model, x);
  const n = x.shape[0];
  const parts: tf.Tensor[] = [];
  for (let i = 0; i < n; i += batchSize) {
    parts.push(tf.tidy(() => model.predict(x.slice(i, Math.min(batchSize, n - i))) as tf.Tensor));
  }
  const out = parts.length === 1 ? parts[0] : tf.concat(parts);
  if (parts.length > 1) tf.dispose(parts);
  return out;
}

export interface Evaluation {
  loss: number;
  /** Present when y is one-hot with more than one class. */
  accuracy?: number;
  /** Misclassified examples (with accuracy). */
  errors?: number;
}

const EVALUATE_OPTIONS = defineOptions('evaluate', {
  batchSize: undefined as number | undefined,
  loss: undefined as LossName | LossFn | undefined,
});

/** Loss and accuracy of model on (x, y). */
export function evaluate(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  options: OptionsOf<typeof EVALUATE_OPTIONS> = {},
): Evaluation {
  options = EVALUATE_OPTIONS.read(options);
  checkModel('evaluate', 'model', model);
  checkTensor('evaluate', 'x', x, { nonEmpty: false });
  checkTensor('evaluate', 'y', y, { nonEmpty: false });
  check(
    x.shape[0] === y.shape[0] && x.shape[0] > 0,
    'evaluate',
    'y rows',
    y.shape[0],
    `as many as x has (${x.shape[0]}), at least 1`,
  );
  if (options.batchSize !== undefined) checkInt('evaluate', 'batchSize', options.batchSize, 1);
  if (options.loss !== undefined && typeof options.loss !== 'function') checkString('evaluate', 'loss', options.loss);
  const lossFn = resolveLoss(options.loss, 'evaluate');
  const out = predict(model, x, options.batchSize ?? 256);
  const stats = tf.tidy(() => {
    const l = lossFn(y, out);
    const h = y.rank === 2 && y.shape[1]! > 1 ? tf.sum(tf.equal(tf.argMax(out, -1), tf.argMax(y, -1))) : tf.scalar(-1);
    return tf.stack([l, h.toFloat()]);
  });
  const [loss, hits] = stats.dataSync();
  tf.dispose([stats, out]);
  if (!Number.isFinite(loss)) blameNonFinite('evaluate', { x, y });
  check(
    Number.isFinite(loss),
    'evaluate',
    'x',
    `inputs giving a loss of ${loss}`,
    'finite inputs and labels (the loss is not finite)',
  );
  const n = x.shape[0];
  return hits < 0 ? { loss } : { loss, accuracy: hits / n, errors: n - hits };
}
