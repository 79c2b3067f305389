import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend, assertNoLeak } from '../helpers';
import { smallCnn, mlp } from '../../src/lib';
import { loadMnist } from '../../src/lib';
import { WorkbookError } from '../../src/lib';
import {
  selectOnValidation,
  prepareTransfer,
  compare,
  summariseTransfer,
  sourceModel,
  SOURCE_RECIPE,
} from '../../src/experiments/17-fine-tuning';

test('selectOnValidation: every grid point tried, sorted best first, best epoch reported; bad grid rejected', async () => {
  await useBackend();
  const x = tf.randomNormal([60, 5], 0, 1, 'float32', 3);
  const y = tf.tidy(() =>
    tf.oneHot(tf.argMax(tf.matMul(x, tf.randomNormal([5, 3], 0, 1, 'float32', 4)), -1), 3).toFloat(),
  );
  const build = async (lr: number) => {
    const model = mlp({ inputShape: [5], hidden: [8], numClasses: 3, seed: 1 });
    const optimizer = tf.train.sgd(lr);
    return {
      model,
      fitOptions: { optimizer },
      dispose: () => {
        model.dispose();
        optimizer.dispose();
      },
    };
  };
  const before = tf.memory().numTensors;
  const trials = await selectOnValidation({
    build,
    x,
    y,
    learningRates: [1e-4, 0.5],
    batchSizes: [8, 16],
    epochs: 4,
    seed: 1,
  });
  assert.equal(tf.memory().numTensors, before);
  assert.equal(trials.length, 4);
  assert.deepEqual(
    trials.map((t) => t.bestValAcc),
    trials.map((t) => t.bestValAcc).sort((a, b) => b - a),
  );
  assert.equal(trials[0].learningRate, 0.5, 'a rate of 1e-4 barely moves in 4 epochs; 0.5 should win');
  trials.forEach((t) => assert.equal(t.valAcc[t.bestEpoch - 1], t.bestValAcc));
  await assert.rejects(
    selectOnValidation({ build, x, y, learningRates: [], batchSizes: [8], epochs: 1 }),
    WorkbookError,
  );
  await assert.rejects(
    selectOnValidation({ build, x, y, learningRates: [1e-3], batchSizes: [0], epochs: 1 }),
    /selectOnValidation: batchSizes\[0\] 0 is invalid/,
  );
  tf.dispose([x, y]);
});

test('prepareTransfer: feature extraction trains only the head, scratch has fresh weights; unknown strategy → error', async () => {
  await useBackend();
  const source = smallCnn({ numClasses: 5, seed: 2 });
  const scratch = (seed: number, numClasses: number) => smallCnn({ seed: seed + 100, numClasses });
  const fe = await prepareTransfer('feature-extraction', source, 4, { scratch, seed: 1 });
  assert.deepEqual(
    fe.model.trainableWeights.map((w) => w.originalName),
    ['logits/kernel', 'logits/bias'],
  );
  const sc = await prepareTransfer('scratch', source, 4, { scratch, seed: 1 });
  assert.notDeepEqual(
    Array.from(sc.model.getLayer('conv1').getWeights()[0].dataSync()),
    Array.from(source.getLayer('conv1').getWeights()[0].dataSync()),
  );
  const gd = await prepareTransfer('gradual-discriminative', source, 4, { scratch, seed: 1 });
  assert.ok(gd.fitOptions.gradientHook && gd.fitOptions.callbacks!.length === 2);
  await assert.rejects(
    prepareTransfer('linear-probe' as never, source, 4, { scratch }),
    /prepareTransfer: strategy "linear-probe" is invalid; accepted: one of "scratch"/,
  );
  [fe, sc, gd].forEach((r) => r.dispose());
  source.dispose();
});

test('transfer helps with few labels: frozen pretrained features beat training from scratch on 30 examples of digits 5-9', async () => {
  await useBackend();
  const source = await sourceModel(); // loads models/… or pretrains it (≈10 s)
  assert.ok(source.testAccuracy > 0.95, `source model test accuracy ${source.testAccuracy}`);
  assert.deepEqual(source.model.outputs[0].shape, [null, SOURCE_RECIPE.digits.length]);
  const { train, test } = loadMnist({ digits: [5, 6, 7, 8, 9], trainSize: 600, testSize: 500, seed: 3 });
  const tensorsBefore = tf.memory().numTensors;
  const runs = await compare({
    source: source.model,
    train,
    test,
    sizes: [30],
    seeds: [1, 2],
    strategies: ['scratch', 'feature-extraction'],
    epochs: 15,
    batchSize: 10,
    validationSize: 100,
    learningRates: { scratch: 3e-3, 'feature-extraction': 1e-2, 'fine-tune': 1e-3, 'gradual-discriminative': 3e-3 },
    scratch: (s, n) => smallCnn({ seed: s, numClasses: n }),
    onRun: () => undefined,
  });
  assert.equal(tf.memory().numTensors, tensorsBefore, 'compareTransfer leaked tensors');
  const [scratch, frozen] = summariseTransfer(runs);
  assert.equal(scratch.strategy, 'scratch');
  assert.ok(
    frozen.accuracy > scratch.accuracy && frozen.macroF1 > scratch.macroF1,
    `feature extraction ${frozen.accuracy} vs scratch ${scratch.accuracy}`,
  );
  runs.forEach((r) => assert.equal(r.curve.length, 15));
  train.dispose();
  test.dispose();
  source.model.dispose();
});
