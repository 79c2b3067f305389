/**
 * ULMFiT's concat pooling, over the text only: [max over time, mean over time] of the encoder's
 * states at the positions whose id is not `<pad>` (fastai's `masked_concat_pool`).
 *
 * Why masked: a language model never reads `<pad>` while it pretrains, so its states over a run of
 * pads are arbitrary, and unmasked pooling mixes them into a short text's features (a scratch
 * model instead learns its pad vector along with everything else). A text of pads only pools to 0.
 */
import * as tf from '@tensorflow/tfjs';
import { PAD_ID } from '../text/token-vocabulary';

// Added to masked-out states before the max: far below any state of an LSTM/GRU (|h| ≤ 1).
const FAR_BELOW = 1e9;

export class MaskedConcatPool extends tf.layers.Layer {
  static readonly className = 'WorkbookMaskedConcatPool';

  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const states = (inputShape as tf.Shape[])[0];
    return [states[0], 2 * (states[2] as number)];
  }

  /** inputs: [states [B, T, H], ids [B, T]] → [B, 2H]. */
  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [states, ids] = inputs as tf.Tensor[];
      const mask = tf.expandDims(tf.cast(tf.notEqual(ids, PAD_ID), 'float32'), 2); // [B, T, 1]
      const count = tf.sum(mask, 1); // [B, 1] words per text
      const mean = tf.div(tf.sum(tf.mul(states, mask), 1), tf.maximum(count, 1)); // all-pad rows: 0, not NaN
      const max = tf.max(tf.add(states, tf.mul(tf.sub(mask, 1), FAR_BELOW)), 1);
      const anyWord = tf.minimum(count, 1); // 0 for an all-pad row
      return tf.concat([tf.mul(max, anyWord), mean], 1);
    });
  }
}
tf.serialization.registerClass(MaskedConcatPool);

/** Applies masked concat pooling to an encoder's states, given the ids they were read from. */
export function maskedConcatPool(states: tf.SymbolicTensor, ids: tf.SymbolicTensor): tf.SymbolicTensor {
  return new MaskedConcatPool({ name: 'concat_pool' }).apply([states, ids]) as tf.SymbolicTensor;
}
