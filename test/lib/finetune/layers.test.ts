import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend, assertNoLeak } from '../../helpers';
import { smallCnn, mlp } from '../../../src/lib';
import { fit } from '../../../src/lib';
import {
  freeze,
  unfreeze,
  selectLayers,
  layerGroups,
  replaceHead,
  trainableSummary,
  countTrainableParams,
  groupMultipliers,
} from '../../../src/lib/finetune';
import { WorkbookError } from '../../../src/lib';

const names = (ls: tf.layers.Layer[]) => ls.map((l) => l.name);

test('selectors: name, index, negative index, range by name or index, group, list', async () => {
  await useBackend();
  const m = smallCnn({ numClasses: 5 }); // conv1 pool1 conv2 pool2 flatten logits
  assert.deepEqual(names(selectLayers(m, 'conv2')), ['conv2']);
  assert.deepEqual(names(selectLayers(m, -1)), ['logits']);
  assert.deepEqual(names(selectLayers(m, { from: 'pool1', to: 3 })), ['pool1', 'conv2', 'pool2']);
  assert.deepEqual(names(selectLayers(m, { to: -2 })), ['conv1', 'pool1', 'conv2', 'pool2', 'flatten']);
  assert.deepEqual(names(selectLayers(m, ['logits', 0, 'conv1'])), ['conv1', 'logits']);
  assert.deepEqual(names(selectLayers(m, { name: 'body', layers: ['conv1', 'conv2'] })), ['conv1', 'conv2']);
  m.dispose();
});

test('bad layer names and indices → WorkbookError listing the model layers', async () => {
  await useBackend();
  const m = smallCnn({ numClasses: 5 });
  assert.throws(
    () => freeze(m, 'conv9'),
    (e: Error) =>
      e instanceof WorkbookError &&
      /freeze: selector "conv9" is invalid; accepted: a layer of model "small_cnn": 0 conv1 \(80 params\), 1 pool1, 2 conv2 \(1168 params\), 3 pool2, 4 flatten, 5 logits/.test(
        e.message,
      ),
  );
  assert.throws(
    () => unfreeze(m, 6),
    /unfreeze: selector 6 is invalid; accepted: an index in \[-6, 5\] of model "small_cnn"/,
  );
  assert.throws(() => freeze(m, { from: 'logits', to: 'conv1' }), /from at or before to/);
  assert.throws(() => layerGroups(m, ['conv1', ['conv1', 'conv2']]), /each layer in one group only/);
  assert.throws(() => layerGroups(m, 7), /layerGroups: spec 7 is invalid; accepted: an integer in \[1, 3\]/);
  m.dispose();
});

test('layerGroups(n) splits weighted layers evenly, weightless layers join the group above', async () => {
  await useBackend();
  const m = smallCnn();
  const g = layerGroups(m, 3);
  assert.deepEqual(
    g.map((x) => x.layers),
    [['conv1'], ['pool1', 'conv2'], ['pool2', 'flatten', 'logits']],
  );
  assert.deepEqual(
    layerGroups(m, 2).map((x) => x.layers),
    [['conv1'], ['pool1', 'conv2', 'pool2', 'flatten', 'logits']],
  );
  assert.deepEqual(
    groupMultipliers(g, 2.6).map((v) => +v.toFixed(6)),
    [+(1 / 2.6 ** 2).toFixed(6), +(1 / 2.6).toFixed(6), 1],
  );
  m.dispose();
});

test('frozen weights stay unchanged in fit, unfrozen ones change', async () => {
  await useBackend();
  const m = mlp({ inputShape: [12], hidden: [10, 8], numClasses: 3, seed: 1 });
  freeze(m, { to: 'fc2' });
  assert.deepEqual(
    trainableSummary(m).map((r) => r.trainable),
    [false, false, true],
  );
  assert.equal(countTrainableParams(m), 8 * 3 + 3);
  // model.getWeights() lists trainable weights first, so compare layer by layer
  const weightsOf = () => m.layers.flatMap((l) => l.getWeights()).map((w) => Array.from(w.dataSync()));
  const before = weightsOf();
  const x = tf.randomNormal([40, 12], 0, 1, 'float32', 2);
  const y = tf
    .oneHot(
      tf.tensor1d(
        Array.from({ length: 40 }, (_, i) => i % 3),
        'int32',
      ),
      3,
    )
    .toFloat();
  await fit(m, x, y, { epochs: 2, batchSize: 8, seed: 1 });
  const after = weightsOf();
  for (let i = 0; i < 4; i++) assert.deepEqual(after[i], before[i], `frozen weight ${i} changed`);
  for (let i = 4; i < 6; i++) assert.notDeepEqual(after[i], before[i], `trainable weight ${i} did not change`);
  unfreeze(m);
  await fit(m, x, y, { epochs: 1, batchSize: 8, seed: 1 });
  assert.notDeepEqual(weightsOf()[0], before[0]);
  tf.dispose([x, y]);
  m.dispose();
});

test('replaceHead: new output size, body weights copied, source untouched, freezeBody', async () => {
  await useBackend();
  const source = smallCnn({ numClasses: 5, seed: 4 });
  const target = await replaceHead(source, 7, { freezeBody: true, seed: 1, hidden: [16] });
  const x = tf.zeros([3, 28, 28, 1]);
  const out = target.predict(x) as tf.Tensor;
  assert.deepEqual(out.shape, [3, 7]);
  assert.deepEqual(target.layers.map((l) => l.name).slice(-2), ['head_fc1', 'logits']);
  assert.deepEqual(
    Array.from(target.getLayer('conv1').getWeights()[0].dataSync()),
    Array.from(source.getLayer('conv1').getWeights()[0].dataSync()),
  );
  assert.deepEqual(
    target.layers.filter((l) => l.trainable && l.weights.length).map((l) => l.name),
    ['head_fc1', 'logits'],
  );
  assert.ok(
    source.layers.every((l) => l.trainable),
    'source model was changed',
  );
  assert.deepEqual((source.predict(x) as tf.Tensor).shape, [3, 5]);
  await assert.rejects(replaceHead(source, 1), /replaceHead: numClasses 1 is invalid/);
  await assert.rejects(
    replaceHead(source, 3, { drop: 6 }),
    /replaceHead: drop 6 is invalid; accepted: an integer in \[1, 5\]/,
  );
  tf.dispose([x, out]);
  target.dispose();
  await assertNoLeak(async () => (await replaceHead(source, 3)).dispose());
  source.dispose();
});
