/** Model growth (Net2Net): widened and deepened networks compute the same function, then train on. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { tf, fit, mlp, smallCnn, WorkbookError } from '../../../src/lib';
import { widenLayer, deepenAfter, sizeAgnosticCnn } from '../../../src/lib/train';
import { assertNoLeak, useBackend } from '../../helpers';

const outputs = (m: tf.LayersModel, x: tf.Tensor) => tf.tidy(() => (m.predict(x) as tf.Tensor).dataSync());
const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

function assertSameFunction(a: tf.LayersModel, b: tf.LayersModel, x: tf.Tensor): void {
  const [ya, yb] = [outputs(a, x), outputs(b, x)];
  const scale = Math.max(...Array.from(ya, Math.abs));
  assert.ok(
    maxAbsDiff(ya, yb) <= 1e-4 * Math.max(1, scale),
    `outputs differ by ${maxAbsDiff(ya, yb)} (scale ${scale})`,
  );
}

test('widenLayer (Dense, through dropout) and deepenAfter keep the outputs, and the grown MLP trains', async () => {
  await useBackend();
  const small = mlp({ inputShape: [12], hidden: [6, 5], dropout: 0.2, numClasses: 3, seed: 3 });
  const x = tf.randomNormal([16, 12], 0, 1, 'float32', 4);
  for (const split of ['random', 'equal'] as const) {
    const wide = widenLayer(small, 'fc1', 11, { seed: 2, split });
    assert.equal(wide.getLayer('fc1').getConfig().units, 11);
    assert.deepEqual(wide.getLayer('fc2').getWeights()[0].shape, [11, 5]);
    assertSameFunction(small, wide, x);
    wide.dispose();
  }
  const wider = widenLayer(widenLayer(small, 'fc1', 9, { seed: 1 }), 'fc2', 8, { seed: 1 });
  const deep = deepenAfter(wider, 'fc2');
  assert.deepEqual(
    deep.layers.map((l) => l.name),
    ['fc1', 'drop1', 'fc2', 'fc2_identity', 'drop2', 'logits'],
  );
  assertSameFunction(small, deep, x);
  // Training on: the grown model's new units move apart and the loss falls.
  const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0], 'int32'), 3);
  const h = await fit(deep, x, y, { epochs: 30, batchSize: 16, optimizer: tf.train.adam(1e-2), seed: 1 });
  assert.ok(h.history.loss[29] < h.history.loss[0] * 0.7, `loss ${h.history.loss[0]} → ${h.history.loss[29]}`);
  const k = deep.getLayer('fc1').getWeights()[0].arraySync() as number[][];
  const column = (j: number) => k.map((row) => row[j]);
  const copies = Array.from({ length: 9 }, (_, j) => j).filter((j) => j >= 6);
  assert.ok(
    copies.every((j) => [0, 1, 2, 3, 4, 5].every((o) => maxAbsDiff(column(j), column(o)) > 1e-4)),
    'copied units stay distinct from their sources',
  );
  tf.dispose([x, y]);
  [small, wider, deep].forEach((m) => m.dispose());
});

test('widenLayer and deepenAfter on Conv2D: through pooling + flatten, and through global pooling', async () => {
  await useBackend();
  const x = tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', 7);
  const cnn = smallCnn({ seed: 5 }); // conv1(8) pool conv2(16) pool flatten logits
  const grown = deepenAfter(widenLayer(widenLayer(cnn, 'conv1', 12, { seed: 3 }), 'conv2', 24, { seed: 3 }), 'conv2');
  assert.deepEqual(grown.getLayer('logits').getWeights()[0].shape, [7 * 7 * 24, 10]);
  assert.deepEqual(grown.getLayer('conv2_identity').getWeights()[0].shape, [3, 3, 24, 24]);
  assertSameFunction(cnn, grown, x);
  const agnostic = sizeAgnosticCnn({ filters: [4, 6, 8], seed: 2 });
  const wideAgnostic = deepenAfter(widenLayer(agnostic, 'conv3', 13, { seed: 9 }), 'conv1', { kernelSize: 5 });
  assertSameFunction(agnostic, wideAgnostic, x);
  const x14 = tf.randomUniform([2, 14, 14, 1], 0, 1, 'float32', 8);
  assertSameFunction(agnostic, wideAgnostic, x14);
  [cnn, grown, agnostic, wideAgnostic].forEach((m) => m.dispose());
  tf.dispose([x, x14]);
});

test('growing is seeded, refuses bad input with WorkbookError before any tensor, and leaks nothing', async () => {
  await useBackend();
  const small = mlp({ inputShape: [5], hidden: [4], numClasses: 2, seed: 1 });
  const a = widenLayer(small, 'fc1', 7, { seed: 4 });
  const b = widenLayer(small, 'fc1', 7, { seed: 4 });
  assert.deepEqual(
    a.getWeights().map((w) => Array.from(w.dataSync())),
    b.getWeights().map((w) => Array.from(w.dataSync())),
  );
  a.dispose();
  b.dispose();
  const tanh = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [3], units: 4, activation: 'tanh', name: 'h' }),
      tf.layers.dense({ units: 2, name: 'out' }),
    ],
  });
  const bn = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [3], units: 4, name: 'h' }),
      tf.layers.batchNormalization({ name: 'bn' }),
      tf.layers.dense({ units: 2, name: 'out' }),
    ],
  });
  const before = tf.memory().numTensors;
  const bad: [() => unknown, RegExp][] = [
    [() => widenLayer(small, 'nope', 8), /widenLayer: layerName "nope".*fc1, logits/],
    [() => widenLayer(small, 'fc1', 4), /widenLayer: units 4 is invalid; accepted: an integer in \[5,/],
    [() => widenLayer(small, 'fc1', 6.5), /widenLayer: units 6.5/],
    [() => widenLayer(small, 'logits', 4), /widenLayer: layerName "logits".*output layer/],
    [() => widenLayer(small, 'fc1', 8, { seed: -1 }), /widenLayer: seed -1/],
    [() => widenLayer(small, 'fc1', 8, { split: 'half' as never }), /widenLayer: split "half"/],
    [() => widenLayer(small, 'fc1', 8, { sead: 1 } as never), /widenLayer: options "sead"/],
    [() => widenLayer({} as never, 'fc1', 8), /widenLayer: model/],
    [() => deepenAfter(small, 'fc1', { kernelSize: 2 }), /deepenAfter: kernelSize 2.*odd/],
    [() => deepenAfter(small, 'fc1', { name: 'logits' }), /deepenAfter: name "logits"/],
    [() => deepenAfter(small, 'fc1', { units: 3 } as never), /deepenAfter: options "units"/],
  ];
  for (const [call, message] of bad)
    assert.throws(
      call,
      (e: unknown) => e instanceof WorkbookError && message.test((e as Error).message),
      String(message),
    );
  assert.throws(() => deepenAfter(tanh, 'h'), /deepenAfter: layer "h" uses tanh/);
  assert.throws(() => widenLayer(bn, 'h', 6), /widenLayer: layerName "h".*BatchNormalization/);
  assert.equal(tf.memory().numTensors, before, 'refused calls create no tensors');
  await assertNoLeak(() => widenLayer(small, 'fc1', 6).dispose());
  await assertNoLeak(() => deepenAfter(small, 'fc1').dispose());
  [small, tanh, bn].forEach((m) => m.dispose());
});
