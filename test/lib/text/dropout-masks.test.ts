import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { rnnClassifier, cnnClassifier, languageModel } from '../../../src/lib/text';
import { lmClassifier } from '../../../src/lib/finetune';
import { useBackend } from '../../helpers';

// A seeded tfjs dropout layer draws the same mask on every call, which is no dropout at all for
// training. The text models leave their dropout layers unseeded; this checks two training-mode
// calls on the same input differ (and that inference is deterministic).
test('text models: dropout draws a new mask on every training call', async () => {
  await useBackend('cpu');
  const lm = languageModel({ vocabularySize: 30, sequenceLength: 6, embeddingDim: 8, units: 8, dropout: 0.5, seed: 3 });
  const models: [string, tf.LayersModel][] = [
    [
      'rnnClassifier',
      rnnClassifier({ vocabularySize: 30, sequenceLength: 6, embeddingDim: 8, units: 8, dropout: 0.5, seed: 3 }),
    ],
    [
      'cnnClassifier',
      cnnClassifier({
        vocabularySize: 30,
        sequenceLength: 6,
        embeddingDim: 8,
        filters: 4,
        kernelSizes: [3],
        dropout: 0.5,
        seed: 3,
      }),
    ],
    ['languageModel', lm],
    ['lmClassifier', lmClassifier(lm, { numClasses: 2, dropout: 0.5, seed: 3 })],
  ];
  // three rows: lmClassifier's batch normalisation maps a batch of one to zeros in training mode
  const x = tf.tensor2d(
    [
      [2, 3, 4, 5, 6, 7],
      [9, 8, 7, 6, 5, 4],
      [1, 12, 3, 14, 5, 16],
    ],
    [3, 6],
    'int32',
  );
  for (const [name, m] of models) {
    const [a, b] = [0, 1].map(() => tf.tidy(() => (m.apply(x, { training: true }) as tf.Tensor).arraySync()));
    assert.notDeepEqual(a, b, `${name}: two training calls gave the same output (a fixed dropout mask)`);
    const [c, d] = [0, 1].map(() => tf.tidy(() => (m.apply(x) as tf.Tensor).arraySync()));
    assert.deepEqual(c, d, `${name}: inference must not drop anything`);
    m.dispose();
  }
  x.dispose();
});
