/**
 * Distillation works on logits. The workbook's models end in logits already; a model that ends in
 * softmax is read before its softmax: a final Softmax/Activation layer is cut off (the rest shares
 * the layers), a final Dense with softmax activation is recomputed as x·W + b from its own
 * variables — so gradients still reach the original weights.
 */
import * as tf from '@tensorflow/tfjs';
import { check } from '../errors';
import { predict } from '../train/evaluate';
import { checkModel, checkNumber, checkString, checkTensor } from '../validate';

/** Maps inputs to logits, in training mode (dropout on) or inference mode. */
export type LogitsFn = (x: tf.Tensor, training: boolean) => tf.Tensor;

function lastLayer(model: tf.LayersModel): tf.layers.Layer {
  return model.layers[model.layers.length - 1];
}

/** True when the model's last layer applies softmax (a Softmax layer, or softmax activation). */
export function endsInSoftmax(model: tf.LayersModel): boolean {
  checkModel('endsInSoftmax', 'model', model);
  const layer = lastLayer(model);
  const cls = layer.getClassName();
  const config = layer.getConfig() as { activation?: unknown };
  return cls === 'Softmax' || config.activation === 'softmax';
}

/**
 * A function from inputs to the model's logits (pre-softmax output). The caller owns its outputs.
 * @example const z = toLogits(kerasStyleModelWithSoftmax)(x, false);
 */
export function toLogits(model: tf.LayersModel, where = 'toLogits'): LogitsFn {
  checkModel('toLogits', 'model', model);
  if (where !== undefined) checkString('toLogits', 'where', where, false);
  check(model instanceof tf.LayersModel, where, 'model', typeof model, 'a tf.LayersModel');
  check(model.outputs.length === 1, where, 'model', `${model.outputs.length} outputs`, 'a model with one output');
  if (!endsInSoftmax(model)) return (x, training) => model.apply(x, { training }) as tf.Tensor;
  const layer = lastLayer(model);
  const beforeLast = tf.model({ inputs: model.inputs, outputs: layer.input as tf.SymbolicTensor });
  if (layer.getClassName() !== 'Dense') return (x, training) => beforeLast.apply(x, { training }) as tf.Tensor;
  const [kernel, bias] = layer.weights; // LayerVariables of the original Dense: shared, so it trains
  return (x, training) =>
    tf.tidy(() => {
      const h = beforeLast.apply(x, { training }) as tf.Tensor;
      const z = tf.matMul(h as tf.Tensor2D, kernel.read() as tf.Tensor2D);
      return bias ? tf.add(z, bias.read()) : z;
    });
}

/**
 * The teacher's logits for every row of x, computed once in inference mode and in batches, so a
 * distillation run (or a temperature sweep) does not run the teacher again each epoch.
 * @example const zT = teacherLogits(teacher, train.xs); // [N, K], the caller disposes it
 */
export function teacherLogits(teacher: tf.LayersModel, x: tf.Tensor, batchSize = 512): tf.Tensor {
  checkModel('teacherLogits', 'teacher', teacher);
  checkTensor('teacherLogits', 'x', x, { nonEmpty: false });
  if (batchSize !== undefined) checkNumber('teacherLogits', 'batchSize', batchSize);
  const logits = toLogits(teacher, 'teacherLogits');
  check(x instanceof tf.Tensor && x.shape[0] > 0, 'teacherLogits', 'x', x?.shape, 'a tensor with at least one row');
  if (!endsInSoftmax(teacher)) return predict(teacher, x, batchSize);
  const parts: tf.Tensor[] = [];
  for (let i = 0; i < x.shape[0]; i += batchSize) {
    parts.push(tf.tidy(() => logits(x.slice(i, Math.min(batchSize, x.shape[0] - i)), false)));
  }
  const out = parts.length === 1 ? parts[0] : tf.concat(parts);
  if (parts.length > 1) tf.dispose(parts);
  return out;
}
