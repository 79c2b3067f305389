/**
 * Weight initialisation schemes, applied to a built model in place:
 *  - 'zeros': every weight 0. All units of a layer stay identical (no symmetry breaking), and with
 *    ReLU nothing passes through: the network cannot learn.
 *  - 'normal': N(0, stddev²) with a small fixed stddev (default 0.01): the signal shrinks by a
 *    constant factor per layer, so deep nets start with vanishing activations and gradients.
 *  - 'glorot' (Xavier, Glorot & Bengio 2010): N(0, 2/(fanIn + fanOut)), keeps the variance
 *    constant for linear/tanh units; with ReLU, which zeroes half of it, it still halves per layer.
 *  - 'he' (He et al. 2015): N(0, 2/fanIn), doubles the variance to make up for ReLU's half.
 * Kernels get plain normals with these variances (Keras's glorotNormal / heNormal truncate at 2 sd,
 * which shrinks the variance to 0.77 of the formula's and the signal by 0.88 per layer); biases get 0.
 */
import * as tf from '@tensorflow/tfjs';
import { checkOneOf } from '../errors';
import { toRng } from '../random';
import { checkFinite, checkModel, checkOptions, checkSeed } from '../validate';

export type InitScheme = 'zeros' | 'normal' | 'glorot' | 'he';
export const INIT_SCHEMES: InitScheme[] = ['zeros', 'normal', 'glorot', 'he'];

export interface InitialiseOptions {
  seed?: number;
  /** Standard deviation of the 'normal' scheme (default 0.01). */
  stddev?: number;
}

/** Fan-in and fan-out of a kernel: dense [in, out]; convolution [...window, in, out]. */
function fans(shape: number[]): [number, number] {
  const window = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return [window * (shape[shape.length - 2] ?? 1), window * shape[shape.length - 1]];
}

/** The scheme's standard deviation for a kernel (plain, untruncated normals, as in the papers' variance formulas). */
function schemeStd(scheme: InitScheme, shape: number[], stddev: number): number {
  const [fanIn, fanOut] = fans(shape);
  if (scheme === 'normal') return stddev;
  if (scheme === 'glorot') return Math.sqrt(2 / (fanIn + fanOut));
  return Math.sqrt(2 / fanIn); // he
}

/**
 * Re-initialises every kernel of `model` with `scheme` (each layer its own seed), biases to 0.
 * Returns the model for chaining.
 * @example const model = initialiseWeights(mlp({ hidden: Array(10).fill(64) }), 'he', { seed: 1 });
 */
export function initialiseWeights<M extends tf.LayersModel>(
  model: M,
  scheme: InitScheme,
  options: InitialiseOptions = {},
): M {
  const where = 'initialiseWeights';
  checkModel(where, 'model', model);
  checkOneOf(where, 'scheme', scheme, INIT_SCHEMES);
  options = checkOptions(where, options, ['seed', 'stddev']);
  checkSeed(where, options.seed);
  const stddev = options.stddev ?? 0.01;
  checkFinite(where, 'stddev', stddev, 1e-12, 1e3);
  const r = toRng(options.seed);
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    const seed = r.seed();
    const fresh = layer.weights.map((w) =>
      /kernel/.test(w.name) && scheme !== 'zeros'
        ? tf.randomNormal(w.shape as number[], 0, schemeStd(scheme, w.shape as number[], stddev), 'float32', seed)
        : tf.zeros(w.shape as number[]),
    );
    layer.setWeights(fresh); // copies the values into the layer's variables
    tf.dispose(fresh);
  }
  return model;
}
