/**
 * Argument checks shared by the robustness functions: option objects with known keys only, a
 * classifier model, an image batch and labels that match it. All run before any tensor is made.
 */
import { checkTensor } from '../validate';
import * as tf from '@tensorflow/tfjs';
import { check } from '../errors';

/** Throws unless `options` is an object (or undefined) whose keys are all in `known`. */
export function checkKeys(where: string, options: unknown, known: readonly string[]): void {
  if (options === undefined) return;
  check(
    options !== null && typeof options === 'object' && !Array.isArray(options),
    where,
    'options',
    options,
    'an object',
  );
  for (const key of Object.keys(options as object))
    check(known.includes(key), where, 'options', key, `known keys: ${known.join(', ')}`);
}

/** A model ending in logits and a batch of images [N,H,W,C] (or flat rows [N,D]) in [0, 1]. */
export function checkModelInput(where: string, model: unknown, x: unknown): asserts x is tf.Tensor {
  check(model instanceof tf.LayersModel, where, 'model', typeof model, 'a tf.LayersModel ending in logits');
  check(
    x instanceof tf.Tensor && (x.rank === 4 || x.rank === 2) && x.shape[0] > 0,
    where,
    'x',
    x instanceof tf.Tensor ? x.shape : typeof x,
    'a tf.Tensor of images [N,H,W,C] or rows [N,D] with N ≥ 1',
  );
  checkTensor(where, 'x', x, { finite: true });
}

/** Labels for x: one-hot rows [N,K] or class indices (Int32Array / number[] of length N). */
export type Targets = tf.Tensor | ArrayLike<number>;

export function checkTargets(where: string, targets: unknown, n: number, parameter = 'y'): void {
  if (targets instanceof tf.Tensor) {
    check(targets.rank === 2 && targets.shape[0] === n, where, parameter, targets.shape, `one-hot rows [${n}, K]`);
    checkTensor(where, parameter, targets, { finite: true });
  } else {
    const ok =
      targets != null &&
      typeof (targets as ArrayLike<number>).length === 'number' &&
      (targets as ArrayLike<number>).length === n &&
      Array.from(targets as ArrayLike<number>).every((v) => Number.isInteger(v) && v >= 0);
    check(
      ok,
      where,
      parameter,
      Array.isArray(targets) ? `array of ${targets.length}` : typeof targets,
      `${n} class indices or one-hot rows [${n}, K]`,
    );
  }
}

/** One-hot [N,K] from either form (a new tensor; the caller disposes it). */
export function toOneHot(targets: Targets, numClasses: number): tf.Tensor2D {
  if (targets instanceof tf.Tensor) return targets.toFloat() as tf.Tensor2D;
  // tidy: the index tensor and the int32 one-hot are intermediates (they leaked 2 tensors per call)
  return tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from(targets), 'int32'), numClasses).toFloat() as tf.Tensor2D);
}

/** Checks a finite number ≥ 0 (ε and noise levels), naming the accepted range. */
export function checkNonNegative(where: string, parameter: string, value: unknown, hi = Infinity): void {
  const ok = typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= hi;
  check(ok, where, parameter, value, hi === Infinity ? 'a finite number ≥ 0' : `a number in [0, ${hi}]`);
}
