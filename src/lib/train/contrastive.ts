/**
 * InfoNCE, the contrastive loss of CPC (van den Oord et al. 2018) and SimCLR (Chen et al. 2020, "NT-Xent"):
 * rows i of `a` and `b` are two views of the same example (a positive pair); every other row of `b`
 * is a negative for row i of `a`. The embeddings are L2-normalised, their cosine similarities divided
 * by a temperature τ, and the loss is the cross-entropy of picking the right partner, averaged over
 * both directions (a→b and b→a). Lower τ weighs the hardest negatives more.
 * @example const loss = infoNce(embedA, embedB, { temperature: 0.1 });
 */
import * as tf from '@tensorflow/tfjs';
import { check } from '../errors';

export interface InfoNceOptions {
  /** τ > 0 (default 0.1). */
  temperature?: number;
}

export function infoNce(a: tf.Tensor, b: tf.Tensor, options: InfoNceOptions = {}): tf.Scalar {
  const where = 'infoNce';
  check(
    a instanceof tf.Tensor && a.rank === 2 && a.shape[0] >= 2,
    where,
    'a',
    a instanceof tf.Tensor ? a.shape : typeof a,
    'embeddings [N, D] with N ≥ 2',
  );
  check(
    b instanceof tf.Tensor && b.rank === 2 && b.shape[0] === a.shape[0] && b.shape[1] === a.shape[1],
    where,
    'b',
    b instanceof tf.Tensor ? b.shape : typeof b,
    `embeddings shaped like a [${a.shape}]`,
  );
  check(options != null && typeof options === 'object', where, 'options', options, 'an object');
  for (const key of Object.keys(options))
    check(key === 'temperature', where, 'options', key, 'known keys: temperature');
  const { temperature = 0.1 } = options;
  check(
    typeof temperature === 'number' && Number.isFinite(temperature) && temperature > 0,
    where,
    'temperature',
    temperature,
    'a finite number > 0',
  );
  return tf.tidy(() => {
    const unit = (t: tf.Tensor) => tf.div(t, tf.maximum(tf.norm(t, 'euclidean', 1, true), 1e-12));
    const logits = tf.div(tf.matMul(unit(a), unit(b), false, true), temperature);
    const targets = tf.oneHot(tf.range(0, a.shape[0], 1, 'int32'), a.shape[0]).toFloat();
    const ab = tf.losses.softmaxCrossEntropy(targets, logits);
    const ba = tf.losses.softmaxCrossEntropy(targets, logits.transpose());
    return tf.div(tf.add(ab, ba), 2) as tf.Scalar;
  });
}
