/**
 * Notebook 06's progressive-resizing comparison: the same size-agnostic CNN from the same initial
 * weights, trained on large images throughout or progressively (small images first), per seed.
 * Each epoch's training time is recorded twice: wall-clock seconds, and CPU seconds of this process
 * (process.cpuUsage), which other programs on a shared machine disturb far less. Test accuracy (at
 * full size) is taken once, after training.
 */
import * as tf from '@tensorflow/tfjs';
import { check } from '../../lib/errors';
import { evaluate } from '../../lib';
import { progressiveFit, sizeAgnosticCnn, type Stage } from '../../lib/train';

export interface ResizingCurve {
  plan: string;
  seed: number;
  /** Image size of each epoch. */
  size: number[];
  /** Cumulative training seconds (wall clock) after each epoch. */
  seconds: number[];
  /** Cumulative training CPU seconds of this process after each epoch. */
  cpuSeconds: number[];
  /** Test accuracy at full size after the last epoch. */
  accuracy: number;
}

interface Data {
  xs: tf.Tensor;
  ys: tf.Tensor;
}

/** Per seed and plan: a fresh sizeAgnosticCnn(filters, seed) trained through the plan's stages. */
export async function resizingRuns(
  train: Data,
  test: Data,
  options: {
    plans: Record<string, Stage[]>;
    seeds: number[];
    filters: number[];
    batchSize: number;
    learningRate: number;
  },
): Promise<ResizingCurve[]> {
  check(Array.isArray(options.seeds) && options.seeds.length > 0, 'resizingRuns', 'seeds', options.seeds, 'seeds');
  const full = train.xs.shape[1]!;
  const curves: ResizingCurve[] = [];
  for (const seed of options.seeds)
    for (const [plan, stages] of Object.entries(options.plans)) {
      const model = sizeAgnosticCnn({ filters: options.filters, seed });
      const optimizer = tf.train.adam(options.learningRate);
      const curve: ResizingCurve = { plan, seed, size: [], seconds: [], cpuSeconds: [], accuracy: 0 };
      let wall = 0,
        cpuStart = process.cpuUsage();
      const timer = {
        onEpochBegin: () => {
          wall = performance.now();
          cpuStart = process.cpuUsage();
        },
        onEpochEnd: () => {
          const used = process.cpuUsage(cpuStart);
          const last = curve.seconds.length - 1;
          curve.seconds.push((curve.seconds[last] ?? 0) + (performance.now() - wall) / 1000);
          curve.cpuSeconds.push((curve.cpuSeconds[last] ?? 0) + (used.user + used.system) / 1e6);
        },
      };
      const h = await progressiveFit(model, train.xs, train.ys, {
        stages,
        batchSize: options.batchSize,
        optimizer,
        seed,
        callbacks: [timer],
      });
      curve.accuracy = evaluate(model, test.xs, test.ys, { batchSize: 250 }).accuracy!;
      curve.size = h.stage.map((s) => stages[s].size ?? full);
      curves.push(curve);
      optimizer.dispose();
      model.dispose();
    }
  return curves;
}
