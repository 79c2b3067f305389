/**
 * Gradient accumulation (Lightning's accumulate_grad_batches): sum the gradients of k micro-batches
 * and apply their mean once, so k micro-batches of size B make the same update as one batch of k·B
 * (fit's loss is a mean over each micro-batch, hence the mean, not the sum). It buys a large
 * effective batch with the memory of a small one. At the end of an epoch a partial group is
 * applied as the mean of what it holds, so no gradient is lost.
 * @example await fit(model, x, y, { epochs: 2, batchSize: 16, gradientHook: accumulateGradients(4) }); // effective batch 64
 */
import * as tf from '@tensorflow/tfjs';
import { checkInt } from '../errors';
import { FitGradientHook } from './gradient-hooks';
import { checkNumber } from '../validate';

export interface GradientAccumulator extends FitGradientHook {
  /** Micro-batches per update. */
  readonly k: number;
  /** Drops held gradients (call if training stopped mid-group; fit's epoch end flushes otherwise). */
  dispose(): void;
}

export function accumulateGradients(k: number): GradientAccumulator {
  checkNumber('accumulateGradients', 'k', k);
  checkInt('accumulateGradients', 'k', k, 1);
  let sums: tf.NamedTensorMap | null = null;
  let count = 0;
  const dispose = () => {
    if (sums) tf.dispose(Object.values(sums));
    sums = null;
    count = 0;
  };
  const hook = ((grads, info) => {
    // Runs inside fit's tidy: the running sums are kept and the old ones disposed by hand.
    const next: tf.NamedTensorMap = {};
    for (const [name, g] of Object.entries(grads)) next[name] = tf.keep(sums ? tf.add(sums[name], g) : g.clone());
    if (sums) tf.dispose(Object.values(sums));
    sums = next;
    count++;
    const lastOfEpoch = info.batch === info.state.params.steps - 1;
    if (count < k && !lastOfEpoch) return null;
    const mean: tf.NamedTensorMap = {};
    for (const [name, s] of Object.entries(sums)) mean[name] = tf.div(s, count);
    dispose();
    return mean;
  }) as GradientAccumulator;
  Object.defineProperty(hook, 'k', { value: k });
  hook.dispose = dispose;
  return hook;
}
