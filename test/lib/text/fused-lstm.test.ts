/**
 * The fused LSTM against tf.layers.lstm: same weights in, same outputs and gradients out (float
 * tolerance), gradients against finite differences, no leaks, seeded determinism, bad arguments.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { fusedLstm, rnnClassifier } from '../../../src/lib/text';
import { FusedLstm } from '../../../src/lib/text/fused-lstm';
import { WorkbookError } from '../../../src/lib/errors';
import { useBackend, assertNoLeak } from '../../helpers';

const seeded = (seed: number) => tf.initializers.glorotUniform({ seed });

interface Case {
  B: number;
  T: number;
  D: number;
  U: number;
  returnSequences: boolean;
  recurrentActivation: 'hardSigmoid' | 'sigmoid';
}

/** Outputs and gradients (input, kernel, recurrent kernel, bias) of a loss Σ out·w for a layer. */
function outputsAndGradients(layer: tf.layers.Layer, x: tf.Tensor3D, w: tf.Tensor) {
  return tf.tidy(() => {
    const out = layer.apply(x) as tf.Tensor;
    const loss = () => tf.sum(tf.mul(layer.apply(x) as tf.Tensor, w)) as tf.Scalar;
    const { grads } = tf.variableGrads(
      loss,
      layer.trainableWeights.map((v) => (v as unknown as { val: tf.Variable }).val),
    );
    // (tf.layers.lstm's own input gradient fails for a single step: tfjs stacks an undefined gradient)
    const dx =
      x.shape[1] > 1
        ? tf.grad((input: tf.Tensor) => tf.sum(tf.mul(layer.apply(input) as tf.Tensor, w)))(x)
        : tf.zeros([1]);
    return {
      out: Array.from(out.dataSync()),
      dx: Array.from(dx.dataSync()),
      dw: layer.trainableWeights.map((v) =>
        Array.from(grads[(v as unknown as { val: tf.Variable }).val.name].dataSync()),
      ),
    };
  });
}

const maxAbsDiff = (a: number[], b: number[]) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

function pair(c: Case, seed = 1) {
  const args = {
    units: c.U,
    returnSequences: c.returnSequences,
    recurrentActivation: c.recurrentActivation,
    kernelInitializer: seeded(seed),
    recurrentInitializer: seeded(seed + 1),
    biasInitializer: tf.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed: seed + 2 }),
  };
  const reference = tf.layers.lstm({ ...args }); // a copy: tf.layers.lstm writes `cell` into its argument
  const fused = fusedLstm(args);
  // built (and counted as used, so dispose() works) by applying them once
  tf.tidy(() => [reference, fused].forEach((l) => l.apply(tf.zeros([c.B, c.T, c.D]))));
  return { reference, fused };
}

for (const backend of ['wasm', 'cpu'] as const) {
  test(`fusedLstm equals tf.layers.lstm (outputs, all gradients) with the same weights, on ${backend}`, async () => {
    await useBackend(backend);
    const cases: Case[] = [
      { B: 3, T: 7, D: 4, U: 8, returnSequences: false, recurrentActivation: 'hardSigmoid' },
      { B: 5, T: 6, D: 3, U: 5, returnSequences: true, recurrentActivation: 'sigmoid' }, // U not a multiple of 4
      { B: 1, T: 1, D: 2, U: 4, returnSequences: false, recurrentActivation: 'sigmoid' },
      { B: 4, T: 9, D: 6, U: 7, returnSequences: true, recurrentActivation: 'hardSigmoid' },
    ];
    for (const c of cases) {
      const { reference, fused } = pair(c);
      // fused weights are the reference's own (interchange by getWeights/setWeights)
      fused.setWeights(reference.getWeights());
      const x = tf.randomNormal([c.B, c.T, c.D], 0, 1.5, 'float32', 7) as tf.Tensor3D;
      const outShape = c.returnSequences ? [c.B, c.T, c.U] : [c.B, c.U];
      const w = tf.randomNormal(outShape, 0, 1, 'float32', 8);
      const a = outputsAndGradients(reference, x, w);
      const b = outputsAndGradients(fused, x, w);
      assert.deepEqual(fused.computeOutputShape([c.B, c.T, c.D]), outShape);
      const label = JSON.stringify(c);
      assert.ok(maxAbsDiff(b.out, a.out) < 2e-6, `${label}: outputs differ by ${maxAbsDiff(b.out, a.out)}`);
      assert.ok(maxAbsDiff(b.dx, a.dx) < 1e-5, `${label}: dx differs by ${maxAbsDiff(b.dx, a.dx)}`);
      a.dw.forEach((g, i) =>
        assert.ok(maxAbsDiff(b.dw[i], g) < 1e-5, `${label}: gradient ${i} differs by ${maxAbsDiff(b.dw[i], g)}`),
      );
      tf.dispose([x, w]);
      reference.dispose();
      fused.dispose();
    }
  });
}

test('fusedLstm gradients agree with central finite differences (sigmoid gates, smooth)', async () => {
  await useBackend('wasm');
  const c: Case = { B: 2, T: 5, D: 3, U: 6, returnSequences: true, recurrentActivation: 'sigmoid' };
  const { reference, fused } = pair(c, 11);
  reference.dispose();
  const x = tf.randomNormal([c.B, c.T, c.D], 0, 1, 'float32', 3) as tf.Tensor3D;
  const w = tf.randomNormal([c.B, c.T, c.U], 0, 1, 'float32', 4);
  const { dw } = outputsAndGradients(fused, x, w);
  const loss = () => tf.tidy(() => tf.sum(tf.mul(fused.apply(x) as tf.Tensor, w)).dataSync()[0]);
  const eps = 1e-2;
  fused.trainableWeights.forEach((v, k) => {
    const values = v.read().dataSync().slice();
    for (const i of [0, 3, values.length - 1]) {
      const probe = (delta: number) => {
        const copy = values.slice();
        copy[i] += delta;
        v.write(tf.tensor(copy, v.shape as number[]));
        return loss();
      };
      const numeric = (probe(eps) - probe(-eps)) / (2 * eps);
      v.write(tf.tensor(values, v.shape as number[]));
      assert.ok(Math.abs(numeric - dw[k][i]) < 2e-3, `${v.name}[${i}]: analytic ${dw[k][i]} vs numeric ${numeric}`);
    }
  });
  tf.dispose([x, w]);
  fused.dispose();
});

test('fusedLstm: no tensors left by forward and backward passes; same seed, same bits', async () => {
  await useBackend('wasm');
  const c: Case = { B: 4, T: 6, D: 5, U: 8, returnSequences: false, recurrentActivation: 'hardSigmoid' };
  const x = tf.randomNormal([c.B, c.T, c.D], 0, 1, 'float32', 5) as tf.Tensor3D;
  const w = tf.randomNormal([c.B, c.U], 0, 1, 'float32', 6);
  const first = pair(c, 3).fused;
  const second = pair(c, 3).fused;
  await assertNoLeak(() => outputsAndGradients(first, x, w));
  assert.deepEqual(outputsAndGradients(first, x, w), outputsAndGradients(second, x, w));
  assert.deepEqual(outputsAndGradients(first, x, w), outputsAndGradients(first, x, w));
  const before = tf.memory().numTensors;
  first.dispose();
  second.dispose();
  assert.equal(tf.memory().numTensors, before - 6, 'dispose frees the three weights of each layer');
  tf.dispose([x, w]);
});

test('fusedLstm trains inside a model with fit-style optimisation, like tf.layers.lstm', async () => {
  await useBackend('wasm');
  const build = (layer: tf.layers.Layer) => {
    const m = tf.sequential();
    m.add(tf.layers.embedding({ inputDim: 20, outputDim: 4, inputLength: 6, embeddingsInitializer: seeded(1) }));
    m.add(layer);
    m.add(tf.layers.dense({ units: 2, kernelInitializer: seeded(2) }));
    m.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
    return m;
  };
  const args = { units: 8, kernelInitializer: seeded(3), recurrentInitializer: seeded(4) };
  const a = build(tf.layers.lstm({ ...args }));
  const b = build(fusedLstm(args));
  const x = tf.randomUniform([32, 6], 0, 20, 'int32', 9);
  const y = tf.oneHot(tf.randomUniform([32], 0, 2, 'int32', 10), 2).toFloat();
  const ha = await a.fit(x, y, { epochs: 5, batchSize: 8, shuffle: false, verbose: 0 });
  const hb = await b.fit(x, y, { epochs: 5, batchSize: 8, shuffle: false, verbose: 0 });
  const la = ha.history.loss as number[];
  const lb = hb.history.loss as number[];
  assert.ok(la[4] < la[0], 'the reference learns');
  lb.forEach((l, i) => assert.ok(Math.abs(l - la[i]) < 1e-4, `epoch ${i}: loss ${l} vs ${la[i]}`));
  tf.dispose([x, y]);
  a.dispose();
  b.dispose();
});

test('fusedLstm rejects bad arguments naming the parameter, before any tensor exists', async () => {
  await useBackend('wasm');
  const before = tf.memory().numTensors;
  assert.throws(
    () => fusedLstm({ units: 0 }),
    (e: unknown) => e instanceof WorkbookError && /units 0/.test(String(e)),
  );
  assert.throws(() => fusedLstm({ units: 2.5 }), /units 2.5/);
  assert.throws(() => fusedLstm({ units: 4, dropout: 0.1 } as never), /unknown option `dropout`/);
  assert.throws(() => fusedLstm({ units: 4, recurrentActivation: 'relu' as never }), /recurrentActivation "relu"/);
  assert.throws(() => fusedLstm({ units: 4, activation: 'relu' as never }), /activation "relu"/);
  assert.throws(() => fusedLstm({ units: 4, kernelInitializer: 'glorotNormel' }), /kernelInitializer/);
  assert.throws(() => fusedLstm({ units: 4, inputShape: [5] }), /inputShape/);
  assert.throws(() => fusedLstm(null as never), /args/);
  assert.equal(tf.memory().numTensors, before);
  const layer = fusedLstm({ units: 3 });
  const masked = tf.sequential({
    layers: [tf.layers.embedding({ inputDim: 5, outputDim: 2, inputLength: 4, maskZero: true }), layer],
  });
  assert.throws(() => masked.predict(tf.zeros([1, 4])), /mask/);
  masked.dispose();
});

test('fusedLstm serialises: a model saves and loads (tf.io) with its config, weights and outputs', async () => {
  await useBackend('wasm');
  const layer = fusedLstm({
    units: 3,
    returnSequences: true,
    recurrentActivation: 'sigmoid',
    name: 'enc',
    kernelInitializer: seeded(1),
  });
  const m = tf.sequential({ layers: [tf.layers.inputLayer({ inputShape: [4, 2] }), layer] });
  assert.deepEqual(
    m.getWeights().map((w) => w.shape),
    [[2, 12], [3, 12], [12]],
  );
  assert.deepEqual(
    layer.weights.map((w) => w.originalName),
    ['enc/kernel', 'enc/recurrent_kernel', 'enc/bias'],
  );
  let saved: tf.io.ModelArtifacts | undefined;
  await m.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
  const copy = loaded.layers.find((l) => l.name === 'enc')!;
  assert.equal(copy.getClassName(), FusedLstm.className);
  assert.equal(copy.getConfig().recurrentActivation, 'sigmoid');
  const x = tf.randomNormal([2, 4, 2], 0, 1, 'float32', 1);
  const [a, b] = [m, loaded].map((model) => Array.from((model.predict(x) as tf.Tensor).dataSync()));
  assert.deepEqual(b, a);
  x.dispose();
  m.dispose();
  loaded.dispose();
});

test('rnnClassifier: the LSTM is fused by default, tf.layers.lstm with fused: false, and fused is refused for the GRU', async () => {
  await useBackend('wasm');
  const common = { vocabularySize: 10, sequenceLength: 4, embeddingDim: 3, units: 2, seed: 1 };
  const fused = rnnClassifier(common);
  const stock = rnnClassifier({ ...common, fused: false });
  assert.equal(fused.getLayer('encoder').getClassName(), FusedLstm.className);
  assert.equal(stock.getLayer('encoder').getClassName(), 'LSTM');
  // same seed, same initial weights: the two interchange
  const [a, b] = [fused, stock].map((m) => m.getWeights().map((w) => Array.from(w.dataSync())));
  assert.deepEqual(a, b);
  assert.throws(() => rnnClassifier({ ...common, cell: 'gru', fused: true }), /fused true/);
  assert.throws(() => rnnClassifier({ ...common, fused: 'yes' as never }), /fused "yes"/);
  fused.dispose();
  stock.dispose();
});
