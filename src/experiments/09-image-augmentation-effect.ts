/**
 * The augmentation experiment of notebook 09: the same model trained on the same small training
 * set with different augmentations (none, geometric, MixUp, CutMix), several seeds each, through
 * the library's one training loop; each run is scored on the whole test set.
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt } from '../lib/errors';
import { Dataset, fit, evaluate, Callback, Figure, barChart, lineChart } from '../lib';
import { BatchAugmentation } from '../image-aug/core/augmentation';

export interface Variant {
  name: string;
  /** Builds the augmentation for one run (fresh per seed); absent = no augmentation. */
  augmentation?: () => BatchAugmentation;
}

export interface ExperimentOptions {
  train: Dataset;
  test: Dataset;
  variants: Variant[];
  seeds: number[];
  epochs: number;
  batchSize?: number;
  learningRate?: number;
  makeModel: (seed: number) => tf.LayersModel;
  /** Test images used for the per-epoch learning curve (the final score uses the whole test set). */
  curveSize?: number;
  /** Called after every run (e.g. to print progress). */
  onRun?: (run: RunResult, done: number, total: number) => void;
  callbacks?: Callback[];
}

export interface RunResult {
  variant: string;
  seed: number;
  testAccuracy: number;
  /** Per-epoch accuracy on the first `curveSize` test images. */
  curve: number[];
  seconds: number;
}

/** Trains every variant with every seed; returns one result per run. */
export async function compare(o: ExperimentOptions): Promise<RunResult[]> {
  check(
    Array.isArray(o.variants) && o.variants.length > 0,
    'compareAugmentations',
    'variants',
    o.variants,
    'a non-empty array of { name, augmentation? }',
  );
  check(
    Array.isArray(o.seeds) && o.seeds.length > 0,
    'compareAugmentations',
    'seeds',
    o.seeds,
    'a non-empty array of seeds',
  );
  checkInt('compareAugmentations', 'epochs', o.epochs, 1);
  const curveSize = Math.min(o.curveSize ?? 1000, o.test.xs.shape[0]);
  const curveX = o.test.xs.slice(0, curveSize);
  const curveY = o.test.ys.slice(0, curveSize);
  const results: RunResult[] = [];
  const total = o.variants.length * o.seeds.length;
  for (const seed of o.seeds) {
    for (const v of o.variants) {
      const started = Date.now();
      const model = o.makeModel(seed);
      const optimizer = tf.train.adam(o.learningRate ?? 3e-3);
      const aug = v.augmentation?.();
      const history = await fit(model, o.train.xs, o.train.ys, {
        epochs: o.epochs,
        batchSize: o.batchSize ?? 32,
        seed,
        optimizer,
        validationData: [curveX, curveY],
        batchHook: aug ? (x, y, info) => aug.applyBatch(x, y, info.seed) : undefined,
        callbacks: o.callbacks,
      });
      const testAccuracy = evaluate(model, o.test.xs, o.test.ys, { batchSize: 500 }).accuracy!;
      model.dispose();
      optimizer.dispose();
      const run = {
        variant: v.name,
        seed,
        testAccuracy,
        curve: history.history.val_acc,
        seconds: (Date.now() - started) / 1000,
      };
      results.push(run);
      o.onRun?.(run, results.length, total);
    }
  }
  tf.dispose([curveX, curveY]);
  return results;
}

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const sd = (v: number[]) =>
  v.length < 2 ? 0 : Math.sqrt(v.reduce((a, b) => a + (b - mean(v)) ** 2, 0) / (v.length - 1));

export interface VariantSummary {
  variant: string;
  runs: number;
  mean: number;
  sd: number;
  min: number;
  max: number;
}

/** Mean, sample standard deviation, min and max test accuracy per variant (in first-seen order). */
export function summariseRuns(runs: RunResult[]): VariantSummary[] {
  const names = [...new Set(runs.map((r) => r.variant))];
  return names.map((variant) => {
    const acc = runs.filter((r) => r.variant === variant).map((r) => r.testAccuracy);
    return { variant, runs: acc.length, mean: mean(acc), sd: sd(acc), min: Math.min(...acc), max: Math.max(...acc) };
  });
}

/** Bars of mean test accuracy with ± 1 sd across seeds. */
export function accuracyFigure(summary: VariantSummary[], title = 'Test accuracy (mean ± sd over seeds)'): Figure {
  return barChart(
    summary.map((s) => s.variant),
    summary.map((s) => s.mean),
    { error: summary.map((s) => s.sd), title, yTitle: 'test accuracy', text: true },
  );
}

/** Mean learning curve (per-epoch accuracy on the curve subset) per variant, ± sd band. */
export function learningCurveFigure(
  runs: RunResult[],
  title = 'Learning curves (held-out accuracy per epoch, mean ± sd over seeds)',
): Figure {
  const names = [...new Set(runs.map((r) => r.variant))];
  return lineChart(
    names.map((name) => {
      const curves = runs.filter((r) => r.variant === name).map((r) => r.curve);
      const epochs = curves[0].length;
      const at = (e: number) => curves.map((c) => c[e]);
      return {
        name,
        x: Array.from({ length: epochs }, (_, e) => e + 1),
        y: Array.from({ length: epochs }, (_, e) => mean(at(e))),
        error: Array.from({ length: epochs }, (_, e) => sd(at(e))),
      };
    }),
    { title, xTitle: 'epoch', yTitle: 'accuracy' },
  );
}
