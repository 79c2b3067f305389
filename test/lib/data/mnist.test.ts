import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { tf, loadMnist, readMnistRaw } from '../../../src/lib';
import { assertNoLeak, useBackend } from '../../helpers';

test('MNIST ships 60k/10k images of 28×28 with labels 0-9', () => {
  const train = readMnistRaw('train');
  const t10k = readMnistRaw('t10k');
  assert.equal(train.count, 60000);
  assert.equal(t10k.count, 10000);
  assert.equal(train.images.length, 60000 * 784);
  assert.ok(train.labels.every((l) => l <= 9));
});

test('loadMnist: shapes, one-hot labels, seeded subsets, digit filter', async () => {
  await useBackend();
  const a = loadMnist({ trainSize: 100, testSize: 50, seed: 3 });
  assert.deepEqual(a.train.xs.shape, [100, 28, 28, 1]);
  assert.deepEqual(a.test.ys.shape, [50, 10]);
  const [min, max] = [a.train.xs.min().dataSync()[0], a.train.xs.max().dataSync()[0]];
  assert.ok(min >= 0 && max <= 1 && max > 0.9);
  assert.deepEqual(Array.from(tf.argMax(a.train.ys, -1).dataSync()), Array.from(a.train.labels));
  const b = loadMnist({ trainSize: 100, testSize: 50, seed: 3 });
  assert.deepEqual(Array.from(a.train.labels), Array.from(b.train.labels));
  const c = loadMnist({ trainSize: 100, testSize: 50, seed: 4 });
  assert.notDeepEqual(Array.from(a.train.labels), Array.from(c.train.labels));
  const d = loadMnist({ trainSize: 60, testSize: 30, digits: [5, 6, 7, 8, 9], flat: true });
  assert.deepEqual(d.train.xs.shape, [60, 784]);
  assert.equal(d.train.numClasses, 5);
  assert.ok(Array.from(d.train.labels).every((l) => l >= 0 && l < 5));
  [a, b, c, d].forEach((s) => {
    s.train.dispose();
    s.test.dispose();
  });
});

test('loadMnist rejects bad sizes and digits, and frees what it makes', async () => {
  await useBackend();
  assert.throws(
    () => loadMnist({ trainSize: 0 }),
    /loadMnist: trainSize 0 is invalid; accepted: an integer in \[1, 60000\]/,
  );
  assert.throws(() => loadMnist({ digits: [3] }), /loadMnist: digits \[3\]/);
  assert.throws(() => loadMnist({ digits: [1, 10] }), /digits/);
  await assertNoLeak(() => {
    const { train, test: t } = loadMnist({ trainSize: 10, testSize: 10 });
    train.dispose();
    t.dispose();
  });
});
