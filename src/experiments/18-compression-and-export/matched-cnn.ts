/**
 * Notebook 18's standard/separable pair of matched capacity: conv3×3 → pool → conv → pool → conv →
 * flatten → dense(10), with the second and third convolutions either standard or depthwise-separable
 * (MobileNet's block: a 3×3 filter per channel, then a 1×1 convolution mixing channels). The first
 * convolution stays standard (one input channel: nothing to separate). Separable layers cost about
 * 1/9 + 1/F of a standard one, so the separable net can be wider (more channels, about the same
 * parameters) and still need a fraction of the multiply-accumulates.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInt } from '../../lib/errors';
import { tfSeed } from '../../lib/random';

export function matchedCnn(
  kind: 'standard' | 'separable',
  filters: [number, number, number],
  seed: number,
): tf.Sequential {
  filters.forEach((f, i) => checkInt('matchedCnn', `filters[${i}]`, f, 1, 1024));
  const init = (i: number) => tf.initializers.heNormal({ seed: tfSeed(seed * 100 + i) });
  const m = tf.sequential({ name: `${kind}_cnn_${filters.join('_')}` });
  m.add(
    tf.layers.conv2d({
      inputShape: [28, 28, 1],
      filters: filters[0],
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: init(1),
      name: 'conv1',
    }),
  );
  m.add(tf.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }));
  for (const i of [1, 2]) {
    const name = `conv${i + 1}`;
    m.add(
      kind === 'standard'
        ? tf.layers.conv2d({
            filters: filters[i],
            kernelSize: 3,
            padding: 'same',
            activation: 'relu',
            kernelInitializer: init(i + 1),
            name,
          })
        : tf.layers.separableConv2d({
            filters: filters[i],
            kernelSize: 3,
            padding: 'same',
            activation: 'relu',
            depthwiseInitializer: init(10 + i),
            pointwiseInitializer: init(20 + i),
            name,
          }),
    );
    if (i === 1) m.add(tf.layers.maxPooling2d({ poolSize: 2, name: 'pool2' }));
  }
  m.add(tf.layers.flatten({ name: 'flatten' }));
  m.add(
    tf.layers.dense({
      units: 10,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed * 100 + 99 }),
      name: 'logits',
    }),
  );
  return m;
}
