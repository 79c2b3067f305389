import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { tf, loadMnist, subset } from '../../../src/lib';
import { assertNoLeak, useBackend } from '../../helpers';

test('subset by predicate keeps the matching examples in order, with their rows and one-hot width', async () => {
  await useBackend();
  const { train, test: t } = loadMnist({ trainSize: 200, testSize: 10, seed: 1, flat: true });
  const noThrees = subset(train, (label) => label !== 3);
  const expected = Array.from(train.labels)
    .map((l, i) => [l, i])
    .filter(([l]) => l !== 3)
    .map(([, i]) => i);
  assert.deepEqual(
    Array.from(noThrees.labels),
    expected.map((i) => train.labels[i]),
  );
  assert.deepEqual(noThrees.xs.shape, [expected.length, 784]);
  assert.deepEqual(noThrees.ys.shape, [expected.length, 10]);
  assert.equal(noThrees.numClasses, 10);
  const last = expected[expected.length - 1];
  assert.deepEqual(
    Array.from(noThrees.xs.slice(expected.length - 1, 1).dataSync()),
    Array.from(train.xs.slice(last, 1).dataSync()),
  );
  assert.deepEqual(Array.from(tf.argMax(noThrees.ys, -1).dataSync()), Array.from(noThrees.labels));
  assert.ok(expected.length < 200 && expected.length > 150, 'some 3s were dropped');
  noThrees.dispose();
  t.dispose();
  train.dispose();
});

test('subset by indices follows their order (repeats allowed) and leaks nothing', async () => {
  await useBackend();
  const { train, test: t } = loadMnist({ trainSize: 20, testSize: 10, seed: 2 });
  const picked = subset(train, [5, 0, 5]);
  assert.deepEqual(Array.from(picked.labels), [train.labels[5], train.labels[0], train.labels[5]]);
  assert.deepEqual(picked.xs.shape, [3, 28, 28, 1]);
  assert.deepEqual(Array.from(picked.xs.slice(2, 1).dataSync()), Array.from(train.xs.slice(5, 1).dataSync()));
  picked.dispose();
  await assertNoLeak(() => subset(train, (l) => l % 2 === 0).dispose());
  t.dispose();
  train.dispose();
});

test('subset: bad indices, an empty choice or a non-dataset name the parameter', async () => {
  await useBackend();
  const { train, test: t } = loadMnist({ trainSize: 20, testSize: 10, seed: 2 });
  assert.throws(() => subset(train, [0, 20]), /subset.*keep\[1\].*20.*\[0, 19\]/s);
  assert.throws(() => subset(train, [1.5]), /subset.*keep\[0\].*1\.5/s);
  assert.throws(() => subset(train, [-1]), /subset.*keep\[0\]/s);
  assert.throws(() => subset(train, () => false), /subset.*keep.*at least one example/s);
  assert.throws(() => subset({} as never, [0]), /subset.*data.*Dataset/s);
  t.dispose();
  train.dispose();
});
