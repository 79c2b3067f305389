/** Checks with an exact expected answer: flips, 90° rotation, crops, colour offsets, mixing labels. */
import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../helpers';
import * as A from '../../src/image-aug';

before(() => useBackend());

const img = (shape: number[], dtype: 'float32' | 'int32' = 'float32', seed = 1) =>
  tf.randomUniform(shape, 0, dtype === 'int32' ? 256 : 1, dtype, seed);
const close = (a: tf.Tensor, b: tf.Tensor, tol = 1e-5) =>
  assert.ok(tf.max(tf.abs(tf.sub(a.toFloat(), b.toFloat()))).dataSync()[0] <= tol);

test('flipping twice is the identity; one flip equals tf.reverse', () => {
  for (const dtype of ['float32', 'int32'] as const) {
    const x = img([2, 5, 7, 3], dtype);
    for (const [Flip, axis] of [
      [A.HorizontalFlip, 2],
      [A.VerticalFlip, 1],
    ] as const) {
      const f = new Flip();
      const once = f.apply(x);
      assert.deepEqual(once.dataSync(), tf.reverse(x, axis).dataSync());
      assert.deepEqual(f.apply(once).dataSync(), x.dataSync());
    }
  }
});

test('rotating by 90° equals transpose + flip (counter-clockwise)', () => {
  for (const dtype of ['float32', 'int32'] as const) {
    const x = img([2, 6, 6, 3], dtype);
    const rotated = new A.Rotate({ limit: [90, 90] }).apply(x);
    close(rotated, tf.reverse(tf.transpose(x, [0, 2, 1, 3]), 1), dtype === 'int32' ? 0 : 1e-5);
  }
});

test('crops have the exact size and content', () => {
  const x = img([1, 10, 12, 1]);
  const center = new A.CenterCrop({ height: 4, width: 6 }).apply(x);
  assert.deepEqual(center.shape, [1, 4, 6, 1]);
  assert.deepEqual(center.dataSync(), x.slice([0, 3, 3, 0], [1, 4, 6, 1]).dataSync());
  const crop = new A.RandomCrop({ height: 7, width: 5 }).apply(x, 3);
  assert.deepEqual(crop.shape, [1, 7, 5, 1]);
  const found = [];
  for (let y = 0; y <= 3; y++)
    for (let x0 = 0; x0 <= 7; x0++)
      if (x.slice([0, y, x0, 0], [1, 7, 5, 1]).dataSync().join() === crop.dataSync().join()) found.push([y, x0]);
  assert.equal(found.length, 1, 'the random crop is a window of the input');
  const padded = new A.RandomCrop({ height: 10, width: 12, padding: 3, fill: 1 }).apply(x, 4);
  assert.deepEqual(padded.shape, [1, 10, 12, 1]);
  assert.deepEqual(new A.RandomResizedCrop({ height: 3, width: 8 }).apply(x).shape, [1, 3, 8, 1]);
});

test('brightness adds one offset per image; contrast keeps the mean', () => {
  const x = tf.fill([2, 4, 4, 1], 0.5);
  const y = new A.Brightness({ limit: [0.1, 0.1] }).apply(x);
  close(y, tf.fill([2, 4, 4, 1], 0.6));
  const z = img([1, 6, 6, 1]);
  const c = new A.Contrast({ limit: 0.3 }).apply(z, 2);
  assert.ok(Math.abs(c.mean().dataSync()[0] - z.mean().dataSync()[0]) < 1e-3);
  const g = new A.Saturation({ limit: [0, 0] }).apply(img([1, 3, 3, 3]));
  const [r, gg, b] = tf.split(g, 3, 3);
  close(r, gg);
  close(gg, b);
});

test('mixup and cutmix return soft labels summing to 1 that match the mixed pixels', () => {
  const n = 6;
  const x = tf.tidy(() => tf.range(0, n).reshape([n, 1, 1, 1]).tile([1, 8, 8, 1]).div(n)); // image i is all i/n
  const y = tf.oneHot(tf.range(0, n, 1, 'int32'), n);
  for (const Mix of [A.MixUp, A.CutMix]) {
    const [mx, my] = new Mix({ alpha: 1 }).applyBatch(x, y, 5);
    assert.deepEqual(my.shape, [n, n]);
    my.sum(1)
      .dataSync()
      .forEach((s) => assert.ok(Math.abs(s - 1) < 1e-5));
    // the label weights reproduce each image's mean pixel: mean = Σ_j label_j · j/n
    const predicted = tf.matMul(my, tf.range(0, n).div(n).reshape([n, 1])).reshape([n]);
    close(predicted, mx.mean([1, 2, 3]), 1e-5);
  }
});

test('Compose/OneOf/SomeOf: one seed reproduces the pipeline; OneOf chooses per image', () => {
  const x = img([8, 8, 8, 3]);
  const make = () =>
    new A.Compose(
      [
        new A.OneOf([new A.HorizontalFlip(), new A.VerticalFlip()]),
        new A.SomeOf([new A.Hue(), new A.Brightness()], { n: 1 }),
      ],
      { seed: 3 },
    );
  assert.deepEqual(make().apply(x).dataSync(), make().apply(x).dataSync());
  const flips = new A.OneOf([new A.HorizontalFlip(), new A.VerticalFlip()]).apply(x, 1) as tf.Tensor4D;
  const h = tf.reverse(x, 2),
    v = tf.reverse(x, 1);
  const kinds = tf
    .unstack(flips)
    .map((im, i) =>
      im.dataSync().join() === tf.unstack(h)[i].dataSync().join()
        ? 'h'
        : im.dataSync().join() === tf.unstack(v)[i].dataSync().join()
          ? 'v'
          : '?',
    );
  assert.ok(!kinds.includes('?') && kinds.includes('h') && kinds.includes('v'), kinds.join(''));
  assert.deepEqual(new A.Compose([new A.Rotate()], { p: 0 }).apply(x).dataSync(), x.dataSync());
});

test('typed-array API matches the tensor API', () => {
  const x = img([2, 6, 7, 3]);
  const t = new A.Affine({ rotate: 30, translate: 0.1 });
  const viaTensor = t.apply(x, 9).dataSync();
  const viaPixels = t.applyPixels({ data: Float32Array.from(x.dataSync()), n: 2, h: 6, w: 7, c: 3 }, 9);
  assert.deepEqual(Array.from(viaPixels.data), Array.from(viaTensor));
});

test('blur keeps a flat image flat and spreads an impulse symmetrically; noise has the asked-for spread', () => {
  const flat = tf.fill([1, 12, 12, 3], 0.4);
  close(new A.GaussianBlur({ sigma: [1.5, 1.5] }).apply(flat), flat, 1e-5);
  const impulse = tf.tidy(() =>
    tf.zeros([1, 15, 15, 1]).add(tf.oneHot(tf.tensor1d([7 * 15 + 7], 'int32'), 225).reshape([1, 15, 15, 1])),
  );
  const b = new A.GaussianBlur({ sigma: [1, 1] }).apply(impulse).dataSync();
  const at = (y: number, x: number) => b[y * 15 + x];
  assert.ok(Math.abs(at(7, 6) - at(7, 8)) < 1e-6 && Math.abs(at(6, 7) - at(7, 6)) < 1e-6 && at(7, 7) > at(7, 6));
  assert.ok(Math.abs(Array.from(b).reduce((s, v) => s + v, 0) - 1) < 1e-4, 'blur preserves the total');
  const grey = tf.fill([1, 64, 64, 1], 0.5);
  const noisy = new A.GaussianNoise({ std: [0.1, 0.1] }).apply(grey, 1);
  const { mean, variance } = tf.moments(noisy);
  assert.ok(Math.abs(mean.dataSync()[0] - 0.5) < 0.01 && Math.abs(Math.sqrt(variance.dataSync()[0]) - 0.1) < 0.005);
});

test('results own their data: later calls (which reuse scratch buffers) leave earlier outputs intact', () => {
  for (const dtype of ['float32', 'int32'] as const) {
    const a = img([2, 8, 8, 3], dtype, 1),
      b = img([2, 8, 8, 3], dtype, 2);
    const y = tf.oneHot(tf.tensor1d([0, 1], 'int32'), 2);
    for (const t of [new A.Brightness(), new A.Compose([new A.Rotate(), new A.Hue()])]) {
      const first = t.apply(a);
      const snapshot = Array.from(first.dataSync());
      tf.dispose(t.apply(b));
      assert.deepEqual(Array.from(first.dataSync()), snapshot, t.name);
    }
    const [skipped] = new A.MixUp({ p: 0 }).applyBatch(a, y);
    const snapshot = Array.from(skipped.dataSync());
    tf.dispose(new A.Brightness().apply(b));
    assert.deepEqual(Array.from(skipped.dataSync()), snapshot);
    assert.deepEqual(snapshot, Array.from(a.dataSync()));
  }
});
