/**
 * Activation quantisation during training (activation compression, e.g. Jacob et al. 2018; ActNN,
 * Chen et al. 2021): the forward pass rounds each activation to one of 2^bits levels spread over its
 * range ("fake-quant": quantise, then dequantise back to float), so the network learns to work with
 * activations an integer store could hold; the backward pass treats the rounding as the identity —
 * the straight-through estimator (Bengio et al. 2013) — and, when a fixed range clips values, passes
 * no gradient to the clipped ones.
 * TF.js has no int8 tensors: the fake-quantised activations are still float32 in memory. What the
 * technique saves is what an integer store of them would hold; `quantisedActivationBytes` counts
 * that from the float model's measured step (activationBytes), and says so in its field names.
 * @example const q = withActivationQuantisers(smallCnn({ seed: 1 }), { bits: 4 }); await fit(q, x, y, { epochs: 2 });
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkOneOf } from '../errors';
import { checkOptions, checkTensor } from '../validate';
import { activationBytes } from './activation-memory';

/** Activation widths supported: 2 to 8 bits (one integer byte or less per activation). */
export const ACTIVATION_BITS: readonly number[] = [2, 3, 4, 5, 6, 7, 8];

export interface ActivationQuantOptions {
  /** Bits per activation, one of ACTIVATION_BITS. */
  bits: number;
  /**
   * Fixed [low, high] range (low ≤ 0 ≤ high); values outside are clipped and get no gradient.
   * Default: the tensor's own range [min(x, 0), max(x, 0)], computed per call (no clipping).
   */
  range?: [number, number];
}

function checkQuantOptions(where: string, options: ActivationQuantOptions): ActivationQuantOptions {
  options = checkOptions(where, options, ['bits', 'range']);
  checkOneOf(where, 'bits', options.bits, ACTIVATION_BITS);
  if (options.range !== undefined) {
    const r = options.range;
    check(
      Array.isArray(r) && r.length === 2 && r.every(Number.isFinite) && r[0] <= 0 && r[1] >= 0 && r[1] > r[0],
      where,
      'range',
      r,
      'two finite numbers [low, high] with low ≤ 0 ≤ high and low < high',
    );
  }
  return options;
}

/**
 * Fake-quantises `x` to 2^bits evenly spaced levels over its range (affine: level k is
 * low + k·(high − low)/(2^bits − 1)); gradient: straight through (zero where `range` clipped x).
 * The range is treated as a constant in the backward pass. Returns a new tensor (the caller's).
 */
export function fakeQuantiseActivation(x: tf.Tensor, options: ActivationQuantOptions): tf.Tensor {
  const where = 'fakeQuantiseActivation';
  checkTensor(where, 'x', x, { nonEmpty: false, finite: true });
  const { bits, range } = checkQuantOptions(where, options);
  return quantiseStraightThrough(x, bits, range);
}

/** The op itself, without argument checks (the layer calls it once per batch). */
function quantiseStraightThrough(x: tf.Tensor, bits: number, range: [number, number] | undefined): tf.Tensor {
  const levels = 2 ** bits - 1;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const input = args[0] as tf.Tensor,
      save = args[1] as tf.GradSaveFunc;
    const [low, high] = range
      ? [tf.scalar(range[0]), tf.scalar(range[1])]
      : [tf.minimum(tf.min(input), 0), tf.maximum(tf.max(input), 0)];
    // a tensor of zeros has an empty range: any positive step maps it to 0 exactly
    const step = tf.maximum(tf.div(tf.sub(high, low), levels), 1e-12);
    const clipped = tf.minimum(tf.maximum(input, low), high);
    const value = tf.add(tf.mul(tf.round(tf.div(tf.sub(clipped, low), step)), step), low);
    if (range) save([tf.logicalAnd(tf.greaterEqual(input, low), tf.lessEqual(input, high))]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => (range ? tf.mul(dy, tf.cast(saved[0], dy.dtype)) : dy),
    };
  });
  return op(x);
}

const LAYER_KEYS = ['name', 'trainable', 'dtype', 'inputShape', 'batchInputShape', 'customObjects'];

/** A layer that fake-quantises its input (training and inference alike); shape unchanged, no weights. */
class ActivationQuantiser extends tf.layers.Layer {
  static className = 'ActivationQuantiser';
  readonly bits: number;
  readonly range: [number, number] | undefined;

  constructor(config: ActivationQuantOptions & { name?: string }) {
    const where = 'ActivationQuantiser';
    check(config != null && typeof config === 'object', where, 'config', config, 'an object with bits');
    // the base layer's keys come back through fromConfig (getConfig, then deserialisation)
    const {
      bits,
      range,
      customObjects: _,
      ...layerArgs
    } = checkOptions(where, config, ['bits', 'range', ...LAYER_KEYS]) as ActivationQuantOptions & {
      customObjects?: unknown;
      name?: string;
    };
    checkQuantOptions(where, { bits, ...(range !== undefined ? { range } : {}) });
    super(layerArgs);
    this.bits = bits;
    this.range = range;
  }

  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return quantiseStraightThrough(Array.isArray(inputs) ? inputs[0] : inputs, this.bits, this.range);
  }

  /** Weightless: an unbuilt quantiser has nothing to free (the base class would throw). */
  dispose(): ReturnType<tf.layers.Layer['dispose']> {
    return this.built ? super.dispose() : { refCountAfterDispose: 0, numDisposedVariables: 0 };
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), bits: this.bits, ...(this.range ? { range: this.range } : {}) };
  }
}
tf.serialization.registerClass(ActivationQuantiser);

/**
 * A layer (class name 'ActivationQuantiser', serialisable) that fake-quantises its input with the
 * straight-through estimator, in training and inference alike; add it after a ReLU layer.
 * @example model.add(activationQuantiser({ bits: 4, name: 'conv1_quant' }));
 */
export function activationQuantiser(options: ActivationQuantOptions & { name?: string }): tf.layers.Layer {
  const where = 'activationQuantiser';
  const { name, ...rest } = checkOptions(where, options, ['bits', 'range', 'name']);
  check(name === undefined || (typeof name === 'string' && name.length > 0), where, 'name', name, 'a non-empty string');
  const { bits, range } = checkQuantOptions(where, rest as ActivationQuantOptions);
  return new ActivationQuantiser({ bits, ...(range ? { range } : {}), ...(name ? { name } : {}) });
}

const isRelu = (layer: tf.layers.Layer) => (layer.getConfig() as { activation?: string }).activation === 'relu';

/**
 * A copy of a Sequential model (same weights) with an ActivationQuantiser after every layer with a
 * ReLU activation — the feature maps the next layer keeps for its backward pass. The caller owns
 * the copy; the original is unchanged.
 */
export function withActivationQuantisers(model: tf.Sequential, options: ActivationQuantOptions): tf.Sequential {
  const where = 'withActivationQuantisers';
  check(model instanceof tf.Sequential, where, 'model', model?.constructor?.name ?? model, 'a tf.Sequential');
  options = checkQuantOptions(where, options);
  const relus = model.layers.filter(isRelu);
  check(relus.length > 0, where, 'model', model.name, 'a model with at least one ReLU layer');
  const config = model.getConfig() as unknown as { name: string; layers: tf.serialization.ConfigDict[] };
  const layers: tf.serialization.ConfigDict[] = [];
  model.layers.forEach((layer, i) => {
    layers.push(config.layers[i]);
    if (isRelu(layer))
      layers.push({
        className: ActivationQuantiser.className,
        config: { name: `${layer.name}_quant`, bits: options.bits, ...(options.range ? { range: options.range } : {}) },
      });
  });
  const copy = tf.Sequential.fromConfig(tf.Sequential, {
    name: `${config.name}_a${options.bits}`,
    layers,
  } as unknown as tf.serialization.ConfigDict) as tf.Sequential;
  for (const layer of model.layers) copy.getLayer(layer.name).setWeights(layer.getWeights());
  return copy;
}

export interface ActivationStoreBytes {
  /** activationBytes of the float model: float32 bytes its training step holds, per example. */
  float32BytesPerExample: number;
  /** Activations per example at the quantisation points (the ReLU outputs). */
  quantisedValuesPerExample: number;
  /**
   * The same step if the activations at the quantisation points were held as packed `bits`-bit
   * integers (bits/8 bytes each) instead of float32: what an integer store would hold. Computed,
   * not measured: TF.js keeps every tensor as float32.
   */
  integerStoreBytesPerExample: number;
}

/**
 * Activation memory of a training step with activations quantised to `bits` at every ReLU output:
 * measures the float model's step (activationBytes on x, y) and replaces the float32 bytes of the
 * quantised activations by their packed integer size.
 */
export function quantisedActivationBytes(
  model: tf.Sequential,
  x: tf.Tensor,
  y: tf.Tensor,
  options: { bits: number },
): ActivationStoreBytes {
  const where = 'quantisedActivationBytes';
  check(model instanceof tf.Sequential, where, 'model', model?.constructor?.name ?? model, 'a tf.Sequential');
  options = checkOptions(where, options, ['bits']);
  checkOneOf(where, 'bits', options.bits, ACTIVATION_BITS);
  const measured = activationBytes(model, x, y).bytesPerExample;
  const values = model.layers
    .filter(isRelu)
    .reduce((n, l) => n + (l.outputShape as number[]).slice(1).reduce((a, b) => a * b, 1), 0);
  return {
    float32BytesPerExample: measured,
    quantisedValuesPerExample: values,
    integerStoreBytesPerExample: measured - values * (4 - options.bits / 8),
  };
}
