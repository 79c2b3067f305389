import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { assertNoLeak, useBackend } from '../../helpers';
import { initialiseWeights, layerStatistics } from '../../../src/lib/train';
import { mlp } from '../../../src/lib';
import { WorkbookError } from '../../../src/lib/errors';

const deep = (seed = 1) => mlp({ inputShape: [200], hidden: Array(8).fill(200), numClasses: 10, seed });
const sd = (t: tf.Tensor) => tf.tidy(() => tf.moments(t).variance.sqrt().dataSync()[0]);

test('initialiseWeights: kernels get the scheme variance, biases 0, same seed same weights', async () => {
  await useBackend();
  const model = initialiseWeights(deep(), 'he', { seed: 3 });
  const [kernel, bias] = model.layers[1].getWeights();
  assert.ok(Math.abs(sd(kernel) / Math.sqrt(2 / 200) - 1) < 0.03, `He std ${sd(kernel)}`);
  assert.equal(
    tf.tidy(() => tf.abs(bias).max().dataSync()[0]),
    0,
  );
  initialiseWeights(model, 'glorot', { seed: 3 });
  const last = model.layers[model.layers.length - 1].getWeights()[0];
  assert.ok(Math.abs(sd(last) / Math.sqrt(2 / 210) - 1) < 0.1, `Glorot std ${sd(last)}`);
  initialiseWeights(model, 'normal', { seed: 3, stddev: 0.05 });
  assert.ok(Math.abs(sd(model.layers[0].getWeights()[0]) / 0.05 - 1) < 0.03);
  initialiseWeights(model, 'zeros');
  assert.equal(
    tf.tidy(() => tf.abs(model.layers[0].getWeights()[0]).max().dataSync()[0]),
    0,
  );
  const [a, b] = [initialiseWeights(deep(), 'he', { seed: 9 }), initialiseWeights(deep(2), 'he', { seed: 9 })];
  assert.deepEqual(a.layers[2].getWeights()[0].dataSync(), b.layers[2].getWeights()[0].dataSync());
  assert.throws(() => initialiseWeights(model, 'xavier' as never), WorkbookError);
  assert.throws(() => initialiseWeights(model, 'normal', { stddev: -1 }), /stddev/);
  assert.throws(() => initialiseWeights(model, 'he', { sead: 1 } as never), /did you mean `seed`/);
  await assertNoLeak(() => initialiseWeights(model, 'he', { seed: 1 }));
  [model, a, b].forEach((m) => m.dispose());
});

test('layerStatistics: He keeps the activation spread with depth, a small normal shrinks it', async () => {
  await useBackend();
  const x = tf.randomNormal([128, 200], 0, 1, 'float32', 1);
  const y = tf.tidy(() => tf.oneHot(tf.randomUniform([128], 0, 10, 'int32', 2), 10).toFloat());
  const he = layerStatistics(initialiseWeights(deep(), 'he', { seed: 1 }), x, y);
  const small = layerStatistics(initialiseWeights(deep(), 'normal', { seed: 1 }), x, y);
  assert.equal(he.length, 9);
  const ratio = (s: typeof he) => s[7].activationStd / s[0].activationStd;
  assert.ok(ratio(he) > 0.5 && ratio(he) < 2, `He ratio ${ratio(he)}`);
  assert.ok(ratio(small) < 1e-6, `small-normal ratio ${ratio(small)}`);
  assert.ok(he[3].zeroFraction > 0.3 && he[3].zeroFraction < 0.7, 'about half the ReLUs are off');
  assert.ok(he.every((s) => s.gradientStd > 0 && s.weightGradientStd! > 0));
  x.dispose();
  y.dispose();
});

test('layerStatistics: gradients match the closed form of softmax cross-entropy on one linear layer; no leaks', async () => {
  await useBackend();
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [2], useBias: false })] });
  const w = tf.tensor2d([
    [1, -1, 0.5],
    [0.3, 0.2, -0.4],
  ]);
  model.layers[0].setWeights([w]);
  const x = tf.tensor2d([
    [1, 2],
    [-1, 0.5],
    [0.2, -0.3],
    [2, 1],
  ]);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 2, 1, 0], 'int32'), 3).toFloat());
  const [stats] = layerStatistics(model, x, y);
  const expected = tf.tidy(() => {
    const logits = tf.matMul(x, w);
    const dLogits = tf.sub(tf.softmax(logits), y).div(4);
    return [sd(logits), sd(dLogits), sd(tf.matMul(x, dLogits, true, false))];
  });
  assert.ok(Math.abs(stats.activationStd - expected[0]) < 1e-5);
  assert.ok(Math.abs(stats.gradientStd - expected[1]) < 1e-5, `${stats.gradientStd} vs ${expected[1]}`);
  assert.ok(Math.abs(stats.weightGradientStd! - expected[2]) < 1e-5);
  await assertNoLeak(() => layerStatistics(model, x, y));
  assert.throws(() => layerStatistics(model, x, y, { los: 'mse' } as never), /did you mean `loss`/);
  assert.throws(() => layerStatistics(model, tf.zeros([4, 5]) as tf.Tensor, y), WorkbookError);
  tf.dispose([w, x, y]);
  model.dispose();
});
