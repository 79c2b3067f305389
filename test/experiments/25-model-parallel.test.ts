/**
 * Notebook 25's harness, small and fast: the sweep's rows and figures, the gradient comparison,
 * validation and tensor ownership. The notebook's directions are checked by the workbook test.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../helpers';
import { mlp, WorkbookError } from '../../src/lib';
import { compareWithOneProcess, pipelineSweep } from '../../src/experiments/25-model-parallel';
import { bubbleFigure, scheduleFigure } from '../../src/experiments/25-model-parallel/figures';

const data = () => ({
  x: tf.randomNormal([48, 12], 0, 1, 'float32', 3),
  y: tf.oneHot(
    tf.tensor1d(
      Array.from({ length: 48 }, (_, i) => i % 3),
      'int32',
    ),
    3,
  ),
});
const makeModel = () => mlp({ inputShape: [12], hidden: [10, 10, 10], numClasses: 3, seed: 2 });

test('pipelineSweep: a row per (S, M) with its formula, bubbles in [0, 1), figures of them, no leaks', async () => {
  await useBackend();
  const { x, y } = data();
  const before = tf.memory().numTensors;
  const seen: number[] = [];
  const rows = await pipelineSweep(makeModel, x, y, {
    stages: [1, 2],
    microBatches: [1, 3],
    batchSize: 12,
    steps: 2,
    onRow: (_, done) => seen.push(done),
  });
  assert.equal(tf.memory().numTensors, before);
  assert.deepEqual(seen, [1, 2, 3, 4]);
  assert.deepEqual(
    rows.map((r) => [r.stages, r.microBatches, r.theory]),
    [
      [1, 1, 0],
      [1, 3, 0],
      [2, 1, 0.5],
      [2, 3, 0.25],
    ],
  );
  for (const r of rows) {
    assert.equal(r.bubbles.length, 2);
    assert.ok(r.bubble >= 0 && r.bubble < 1 && r.replayed >= 0 && r.replayed < 1);
    assert.ok(r.samplesPerSecond > 0);
    assert.equal(r.lastStep.events.length, r.stages);
  }
  // M = 1 leaves no overlap: replayed on dedicated stages, the bubble is exactly (S − 1)/S.
  assert.ok(Math.abs(rows[2].replayed - 0.5) < 1e-9);
  const bubbles = bubbleFigure(rows);
  assert.equal(bubbles.data.length, 3); // S = 2: measured, replayed, theory
  const schedule = scheduleFigure(rows[3].lastStep, 'S=2, M=3');
  assert.deepEqual(
    schedule.data.map((d) => (d.x as number[]).length),
    [6, 6],
  ); // 2 stages × 3 micro-batches, forward and backward
  await assert.rejects(
    pipelineSweep(makeModel, x, y, { stages: [0], microBatches: [1], batchSize: 12 }),
    (e: unknown) => e instanceof WorkbookError && /stages\[0\] 0/.test((e as Error).message),
  );
  await assert.rejects(
    pipelineSweep(makeModel, x, y, { stages: [1], microBatches: [1], batchSize: 12, rounds: 2 } as never),
    /unknown option `rounds`/,
  );
  tf.dispose([x, y]);
});

test('compareWithOneProcess: the pipelined gradients are the one-process gradients', async () => {
  await useBackend();
  const { x, y } = data();
  const m = makeModel();
  const same = await compareWithOneProcess(m, x, y, { split: [0, 2, 4], microBatches: 4, batchSize: 30 });
  assert.ok(same.relative < 1e-5 && same.lossDiff < 1e-6, JSON.stringify(same));
  m.dispose();
  tf.dispose([x, y]);
});
