/**
 * Part of a Dataset, chosen by index or by label: e.g. a training set with one class held out
 * (Hinton et al.'s "never saw a 3" distillation experiment), or the test examples of one class.
 * Like torch.utils.data.Subset, but the result owns new tensors (dispose it as usual).
 */
import * as tf from '@tensorflow/tfjs';
import { check } from '../errors';
import { Dataset } from './mnist';
import { checkObject } from '../validate';

/**
 * The examples of `data` listed in `keep` (indices, in that order) or for which `keep(label, index)`
 * is true (in their original order). One-hot width and numClasses are unchanged, so a model for the
 * full dataset fits the subset.
 * @example const noThrees = subset(train, (label) => label !== 3);
 */
export function subset(data: Dataset, keep: ArrayLike<number> | ((label: number, index: number) => boolean)): Dataset {
  checkObject('subset', 'data', data);
  checkObject('subset', 'keep', keep);
  check(
    data != null &&
      data.xs instanceof tf.Tensor &&
      data.ys instanceof tf.Tensor &&
      data.labels instanceof Int32Array &&
      data.xs.shape[0] === data.labels.length &&
      data.ys.shape[0] === data.labels.length &&
      !data.xs.isDisposed &&
      !data.ys.isDisposed,
    'subset',
    'data',
    typeof data,
    'a Dataset (xs, ys, labels with the same number of rows), e.g. from loadMnist',
  );
  const n = data.labels.length;
  let indices: Int32Array;
  if (typeof keep === 'function') {
    const chosen: number[] = [];
    data.labels.forEach((label, i) => {
      if (keep(label, i)) chosen.push(i);
    });
    indices = Int32Array.from(chosen);
  } else {
    check(
      keep != null && typeof keep.length === 'number',
      'subset',
      'keep',
      typeof keep,
      'an array of example indices or a (label, index) => boolean predicate',
    );
    indices = Int32Array.from(keep);
    indices.forEach((v, i) =>
      check(v === keep[i] && v >= 0 && v < n, 'subset', `keep[${i}]`, keep[i], `an integer index in [0, ${n - 1}]`),
    );
  }
  check(indices.length > 0, 'subset', 'keep', 'no example', 'at least one example chosen');
  const [xs, ys] = tf.tidy(() => {
    const at = tf.tensor1d(indices, 'int32');
    return [tf.gather(data.xs, at), tf.gather(data.ys, at) as tf.Tensor2D];
  });
  const labels = Int32Array.from(indices, (i) => data.labels[i]);
  return { xs, ys, labels, numClasses: data.numClasses, dispose: () => tf.dispose([xs, ys]) };
}
