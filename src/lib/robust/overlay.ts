/**
 * Draws [0,1] heat maps over grey images as RGB pictures for plot/imageGrid: the digit in grey,
 * the heat in red-yellow on top, so a reader sees which strokes the model used.
 */
import * as tf from '@tensorflow/tfjs';
import { check } from '../errors';
import { checkTensor } from '../validate';
import { checkNonNegative } from './validate';

/**
 * images [N,H,W,1] in [0,1] and maps [N,H,W] in [0,1] → RGB [N,H,W,3] in [0,1].
 * `strength` scales the heat's opacity (default 0.8).
 */
export function heatOverlay(images: tf.Tensor, maps: tf.Tensor, strength = 0.8): tf.Tensor4D {
  check(
    images instanceof tf.Tensor && images.rank === 4 && images.shape[3] === 1,
    'heatOverlay',
    'images',
    images?.shape,
    'grey images [N,H,W,1]',
  );
  check(
    maps instanceof tf.Tensor && maps.rank === 3 && maps.shape.every((d, i) => d === images.shape[i]),
    'heatOverlay',
    'maps',
    maps?.shape,
    `maps [${images.shape.slice(0, 3).join(',')}] (one per image of images)`,
  );
  checkNonNegative('heatOverlay', 'strength', strength, 1);
  checkTensor('heatOverlay', 'images', images, { finite: true });
  checkTensor('heatOverlay', 'maps', maps, { finite: true });
  return tf.tidy(() => {
    const grey = tf.mul(images, 0.6); // darker digit, so the heat stands out
    const heat = tf.mul(tf.expandDims(tf.clipByValue(maps, 0, 1), -1), strength);
    // heat colour: red at low, yellow at high
    const colour = tf.concat([tf.onesLike(heat), heat.div(strength || 1), tf.zerosLike(heat)], -1);
    const base = tf.tile(grey, [1, 1, 1, 3]);
    return tf.add(tf.mul(base, tf.sub(1, heat)), tf.mul(colour, heat)) as tf.Tensor4D;
  });
}
