/**
 * Notebook 23's activation-quantisation comparison: per seed, the small CNN trained in float; the
 * same float model with its ReLU outputs quantised only after training; and the same initial
 * weights trained with quantised activations (straight-through estimator). Plus the bytes an
 * integer store of the quantised activations would hold (TF.js itself keeps float32 copies).
 */
import * as tf from '@tensorflow/tfjs';
import { check } from '../../lib/errors';
import { Dataset, fit, evaluate } from '../../lib';
import { withActivationQuantisers, quantisedActivationBytes } from '../../lib/compress';

export interface ActivationQuantRun {
  seed: number;
  float: number;
  /** Per bit width: test accuracy of the float-trained model with quantised activations. */
  afterTraining: Record<number, number>;
  /** Per bit width: test accuracy when trained with quantised activations from the same initial weights. */
  trained: Record<number, number>;
}

export interface ActivationQuantStudy {
  runs: ActivationQuantRun[];
  /** Per bit width: bytes per example held by a training step (see quantisedActivationBytes). */
  memory: { bits: number; float32Bytes: number; integerStoreBytes: number; quantisedValues: number }[];
}

export async function compareActivationQuant(o: {
  train: Dataset;
  test: Dataset;
  makeModel: (seed: number) => tf.Sequential;
  seeds: number[];
  epochs: number;
  bits: number[];
}): Promise<ActivationQuantStudy> {
  check(Array.isArray(o.seeds) && o.seeds.length > 0, 'compareActivationQuant', 'seeds', o.seeds, 'a non-empty array');
  check(Array.isArray(o.bits) && o.bits.length > 0, 'compareActivationQuant', 'bits', o.bits, 'a non-empty array');
  const acc = (m: tf.LayersModel) => evaluate(m, o.test.xs, o.test.ys, { batchSize: 500 }).accuracy!;
  const train = async (m: tf.LayersModel, seed: number) => {
    const optimizer = tf.train.adam(1e-3);
    await fit(m, o.train.xs, o.train.ys, { epochs: o.epochs, batchSize: 64, seed, optimizer });
    optimizer.dispose();
  };
  const runs: ActivationQuantRun[] = [];
  for (const seed of o.seeds) {
    const float = o.makeModel(seed);
    const initial = o.bits.map((bits) => withActivationQuantisers(float, { bits })); // same initial weights
    await train(float, seed);
    const run: ActivationQuantRun = { seed, float: acc(float), afterTraining: {}, trained: {} };
    for (const bits of o.bits) {
      const after = withActivationQuantisers(float, { bits });
      run.afterTraining[bits] = acc(after);
      after.dispose();
    }
    for (const [i, bits] of o.bits.entries()) {
      await train(initial[i], seed);
      run.trained[bits] = acc(initial[i]);
      initial[i].dispose();
    }
    float.dispose();
    runs.push(run);
  }
  const probe = o.makeModel(o.seeds[0]);
  const bx = o.train.xs.slice(0, 64),
    by = o.train.ys.slice(0, 64);
  const memory = o.bits.map((bits) => {
    const r = quantisedActivationBytes(probe, bx, by, { bits });
    return {
      bits,
      float32Bytes: r.float32BytesPerExample,
      integerStoreBytes: r.integerStoreBytesPerExample,
      quantisedValues: r.quantisedValuesPerExample,
    };
  });
  tf.dispose([bx, by]);
  probe.dispose();
  return { runs, memory };
}
