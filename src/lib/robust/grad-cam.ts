/**
 * Grad-CAM (Selvaraju et al. 2017): where in the image a convolutional layer saw evidence for a
 * class. The class score's gradient with respect to the layer's feature maps, averaged over
 * space, weighs each channel; the weighted sum of the maps, through a ReLU (only evidence *for*
 * the class), is upsampled to the input size. Coarser than a pixel gradient (the layer's
 * resolution), but class-specific and far less noisy.
 *
 * Averaging the gradient over space assumes a global-average-pooling head (the architectures
 * Grad-CAM was made for). Behind flatten + dense, as in this workbook's CNNs, the average mixes
 * every position's weights and the map can come out empty or misplaced; HiResCAM (Draelos & Carin
 * 2020) multiplies gradient and feature map position by position instead, and for a head of
 * max-pooling, flatten and dense layers its map sums exactly to the class logit minus its bias.
 */
import * as tf from '@tensorflow/tfjs';
import { check } from '../errors';
import { SaliencyOptions, targetMask } from './saliency';
import { checkKeys, checkModelInput, checkTargets } from './validate';

export interface GradCamOptions extends SaliencyOptions {
  /** The convolutional layer to read (default: the last layer with a 4-D output before the head). */
  layer?: string;
  /** 'grad-cam' (channel weights = spatial mean of the gradient) or 'hires-cam' (gradient ⊙ map). Default 'grad-cam'. */
  variant?: CamVariant;
}

export const CAM_VARIANTS = ['grad-cam', 'hires-cam'] as const;
export type CamVariant = (typeof CAM_VARIANTS)[number];

/** The layers of a plain chain (a Sequential model, or a functional one without branches). */
function chain(model: tf.LayersModel): tf.layers.Layer[] {
  return model.layers.filter((l) => l.getClassName() !== 'InputLayer');
}

/** Names of the layers with a 4-D (image-like) output, in order. */
export function featureMapLayers(model: tf.LayersModel): string[] {
  check(model instanceof tf.LayersModel, 'featureMapLayers', 'model', model, 'a tf.LayersModel');
  return chain(model)
    .filter((l) => (l.outputShape as number[]).length === 4)
    .map((l) => l.name);
}

/**
 * Grad-CAM maps [N,H,W] in [0, 1] (each image divided by its largest value), at x's resolution.
 * @example const cam = gradCam(cnn, test.xs.slice(0, 8), { layer: 'conv2' });
 */
export function gradCam(model: tf.LayersModel, x: tf.Tensor, options: GradCamOptions = {}): tf.Tensor3D {
  const where = 'gradCam';
  checkModelInput(where, model, x);
  checkKeys(where, options, ['target', 'layer', 'variant']);
  const variant = options.variant ?? 'grad-cam';
  check(
    (CAM_VARIANTS as readonly string[]).includes(variant),
    where,
    'variant',
    variant,
    `one of ${CAM_VARIANTS.join(', ')}`,
  );
  check(x.rank === 4, where, 'x', x.shape, 'images [N,H,W,C]');
  const candidates = featureMapLayers(model);
  check(candidates.length > 0, where, 'model', model.name, 'a model with a convolutional layer');
  const layerName = options.layer ?? candidates[candidates.length - 1];
  check(candidates.includes(layerName), where, 'layer', layerName, `one of ${candidates.join(', ')}`);
  if (options.target !== undefined) checkTargets(where, options.target, x.shape[0], 'target');
  const layers = chain(model);
  const cut = layers.findIndex((l) => l.name === layerName) + 1;
  const mask = targetMask(model, x, options.target);
  const cam = tf.tidy(() => {
    let maps = x;
    for (const l of layers.slice(0, cut)) maps = l.apply(maps, { training: false }) as tf.Tensor;
    const head = (a: tf.Tensor) => {
      let z = a;
      for (const l of layers.slice(cut)) z = l.apply(z, { training: false }) as tf.Tensor;
      return tf.sum(tf.mul(z, mask));
    };
    const grads = tf.grad(head)(maps) as tf.Tensor4D;
    // grad-cam: [N,1,1,C], how much each channel matters; hires-cam: [N,h,w,C], at each position
    const weights = variant === 'grad-cam' ? tf.mean(grads, [1, 2], true) : grads;
    const raw = tf.relu(tf.sum(tf.mul(maps, weights), -1, true)) as tf.Tensor4D;
    const up = tf.image.resizeBilinear(raw, [x.shape[1]!, x.shape[2]!]).squeeze([3]) as tf.Tensor3D;
    const peak = tf.max(up, [1, 2], true);
    return tf.div(up, tf.maximum(peak, 1e-12)) as tf.Tensor3D;
  });
  mask.dispose();
  return cam;
}
