/**
 * Quantising a whole model's weights after training, and measuring what it costs: stored bytes
 * against float32, and accuracy with the dequantised weights (what a runtime that dequantises at
 * load time, like tfjs with quantised weights, computes). Vectors (biases, batch-norm parameters)
 * are always quantised per tensor: one scale per element would store more than it saves.
 * @example
 *   const q = quantiseModel(model, { dtype: 'int8', granularity: 'per-channel' });
 *   console.log(q.bytes / q.float32Bytes); // ≈ 0.25
 *   showTable(quantisationStudy(model, test.xs, test.ys));
 */
import * as tf from '@tensorflow/tfjs';
import { check } from '../errors';
import { evaluate } from '../train/evaluate';
import {
  QuantDtype,
  Granularity,
  QuantiseOptions,
  QuantisedTensor,
  dequantiseTensor,
  quantiseTensor,
  storedBytes,
} from './quantise';
import { checkArray, checkFunction, checkModel, checkObject, checkOptions, checkTensor } from '../validate';

export interface QuantisedWeight {
  name: string;
  layer: string;
  q: QuantisedTensor;
}

export interface QuantisedModel {
  options: QuantiseOptions;
  weights: QuantisedWeight[];
  /** Stored size of the quantised weights. */
  bytes: number;
  /** The same weights as float32. */
  float32Bytes: number;
  /** Largest |w − dequantised w| over all weights. */
  maxError: number;
}

/** Quantises every float weight of the model (the model is not changed). */
export function quantiseModel(model: tf.LayersModel, options: QuantiseOptions): QuantisedModel {
  options = checkOptions('quantiseModel', options, ['dtype', 'granularity', 'bits', 'symmetric', 'axis']);
  checkModel('quantiseModel', 'model', model);
  check(model instanceof tf.LayersModel, 'quantiseModel', 'model', typeof model, 'a tf.LayersModel');
  const weights: QuantisedWeight[] = [];
  let bytes = 0,
    float32Bytes = 0,
    maxError = 0;
  for (const layer of model.layers) {
    for (const w of layer.weights) {
      const values = w.read().dataSync() as Float32Array;
      const vector = w.shape.length < 2;
      // a depthwise kernel [h, w, in, multiplier] has its channels on axis 2
      const axis = layer.getClassName() === 'DepthwiseConv2D' || w.name.endsWith('depthwise_kernel') ? 2 : undefined;
      const opts: QuantiseOptions = vector
        ? { ...options, granularity: 'per-tensor' }
        : { ...options, axis: options.axis ?? axis };
      const q = quantiseTensor(values, w.shape as number[], opts);
      const back = dequantiseTensor(q);
      for (let i = 0; i < values.length; i++) maxError = Math.max(maxError, Math.abs(values[i] - back[i]));
      weights.push({ name: w.name, layer: layer.name, q });
      bytes += storedBytes(q);
      float32Bytes += values.length * 4;
    }
  }
  return { options, weights, bytes, float32Bytes, maxError };
}

/** `quantised` has the QuantisedModel shape (what quantiseModel returns), checked before any tensor is made. */
function checkQuantisedModel(where: string, quantised: QuantisedModel): void {
  check(
    typeof quantised === 'object' &&
      quantised !== null &&
      Array.isArray(quantised.weights) &&
      quantised.weights.every(
        (w) =>
          typeof w === 'object' &&
          w !== null &&
          typeof w.name === 'string' &&
          typeof w.q === 'object' &&
          w.q !== null &&
          ArrayBuffer.isView(w.q.data),
      ),
    where,
    'quantised',
    typeof quantised,
    'the QuantisedModel from quantiseModel',
  );
}

/** Writes the dequantised weights into `model` (which must have the quantised model's architecture). */
export function applyQuantised(model: tf.LayersModel, quantised: QuantisedModel): void {
  checkModel('applyQuantised', 'model', model);
  checkQuantisedModel('applyQuantised', quantised);
  check(model instanceof tf.LayersModel, 'applyQuantised', 'model', typeof model, 'a tf.LayersModel');
  const all = model.layers.flatMap((l) => l.weights);
  check(
    all.length === quantised.weights.length,
    'applyQuantised',
    'model',
    `${all.length} weights`,
    `a model with ${quantised.weights.length} weights (the quantised one's architecture)`,
  );
  all.forEach((w, i) => {
    const q = quantised.weights[i].q;
    check(q.shape.join() === w.shape.join(), 'applyQuantised', `weight ${w.name}`, w.shape, `shape [${q.shape}]`);
    const t = tf.tensor(dequantiseTensor(q), q.shape);
    w.write(t);
    t.dispose();
  });
}

/** Runs fn with the dequantised weights in `model`, then puts the original weights back. */
export function withQuantisedWeights<T>(model: tf.LayersModel, quantised: QuantisedModel, fn: () => T): T {
  checkModel('withQuantisedWeights', 'model', model);
  checkQuantisedModel('withQuantisedWeights', quantised);
  checkFunction('withQuantisedWeights', 'fn', fn);
  const original = model.layers.flatMap((l) => l.weights).map((w) => w.read().clone());
  try {
    applyQuantised(model, quantised);
    return fn();
  } finally {
    model.layers.flatMap((l) => l.weights).forEach((w, i) => w.write(original[i]));
    tf.dispose(original);
  }
}

export interface QuantisationRow {
  format: string;
  bits: number;
  bytes: number;
  /** bytes / float32 bytes. */
  ratio: number;
  accuracy: number;
  maxError: number;
}

export interface StudyFormat {
  dtype: QuantDtype | 'float32';
  granularity?: Granularity;
  bits?: number;
}

/** The default comparison: float32 baseline, float16, int8/uint8 per tensor and per channel, 4 and 2 bits. */
export const DEFAULT_FORMATS: StudyFormat[] = [
  { dtype: 'float32' },
  { dtype: 'float16' },
  { dtype: 'uint8', granularity: 'per-tensor' },
  { dtype: 'int8', granularity: 'per-tensor' },
  { dtype: 'int8', granularity: 'per-channel' },
  { dtype: 'uint8', granularity: 'per-tensor', bits: 4 },
  { dtype: 'uint8', granularity: 'per-channel', bits: 4 },
  { dtype: 'uint8', granularity: 'per-tensor', bits: 2 },
  { dtype: 'uint8', granularity: 'per-channel', bits: 2 },
];

/** Accuracy and size of `model` under each format, evaluated on (x, y). */
export function quantisationStudy(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  formats: StudyFormat[] = DEFAULT_FORMATS,
): QuantisationRow[] {
  checkModel('quantisationStudy', 'model', model);
  checkTensor('quantisationStudy', 'x', x, { nonEmpty: false });
  checkTensor('quantisationStudy', 'y', y, { nonEmpty: false });
  if (formats !== undefined) checkArray('quantisationStudy', 'formats', formats, { nonEmpty: false });
  check(
    Array.isArray(formats) && formats.length > 0,
    'quantisationStudy',
    'formats',
    formats,
    'a non-empty list of formats',
  );
  return formats.map((f) => {
    if (f.dtype === 'float32') {
      const bytes = model.layers
        .flatMap((l) => l.weights)
        .reduce((s, w) => s + 4 * (w.shape as number[]).reduce((a, b) => a * b, 1), 0);
      return {
        format: 'float32',
        bits: 32,
        bytes,
        ratio: 1,
        accuracy: evaluate(model, x, y).accuracy ?? NaN,
        maxError: 0,
      };
    }
    const q = quantiseModel(model, { dtype: f.dtype, granularity: f.granularity, bits: f.bits });
    const accuracy = withQuantisedWeights(model, q, () => evaluate(model, x, y).accuracy ?? NaN);
    const bits = q.weights[0]?.q.bits ?? 8;
    const format =
      f.dtype === 'float16'
        ? 'float16'
        : `${f.dtype} ${f.granularity ?? 'per-tensor'}${bits !== 8 ? ` ${bits}-bit` : ''}`;
    return { format, bits, bytes: q.bytes, ratio: q.bytes / q.float32Bytes, accuracy, maxError: q.maxError };
  });
}
