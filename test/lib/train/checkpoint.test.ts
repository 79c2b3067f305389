/** Checkpoints: best and last on disk, exact resume (weights and optimizer state), clear errors. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tf, fit, mlp, ModelCheckpoint, loadCheckpoint, saveCheckpoint, WorkbookError } from '../../../src/lib';
import { assertNoLeak, useBackend } from '../../helpers';

const data = () => {
  const x = tf.randomNormal([60, 10], 0, 1, 'float32', 5);
  const y = tf.oneHot(
    tf.tensor1d(
      Array.from({ length: 60 }, (_, i) => i % 3),
      'int32',
    ),
    3,
  );
  return { x, y };
};
const flat = (m: tf.LayersModel) => m.getWeights().flatMap((w) => Array.from(w.dataSync()));
const model = (dropout = 0) => mlp({ inputShape: [10], hidden: [8], dropout, numClasses: 3, seed: 4 });

test('resuming from the last checkpoint continues exactly like an uninterrupted run (Adam state and dropout masks included)', async () => {
  await useBackend();
  const { x, y } = data();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ckpt-'));
  const straight = model(0.3);
  await fit(straight, x, y, { epochs: 4, batchSize: 16, optimizer: tf.train.adam(0.01), seed: 9 });

  const first = model(0.3);
  const ckpt = new ModelCheckpoint({ dir, monitor: 'loss' });
  await fit(first, x, y, { epochs: 2, batchSize: 16, optimizer: tf.train.adam(0.01), seed: 9, callbacks: [ckpt] });
  assert.ok(
    fs.existsSync(path.join(dir, 'last', 'checkpoint.json')) && fs.existsSync(path.join(dir, 'best', 'weights.bin')),
  );

  const resumed = model(0.3);
  const optimizer = tf.train.adam(0.01);
  const { epoch } = await loadCheckpoint(ckpt.lastPath, resumed, optimizer);
  assert.equal(epoch, 1);
  assert.deepEqual(flat(resumed), flat(first));
  const h = await fit(resumed, x, y, { epochs: 4, initialEpoch: epoch + 1, batchSize: 16, optimizer, seed: 9 });
  assert.deepEqual(h.epoch, [2, 3]);
  const a = flat(resumed),
    b = flat(straight);
  const d = a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
  assert.ok(d < 1e-5, `max |Δw| ${d}`);
  [straight, first, resumed].forEach((m) => m.dispose());
  tf.dispose([x, y]);
  fs.rmSync(dir, { recursive: true });
});

test('best/ holds the weights of the best epoch, last/ the final ones', async () => {
  await useBackend();
  const { x, y } = data();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ckpt-'));
  const m = model();
  const ckpt = new ModelCheckpoint({ dir, saveOptimizer: false });
  // Scrambling the weights after epoch 2 makes validation loss jump, so best ≠ last.
  const scramble = {
    onEpochEnd: (e: number) => void (e === 2 && m.setWeights(m.getWeights().map((w) => tf.mul(w, -3)))),
  };
  const h = await fit(m, x, y, {
    epochs: 6,
    batchSize: 20,
    optimizer: tf.train.sgd(0.2),
    validationData: [x, y],
    callbacks: [ckpt, scramble],
    seed: 1,
  });
  const best = JSON.parse(fs.readFileSync(path.join(dir, 'best', 'checkpoint.json'), 'utf8'));
  const last = JSON.parse(fs.readFileSync(path.join(dir, 'last', 'checkpoint.json'), 'utf8'));
  const vl = h.history.val_loss;
  assert.equal(best.epoch, vl.indexOf(Math.min(...vl)));
  assert.ok(best.epoch <= 2, `best epoch ${best.epoch}, val_loss ${vl}`);
  assert.equal(last.epoch, 5);
  const restored = model();
  await loadCheckpoint(ckpt.bestPath, restored);
  const { evaluate } = await import('../../../src/lib');
  assert.ok(Math.abs(evaluate(restored, x, y).loss - Math.min(...vl)) < 1e-5);
  m.dispose();
  restored.dispose();
  tf.dispose([x, y]);
  fs.rmSync(dir, { recursive: true });
});

test('checkpoint errors name what is wrong', async () => {
  await useBackend();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ckpt-'));
  const m = model();
  await assert.rejects(
    loadCheckpoint(path.join(dir, 'nothing'), m),
    (e: unknown) => e instanceof WorkbookError && /loadCheckpoint: dir/.test((e as Error).message),
  );
  await saveCheckpoint(dir, m);
  const optimizer = tf.train.adam(0.01);
  await assertNoLeak(async () => {
    await saveCheckpoint(path.join(dir, 'full'), m, { optimizer, epoch: 3 });
    await loadCheckpoint(path.join(dir, 'full'), m, optimizer);
  }, 2);
  const other = mlp({ inputShape: [10], hidden: [5], numClasses: 3 });
  await assert.rejects(loadCheckpoint(dir, other), /loadCheckpoint: model weights \[10×5, 5, 5×3, 3\] do not match/);
  await assert.rejects(loadCheckpoint(dir, m, tf.train.adam()), /loadCheckpoint: optimizer/);
  assert.throws(() => new ModelCheckpoint({ dir: '' }), /ModelCheckpoint: dir/);
  const x = tf.zeros([4, 10]),
    y = tf.zeros([4, 3]);
  await assert.rejects(
    fit(m, x, y, { epochs: 2, initialEpoch: 2 }),
    /fit: initialEpoch 2 is invalid; accepted: an integer in \[0, 1\]/,
  );
  tf.dispose([x, y]);
  m.dispose();
  other.dispose();
  fs.rmSync(dir, { recursive: true });
});
