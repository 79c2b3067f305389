/**
 * Every option of `fit`, checked before the loop creates an optimizer or a tensor. The functions
 * that train through fit (distill, fitnets, progressiveFit, bagging, crossValidateModel,
 * fitDataParallel) call it at their own edge with their own name, so a bad option fails there
 * instead of mid-training.
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt } from '../errors';
import { checkFunction, checkModel, checkTensor, describeValue } from '../validate';
import { LOSS_NAMES } from './losses';

export const TRAIN_OPTION_KEYS = [
  'epochs',
  'batchSize',
  'optimizer',
  'loss',
  'seed',
  'shuffle',
  'validationData',
  'batchHook',
  'lossHook',
  'gradientHook',
  'extraVariables',
  'forward',
  'callbacks',
  'validationBatchSize',
  'initialEpoch',
  'gradientSource',
] as const;

export type TrainOptionKey = (typeof TRAIN_OPTION_KEYS)[number];

/** fit's options that hold functions or this thread's objects: they cannot reach a worker thread. */
export const THREAD_LOCAL_TRAIN_OPTIONS = [
  'gradientSource',
  'batchHook',
  'lossHook',
  'forward',
  'extraVariables',
] as const;

/**
 * The accepted option keys of a function in fit's family, built from fit's one list: its own keys,
 * then fit's in fit's order, less those it does not pass on (`without`).
 */
export function fitFamilyKeys(own: readonly string[], without: readonly TrainOptionKey[] = []): string[] {
  return [...own, ...TRAIN_OPTION_KEYS.filter((k) => !without.includes(k))];
}

const CALLBACK_HOOKS = ['onTrainBegin', 'onEpochBegin', 'onBatchBegin', 'onBatchEnd', 'onEpochEnd', 'onTrainEnd'];

/** Checks the training data: a model (when given) and x/y tensors with the same, non-zero number of rows. */
export function checkTrainData(where: string, model: unknown, x: unknown, y: unknown): void {
  if (model !== undefined) checkModel(where, 'model', model);
  checkTensor(where, 'x', x);
  checkTensor(where, 'y', y);
  check(x.shape[0] === y.shape[0], where, 'y rows', y.shape[0], `as many as x has (${x.shape[0]})`);
}

/**
 * Checks the options fit understands (those present; `requireEpochs` for fit itself). Keys not
 * listed are not looked at: callers check their own keys with checkOptions.
 */
export function checkTrainOptions(where: string, o: Record<string, unknown>, requireEpochs = true): void {
  if (requireEpochs || o.epochs !== undefined) checkInt(where, 'epochs', o.epochs, 1, 1e6);
  if (o.batchSize !== undefined) checkInt(where, 'batchSize', o.batchSize, 1);
  if (o.validationBatchSize !== undefined) checkInt(where, 'validationBatchSize', o.validationBatchSize, 1);
  if (o.initialEpoch !== undefined)
    checkInt(where, 'initialEpoch', o.initialEpoch, 0, typeof o.epochs === 'number' ? o.epochs - 1 : Infinity);
  if (o.seed !== undefined) checkInt(where, 'seed', o.seed, -(2 ** 31), 2 ** 31 - 1);
  if (o.shuffle !== undefined) check(typeof o.shuffle === 'boolean', where, 'shuffle', o.shuffle, 'true or false');
  if (o.optimizer !== undefined)
    check(
      o.optimizer instanceof tf.Optimizer,
      where,
      'optimizer',
      describeValue(o.optimizer),
      'a tf.Optimizer, e.g. tf.train.adam(1e-3)',
    );
  if (o.loss !== undefined)
    check(
      typeof o.loss === 'function' || (LOSS_NAMES as readonly unknown[]).includes(o.loss),
      where,
      'loss',
      o.loss,
      `a loss function or one of ${LOSS_NAMES.join(', ')}`,
    );
  for (const key of ['batchHook', 'lossHook', 'gradientHook', 'forward'] as const)
    if (o[key] !== undefined) checkFunction(where, key, o[key]);
  if (o.batchHook !== undefined && typeof o.batchHook !== 'function')
    checkFunction(where, 'batchHook (e.g. aug.asBatchHook())', o.batchHook);
  if (o.extraVariables !== undefined) {
    check(
      Array.isArray(o.extraVariables),
      where,
      'extraVariables',
      describeValue(o.extraVariables),
      'an array of tf.Variable',
    );
    (o.extraVariables as unknown[]).forEach((v, i) =>
      check(v instanceof tf.Variable, where, `extraVariables[${i}]`, describeValue(v), 'a tf.Variable'),
    );
  }
  if (o.callbacks !== undefined) {
    check(
      Array.isArray(o.callbacks),
      where,
      'callbacks',
      describeValue(o.callbacks),
      'an array of callbacks, e.g. [progress()]',
    );
    (o.callbacks as unknown[]).forEach((cb, i) => {
      const ok =
        typeof cb === 'object' &&
        cb !== null &&
        CALLBACK_HOOKS.some((h) => typeof (cb as Record<string, unknown>)[h] === 'function');
      check(ok, where, `callbacks[${i}]`, describeValue(cb), `an object with one of ${CALLBACK_HOOKS.join(', ')}`);
    });
  }
  if (o.validationData !== undefined) {
    const v = o.validationData;
    check(Array.isArray(v) && v.length === 2, where, 'validationData', describeValue(v), 'a pair [x, y] of tensors');
    const [vx, vy] = v as unknown[];
    checkTensor(where, 'validationData[0]', vx);
    checkTensor(where, 'validationData[1]', vy);
    check(
      vx.shape[0] === vy.shape[0],
      where,
      'validationData',
      `${vx.shape[0]} vs ${vy.shape[0]} rows`,
      'x and y with the same number of rows',
    );
  }
  if (o.gradientSource !== undefined) {
    const s = o.gradientSource as Record<string, unknown> | null;
    check(
      typeof s === 'object' && s !== null && typeof s.compute === 'function',
      where,
      'gradientSource',
      describeValue(s),
      'an object with compute()',
    );
  }
}
