/**
 * Adversarial training (Goodfellow et al. 2015; Madry et al. 2018): train on adversarial examples
 * made against the current weights at every step, so the model learns to be right in the whole
 * ε-ball around each training image. It plugs into the one training loop as a batch hook:
 *   fit(model, x, y, { batchHook: adversarialBatchHook(model, { attack: 'pgd', epsilon: 0.1 }) })
 * `mix` is the share of each batch replaced by adversarial versions (Goodfellow et al. used half
 * clean, half adversarial; Madry et al. all adversarial).
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt } from '../errors';
import { ATTACKS, AttackName, fgsmUnchecked, pgdUnchecked } from './attacks';
import { checkKeys, checkNonNegative } from './validate';

export interface AdversarialTrainingOptions {
  attack: AttackName;
  epsilon: number;
  /** Share of each batch made adversarial, in [0, 1] (default 1). */
  mix?: number;
  /** PGD steps (default 7: cheaper than evaluation's 10, as in Madry et al.'s MNIST setup ratio). */
  steps?: number;
  /** PGD step size (default 2.5·ε/steps). */
  stepSize?: number;
}

/** A `fit` batch hook that swaps clean images for adversarial ones made against `model` now. */
export function adversarialBatchHook(
  model: tf.LayersModel,
  options: AdversarialTrainingOptions,
): (x: tf.Tensor, y: tf.Tensor, info: { seed: number }) => [tf.Tensor, tf.Tensor] {
  const where = 'adversarialBatchHook';
  check(model instanceof tf.LayersModel, where, 'model', typeof model, 'a tf.LayersModel ending in logits');
  check(options != null && typeof options === 'object', where, 'options', options, 'an object with attack and epsilon');
  checkKeys(where, options, ['attack', 'epsilon', 'mix', 'steps', 'stepSize']);
  const { attack: name, epsilon, mix = 1, steps = 7, stepSize } = options;
  check((ATTACKS as readonly string[]).includes(name), where, 'attack', name, `one of ${ATTACKS.join(', ')}`);
  checkNonNegative(where, 'epsilon', epsilon, 1);
  checkNonNegative(where, 'mix', mix, 1);
  checkInt(where, 'steps', steps, 1, 1000);
  if (stepSize !== undefined) checkNonNegative(where, 'stepSize', stepSize, 1);
  return (x, y, info) => {
    const n = x.shape[0];
    const k = Math.round(mix * n);
    if (k === 0) return [x.clone(), y.clone()];
    const part = k === n ? x : x.slice(0, k);
    const partY = k === n ? y : y.slice(0, k);
    // fit checked x and y at its edge: checking them here again read every batch back (a sync
    // in the hot path), so the hook runs the attacks unchecked
    const adv =
      name === 'fgsm'
        ? fgsmUnchecked(model, part, partY, epsilon)
        : pgdUnchecked(model, part, partY, {
            epsilon,
            steps,
            stepSize: stepSize ?? (2.5 * epsilon) / steps,
            randomStart: true,
            seed: info.seed,
          });
    if (k === n) return [adv, y.clone()];
    const rest = x.slice(k);
    const out = tf.concat([adv, rest]);
    tf.dispose([part, partY, adv, rest]);
    return [out, y.clone()];
  };
}
