/**
 * Every common tf.layers layer trains on wasm: one gradient computation per layer on wasm and on
 * the reference cpu backend (same weights, same input), max relative difference ≤ 1e-4, then one
 * Adam step on wasm. Small shapes keep the cpu side fast.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { compareGradients, onBackend } from '../../../src/experiments/01-backends';
import { assertNoLeak } from '../../helpers';
import { values } from './compare';

const BATCH = 3;
const TOLERANCE = 1e-4;
let initSeed = 0;
const init = () => tf.initializers.glorotUniform({ seed: ++initSeed });

/** A model: input → layers → (flatten) → dense(3) head, weights seeded. */
function model(
  inputShape: number[],
  layers: () => tf.layers.Layer[],
  dtype: 'float32' | 'int32' = 'float32',
): () => tf.LayersModel {
  return () => {
    initSeed = 0;
    const input = tf.input({ shape: inputShape, dtype });
    let h = input as tf.SymbolicTensor;
    for (const l of layers()) h = l.apply(h) as tf.SymbolicTensor;
    if (h.shape.length > 2) h = tf.layers.flatten().apply(h) as tf.SymbolicTensor;
    h = tf.layers.dense({ units: 3, kernelInitializer: init() }).apply(h) as tf.SymbolicTensor;
    return tf.model({ inputs: input, outputs: h });
  };
}

const floats =
  (shape: number[], seed = 1) =>
  () =>
    tf.tensor(values([BATCH, ...shape], seed), [BATCH, ...shape]);
const ints = (shape: number[], vocab: number) => () =>
  tf.tensor(
    Array.from(values([BATCH, ...shape], 2), (v) => Math.floor(((v + 1) * vocab) / 2)),
    [BATCH, ...shape],
    'int32',
  );

// a 1×1 conv / dense first, so layers that have no weights (and the input gradients of those that do) get exercised
const conv1x1 = (filters: number) => tf.layers.conv2d({ filters, kernelSize: 1, kernelInitializer: init() });
const denseFirst = (units: number) => tf.layers.dense({ units, kernelInitializer: init() });

const CASES: Record<string, { build: () => tf.LayersModel; input: () => tf.Tensor }> = {
  Dense: {
    build: model([6], () => [
      tf.layers.dense({ units: 5, activation: 'relu', kernelInitializer: init() }),
      tf.layers.dense({ units: 4, activation: 'tanh', kernelInitializer: init() }),
    ]),
    input: floats([6]),
  },
  Conv1D: {
    build: model([9, 3], () => [
      tf.layers.conv1d({
        filters: 4,
        kernelSize: 3,
        strides: 2,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init(),
      }),
      tf.layers.conv1d({ filters: 2, kernelSize: 2, kernelInitializer: init() }),
    ]),
    input: floats([9, 3]),
  },
  Conv2D: {
    build: model([7, 8, 2], () => [
      tf.layers.conv2d({
        filters: 4,
        kernelSize: 3,
        strides: 2,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init(),
      }),
      tf.layers.conv2d({ filters: 3, kernelSize: [2, 3], padding: 'valid', kernelInitializer: init() }),
    ]),
    input: floats([7, 8, 2]),
  },
  DepthwiseConv2D: {
    build: model([7, 7, 3], () => [
      conv1x1(3),
      tf.layers.depthwiseConv2d({
        kernelSize: 3,
        depthMultiplier: 2,
        strides: 2,
        padding: 'same',
        depthwiseInitializer: init(),
      }),
    ]),
    input: floats([7, 7, 3]),
  },
  SeparableConv2D: {
    build: model([6, 6, 2], () => [
      conv1x1(3),
      tf.layers.separableConv2d({
        filters: 4,
        kernelSize: 3,
        depthMultiplier: 2,
        padding: 'same',
        depthwiseInitializer: init(),
        pointwiseInitializer: init(),
      }),
    ]),
    input: floats([6, 6, 2]),
  },
  Conv2DTranspose: {
    build: model([4, 5, 3], () => [
      conv1x1(3),
      tf.layers.conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: 'same', kernelInitializer: init() }),
    ]),
    input: floats([4, 5, 3]),
  },
  MaxPooling2D: {
    build: model([7, 6, 2], () => [
      conv1x1(3),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.maxPooling2d({ poolSize: 2, strides: 1, padding: 'same' }),
    ]),
    input: floats([7, 6, 2]),
  },
  MaxPooling1D: {
    build: model([9, 2], () => [denseFirst(3), tf.layers.maxPooling1d({ poolSize: 2 })]),
    input: floats([9, 2]),
  },
  AveragePooling2D: {
    build: model([7, 6, 2], () => [
      conv1x1(3),
      tf.layers.averagePooling2d({ poolSize: 3, strides: 2, padding: 'same' }),
    ]),
    input: floats([7, 6, 2]),
  },
  AveragePooling1D: {
    build: model([9, 2], () => [denseFirst(3), tf.layers.averagePooling1d({ poolSize: 2 })]),
    input: floats([9, 2]),
  },
  GlobalAveragePooling2D: {
    build: model([5, 5, 2], () => [conv1x1(4), tf.layers.globalAveragePooling2d({})]),
    input: floats([5, 5, 2]),
  },
  GlobalAveragePooling1D: {
    build: model([6, 2], () => [denseFirst(4), tf.layers.globalAveragePooling1d({})]),
    input: floats([6, 2]),
  },
  GlobalMaxPooling2D: {
    build: model([5, 5, 2], () => [conv1x1(4), tf.layers.globalMaxPooling2d({})]),
    input: floats([5, 5, 2]),
  },
  BatchNormalization: {
    build: model([5, 5, 2], () => [
      conv1x1(4),
      tf.layers.batchNormalization({}),
      tf.layers.flatten(),
      denseFirst(4),
      tf.layers.batchNormalization({}),
    ]),
    input: floats([5, 5, 2]),
  },
  LayerNormalization: {
    build: model([6], () => [denseFirst(5), tf.layers.layerNormalization({})]),
    input: floats([6]),
  },
  Dropout: { build: model([6], () => [denseFirst(5), tf.layers.dropout({ rate: 0.5, seed: 3 })]), input: floats([6]) },
  Embedding: {
    build: model(
      [5],
      () => [tf.layers.embedding({ inputDim: 11, outputDim: 4, embeddingsInitializer: init() })],
      'int32',
    ),
    input: ints([5], 11),
  },
  LSTM: {
    build: model([4, 3], () => [
      tf.layers.lstm({ units: 4, returnSequences: true, kernelInitializer: init(), recurrentInitializer: init() }),
    ]),
    input: floats([4, 3]),
  },
  GRU: {
    build: model([4, 3], () => [tf.layers.gru({ units: 4, kernelInitializer: init(), recurrentInitializer: init() })]),
    input: floats([4, 3]),
  },
  SimpleRNN: {
    build: model([4, 3], () => [
      tf.layers.simpleRNN({ units: 4, kernelInitializer: init(), recurrentInitializer: init() }),
    ]),
    input: floats([4, 3]),
  },
  Flatten: { build: model([3, 4], () => [denseFirst(2), tf.layers.flatten()]), input: floats([3, 4]) },
};

for (const [name, c] of Object.entries(CASES)) {
  test(`${name}: wasm gradients match cpu (max rel diff ≤ ${TOLERANCE}) and an Adam step runs`, async () => {
    const r = await compareGradients(c.build, c.input, 'wasm');
    assert.ok(r.tested.grads.length > 0, 'no trainable weights');
    assert.ok(
      r.tested.grads.some((g) => g.some((v) => v !== 0)),
      'all gradients are zero: the case tests nothing',
    );
    assert.ok(r.maxRelDiff <= TOLERANCE, `${name}: max rel diff ${r.maxRelDiff}`);
    await onBackend('wasm', () => {
      const m = c.build();
      const opt = tf.train.adam(1e-2);
      const x = c.input();
      const loss = () => tf.tidy(() => (m.apply(x, { training: true }) as tf.Tensor).square().mean() as tf.Scalar);
      const before = loss().dataSync()[0];
      for (let i = 0; i < 3; i++) tf.dispose(opt.minimize(loss, true) ?? undefined);
      const after = loss().dataSync()[0];
      assert.ok(
        Number.isFinite(after) && after < before,
        `${name}: loss ${before} → ${after} after 3 Adam steps on wasm`,
      );
      tf.dispose(x);
      opt.dispose();
      m.dispose();
    });
  });
}

test('comparing gradients leaks no tensors', async () => {
  await assertNoLeak(() => compareGradients(CASES.Conv2D.build, CASES.Conv2D.input));
});
