/**
 * A contrastive embedding of digits learnt without labels (SimCLR-style): every training batch is
 * shown twice, as two random augmentations, and the encoder is trained with InfoNCE to map the two
 * views of a digit close together and apart from the other digits of the batch. The labels are
 * used only afterwards, to score the embedding by k-nearest-neighbour accuracy.
 * Training goes through the shared `fit`: the batch hook builds the two views, the loss hook
 * replaces the loss by InfoNCE (the labels fit is handed are zeros: nothing to learn from).
 */
import * as tf from '@tensorflow/tfjs';
import { fit, mlp, predict } from '../../lib';
import { infoNce } from '../../lib/train';
import { Compose, Affine, RandomErasing } from '../../image-aug';

export interface ContrastiveOptions {
  /** Unlabelled images [N, 28, 28, 1]. */
  images: tf.Tensor;
  hidden?: number[];
  dimensions?: number;
  epochs?: number;
  batchSize?: number;
  temperature?: number;
  learningRate?: number;
  seed: number;
}

/** The two views: a small random affine warp (rotation, scale, shear, shift), then a random erased patch. */
export function viewAugmentation(): Compose {
  return new Compose([
    new Affine({ rotate: 15, scale: 0.15, shear: 10, translate: 0.1, p: 1 }),
    new RandomErasing({ scale: [0.02, 0.15], p: 0.5 }),
  ]);
}

/** An MLP encoder, flat 784 pixels → `dimensions`. */
export function encoder(seed: number, hidden = [256], dimensions = 64): tf.Sequential {
  return mlp({ inputShape: [784], hidden, numClasses: dimensions, seed });
}

/** Trains an encoder with InfoNCE on two augmented views per image; returns it and the loss per epoch. */
export async function trainContrastive(o: ContrastiveOptions): Promise<{ model: tf.Sequential; losses: number[] }> {
  const { epochs = 5, batchSize = 128, temperature = 0.2, learningRate = 2e-3, dimensions = 64 } = o;
  const model = encoder(o.seed, o.hidden, dimensions);
  const n = o.images.shape[0];
  const flat = o.images.reshape([n, 784]);
  const noLabels = tf.zeros([n, dimensions]);
  const aug = viewAugmentation();
  const optimizer = tf.train.adam(learningRate);
  try {
    const history = await fit(model, flat, noLabels, {
      epochs,
      batchSize,
      seed: o.seed,
      optimizer,
      batchHook: (x, y, info) =>
        tf.tidy(() => {
          const images = x.reshape([-1, 28, 28, 1]);
          const a = aug.apply(images, info.seed);
          const b = aug.apply(images, info.seed + 1);
          return [tf.concat([a, b]).reshape([-1, 784]), tf.concat([y, y])];
        }),
      lossHook: ({ yPred }) => {
        const [a, b] = tf.split(yPred, 2);
        return infoNce(a, b, { temperature });
      },
    });
    return { model, losses: history.history.loss };
  } finally {
    tf.dispose([flat, noLabels]);
    optimizer.dispose();
  }
}

/** Embeddings [N, D] of flat or image-shaped x (the caller owns them). */
export function embed(model: tf.LayersModel, x: tf.Tensor): tf.Tensor2D {
  const flat = x.reshape([x.shape[0], -1]);
  const out = predict(model, flat) as tf.Tensor2D;
  flat.dispose();
  return out;
}

/** Accuracy of k-nearest-neighbour voting by cosine similarity (ties → the nearest neighbour's class). */
export function knnAccuracy(
  train: tf.Tensor2D,
  trainLabels: ArrayLike<number>,
  test: tf.Tensor2D,
  testLabels: ArrayLike<number>,
  k = 5,
): number {
  const neighbours = tf.tidy(() => {
    const unit = (t: tf.Tensor2D) => tf.div(t, tf.maximum(tf.norm(t, 'euclidean', 1, true), 1e-12));
    return tf.topk(tf.matMul(unit(test), unit(train), false, true), k).indices;
  });
  const idx = neighbours.dataSync();
  neighbours.dispose();
  let hits = 0;
  for (let i = 0; i < testLabels.length; i++) {
    const votes = new Map<number, number>();
    let best = trainLabels[idx[i * k]];
    for (let j = 0; j < k; j++) {
      const label = trainLabels[idx[i * k + j]];
      votes.set(label, (votes.get(label) ?? 0) + 1);
      if (votes.get(label)! > votes.get(best)!) best = label;
    }
    if (best === testLabels[i]) hits++;
  }
  return hits / testLabels.length;
}
