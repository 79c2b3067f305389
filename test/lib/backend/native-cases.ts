/** Cases the native-kernel tests run on every setting (threads, instruction set), as bytes. */
import * as tf from '@tensorflow/tfjs';
import { values } from './compare';

/** [M, K, N, transA, transB, batch]: block tails (M % 6, N % 16), products big enough to be split, batches. */
export const CASES: [number, number, number, boolean, boolean, number[]][] = [
  [64, 300, 100, false, false, []],
  [67, 129, 45, false, true, []],
  [131, 64, 150, true, false, []],
  [50, 77, 181, true, true, []],
  [7, 300, 10, false, false, [3]],
  [1, 1, 1, false, false, []],
  [13, 40, 17, true, false, [2, 2]],
];

/** Every case's product on the current settings, as bytes. */
export function products(): Buffer[] {
  return CASES.map(([M, K, N, ta, tb, batch], i) =>
    tf.tidy(() => {
      const a = tf.tensor(values([...batch, ...(ta ? [K, M] : [M, K])], 10 + i), [...batch, ...(ta ? [K, M] : [M, K])]);
      const b = tf.tensor(values([...batch, ...(tb ? [N, K] : [K, N])], 20 + i), [...batch, ...(tb ? [N, K] : [K, N])]);
      return Buffer.from(tf.matMul(a, b, ta, tb).dataSync().buffer);
    }),
  );
}
export const floats = (b: Buffer) => new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);

/** Conv2D, its input gradient and its filter gradient for a few shapes (tails, strides, padding, 8-wide panels), as bytes. */
export function convolutions(): Buffer[] {
  const cases: [number[], number[], number, 'same' | 'valid'][] = [
    [[3, 11, 9, 5], [3, 3, 5, 7], 1, 'same'],
    [[2, 13, 12, 3], [5, 5, 3, 17], 2, 'same'],
    [[4, 10, 10, 8], [3, 3, 8, 33], 1, 'valid'],
    [[5, 9, 9, 1], [3, 3, 1, 8], 1, 'same'],
    [[3, 8, 8, 4], [3, 3, 4, 26], 1, 'same'],
    [[64, 14, 14, 32], [3, 3, 32, 64], 1, 'same'],
    [[2, 7, 6, 130], [3, 3, 130, 20], 1, 'same'], // K = 1170: the forward pass continues its chains past 1024
  ];
  return cases.flatMap(([xs, ws, stride, pad], i) =>
    tf.tidy(() => {
      const x = tf.tensor4d(values(xs, 60 + i), xs as [number, number, number, number]);
      const w = tf.tensor4d(values(ws, 70 + i), ws as [number, number, number, number]);
      const f = (a: tf.Tensor4D, b: tf.Tensor4D) => tf.conv2d(a, b, stride, pad).square().sum();
      const [dx, dw] = tf.grads(f as never)([x, w]);
      return [tf.conv2d(x, w, stride, pad), dx, dw].map((t) => Buffer.from(t.dataSync().buffer));
    }),
  );
}
