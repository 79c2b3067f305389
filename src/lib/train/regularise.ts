/**
 * Weight penalties as a loss hook: loss + l1·Σ|w| + l2·Σw² over the kernels (biases are left
 * alone, as Keras' kernel_regularizer does). L2 pulls every weight toward zero (weight decay);
 * L1 drives many exactly to zero (sparse weights). Dropout lives in the model: mlp({ dropout }), or
 * withDropout(model, rate) to add it to an existing Sequential model.
 * @example await fit(model, x, y, { epochs: 5, lossHook: weightPenalty({ l2: 1e-4 }) });
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkRange } from '../errors';
import { LossContext } from './loop';
import { checkFunction, checkModel, checkNumber } from '../validate';
import { OptionsOf, defineOptions } from '../define-options';

const PENALTY_OPTIONS = defineOptions('weightPenaltyValue', {
  /** Coefficient of Σ|w|. Default 0. */
  l1: undefined as number | undefined,
  /** Coefficient of Σw². Default 0. */
  l2: undefined as number | undefined,
  /** Which weights are penalised: 'kernels' (default: weights of rank ≥ 2) or 'all'. */
  include: undefined as 'kernels' | 'all' | undefined,
});

export type PenaltyOptions = OptionsOf<typeof PENALTY_OPTIONS>;

function penalised(model: tf.LayersModel, include: 'kernels' | 'all'): tf.Tensor[] {
  return model.trainableWeights.filter((w) => include === 'all' || w.shape.length >= 2).map((w) => w.read());
}

/** The penalty l1·Σ|w| + l2·Σw² of the model's weights, as a scalar (caller owns it). */
export function weightPenaltyValue(model: tf.LayersModel, options: PenaltyOptions = {}): tf.Scalar {
  options = PENALTY_OPTIONS.read(options);
  checkModel('weightPenaltyValue', 'model', model);
  const { l1 = 0, l2 = 0, include = 'kernels' } = options;
  checkRange('weightPenalty', 'l1', l1, 0, 1e3);
  checkRange('weightPenalty', 'l2', l2, 0, 1e3);
  check(include === 'kernels' || include === 'all', 'weightPenalty', 'include', include, '"kernels" or "all"');
  return tf.tidy(() => {
    let total = tf.scalar(0);
    for (const w of penalised(model, include)) {
      if (l1 > 0) total = tf.add(total, tf.mul(l1, tf.sum(tf.abs(w))));
      if (l2 > 0) total = tf.add(total, tf.mul(l2, tf.sum(tf.square(w))));
    }
    return total as tf.Scalar;
  });
}

/** A lossHook adding the penalty to the configured loss (or to `inner`, another loss hook). */
export function weightPenalty(
  options: PenaltyOptions,
  inner?: (ctx: LossContext) => tf.Scalar,
): (ctx: LossContext) => tf.Scalar {
  options = PENALTY_OPTIONS.read(options, 'weightPenalty');
  if (inner !== undefined) checkFunction('weightPenalty', 'inner', inner);
  const { l1 = 0, l2 = 0 } = options ?? {};
  checkRange('weightPenalty', 'l1', l1, 0, 1e3);
  checkRange('weightPenalty', 'l2', l2, 0, 1e3);
  check(l1 > 0 || l2 > 0, 'weightPenalty', 'l1/l2', `${l1}/${l2}`, 'at least one coefficient > 0');
  return (ctx) => tf.add(inner ? inner(ctx) : ctx.baseLoss(), weightPenaltyValue(ctx.model, options)) as tf.Scalar;
}

/** Fraction of kernel weights with |w| < threshold: how sparse L1 made the model. */
export function sparsity(model: tf.LayersModel, threshold = 1e-3): number {
  checkModel('sparsity', 'model', model);
  if (threshold !== undefined) checkNumber('sparsity', 'threshold', threshold);
  checkRange('sparsity', 'threshold', threshold, 0, 1e6);
  const ws = penalised(model, 'kernels');
  let small = 0;
  let total = 0;
  for (const w of ws) {
    const v = w.dataSync();
    total += v.length;
    for (let i = 0; i < v.length; i++) if (Math.abs(v[i]) < threshold) small++;
  }
  return total ? small / total : 0;
}

interface LayerJson {
  class_name: string;
  config: Record<string, unknown>;
}

/**
 * A copy of a Sequential model with Dropout(rate) after every hidden Dense / Conv2D layer (not after
 * the output layer), same weights. At inference the copy predicts exactly what the original does;
 * in training each hidden unit is dropped with probability `rate`.
 * @example const regularised = await withDropout(mlp({ hidden: [256] }), 0.5);
 */
export async function withDropout(model: tf.Sequential, rate: number): Promise<tf.LayersModel> {
  checkModel('withDropout', 'model', model);
  checkNumber('withDropout', 'rate', rate);
  check(
    model instanceof tf.Sequential,
    'withDropout',
    'model',
    model?.constructor?.name ?? typeof model,
    'a tf.Sequential model',
  );
  checkRange('withDropout', 'rate', rate, 0, 0.95);
  const topology = model.toJSON(null, false) as unknown as { config: { layers: LayerJson[] } };
  const layers = topology.config.layers;
  const weighted = layers.map((l, i) => (['Dense', 'Conv2D'].includes(l.class_name) ? i : -1)).filter((i) => i >= 0);
  const output = weighted[weighted.length - 1];
  const next: LayerJson[] = [];
  layers.forEach((l, i) => {
    next.push(l);
    if (weighted.includes(i) && i !== output && layers[i + 1]?.class_name !== 'Dropout') {
      next.push({
        class_name: 'Dropout',
        config: { name: `dropout_after_${String(l.config.name)}`, rate, trainable: true, dtype: 'float32' },
      });
    }
  });
  topology.config.layers = next;
  const copy = await tf.models.modelFromJSON({ modelTopology: topology } as unknown as tf.io.ModelJSON);
  copy.setWeights(model.getWeights());
  return copy;
}
