import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend, assertNoLeak } from '../../helpers';
import { exportOnnx, checkOnnx, runOnnx, separableCnn } from '../../../src/lib/compress';
import { tfPads } from '../../../src/lib/compress/onnx-export';
import { WorkbookError, referenceCnn, mlp } from '../../../src/lib';

const TOLERANCE = 1e-4;

before(async () => {
  await useBackend();
});

/** Random non-trivial weights (so biases and batch-norm statistics are not 0/1) and a seeded input. */
function randomise(model: tf.LayersModel, seed: number): void {
  model.layers.forEach((l, i) =>
    l.weights.forEach((w, j) => {
      const positive = /variance/.test(w.name);
      const t = tf.tidy(() => {
        const r = tf.randomUniform(
          w.shape as number[],
          positive ? 0.5 : -0.5,
          positive ? 1.5 : 0.5,
          'float32',
          seed + i * 10 + j,
        );
        return r;
      });
      w.write(t);
      t.dispose();
    }),
  );
}

/**
 * Small layers get random weights everywhere (biases, BN statistics) and N(0,1) inputs. The zoo models
 * keep their own (Glorot) weights and get images in [0, 1], as in use: random ±0.5 weights on a
 * 3,136-wide dense layer give outputs in the hundreds, where float32 rounding alone exceeds 1e-4.
 */
async function roundTrip(
  name: string,
  model: tf.LayersModel,
  inputShape: number[],
  seed = 1,
  zoo = false,
): Promise<void> {
  if (!zoo) randomise(model, seed);
  const x = zoo
    ? tf.randomUniform([3, ...inputShape], 0, 1, 'float32', seed)
    : tf.randomNormal([3, ...inputShape], 0, 1, 'float32', seed);
  const r = await checkOnnx(model, exportOnnx(model), x);
  x.dispose();
  assert.ok(r.maxAbsDiff <= TOLERANCE, `${name}: max |tfjs − onnxruntime| = ${r.maxAbsDiff}`);
  model.dispose();
}

const img = (h = 7, w = 6, c = 3) => [h, w, c];
function seq(layers: tf.layers.Layer[]): tf.Sequential {
  const m = tf.sequential();
  layers.forEach((l) => m.add(l));
  return m;
}

const CASES: Array<[string, () => tf.LayersModel, number[], boolean?]> = [
  [
    'Dense + relu/sigmoid/tanh/softmax',
    () =>
      seq([
        tf.layers.dense({ inputShape: [5], units: 4, activation: 'relu' }),
        tf.layers.dense({ units: 4, activation: 'sigmoid' }),
        tf.layers.dense({ units: 4, activation: 'tanh' }),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ]),
    [5],
  ],
  [
    'Dense without bias + Activation layers',
    () =>
      seq([
        tf.layers.dense({ inputShape: [6], units: 4, useBias: false }),
        tf.layers.activation({ activation: 'elu' }),
        tf.layers.dense({ units: 4, activation: 'relu6' }),
        tf.layers.activation({ activation: 'softplus' }),
        tf.layers.dense({ units: 2, activation: 'linear' }),
      ]),
    [6],
  ],
  [
    'Conv2D same, stride 1',
    () =>
      seq([tf.layers.conv2d({ inputShape: img(), filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' })]),
    img(),
  ],
  [
    'Conv2D valid, stride 2, 2×3 kernel',
    () =>
      seq([tf.layers.conv2d({ inputShape: img(9, 8), filters: 5, kernelSize: [2, 3], strides: 2, padding: 'valid' })]),
    img(9, 8),
  ],
  [
    'Conv2D same, stride 2 (uneven padding)',
    () => seq([tf.layers.conv2d({ inputShape: img(8, 8), filters: 2, kernelSize: 4, strides: 2, padding: 'same' })]),
    img(8, 8),
  ],
  [
    'Conv2D dilated',
    () =>
      seq([tf.layers.conv2d({ inputShape: img(9, 9), filters: 2, kernelSize: 3, dilationRate: 2, padding: 'same' })]),
    img(9, 9),
  ],
  [
    'DepthwiseConv2D multiplier 2',
    () =>
      seq([
        tf.layers.depthwiseConv2d({
          inputShape: img(),
          kernelSize: 3,
          depthMultiplier: 2,
          padding: 'same',
          activation: 'relu',
        }),
      ]),
    img(),
  ],
  [
    'SeparableConv2D',
    () =>
      seq([
        tf.layers.separableConv2d({
          inputShape: img(),
          filters: 5,
          kernelSize: 3,
          depthMultiplier: 2,
          padding: 'valid',
          activation: 'tanh',
        }),
      ]),
    img(),
  ],
  [
    'MaxPooling2D valid/same',
    () =>
      seq([
        tf.layers.maxPooling2d({ inputShape: img(7, 7), poolSize: 2 }),
        tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }),
      ]),
    img(7, 7),
  ],
  [
    'AveragePooling2D valid/same',
    () =>
      seq([
        tf.layers.averagePooling2d({ inputShape: img(7, 7), poolSize: 2 }),
        tf.layers.averagePooling2d({ poolSize: 2, padding: 'same' }),
      ]),
    img(7, 7),
  ],
  [
    'GlobalAveragePooling2D + Dense',
    () =>
      seq([
        tf.layers.conv2d({ inputShape: img(), filters: 4, kernelSize: 3 }),
        tf.layers.globalAveragePooling2d({}),
        tf.layers.dense({ units: 3 }),
      ]),
    img(),
  ],
  ['GlobalMaxPooling2D', () => seq([tf.layers.globalMaxPooling2d({ inputShape: img() })]), img()],
  [
    'Flatten after conv keeps tfjs order',
    () =>
      seq([
        tf.layers.conv2d({ inputShape: img(5, 4, 2), filters: 3, kernelSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 4 }),
      ]),
    img(5, 4, 2),
  ],
  [
    'BatchNormalization on images and vectors',
    () =>
      seq([
        tf.layers.batchNormalization({ inputShape: img() }),
        tf.layers.flatten(),
        tf.layers.batchNormalization({ epsilon: 0.01 }),
        tf.layers.dense({ units: 2 }),
      ]),
    img(),
  ],
  [
    'Dropout is the identity',
    () =>
      seq([
        tf.layers.dense({ inputShape: [4], units: 8, activation: 'relu' }),
        tf.layers.dropout({ rate: 0.5 }),
        tf.layers.dense({ units: 2 }),
      ]),
    [4],
  ],
  [
    'Conv output (NHWC returned)',
    () => seq([tf.layers.conv2d({ inputShape: img(), filters: 2, kernelSize: 1 })]),
    img(),
  ],
  ['referenceCnn', () => referenceCnn({ seed: 1 }), [28, 28, 1], true],
  ['separableCnn', () => separableCnn({ seed: 1, separableFirst: true }), [28, 28, 1], true],
  ['mlp with dropout on images', () => mlp({ inputShape: [28, 28, 1], hidden: [16], dropout: 0.2 }), [28, 28, 1], true],
];

for (const [name, build, shape, zoo] of CASES) {
  test(`ONNX round trip in onnxruntime: ${name}`, async () => roundTrip(name, build(), shape, 1, zoo));
}

test('functional model with an InputLayer exports too', async () => {
  const input = tf.input({ shape: [6] });
  const out = tf.layers
    .dense({ units: 3, activation: 'relu' })
    .apply(tf.layers.dense({ units: 4 }).apply(input)) as tf.SymbolicTensor;
  await roundTrip('functional', tf.model({ inputs: input, outputs: out }), [6]);
});

test('unsupported layer → WorkbookError naming it', () => {
  const m = seq([
    tf.layers.dense({ inputShape: [4], units: 4 }),
    tf.layers.reshape({ targetShape: [2, 2], name: 'my_reshape' }),
  ]);
  assert.throws(
    () => exportOnnx(m),
    (e: unknown) =>
      e instanceof WorkbookError && /my_reshape/.test((e as Error).message) && /Reshape/.test((e as Error).message),
  );
  const lstm = seq([tf.layers.simpleRNN({ inputShape: [3, 2], units: 2, name: 'rnn' })]);
  assert.throws(() => exportOnnx(lstm), /rnn.*SimpleRNN/);
  const act = seq([tf.layers.dense({ inputShape: [4], units: 4, activation: 'selu', name: 'd_selu' })]);
  assert.throws(() => exportOnnx(act), /d_selu.*selu/);
  tf.dispose([m, lstm, act].map((x) => x.dispose()) as never);
});

test('TF same padding puts the extra pixel at the end', () => {
  assert.deepEqual(tfPads('same', [8, 8], [3, 3], [2, 2]), [0, 0, 1, 1]);
  assert.deepEqual(tfPads('same', [8, 6], [4, 4], [2, 2]), [1, 1, 1, 1]);
  assert.deepEqual(tfPads('same', [7, 7], [3, 3], [1, 1]), [1, 1, 1, 1]);
  assert.deepEqual(tfPads('valid', [7, 7], [3, 3], [1, 1]), [0, 0, 0, 0]);
});

test('exportOnnx leaks no tensors and is deterministic', async () => {
  const m = referenceCnn({ seed: 2 });
  await assertNoLeak(() => exportOnnx(m));
  assert.deepEqual(exportOnnx(m), exportOnnx(m));
  m.dispose();
});

test('runOnnx / checkOnnx validate their arguments', async () => {
  const x = tf.zeros([1, 4]);
  await assert.rejects(runOnnx(new Uint8Array(0), x), /onnxBytes/);
  await assert.rejects(checkOnnx({} as tf.LayersModel, new Uint8Array(1), x), /checkOnnx: model/);
  const m = seq([tf.layers.dense({ inputShape: [4], units: 2 })]);
  await assert.rejects(checkOnnx(m, exportOnnx(m), x.reshape([2, 2])), /checkOnnx: x shape \[2, 2\]/);
  x.dispose();
  m.dispose();
});
