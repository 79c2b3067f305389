/**
 * Saliency maps: which input pixels the model's score for a class is most sensitive to.
 *  - gradient (Simonyan et al. 2014): ∂ logit_c / ∂ x, one backward pass;
 *  - SmoothGrad (Smilkov et al. 2017): the gradient averaged over noisy copies of x, which removes
 *    the speckle a ReLU network's gradient has from pixel to pixel;
 *  - integrated gradients (Sundararajan et al. 2017): (x − x₀) times the gradient averaged along the
 *    straight path from a baseline x₀ to x; the attributions add up to logit_c(x) − logit_c(x₀)
 *    ("completeness"), which the plain gradient does not.
 * Each returns attributions shaped like x (signed); `saliencyMap` turns them into one [0,1] map per image.
 * The class is the model's own prediction unless `target` names one per image.
 */
import { checkTensor } from '../validate';
import * as tf from '@tensorflow/tfjs';
import { check, checkInt } from '../errors';
import { toRng } from '../random';
import { Targets, checkKeys, checkModelInput, checkNonNegative, checkTargets, toOneHot } from './validate';

export interface SaliencyOptions {
  /** Class to explain per image (indices or one-hot rows); default: the model's prediction. */
  target?: Targets;
}

export function numClassesOf(model: tf.LayersModel): number {
  check(model instanceof tf.LayersModel, 'numClassesOf', 'model', model, 'a tf.LayersModel');
  return model.outputs[0].shape[model.outputs[0].shape.length - 1] as number;
}

/** The classes to explain: `target` as one-hot, else the model's predictions (a new tensor). */
export function targetMask(model: tf.LayersModel, x: tf.Tensor, target: Targets | undefined): tf.Tensor2D {
  checkModelInput('targetMask', model, x);
  if (target !== undefined) checkTargets('targetMask', target, x.shape[0], 'target');
  const k = numClassesOf(model);
  if (target !== undefined) return toOneHot(target, k);
  return tf.tidy(() => tf.oneHot(tf.argMax(model.predict(x) as tf.Tensor, -1), k).toFloat() as tf.Tensor2D);
}

/** ∂ Σᵢ logit_{cᵢ}(xᵢ) / ∂ x: each image's gradient of its own class score (images are independent). */
export function classScoreGradient(model: tf.LayersModel, x: tf.Tensor, mask: tf.Tensor2D): tf.Tensor {
  checkModelInput('classScoreGradient', model, x);
  check(
    mask instanceof tf.Tensor &&
      mask.rank === 2 &&
      mask.shape[0] === x.shape[0] &&
      mask.shape[1] === numClassesOf(model),
    'classScoreGradient',
    'mask',
    mask instanceof tf.Tensor ? mask.shape : mask,
    `one-hot rows [${x.shape[0]}, ${numClassesOf(model)}]`,
  );
  checkTensor('classScoreGradient', 'mask', mask, { finite: true });
  return tf.tidy(() =>
    tf.grad((input: tf.Tensor) => tf.sum(tf.mul(model.apply(input, { training: false }) as tf.Tensor, mask)))(x),
  );
}

/** The plain input gradient of the class score. @example const g = gradientSaliency(cnn, test.xs.slice(0, 8)); */
export function gradientSaliency(model: tf.LayersModel, x: tf.Tensor, options: SaliencyOptions = {}): tf.Tensor {
  checkModelInput('gradientSaliency', model, x);
  checkKeys('gradientSaliency', options, ['target']);
  if (options.target !== undefined) checkTargets('gradientSaliency', options.target, x.shape[0], 'target');
  const mask = targetMask(model, x, options.target);
  const g = classScoreGradient(model, x, mask);
  mask.dispose();
  return g;
}

export interface SmoothGradOptions extends SaliencyOptions {
  /** Noisy copies averaged (default 25). */
  samples?: number;
  /** Noise standard deviation as a fraction of the input's range (default 0.15, Smilkov et al.'s 10–20%). */
  noise?: number;
  seed?: number;
}

/** The gradient averaged over `samples` copies of x with Gaussian noise added (seeded). */
export function smoothGrad(model: tf.LayersModel, x: tf.Tensor, options: SmoothGradOptions = {}): tf.Tensor {
  const where = 'smoothGrad';
  checkModelInput(where, model, x);
  checkKeys(where, options, ['target', 'samples', 'noise', 'seed']);
  const { samples = 25, noise = 0.15, seed } = options;
  checkInt(where, 'samples', samples, 1, 10000);
  checkNonNegative(where, 'noise', noise, 1);
  if (seed !== undefined) checkInt(where, 'seed', seed, 0, 2 ** 31 - 1);
  if (options.target !== undefined) checkTargets(where, options.target, x.shape[0], 'target');
  const r = toRng(seed);
  const mask = targetMask(model, x, options.target);
  const range = tf.tidy(() => tf.sub(tf.max(x), tf.min(x)).dataSync()[0]) || 1;
  let sum = tf.zerosLike(x);
  for (let s = 0; s < samples; s++) {
    const next = tf.tidy(() => {
      const noisy = tf.add(x, tf.randomNormal(x.shape, 0, noise * range, 'float32', r.seed()));
      return tf.add(sum, classScoreGradient(model, noisy, mask));
    });
    sum.dispose();
    sum = next;
  }
  mask.dispose();
  const out = tf.div(sum, samples);
  sum.dispose();
  return out;
}

export interface IntegratedGradientsOptions extends SaliencyOptions {
  /** Points on the path from the baseline to x (default 32; the midpoint rule). */
  steps?: number;
  /** The baseline image's constant value (default 0: a black image, "no digit"). */
  baseline?: number;
}

/** (x − x₀) · mean over the path of ∂ logit_c / ∂ x, at the midpoints of `steps` equal segments. */
export function integratedGradients(
  model: tf.LayersModel,
  x: tf.Tensor,
  options: IntegratedGradientsOptions = {},
): tf.Tensor {
  const where = 'integratedGradients';
  checkModelInput(where, model, x);
  checkKeys(where, options, ['target', 'steps', 'baseline']);
  const { steps = 32, baseline = 0 } = options;
  checkInt(where, 'steps', steps, 1, 10000);
  checkNonNegative(where, 'baseline', baseline, 1);
  if (options.target !== undefined) checkTargets(where, options.target, x.shape[0], 'target');
  const mask = targetMask(model, x, options.target);
  const delta = tf.sub(x, baseline);
  let sum = tf.zerosLike(x);
  for (let k = 0; k < steps; k++) {
    const alpha = (k + 0.5) / steps;
    const next = tf.tidy(() =>
      tf.add(sum, classScoreGradient(model, tf.add(tf.scalar(baseline), tf.mul(delta, alpha)), mask)),
    );
    sum.dispose();
    sum = next;
  }
  const out = tf.tidy(() => tf.mul(delta, tf.div(sum, steps)));
  tf.dispose([mask, delta, sum]);
  return out;
}

/**
 * One map per image in [0, 1]: |attribution| summed over channels, divided by the image's largest
 * value (a [N,H,W] tensor; for flat [N,D] input, [N,D]).
 */
export function saliencyMap(attributions: tf.Tensor): tf.Tensor {
  check(
    attributions instanceof tf.Tensor &&
      attributions.rank >= 2 &&
      attributions.size > 0 &&
      attributions.dtype === 'float32',
    'saliencyMap',
    'attributions',
    attributions instanceof tf.Tensor ? attributions.shape : attributions,
    'a non-empty float32 tensor [N, ...] of attributions',
  );
  checkTensor('saliencyMap', 'attributions', attributions, { finite: true });
  return tf.tidy(() => {
    const a = attributions.rank === 4 ? tf.sum(tf.abs(attributions), -1) : tf.abs(attributions);
    const peak = tf.max(a.reshape([a.shape[0], -1]), 1);
    const shape = [a.shape[0], ...a.shape.slice(1).map(() => 1)];
    return tf.div(a, tf.maximum(peak.reshape(shape), 1e-12));
  });
}
