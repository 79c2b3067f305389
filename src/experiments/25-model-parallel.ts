/**
 * The harness of notebook 25 (model parallelism): one pipelined batch against one process's
 * gradients, and a sweep of throughput and bubble over stage and micro-batch counts, measured in the
 * same run. Each configuration trains with fit on a PipelinePool (the real path: stages, messages,
 * one optimizer step per batch); worker start-up and a warm-up batch are excluded from the timing.
 * @example const rows = await pipelineSweep(() => mlp({ hidden: [784, 784, 784, 784] }), x, y, { stages: [1, 2], microBatches: [1, 4], batchSize: 128 });
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt } from '../lib/errors';
import { checkArray, checkFunction, checkOptions, checkTensor } from '../lib/validate';
import { fit } from '../lib';
import {
  balancedSplit,
  PipelinePool,
  PipelineStepStats,
  resolveLoss,
  theoreticalBubble,
  trainableVariables,
} from '../lib/train';
import { threadsPerWorker } from '../lib/backend';

export interface SweepOptions {
  /** Stage counts S to compare (each ≤ the model's layers). */
  stages: number[];
  /** Micro-batch counts M to compare. */
  microBatches: number[];
  batchSize: number;
  /** Timed batches per configuration. Default: every full batch of x. */
  steps?: number;
  seed?: number;
  /** Called after each configuration (progress of a long sweep). */
  onRow?: (row: SweepRow, done: number, total: number) => void;
}

export interface SweepRow {
  stages: number;
  microBatches: number;
  /** Kernel threads each stage had (threadsPerWorker: stages × threads ≤ the thread budget). */
  threadsPerStage: number;
  samplesPerSecond: number;
  /** Median over the timed batches of the measured bubble, and (S − 1) / (M + S − 1). */
  bubble: number;
  /** Median of the bubble the same passes leave when replayed on dedicated stages (the schedule's share). */
  replayed: number;
  theory: number;
  /** The measured bubble of every timed batch (its spread). */
  bubbles: number[];
  /** CPU seconds ÷ wall seconds of the whole process: the cores the run actually got. */
  coresUsed: number;
  /** The last timed batch's schedule (for a timeline figure). */
  lastStep: PipelineStepStats;
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export async function pipelineSweep(
  makeModel: () => tf.Sequential,
  x: tf.Tensor,
  y: tf.Tensor,
  options: SweepOptions,
): Promise<SweepRow[]> {
  checkFunction('pipelineSweep', 'makeModel', makeModel);
  checkTensor('pipelineSweep', 'x', x);
  checkTensor('pipelineSweep', 'y', y);
  options = checkOptions('pipelineSweep', options, ['stages', 'microBatches', 'batchSize', 'steps', 'seed', 'onRow']);
  checkArray('pipelineSweep', 'stages', options.stages);
  checkArray('pipelineSweep', 'microBatches', options.microBatches);
  options.stages.forEach((s, i) => checkInt('pipelineSweep', `stages[${i}]`, s, 1, 64));
  options.microBatches.forEach((m, i) => checkInt('pipelineSweep', `microBatches[${i}]`, m, 1, 4096));
  checkInt('pipelineSweep', 'batchSize', options.batchSize, 1, x.shape[0]);
  const { batchSize, seed = 0 } = options;
  const steps = options.steps ?? Math.floor(x.shape[0] / batchSize);
  checkInt('pipelineSweep', 'steps', steps, 1, Math.floor(x.shape[0] / batchSize));
  const [tx, ty] = [x.slice(0, steps * batchSize), y.slice(0, steps * batchSize)];
  const [wx, wy] = [x.slice(0, batchSize), y.slice(0, batchSize)];
  const rows: SweepRow[] = [];
  const total = options.stages.length * options.microBatches.length;
  try {
    for (const S of options.stages) {
      const model = makeModel();
      const optimizer = tf.train.sgd(0.01);
      const pool = await PipelinePool.start(model, tx, ty, { split: balancedSplit(model, S), optimizer });
      try {
        for (const M of options.microBatches) {
          pool.microBatches = M;
          await fit(model, wx, wy, { epochs: 1, batchSize, optimizer, shuffle: false, gradientSource: pool, seed }); // warm-up
          const [bubbles, replayed]: number[][] = [[], []];
          const started = process.hrtime.bigint();
          const cpu = process.cpuUsage();
          await fit(model, tx, ty, {
            epochs: 1,
            batchSize,
            optimizer,
            gradientSource: pool,
            seed,
            callbacks: [
              { onBatchEnd: () => void (bubbles.push(pool.lastStep!.bubble), replayed.push(pool.lastStep!.replayed)) },
            ],
          });
          await pool.sync();
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const used = process.cpuUsage(cpu);
          const row: SweepRow = {
            stages: S,
            microBatches: M,
            threadsPerStage: threadsPerWorker(S),
            samplesPerSecond: (steps * batchSize) / seconds,
            bubble: median(bubbles),
            replayed: median(replayed),
            bubbles,
            theory: theoreticalBubble(S, M),
            coresUsed: (used.user + used.system) / 1e6 / seconds,
            lastStep: pool.lastStep!,
          };
          rows.push(row);
          options.onRow?.(row, rows.length, total);
        }
      } finally {
        await pool.close();
        model.dispose();
        optimizer.dispose();
      }
    }
  } finally {
    tf.dispose([tx, ty, wx, wy]);
  }
  return rows;
}

export interface GradientComparison {
  /** Largest |pipelined − one process| over every gradient entry. */
  maxAbsDiff: number;
  /** The same, relative to the largest gradient entry. */
  relative: number;
  lossDiff: number;
}

/** One batch's gradients through the pipeline against the same batch in this thread. */
export async function compareWithOneProcess(
  model: tf.Sequential,
  x: tf.Tensor,
  y: tf.Tensor,
  options: { split: number[]; microBatches: number; batchSize: number },
): Promise<GradientComparison> {
  options = checkOptions('compareWithOneProcess', options, ['split', 'microBatches', 'batchSize']);
  checkInt('compareWithOneProcess', 'batchSize', options.batchSize, 1, x.shape[0]);
  const indices = Int32Array.from({ length: options.batchSize }, (_, i) => i);
  const reference = tf.tidy(() => {
    const [bx, by] = [x.slice(0, options.batchSize), y.slice(0, options.batchSize)];
    const lossFn = resolveLoss('softmaxCrossEntropy');
    const { value, grads } = tf.variableGrads(
      () => lossFn(by, model.apply(bx, { training: true }) as tf.Tensor),
      trainableVariables(model),
    );
    return {
      loss: value.dataSync()[0],
      grads: Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, g.dataSync()])),
    };
  });
  const optimizer = tf.train.sgd(0.01);
  const pool = await PipelinePool.start(model, x, y, {
    split: options.split,
    microBatches: options.microBatches,
    optimizer,
  });
  try {
    const got = await pool.compute(indices, { epoch: 0, batch: 0, seed: 0, indices });
    let maxAbsDiff = 0;
    let largest = 0;
    for (const [name, g] of Object.entries(got.grads)) {
      const a = g.dataSync();
      const b = reference.grads[name];
      check(b !== undefined, 'compareWithOneProcess', 'model', name, 'the same trainable variables in both');
      for (let i = 0; i < a.length; i++) {
        maxAbsDiff = Math.max(maxAbsDiff, Math.abs(a[i] - b[i]));
        largest = Math.max(largest, Math.abs(b[i]));
      }
    }
    tf.dispose(Object.values(got.grads));
    return { maxAbsDiff, relative: maxAbsDiff / largest, lossDiff: Math.abs(got.loss - reference.loss) };
  } finally {
    await pool.close();
    optimizer.dispose();
  }
}
