/**
 * Gradient clipping as gradient hooks. By global norm (Pascanu et al.; Lightning's
 * gradient_clip_val with 'norm'): if the norm of all gradients together exceeds maxNorm, scale them
 * all down by the same factor, so the direction is kept. By value: clamp each component to
 * [-limit, limit], which bends the direction but bounds every coordinate.
 * @example await fit(model, x, y, { epochs: 3, gradientHook: clipByGlobalNorm(1.0) });
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkRange } from '../errors';
import { FitGradientHook } from './gradient-hooks';
import { checkNumber, checkObject } from '../validate';

/** The L2 norm of all gradients taken together, as a scalar tensor. */
export function globalNorm(grads: tf.NamedTensorMap): tf.Scalar {
  checkObject('globalNorm', 'grads', grads);
  const values = Object.values(grads);
  check(
    values.length > 0 && values.every((g) => g instanceof tf.Tensor && !g.isDisposed && g.dtype !== 'string'),
    'globalNorm',
    'grads',
    'a map without numeric tensors',
    'a non-empty map of name → numeric tf.Tensor',
  );
  return tf.tidy(() => tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g))))) as tf.Scalar);
}

export function clipByGlobalNorm(maxNorm: number): FitGradientHook {
  checkNumber('clipByGlobalNorm', 'maxNorm', maxNorm);
  checkRange('clipByGlobalNorm', 'maxNorm', maxNorm, 1e-12, 1e12);
  return (grads) => {
    const norm = globalNorm(grads);
    // scale = maxNorm / max(norm, maxNorm): 1 when already small enough.
    const scale = tf.div(maxNorm, tf.maximum(norm, maxNorm));
    const out: tf.NamedTensorMap = {};
    for (const [name, g] of Object.entries(grads)) out[name] = tf.mul(g, scale);
    return out;
  };
}

export function clipByValue(limit: number): FitGradientHook {
  checkNumber('clipByValue', 'limit', limit);
  checkRange('clipByValue', 'limit', limit, 1e-12, 1e12);
  return (grads) => {
    const out: tf.NamedTensorMap = {};
    for (const [name, g] of Object.entries(grads)) out[name] = tf.clipByValue(g, -limit, limit);
    return out;
  };
}

/** A pass-through gradient hook that records the global gradient norm of every step (to plot or to pick a clip value). */
export function gradientNormRecorder(): FitGradientHook & { readonly norms: number[] } {
  const norms: number[] = [];
  const hook = ((grads: tf.NamedTensorMap) => {
    norms.push(globalNorm(grads).dataSync()[0]);
    return grads;
  }) as unknown as FitGradientHook & { norms: number[] };
  hook.norms = norms;
  return hook;
}
