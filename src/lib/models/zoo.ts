/**
 * The models the notebooks and benchmarks share. All end in logits (no softmax): the default
 * loss expects logits and distillation needs them. Weights are seeded.
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt, checkRange } from '../errors';
import { checkOptions } from '../validate';
import { OptionsOf, defineOptions } from '../define-options';

const MODEL_OPTIONS = defineOptions('referenceCnn', {
  inputShape: undefined as number[] | undefined,
  numClasses: undefined as number | undefined,
  seed: undefined as number | undefined,
});

export type ModelOptions = OptionsOf<typeof MODEL_OPTIONS>;

/** Checks the options every model shares (before any layer is made). */
export function checkModelOptions(where: string, o: ModelOptions & { hidden?: unknown; dropout?: unknown }, inputRank?: number): void {
  check(typeof o === 'object' && o !== null, where, 'options', o, 'an options object');
  if (o.inputShape !== undefined) {
    check(Array.isArray(o.inputShape) && (inputRank === undefined || o.inputShape.length === inputRank) && o.inputShape.length > 0, where, 'inputShape', o.inputShape, inputRank === 3 ? '[height, width, channels]' : 'an array of dimensions, e.g. [784] or [28, 28, 1]');
    o.inputShape.forEach((d, i) => checkInt(where, `inputShape[${i}]`, d, 1, 1 << 16));
  }
  if (o.numClasses !== undefined) checkInt(where, 'numClasses', o.numClasses, 2, 100_000);
  if (o.seed !== undefined) checkInt(where, 'seed', o.seed, 0, 2 ** 31 - 1);
  if (o.hidden !== undefined) {
    check(Array.isArray(o.hidden), where, 'hidden', o.hidden, 'an array of layer widths, e.g. [800, 800]');
    (o.hidden as unknown[]).forEach((h, i) => checkInt(where, `hidden[${i}]`, h, 1, 1 << 16));
  }
  if (o.dropout !== undefined) checkRange(where, 'dropout', o.dropout, 0, 0.99);
}

const init = (seed: number, i: number) => tf.initializers.glorotUniform({ seed: seed * 1000 + i });

/**
 * The reference CNN of the backend benchmark: conv5×5(32)+relu, maxpool2, conv3×3(64)+relu,
 * maxpool2, flatten, dense128+relu, dense(numClasses).
 */
export function referenceCnn(options: ModelOptions = {}): tf.Sequential {
  options = MODEL_OPTIONS.read(options);
  checkModelOptions('referenceCnn', options, 3);
  const { inputShape = [28, 28, 1], numClasses = 10, seed = 0 } = options;
  checkInt('referenceCnn', 'numClasses', numClasses, 2);
  const m = tf.sequential({ name: 'reference_cnn' });
  m.add(tf.layers.conv2d({ inputShape, filters: 32, kernelSize: 5, padding: 'same', activation: 'relu', kernelInitializer: init(seed, 1), name: 'conv1' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }));
  m.add(tf.layers.conv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(seed, 2), name: 'conv2' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2, name: 'pool2' }));
  m.add(tf.layers.flatten({ name: 'flatten' }));
  m.add(tf.layers.dense({ units: 128, activation: 'relu', kernelInitializer: init(seed, 3), name: 'fc1' }));
  m.add(tf.layers.dense({ units: numClasses, kernelInitializer: init(seed, 4), name: 'logits' }));
  return m;
}

/** A small, fast CNN for minute-long notebooks: conv3×3(8), pool, conv3×3(16), pool, dense. */
export function smallCnn(options: ModelOptions = {}): tf.Sequential {
  options = MODEL_OPTIONS.read(options, 'smallCnn');
  checkModelOptions('smallCnn', options, 3);
  const { inputShape = [28, 28, 1], numClasses = 10, seed = 0 } = options;
  checkInt('smallCnn', 'numClasses', numClasses, 2);
  const m = tf.sequential({ name: 'small_cnn' });
  m.add(tf.layers.conv2d({ inputShape, filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(seed, 1), name: 'conv1' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }));
  m.add(tf.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(seed, 2), name: 'conv2' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2, name: 'pool2' }));
  m.add(tf.layers.flatten({ name: 'flatten' }));
  m.add(tf.layers.dense({ units: numClasses, kernelInitializer: init(seed, 3), name: 'logits' }));
  return m;
}

export interface MlpOptions extends ModelOptions {
  /** Hidden layer sizes, e.g. [800, 800] (Hinton's MNIST student). */
  hidden?: number[];
  /** Dropout rate after each hidden layer (0 = none). */
  dropout?: number;
}

/** A ReLU MLP on flat inputs (784 for MNIST), ending in logits. */
export function mlp(options: MlpOptions = {}): tf.Sequential {
  options = checkOptions('mlp', options, ['hidden', 'dropout', 'inputShape', 'numClasses', 'seed']);
  checkModelOptions('mlp', options);
  const { inputShape = [784], numClasses = 10, seed = 0, hidden = [800, 800], dropout = 0 } = options;
  checkInt('mlp', 'numClasses', numClasses, 2);
  hidden.forEach((h, i) => checkInt('mlp', `hidden[${i}]`, h, 1));
  const m = tf.sequential({ name: 'mlp' });
  if (inputShape.length > 1) m.add(tf.layers.flatten({ inputShape, name: 'flatten' }));
  hidden.forEach((units, i) => {
    const first = i === 0 && inputShape.length === 1;
    m.add(tf.layers.dense({ ...(first ? { inputShape } : {}), units, activation: 'relu', kernelInitializer: init(seed, i + 1), name: `fc${i + 1}` }));
    if (dropout > 0) m.add(tf.layers.dropout({ rate: dropout, name: `drop${i + 1}` }));
  });
  m.add(tf.layers.dense({ ...(hidden.length === 0 && inputShape.length === 1 ? { inputShape } : {}), units: numClasses, kernelInitializer: init(seed, 99), name: 'logits' }));
  return m;
}
