/**
 * Gradient hooks compose: each sees the gradients the previous one returned, and a null (hold
 * this step back, as accumulation does between micro-batches) stops the chain for that step.
 * @example fit(model, x, y, { epochs: 3, gradientHook: composeGradientHooks(accumulateGradients(4), clipByGlobalNorm(1)) });
 */
import * as tf from '@tensorflow/tfjs';
import { check } from '../errors';
import { TrainOptions } from './loop';

/** A gradient hook for fit (TrainOptions.gradientHook). */
export type FitGradientHook = NonNullable<TrainOptions['gradientHook']>;

export function composeGradientHooks(...hooks: FitGradientHook[]): FitGradientHook {
  hooks.forEach((h, i) =>
    check(typeof h === 'function', 'composeGradientHooks', `hooks[${i}]`, typeof h, 'a gradient hook function'),
  );
  return (grads, info) => {
    let g: tf.NamedTensorMap | null = grads;
    for (const h of hooks) {
      g = h(g, info);
      if (g === null) return null;
    }
    return g;
  };
}
