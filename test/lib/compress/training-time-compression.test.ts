import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend, assertNoLeak } from '../../helpers';
import { referenceCnn, smallCnn, mlp, fit, loadMnist, WorkbookError } from '../../../src/lib';
import {
  pruneChannels,
  QuantisationAwareTraining,
  quantiseModel,
  withQuantisedWeights,
  activationBytes,
  checkpointedGradients,
  checkpointedSource,
} from '../../../src/lib/compress';

before(async () => {
  await useBackend();
});

const maxAbs = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

test('pruneChannels: a smaller dense model equal to the original with the pruned filters zeroed', () => {
  const m = referenceCnn({ seed: 1 });
  const x = tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', 1);
  const same = pruneChannels(m, { ratio: 0 });
  assert.ok(maxAbs(m.predict(x) as tf.Tensor, same.model.predict(x) as tf.Tensor) < 1e-6);
  const { model: small, kept } = pruneChannels(m, { ratio: 0.5 });
  assert.deepEqual(
    kept.map((k) => [k.layer, k.kept.length, k.of]),
    [
      ['conv1', 16, 32],
      ['conv2', 32, 64],
      ['fc1', 64, 128],
    ],
  );
  assert.ok(small.countParams() < m.countParams() / 3, `${small.countParams()} parameters vs ${m.countParams()}`);
  for (const k of kept) {
    // zero the removed filters in the original: the outputs must agree
    const layer = m.getLayer(k.layer);
    const mask = tf.tensor1d(Array.from({ length: k.of }, (_, i) => (k.kept.includes(i) ? 1 : 0)));
    const [kernel, bias] = layer.getWeights();
    layer.setWeights([tf.mul(kernel, mask), tf.mul(bias, mask)]);
  }
  assert.ok(maxAbs(m.predict(x) as tf.Tensor, small.predict(x) as tf.Tensor) < 1e-4);
  // the kept filters are the largest by L1 norm
  assert.throws(
    () => pruneChannels(m, { ratio: 1 }),
    (e: Error) => e instanceof WorkbookError && /ratio 1 .*\[0, 1\)/.test(e.message),
  );
  assert.throws(() => pruneChannels(m, { ratio: -0.1 }), WorkbookError);
  assert.throws(() => pruneChannels(m, { ratio: 0.5, scope: 'global' } as never), /known keys/);
});

test('pruneChannels works on MLPs too and leaks nothing', async () => {
  const m = mlp({ inputShape: [20], hidden: [32, 16], seed: 2 });
  await assertNoLeak(() => pruneChannels(m, { ratio: 0.25 }).model.dispose());
  const { model } = pruneChannels(m, { ratio: 0.25 });
  assert.deepEqual(
    model.layers.map((l) => l.getWeights()[0]?.shape ?? []),
    [
      [20, 24],
      [24, 12],
      [12, 10],
    ],
  );
});

test('QAT: the forward pass sees quantised weights, the float weights are updated (STE); bits are validated', async () => {
  const { train } = loadMnist({ trainSize: 128, testSize: 10, seed: 3 });
  const m = smallCnn({ seed: 3 });
  const qat = new QuantisationAwareTraining({ bits: 4 });
  const seen: number[] = [];
  const spy = {
    onBatchEnd: () => {
      seen.push(new Set(m.getLayer('conv1').getWeights()[0].dataSync()).size);
    },
  };
  const start = m.getLayer('conv1').getWeights()[0].dataSync().slice();
  await fit(m, train.xs, train.ys, {
    epochs: 1,
    batchSize: 64,
    seed: 1,
    callbacks: [qat, spy],
    gradientHook: qat.gradientHook,
  });
  const after = m.getLayer('conv1').getWeights()[0].dataSync();
  assert.ok(new Set(after).size > 16, 'float (shadow) weights remain after training');
  assert.ok(
    after.some((v, i) => v !== start[i]),
    'weights moved',
  );
  assert.ok(
    seen.every((n) => n > 16),
    'outside the step the model holds float weights',
  );
  // inside a step: check through a loss hook what the forward pass sees
  const levels: number[] = [];
  const perTensor = new QuantisationAwareTraining({ bits: 4, granularity: 'per-tensor' });
  await fit(m, train.xs, train.ys, {
    epochs: 1,
    batchSize: 64,
    seed: 1,
    callbacks: [perTensor],
    gradientHook: perTensor.gradientHook,
    lossHook: (ctx) => {
      levels.push(new Set(m.getLayer('logits').getWeights()[0].dataSync()).size);
      return ctx.baseLoss();
    },
  });
  assert.ok(
    levels.length === 2 && levels.every((n) => n <= 15),
    `4-bit symmetric: at most 15 levels in the step's forward pass: ${levels}`,
  );
  assert.ok(
    new Set(m.getLayer('logits').getWeights()[0].dataSync()).size > 15,
    'float weights restored after the step',
  );
  assert.throws(
    () => new QuantisationAwareTraining({ bits: 16 }),
    (e: Error) => e instanceof WorkbookError && /bits 16/.test(e.message) && /2, 3, 4/.test(e.message),
  );
  assert.throws(() => new QuantisationAwareTraining({ bits: 1 }), WorkbookError);
  const q = quantiseModel(m, qat.quantiseOptions);
  assert.ok(withQuantisedWeights(m, q, () => true));
  train.dispose();
});

test('gradient checkpointing gives the same gradients as one pass, holding less memory', () => {
  const m = referenceCnn({ seed: 4 });
  const { train } = loadMnist({ trainSize: 32, testSize: 10, seed: 4 });
  const vars = m.trainableWeights.map((w) => w.read() as tf.Variable);
  const plain = tf.variableGrads(
    () => tf.losses.softmaxCrossEntropy(train.ys, m.apply(train.xs, { training: true }) as tf.Tensor) as tf.Scalar,
    vars,
  );
  const full = activationBytes(m, train.xs, train.ys);
  for (const segments of [1, 3]) {
    const c = checkpointedGradients(m, train.xs, train.ys, { segments });
    for (const v of vars)
      assert.ok(maxAbs(c.grads[v.name], plain.grads[v.name]) < 1e-5, `${v.name} (${segments} segments)`);
    assert.ok(Math.abs(c.loss - plain.value.dataSync()[0]) < 1e-6);
    if (segments === 1) assert.ok(Math.abs(c.bytesPerExample - full.bytesPerExample) / full.bytesPerExample < 0.05);
    else assert.ok(c.bytesPerExample < 0.8 * full.bytesPerExample, `${c.bytesPerExample} vs ${full.bytesPerExample}`);
    tf.dispose(Object.values(c.grads));
  }
  tf.dispose([plain.value, ...Object.values(plain.grads)]);
  assert.throws(() => checkpointedGradients(m, train.xs, train.ys, { segments: 0 }), /segments 0/);
  train.dispose();
});

test('checkpointed training through fit leaks nothing', async () => {
  const m = smallCnn({ seed: 5 });
  const { train } = loadMnist({ trainSize: 64, testSize: 10, seed: 5 });
  await assertNoLeak(async () => {
    const opt = tf.train.adam(1e-3);
    await fit(m, train.xs, train.ys, {
      epochs: 1,
      batchSize: 32,
      seed: 1,
      optimizer: opt,
      gradientSource: checkpointedSource(m, train.xs, train.ys, { segments: 2 }),
    });
    opt.dispose();
    activationBytes(m, train.xs, train.ys);
  }, 2);
  train.dispose();
});
