/**
 * Adversarial examples in an L∞ ball of radius ε around each image, kept inside the valid pixel
 * range [0, 1]:
 *  - FGSM (Goodfellow et al. 2015): one step of size ε along the sign of the loss gradient;
 *  - PGD (Madry et al. 2018): `steps` smaller signed-gradient steps from a random start in the
 *    ball, each followed by projection back into the ball: a much stronger attack for the same ε.
 * The loss is softmax cross-entropy of the model's logits against the true labels.
 */
import { checkTensor } from '../validate';
import * as tf from '@tensorflow/tfjs';
import { check, checkInt } from '../errors';
import { toRng } from '../random';
import { numClassesOf } from './saliency';
import { Targets, checkKeys, checkModelInput, checkNonNegative, checkTargets, toOneHot } from './validate';

export const ATTACKS = ['fgsm', 'pgd'] as const;
export type AttackName = (typeof ATTACKS)[number];

export interface AttackOptions {
  /** L∞ radius in pixel units of [0, 1] (e.g. 0.1 = 25 grey levels); must be ≥ 0. */
  epsilon: number;
  /** PGD: gradient steps (default 10). */
  steps?: number;
  /** PGD: size of each step (default 2.5·ε/steps, Madry et al.'s choice). */
  stepSize?: number;
  /** PGD: start from a uniformly random point in the ball (default true). */
  randomStart?: boolean;
  /** PGD: seeds the random start. */
  seed?: number;
}

const FGSM_KEYS = ['epsilon'];
const PGD_KEYS = ['epsilon', 'steps', 'stepSize', 'randomStart', 'seed'];

/** ∂ CE(y, model(x)) / ∂ x, the gradient of the summed per-image losses (a new tensor). */
export function lossGradient(model: tf.LayersModel, x: tf.Tensor, yOneHot: tf.Tensor): tf.Tensor {
  checkModelInput('lossGradient', model, x);
  check(
    yOneHot instanceof tf.Tensor &&
      yOneHot.rank === 2 &&
      yOneHot.shape[0] === x.shape[0] &&
      yOneHot.shape[1] === numClassesOf(model),
    'lossGradient',
    'yOneHot',
    yOneHot instanceof tf.Tensor ? yOneHot.shape : yOneHot,
    `one-hot rows [${x.shape[0]}, ${numClassesOf(model)}]`,
  );
  checkTensor('lossGradient', 'yOneHot', yOneHot, { finite: true });
  return gradientOfLoss(model, x, yOneHot);
}

/** lossGradient without the checks: the attacks call it every step on inputs checked once at their edge. */
function gradientOfLoss(model: tf.LayersModel, x: tf.Tensor, yOneHot: tf.Tensor): tf.Tensor {
  return tf.tidy(() =>
    tf.grad((input: tf.Tensor) =>
      tf.losses.softmaxCrossEntropy(
        yOneHot,
        model.apply(input, { training: false }) as tf.Tensor,
        undefined,
        undefined,
        tf.Reduction.SUM,
      ),
    )(x),
  );
}

function checkAttack(
  where: string,
  model: tf.LayersModel,
  x: tf.Tensor,
  y: Targets,
  options: AttackOptions,
  keys: string[],
): void {
  checkModelInput(where, model, x);
  checkTargets(where, y, x.shape[0]);
  check(options != null && typeof options === 'object', where, 'options', options, 'an object with epsilon');
  checkKeys(where, options, keys);
  checkNonNegative(where, 'epsilon', options.epsilon, 1);
}

/** FGSM: clip(x + ε · sign(∇ₓ loss), 0, 1). @example const xAdv = fgsm(cnn, test.xs, test.ys, { epsilon: 0.1 }); */
export function fgsm(model: tf.LayersModel, x: tf.Tensor, y: Targets, options: AttackOptions): tf.Tensor {
  checkAttack('fgsm', model, x, y, options, FGSM_KEYS);
  return fgsmUnchecked(model, x, y, options.epsilon);
}

/**
 * The FGSM step on arguments already checked. Reads no tensor data (the finite-value checks read
 * x and y back, a sync per call): adversarialBatchHook and robustAccuracy call it per batch.
 */
export function fgsmUnchecked(model: tf.LayersModel, x: tf.Tensor, y: Targets, epsilon: number): tf.Tensor {
  return tf.tidy(() => {
    const oneHot = toOneHot(y, numClassesOf(model));
    return tf.clipByValue(tf.add(x, tf.mul(tf.sign(gradientOfLoss(model, x, oneHot)), epsilon)), 0, 1);
  });
}

type PgdSettings = { epsilon: number; steps: number; stepSize: number; randomStart: boolean; seed?: number };

/** PGD's options checked, defaults filled in (ε itself is checked by the caller). */
function pgdSettings(where: string, options: AttackOptions): PgdSettings {
  const { epsilon, steps = 10, randomStart = true, seed } = options;
  checkInt(where, 'steps', steps, 1, 1000);
  const stepSize = options.stepSize ?? (2.5 * epsilon) / steps;
  checkNonNegative(where, 'stepSize', stepSize, 1);
  check(typeof randomStart === 'boolean', where, 'randomStart', randomStart, 'true or false');
  if (seed !== undefined) checkInt(where, 'seed', seed, 0, 2 ** 31 - 1);
  return { epsilon, steps, stepSize, randomStart, seed };
}

/** PGD: signed-gradient steps, each projected back into {|x' − x|∞ ≤ ε} ∩ [0, 1]. */
export function pgd(model: tf.LayersModel, x: tf.Tensor, y: Targets, options: AttackOptions): tf.Tensor {
  checkAttack('pgd', model, x, y, options, PGD_KEYS);
  return pgdUnchecked(model, x, y, pgdSettings('pgd', options));
}

/** The PGD steps on arguments already checked (no tensor read back): see fgsmUnchecked. */
export function pgdUnchecked(model: tf.LayersModel, x: tf.Tensor, y: Targets, o: PgdSettings): tf.Tensor {
  const { epsilon, steps, stepSize, randomStart, seed } = o;
  const r = toRng(seed);
  const oneHot = toOneHot(y, numClassesOf(model));
  const lo = tf.tidy(() => tf.clipByValue(tf.sub(x, epsilon), 0, 1));
  const hi = tf.tidy(() => tf.clipByValue(tf.add(x, epsilon), 0, 1));
  let adv = tf.tidy(() =>
    randomStart && epsilon > 0
      ? tf.minimum(tf.maximum(tf.add(x, tf.randomUniform(x.shape, -epsilon, epsilon, 'float32', r.seed())), lo), hi)
      : x.clone(),
  );
  for (let s = 0; s < steps; s++) {
    const next = tf.tidy(() =>
      tf.minimum(tf.maximum(tf.add(adv, tf.mul(tf.sign(gradientOfLoss(model, adv, oneHot)), stepSize)), lo), hi),
    );
    adv.dispose();
    adv = next;
  }
  tf.dispose([oneHot, lo, hi]);
  return adv;
}

/** Runs the named attack. */
export function attack(
  name: AttackName,
  model: tf.LayersModel,
  x: tf.Tensor,
  y: Targets,
  options: AttackOptions,
): tf.Tensor {
  check((ATTACKS as readonly string[]).includes(name), 'attack', 'name', name, `one of ${ATTACKS.join(', ')}`);
  return name === 'fgsm' ? fgsm(model, x, y, options) : pgd(model, x, y, options);
}

export interface RobustAccuracyOptions extends AttackOptions {
  attack: AttackName;
  /** Images attacked at a time (default 250). */
  batchSize?: number;
}

/**
 * Accuracy on adversarial versions of (x, y): the share of images still classified correctly after
 * the attack. y: one-hot rows [N,K]. ε = 0 gives the clean accuracy.
 * @example robustAccuracy(cnn, test.xs, test.ys, { attack: 'pgd', epsilon: 0.1, seed: 1 })
 */
export function robustAccuracy(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  options: RobustAccuracyOptions,
): number {
  const where = 'robustAccuracy';
  checkModelInput(where, model, x);
  checkTargets(where, y, x.shape[0]);
  check(options != null && typeof options === 'object', where, 'options', options, 'an object with attack and epsilon');
  const { attack: name, batchSize = 250, ...attackOptions } = options;
  // keys first: a misspelt `attack` is then named as the unknown key, not as a missing attack
  checkKeys(where, attackOptions, name === 'fgsm' ? FGSM_KEYS : PGD_KEYS);
  check((ATTACKS as readonly string[]).includes(name), where, 'attack', name, `one of ${ATTACKS.join(', ')}`);
  checkInt(where, 'batchSize', batchSize, 1);
  checkNonNegative(where, 'epsilon', attackOptions.epsilon, 1);
  const settings = name === 'pgd' ? pgdSettings(where, attackOptions) : undefined;
  const n = x.shape[0];
  const r = toRng(attackOptions.seed);
  let correct = 0;
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    const bx = x.slice(start, size);
    const by = y.slice(start, size);
    // x and y were checked once above: the per-batch attack reads no tensor back
    const adv = settings
      ? pgdUnchecked(model, bx, by, { ...settings, seed: r.seed() })
      : fgsmUnchecked(model, bx, by, attackOptions.epsilon);
    const hits = tf.tidy(() => tf.sum(tf.equal(tf.argMax(model.predict(adv) as tf.Tensor, -1), tf.argMax(by, -1))));
    correct += hits.dataSync()[0];
    tf.dispose([bx, by, adv, hits]);
  }
  return correct / n;
}
