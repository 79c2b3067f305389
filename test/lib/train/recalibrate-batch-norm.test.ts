import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { WorkbookError } from '../../../src/lib';
import { recalibrateBatchNorm } from '../../../src/lib/train';
import { useBackend, assertNoLeak } from '../../helpers';

before(async () => {
  await useBackend();
});

// dense → BN → dense → BN, with moving statistics left far from the truth (as after a short training run)
function twoNormModel(): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [3], units: 4, kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }));
  m.add(tf.layers.batchNormalization({ name: 'bn1' }));
  m.add(tf.layers.dense({ units: 2, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }));
  m.add(tf.layers.batchNormalization({ name: 'bn2' }));
  for (const name of ['bn1', 'bn2']) {
    const layer = m.getLayer(name);
    const [gamma, beta, mean, variance] = layer.getWeights();
    layer.setWeights([gamma, beta, tf.fill(mean.shape, 5), tf.fill(variance.shape, 0.01)]);
  }
  return m;
}

/** The input of layer `name` over all of x at once, and its per-channel mean and biased variance. */
function inputMoments(m: tf.LayersModel, name: string, x: tf.Tensor): { mean: number[]; variance: number[] } {
  return tf.tidy(() => {
    const probe = tf.model({ inputs: m.inputs, outputs: m.getLayer(name).input as tf.SymbolicTensor });
    const { mean, variance } = tf.moments(probe.predict(x) as tf.Tensor, 0);
    return { mean: Array.from(mean.dataSync()), variance: Array.from(variance.dataSync()) };
  });
}

const close = (got: ArrayLike<number>, want: number[], eps = 1e-5) =>
  want.forEach((w, i) => assert.ok(Math.abs(got[i] - w) <= eps, `[${i}] ${got[i]} vs ${w}`));

test('recalibrateBatchNorm: each BatchNorm gets its input statistics over x, in order, batch size irrelevant', () => {
  const x = tf.randomNormal([37, 3], 1, 2, 'float32', 7);
  for (const batchSize of [5, 256]) {
    const m = twoNormModel();
    assert.equal(recalibrateBatchNorm(m, x, { batchSize }), 2);
    // bn2's input is measured after bn1 is recalibrated: the order matters and is kept
    for (const name of ['bn1', 'bn2']) {
      const { mean, variance } = inputMoments(m, name, x);
      const [, , movingMean, movingVariance] = m.getLayer(name).getWeights();
      close(movingMean.dataSync(), mean);
      close(movingVariance.dataSync(), variance);
    }
    // the scale and offset are untouched
    assert.deepEqual(Array.from(m.getLayer('bn1').getWeights()[0].dataSync()), [1, 1, 1, 1]);
    m.dispose();
  }
  x.dispose();
});

test('recalibrateBatchNorm: inference then normalises x as training did (BatchNorm output mean 0, variance ≈ 1)', () => {
  const x = tf.randomNormal([50, 3], 0, 3, 'float32', 3);
  const m = twoNormModel();
  recalibrateBatchNorm(m, x);
  const out = tf.tidy(() => tf.moments(m.predict(x) as tf.Tensor, 0));
  close(out.mean.dataSync(), [0, 0], 1e-4);
  // variance / (variance + ε): just under 1
  Array.from(out.variance.dataSync()).forEach((v) => assert.ok(v > 0.9 && v <= 1.0001, `${v}`));
  tf.dispose([x, out.mean, out.variance]);
  m.dispose();
});

test('recalibrateBatchNorm: a model without BatchNorm is left alone; no leaks; bad input is a WorkbookError', async () => {
  const x = tf.randomNormal([8, 3], 0, 1, 'float32', 1);
  const plain = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 2 })] });
  const before = Array.from(plain.getWeights()[0].dataSync());
  assert.equal(recalibrateBatchNorm(plain, x), 0);
  assert.deepEqual(Array.from(plain.getWeights()[0].dataSync()), before);
  const m = twoNormModel();
  await assertNoLeak(() => recalibrateBatchNorm(m, x, { batchSize: 3 }));
  const rejects = (fn: () => unknown, pattern: RegExp) =>
    assert.throws(fn, (e: unknown) => e instanceof WorkbookError && pattern.test(e.message));
  rejects(() => recalibrateBatchNorm(m, x, { batchSize: 0 }), /batchSize/);
  rejects(() => recalibrateBatchNorm(m, x, { batch: 3 } as never), /batch/);
  rejects(() => recalibrateBatchNorm(m, tf.zeros([4, 5])), /x/);
  const channelsFirst = tf.sequential({
    layers: [
      tf.layers.conv1d({ inputShape: [6, 2], filters: 3, kernelSize: 2 }),
      tf.layers.batchNormalization({ axis: 1 }),
    ],
  });
  rejects(() => recalibrateBatchNorm(channelsFirst, tf.zeros([2, 6, 2])), /axis/);
  [plain, m, channelsFirst].forEach((model) => model.dispose());
  x.dispose();
});
