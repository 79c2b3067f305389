/**
 * The LR-schedules notebook's experiment: the same model, data order and optimizer trained under
 * several learning-rate schedules, each over several seeds, so the difference between schedules
 * can be read against the spread between seeds.
 *
 *   const runs = await compare({ train, test, makeModel: (seed) => mlp({ hidden: [128], seed }),
 *     schedules: { constant: () => lrScheduler(constantLr(0.3)) }, seeds: [1, 2, 3], epochs: 4, batchSize: 50,
 *     optimizer: () => tf.train.momentum(0.3, 0.9) });
 *   show(scheduleAccuracyFigure(summariseSchedules(runs)));
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt } from '../lib/errors';
import { Dataset } from '../lib/data/mnist';
import { fit } from '../lib/train/loop';
import { Callback } from '../lib/train/callback';
import { evaluate } from '../lib/train/evaluate';
import { barChart, Figure, lineChart } from '../lib/plot/figures';

export interface ScheduleRun {
  schedule: string;
  seed: number;
  /** Accuracy on the whole test set after the last epoch. */
  testAccuracy: number;
  /** Training loss and validation loss after each epoch. */
  loss: number[];
  valLoss: number[];
}

export interface CompareSchedulesOptions {
  train: Dataset;
  test: Dataset;
  /** A fresh model for a seed (same seed → same initial weights for every schedule). */
  makeModel: (seed: number) => tf.LayersModel;
  /** Name → a fresh callback that drives the learning rate (lrScheduler, reduceLROnPlateau, …). */
  schedules: Record<string, () => Callback>;
  seeds: number[];
  epochs: number;
  batchSize: number;
  /** A fresh optimizer per run (its rate is what the schedule changes). */
  optimizer: () => tf.Optimizer;
  /** Called after every run (default: one printed line). */
  onRun?: (run: ScheduleRun, done: number, total: number) => void;
}

const KEYS = ['train', 'test', 'makeModel', 'schedules', 'seeds', 'epochs', 'batchSize', 'optimizer', 'onRun'];

/** Trains one model per (schedule, seed); the seed fixes the initial weights and the batch order. */
export async function compare(options: CompareSchedulesOptions): Promise<ScheduleRun[]> {
  const where = 'compareSchedules';
  for (const key of Object.keys(options))
    check(KEYS.includes(key), where, 'options', key, `known keys: ${KEYS.join(', ')}`);
  const names = Object.keys(options.schedules ?? {});
  check(names.length > 0, where, 'schedules', options.schedules, 'at least one named schedule callback factory');
  check(
    Array.isArray(options.seeds) && options.seeds.length > 0,
    where,
    'seeds',
    options.seeds,
    'a non-empty array of seeds',
  );
  options.seeds.forEach((s, i) => checkInt(where, `seeds[${i}]`, s, 0));
  checkInt(where, 'epochs', options.epochs, 1);
  checkInt(where, 'batchSize', options.batchSize, 1, options.train.xs.shape[0]);
  const total = names.length * options.seeds.length;
  const log =
    options.onRun ??
    ((r: ScheduleRun, done: number) =>
      console.log(
        `[${done}/${total}] ${r.schedule.padEnd(28)} seed ${r.seed}: test accuracy ${(100 * r.testAccuracy).toFixed(1)}%`,
      ));
  const runs: ScheduleRun[] = [];
  for (const schedule of names) {
    for (const seed of options.seeds) {
      const model = options.makeModel(seed);
      const optimizer = options.optimizer();
      try {
        const h = await fit(model, options.train.xs, options.train.ys, {
          epochs: options.epochs,
          batchSize: options.batchSize,
          optimizer,
          seed,
          validationData: [options.test.xs, options.test.ys],
          callbacks: [options.schedules[schedule]()],
        });
        const run = {
          schedule,
          seed,
          testAccuracy: evaluate(model, options.test.xs, options.test.ys).accuracy!,
          loss: h.history.loss,
          valLoss: h.history.val_loss,
        };
        runs.push(run);
        log(run, runs.length, total);
      } finally {
        model.dispose();
        optimizer.dispose();
      }
    }
  }
  return runs;
}

export interface ScheduleSummary {
  schedule: string;
  /** Test accuracy over seeds: mean, sample standard deviation, min, max. */
  mean: number;
  sd: number;
  min: number;
  max: number;
  /** Mean validation loss after the last epoch. */
  finalValLoss: number;
}

function meanSd(v: number[]): [number, number] {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  return [m, Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, v.length - 1))];
}

/** One row per schedule, in the order they were run. */
export function summariseSchedules(runs: ScheduleRun[]): ScheduleSummary[] {
  check(runs.length > 0, 'summariseSchedules', 'runs', runs, 'the result of compareSchedules');
  return [...new Set(runs.map((r) => r.schedule))].map((schedule) => {
    const rows = runs.filter((r) => r.schedule === schedule);
    const acc = rows.map((r) => r.testAccuracy);
    const [mean, sd] = meanSd(acc);
    return {
      schedule,
      mean,
      sd,
      min: Math.min(...acc),
      max: Math.max(...acc),
      finalValLoss: meanSd(rows.map((r) => r.valLoss[r.valLoss.length - 1]))[0],
    };
  });
}

/** Test accuracy per schedule, mean ± sd over seeds. */
export function scheduleAccuracyFigure(
  summary: ScheduleSummary[],
  title = 'Test accuracy per schedule (mean ± sd over seeds)',
): Figure {
  return barChart(
    summary.map((s) => s.schedule),
    summary.map((s) => s.mean),
    { error: summary.map((s) => s.sd), title, yTitle: 'test accuracy' },
  );
}

/** Validation loss per epoch, mean ± sd over seeds, one line per schedule. */
export function scheduleLossFigure(
  runs: ScheduleRun[],
  title = 'Validation loss per epoch (mean ± sd over seeds)',
): Figure {
  const names = [...new Set(runs.map((r) => r.schedule))];
  return lineChart(
    names.map((name) => {
      const rows = runs.filter((r) => r.schedule === name);
      const stats = rows[0].valLoss.map((_, e) => meanSd(rows.map((r) => r.valLoss[e])));
      return { name, x: stats.map((_, e) => e + 1), y: stats.map((s) => s[0]), error: stats.map((s) => s[1]) };
    }),
    { title, xTitle: 'epoch', yTitle: 'cross-entropy' },
  );
}
