/**
 * Per-layer activation and gradient statistics of a sequential model on one batch, the diagnostics
 * of Glorot & Bengio (2010): a good initialisation keeps the spread of the activations (forward)
 * and of the back-propagated gradients (backward) roughly constant from layer to layer; a poor one
 * makes them shrink or blow up geometrically with depth.
 * The gradient with respect to a layer's output is read by adding a zero tensor to that output and
 * differentiating the loss with respect to it (dL/d(h + 0) = dL/dh).
 */
import * as tf from '@tensorflow/tfjs';
import { check } from '../errors';
import { LossFn, LossName, resolveLoss } from './losses';
import { checkModelInput, checkOptions, checkTensor } from '../validate';
import { checkTrainData } from './check-train-options';

export interface LayerStatistics {
  layer: string;
  /** Mean and standard deviation of the layer's output over the batch and units. */
  activationMean: number;
  activationStd: number;
  /** Fraction of outputs exactly 0 (dead ReLUs). */
  zeroFraction: number;
  /** Standard deviation of dL/d(output): the back-propagated gradient reaching this layer. */
  gradientStd: number;
  /** Standard deviation of dL/d(kernel), or undefined for a layer without a kernel. */
  weightGradientStd?: number;
}

const std = (t: tf.Tensor): number => tf.tidy(() => tf.moments(t).variance.sqrt().dataSync()[0]);

/**
 * Statistics of every layer of `model` (a tf.Sequential) on the batch (x, y); y one-hot for the
 * default loss (softmax cross-entropy on logits). Inference mode (no dropout).
 * @example layerStatistics(model, xs, ys).map((s) => s.activationStd) // one per layer
 */
export function layerStatistics(
  model: tf.Sequential,
  x: tf.Tensor,
  y: tf.Tensor,
  options: { loss?: LossName | LossFn } = {},
): LayerStatistics[] {
  const where = 'layerStatistics';
  check(model instanceof tf.Sequential, where, 'model', typeof model, 'a tf.Sequential (layers in a chain)');
  checkTensor(where, 'x', x, { finite: true });
  checkTensor(where, 'y', y, { finite: true });
  options = checkOptions(where, options, ['loss']);
  checkTrainData(where, model, x, y);
  checkModelInput(where, 'x', model, x);
  const lossFn = resolveLoss(options.loss);
  const layers = model.layers;
  return tf.tidy(() => {
    // Forward once to learn each layer's output shape and statistics.
    const outputs: tf.Tensor[] = [];
    let h = x;
    for (const layer of layers) outputs.push((h = layer.apply(h) as tf.Tensor));
    const zeros = outputs.map((o) => tf.zerosLike(o));
    const lossOf = (...probes: tf.Tensor[]) => {
      let a = x;
      layers.forEach((layer, i) => (a = tf.add(layer.apply(a) as tf.Tensor, probes[i])));
      return lossFn(y, a);
    };
    const outputGrads = tf.grads(lossOf)(zeros);
    const kernels = layers.map((l) => l.trainableWeights.find((w) => /kernel/.test(w.name)));
    const variables = kernels.filter((k) => k !== undefined).map((k) => k!.read() as tf.Variable);
    const { grads } = tf.variableGrads(() => lossOf(...zeros), variables);
    return layers.map((layer, i) => {
      const out = outputs[i];
      const kernel = kernels[i]?.read() as tf.Variable | undefined;
      const kernelGrad = kernel ? grads[kernel.name] : undefined;
      return {
        layer: layer.name,
        activationMean: tf.mean(out).dataSync()[0],
        activationStd: std(out),
        zeroFraction: tf.mean(tf.equal(out, 0).toFloat()).dataSync()[0],
        gradientStd: std(outputGrads[i]),
        ...(kernelGrad ? { weightGradientStd: std(kernelGrad) } : {}),
      };
    });
  }) as unknown as LayerStatistics[];
}
