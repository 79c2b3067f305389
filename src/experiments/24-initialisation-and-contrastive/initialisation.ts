/**
 * The initialisation study: the same deep ReLU MLP initialised four ways, its per-layer activation
 * and gradient spread at step 0 (layerStatistics), and a short training run per scheme and seed.
 */
import * as tf from '@tensorflow/tfjs';
import { Figure, evaluate, fit, lineChart, mlp } from '../../lib';
import { InitScheme, LayerStatistics, initialiseWeights, layerStatistics } from '../../lib/train';

export interface InitStudyOptions {
  train: { xs: tf.Tensor; ys: tf.Tensor };
  test: { xs: tf.Tensor; ys: tf.Tensor };
  schemes: InitScheme[];
  seeds: number[];
  depth?: number;
  width?: number;
  epochs?: number;
  /** Rows of the training set the statistics are measured on. */
  statsBatch?: number;
  onRun?: (scheme: InitScheme, seed: number, accuracy: number) => void;
}

export interface InitStudy {
  /** Per scheme: statistics of every layer at initialisation (first seed). */
  stats: Record<string, LayerStatistics[]>;
  /** Per scheme: test accuracy after training, one per seed. */
  accuracy: Record<string, number[]>;
  /** Per scheme: training loss per epoch, one curve per seed. */
  losses: Record<string, number[][]>;
}

export function deepMlp(scheme: InitScheme, seed: number, depth = 10, width = 64): tf.Sequential {
  return initialiseWeights(mlp({ inputShape: [784], hidden: Array(depth).fill(width), seed }), scheme, { seed });
}

export async function initialisationStudy(o: InitStudyOptions): Promise<InitStudy> {
  const { depth = 10, width = 64, epochs = 2, statsBatch = 256 } = o;
  const study: InitStudy = { stats: {}, accuracy: {}, losses: {} };
  const xb = o.train.xs.slice(0, statsBatch);
  const yb = o.train.ys.slice(0, statsBatch);
  for (const scheme of o.schemes) {
    study.accuracy[scheme] = [];
    study.losses[scheme] = [];
    for (const seed of o.seeds) {
      const model = deepMlp(scheme, seed, depth, width);
      if (seed === o.seeds[0]) study.stats[scheme] = layerStatistics(model, xb, yb);
      const optimizer = tf.train.adam(1e-3);
      const history = await fit(model, o.train.xs, o.train.ys, { epochs, batchSize: 64, seed, optimizer });
      const accuracy = evaluate(model, o.test.xs, o.test.ys).accuracy!;
      study.accuracy[scheme].push(accuracy);
      study.losses[scheme].push(history.history.loss);
      optimizer.dispose();
      model.dispose();
      o.onRun?.(scheme, seed, accuracy);
    }
  }
  tf.dispose([xb, yb]);
  return study;
}

/** One line per scheme: a statistic against depth, on a log axis (zeros are left out: log 0). */
export function layerFigure(
  study: InitStudy,
  key: 'activationStd' | 'gradientStd',
  options: { title: string; yTitle: string },
): Figure {
  const series = Object.entries(study.stats)
    .filter(([, stats]) => stats.some((s) => s[key] > 0))
    .map(([scheme, stats]) => ({
      name: scheme,
      x: stats.map((_, i) => i + 1),
      y: stats.map((s) => s[key]),
    }));
  return lineChart(series, { ...options, xTitle: 'layer (1 = first hidden, last = logits)', logY: true });
}
