/** Early stopping: patience, minDelta, restore-best-weights, and a real run that stops. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { tf, fit, mlp, EarlyStopping, loadMnist, WorkbookError, TrainState } from '../../../src/lib';
import { useBackend } from '../../helpers';

test('stops after patience epochs without an improvement larger than minDelta', async () => {
  await useBackend();
  const model = mlp({ inputShape: [4], hidden: [2], numClasses: 2, seed: 1 });
  const state = { model, stopTraining: false } as unknown as TrainState;
  const stop = new EarlyStopping({ monitor: 'val_loss', patience: 2, minDelta: 0.01 });
  stop.onTrainBegin();
  const losses = [1, 0.8, 0.795, 0.79, 0.5];
  for (const [e, l] of losses.entries()) {
    stop.onEpochEnd(e, { val_loss: l }, state);
    if (state.stopTraining) break;
  }
  assert.equal(stop.stoppedEpoch, 3, '0.795 and 0.79 are within minDelta of 0.8');
  assert.equal(stop.bestEpoch, 1);
  assert.equal(stop.best, 0.8);
  const acc = new EarlyStopping({ monitor: 'val_acc' }); // auto mode: higher is better
  acc.onTrainBegin();
  state.stopTraining = false;
  acc.onEpochEnd(0, { val_acc: 0.5 }, state);
  acc.onEpochEnd(1, { val_acc: 0.6 }, state);
  assert.equal(state.stopTraining, false);
  acc.onEpochEnd(2, { val_acc: 0.55 }, state);
  assert.equal(state.stopTraining, true);
  model.dispose();
});

test("restoreBestWeights puts back the best epoch's weights when training ends", async () => {
  await useBackend();
  const model = mlp({ inputShape: [4], hidden: [2], numClasses: 2, seed: 1 });
  const state = { model, stopTraining: false } as unknown as TrainState;
  const stop = new EarlyStopping({ patience: 1, restoreBestWeights: true });
  const setAll = (v: number) => model.setWeights(model.getWeights().map((w) => tf.fill(w.shape, v)));
  const before = tf.memory().numTensors;
  stop.onTrainBegin();
  [0.9, 0.3, 0.7, 0.8].forEach((l, e) => {
    setAll(e + 1); // weights after epoch e are all e+1
    if (!state.stopTraining) stop.onEpochEnd(e, { val_loss: l }, state);
  });
  stop.onTrainEnd(state);
  assert.equal(stop.bestEpoch, 1);
  assert.equal(stop.stoppedEpoch, 2);
  assert.ok(
    model.getWeights().every((w) => w.dataSync().every((v) => v === 2)),
    'weights of epoch 1 restored',
  );
  assert.ok(tf.memory().numTensors <= before + model.weights.length * 4, 'saved copies were disposed');
  model.dispose();
});

test('a real run stops early and ends with its best validation loss', async () => {
  await useBackend();
  const { train, test: t } = loadMnist({ trainSize: 200, testSize: 200, seed: 3, flat: true });
  const model = mlp({ hidden: [64], seed: 1 });
  const stop = new EarlyStopping({ patience: 2, restoreBestWeights: true });
  const h = await fit(model, train.xs, train.ys, {
    epochs: 40,
    batchSize: 20,
    optimizer: tf.train.adam(3e-3),
    validationData: [t.xs, t.ys],
    callbacks: [stop],
    seed: 1,
  });
  assert.ok(h.epoch.length < 40, `stopped after ${h.epoch.length} epochs`);
  assert.equal(h.epoch.length, stop.stoppedEpoch + 1);
  assert.equal(stop.stoppedEpoch, stop.bestEpoch + 2);
  const { evaluate } = await import('../../../src/lib');
  const now = evaluate(model, t.xs, t.ys).loss;
  assert.ok(
    Math.abs(now - Math.min(...h.history.val_loss)) < 1e-4,
    `restored val_loss ${now} vs best ${Math.min(...h.history.val_loss)}`,
  );
  train.dispose();
  t.dispose();
  model.dispose();
});

test('invalid early-stopping options name the parameter', () => {
  assert.throws(
    () => new EarlyStopping({ patience: -1 }),
    (e: unknown) => e instanceof WorkbookError && /EarlyStopping: patience -1 is invalid/.test((e as Error).message),
  );
  assert.throws(() => new EarlyStopping({ minDelta: -0.1 }), /minDelta -0.1/);
  assert.throws(() => new EarlyStopping({ mode: 'up' as never }), /mode "up"/);
  const stop = new EarlyStopping();
  stop.onTrainBegin();
  assert.throws(() => stop.onEpochEnd(0, { loss: 1 }, {} as TrainState), /monitor "val_loss" is not in the epoch logs/);
});
