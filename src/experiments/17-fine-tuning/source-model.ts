/**
 * The pretrained source model. Nothing can be downloaded here, so the project pretrains its own:
 * the small CNN of the zoo on MNIST digits 0-4, saved under models/. The recipe is stored with the
 * files; a saved model with another recipe is retrained, so a changed recipe never loads stale weights.
 */
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import {
  loadMnist,
  smallCnn,
  fit,
  evaluate,
  Callback,
  loadModel,
  modelExists,
  modelsDir,
  readModelMetadata,
  saveModel,
} from '../../lib';

/** Hyperparameters of the source model, as named constants (tfjs-examples style). */
export const SOURCE_RECIPE = {
  name: 'mnist-0-4-small-cnn',
  digits: [0, 1, 2, 3, 4],
  trainSize: 6000,
  testSize: 1000,
  epochs: 2,
  batchSize: 64,
  learningRate: 3e-3,
  seed: 1,
} as const;

export interface SourceModelInfo {
  model: tf.LayersModel;
  /** Where it is saved. */
  path: string;
  /** True when it was trained now (false: loaded from disk). */
  trained: boolean;
  /** Test accuracy on digits 0-4, measured when it was trained. */
  testAccuracy: number;
  /** Seconds the pretraining took (when it was trained). */
  trainSeconds: number;
}

/** Where the source model lives: models/mnist-0-4-small-cnn (see modelsDir). */
export function sourceModelPath(): string {
  return path.join(modelsDir(), SOURCE_RECIPE.name);
}

/**
 * Trains the source CNN on digits 0-4 (≈10 s on 2 CPU cores with wasm) and saves it. Same seed → same weights.
 * @example const info = await pretrainSourceModel();
 */
export async function pretrainSourceModel(
  options: { path?: string; callbacks?: Callback[] } = {},
): Promise<SourceModelInfo> {
  const r = SOURCE_RECIPE;
  const target = options.path ?? sourceModelPath();
  const { train, test } = loadMnist({
    digits: [...r.digits],
    trainSize: r.trainSize,
    testSize: r.testSize,
    seed: r.seed,
  });
  const model = smallCnn({ numClasses: r.digits.length, seed: r.seed });
  const started = Date.now();
  const optimizer = tf.train.adam(r.learningRate);
  await fit(model, train.xs, train.ys, {
    epochs: r.epochs,
    batchSize: r.batchSize,
    optimizer,
    seed: r.seed,
    callbacks: options.callbacks ?? [],
  });
  const trainSeconds = (Date.now() - started) / 1000;
  const testAccuracy = evaluate(model, test.xs, test.ys).accuracy!;
  train.dispose();
  test.dispose();
  optimizer.dispose();
  await saveModel(model, target, { metadata: { recipe: r, testAccuracy, trainSeconds, backend: tf.getBackend() } });
  return { model, path: target, trained: true, testAccuracy, trainSeconds };
}

/**
 * The source model: loaded from models/ when saved with the current recipe, else pretrained now.
 * @example const { model, testAccuracy } = await sourceModel();
 */
export async function sourceModel(options: { path?: string; callbacks?: Callback[] } = {}): Promise<SourceModelInfo> {
  const target = options.path ?? sourceModelPath();
  const meta = readModelMetadata(target) as
    { recipe?: unknown; testAccuracy?: number; trainSeconds?: number } | undefined;
  if (modelExists(target) && JSON.stringify(meta?.recipe) === JSON.stringify(SOURCE_RECIPE)) {
    return {
      model: await loadModel(target),
      path: target,
      trained: false,
      testAccuracy: meta!.testAccuracy ?? NaN,
      trainSeconds: meta!.trainSeconds ?? NaN,
    };
  }
  return pretrainSourceModel(options);
}
