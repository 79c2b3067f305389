/** Tiny, deterministic inputs for the API fuzz suite's baseline calls (made fresh for each call). */
import * as os from 'node:os';
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { mlp, smallCnn } from '../../src/lib/models/zoo';
import { frameFromColumns } from '../../src/lib/data/prepare/frame';

export const N = 8;
/** [8, 4] features. */
export const xs = () =>
  tf.tensor2d(
    Array.from({ length: N * 4 }, (_, i) => Math.sin(i * 1.3)),
    [N, 4],
  );
/** [8, 2] one-hot labels, both classes present. */
export const ys = () => tf.tidy(() => tf.oneHot(tf.tensor1d(labels(), 'int32'), 2).toFloat());
export const labels = () => [0, 1, 0, 1, 1, 0, 1, 0];
export const preds = () => [0, 1, 1, 1, 0, 0, 1, 0];
export const scores = () => [0.1, 0.8, 0.6, 0.7, 0.4, 0.2, 0.9, 0.3];
export const probs2 = () => scores().map((p) => [1 - p, p]);
/** A 4 → 3 → 2 MLP with logits out. */
export const model = (seed = 1) => mlp({ inputShape: [4], hidden: [3], numClasses: 2, seed });
/** An [8, 8, 1] CNN for 2 classes. */
export const cnn = (seed = 1) => smallCnn({ inputShape: [8, 8, 1], numClasses: 2, seed });
export const imagesGrey = () => tf.randomUniform([N, 8, 8, 1], 0, 1, 'float32', 3);
/** A batch [2, 8, 8, 3] of float images in 0..1, and one image [8, 8, 3]. */
export const images = () => tf.randomUniform([2, 8, 8, 3], 0, 1, 'float32', 5);
export const image = () => tf.randomUniform([8, 8, 3], 0, 1, 'float32', 7);
export const imageLabels = () => tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1], 'int32'), 2).toFloat());
export const frame = () =>
  frameFromColumns({
    a: [1, 2, 3, 4, 100, 6, 7, 8],
    b: [0.5, 0.1, 0.3, 0.2, 0.9, 0.4, 0.8, 0.6],
    y: [0, 1, 0, 1, 1, 0, 1, 0],
  });
export const frameWithGaps = () => frameFromColumns({ a: [1, NaN, 3, 4, 4], b: ['x', 'y', null, 'y', 'y'] });
export const dataset = () => ({ xs: xs(), ys: ys(), labels: Int32Array.from(labels()) });
export const imageDataset = () => ({ xs: imagesGrey(), ys: ys(), labels: Int32Array.from(labels()) });
export const EN = 'The quick brown fox jumps over the lazy dog near the river bank.';
export const ZH = '我们今天去公园散步，天气很好。';

let dirCount = 0;
/** A fresh temporary directory. */
export function tmpDir(): string {
  const dir = path.join(os.tmpdir(), `wb-fuzz-${process.pid}-${++dirCount}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
