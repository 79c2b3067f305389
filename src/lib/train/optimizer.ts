/**
 * Learning-rate access for every tf.train optimizer. tfjs keeps the rate in a field, and SGD and
 * Momentum also cache it as a tensor, so changing it needs setLearningRate where it exists.
 */
import * as tf from '@tensorflow/tfjs';
import { checkOneOf, checkRange } from '../errors';
import { checkNumber, checkObject, checkString } from '../validate';

export const OPTIMIZER_NAMES = ['sgd', 'momentum', 'adam', 'rmsprop', 'adagrad'] as const;

interface HasLr {
  learningRate: number;
  setLearningRate?(lr: number): void;
}

export function getLearningRate(optimizer: tf.Optimizer): number {
  checkObject('getLearningRate', 'optimizer', optimizer);
  return (optimizer as unknown as HasLr).learningRate;
}

export function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  checkObject('setLearningRate', 'optimizer', optimizer);
  checkNumber('setLearningRate', 'lr', lr);
  checkRange('setLearningRate', 'lr', lr, 0, 1e6);
  const o = optimizer as unknown as HasLr;
  if (typeof o.setLearningRate === 'function') o.setLearningRate(lr);
  else o.learningRate = lr;
}

/** The optimizers compared in the notebooks, by name. */
export function makeOptimizer(name: (typeof OPTIMIZER_NAMES)[number], lr: number): tf.Optimizer {
  checkString('makeOptimizer', 'name', name, false);
  checkNumber('makeOptimizer', 'lr', lr);
  checkOneOf('makeOptimizer', 'name', name, OPTIMIZER_NAMES);
  checkRange('makeOptimizer', 'lr', lr, 1e-12, 1e6);
  switch (name) {
    case 'sgd':
      return tf.train.sgd(lr);
    case 'momentum':
      return tf.train.momentum(lr, 0.9);
    case 'adam':
      return tf.train.adam(lr);
    case 'rmsprop':
      return tf.train.rmsprop(lr);
    case 'adagrad':
      return tf.train.adagrad(lr);
  }
}
