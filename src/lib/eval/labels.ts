/**
 * Turning what users have (label arrays, one-hot or probability tensors) into integer class labels,
 * and the shared checks every metric runs first: same length, not empty, known labels.
 */
import * as tf from '@tensorflow/tfjs';
import { check } from '../errors';

/** Class labels as a plain array / typed array, or a tensor: [N] labels, or [N, K] one-hot / scores (argmax). */
export type LabelInput = ArrayLike<number> | tf.Tensor;
/** Scores: [N] (binary, score of the positive class) or [N, K] rows, as arrays or a tensor. */
export type ScoreInput = ArrayLike<number> | ArrayLike<ArrayLike<number>> | tf.Tensor;

/** Integer labels from an array or a tensor ([N, K] rows are reduced with argmax). */
export function toLabels(y: LabelInput, where: string, parameter: string): Int32Array {
  let values: ArrayLike<number>;
  if (y instanceof tf.Tensor) {
    check(
      y.rank === 1 || y.rank === 2,
      where,
      parameter,
      `a rank-${y.rank} tensor`,
      'a [N] label tensor or an [N, K] one-hot / score tensor',
    );
    if (y.rank === 2 && y.shape[1]! > 1) {
      check(y.shape[0] > 0, where, parameter, 'an empty tensor', 'at least one row');
      const argmax = tf.argMax(y, -1);
      const labels = Int32Array.from(argmax.dataSync());
      argmax.dispose();
      return labels;
    }
    values = y.dataSync();
  } else {
    check(
      y != null && typeof (y as ArrayLike<number>).length === 'number',
      where,
      parameter,
      typeof y,
      'an array of integer labels or a tensor',
    );
    values = y;
  }
  check(values.length > 0, where, parameter, 'an empty array', 'at least one label');
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    check(Number.isInteger(v) && v >= 0, where, `${parameter}[${i}]`, v, 'a non-negative integer class label');
    out[i] = v;
  }
  return out;
}

/** Scores as rows: [N] → N rows of one value; [N, K] → N rows of K values. */
export function toScores(s: ScoreInput, where: string, parameter: string): { rows: Float64Array[]; columns: number } {
  let rows: Float64Array[];
  if (s instanceof tf.Tensor) {
    check(s.rank === 1 || s.rank === 2, where, parameter, `a rank-${s.rank} tensor`, 'an [N] or [N, K] score tensor');
    const data = s.dataSync();
    const k = s.rank === 2 ? s.shape[1]! : 1;
    rows = Array.from({ length: s.shape[0] }, (_, i) => Float64Array.from(data.subarray(i * k, (i + 1) * k)));
  } else {
    check(s != null && typeof s.length === 'number', where, parameter, typeof s, 'an array of scores or a tensor');
    rows = Array.from(s as ArrayLike<unknown>, (r) =>
      typeof r === 'number' ? Float64Array.of(r) : Float64Array.from(r as ArrayLike<number>),
    );
  }
  check(rows.length > 0, where, parameter, 'an empty array', 'at least one row of scores');
  const columns = rows[0].length;
  rows.forEach((r, i) => {
    check(r.length === columns, where, `${parameter}[${i}]`, `${r.length} values`, `${columns} values like row 0`);
    r.forEach((v) => check(Number.isFinite(v), where, `${parameter}[${i}]`, v, 'finite numbers'));
  });
  return { rows, columns };
}

/** Checks two label arrays have the same length. */
export function checkSameLength(
  where: string,
  a: { length: number },
  b: { length: number },
  names = ['yTrue', 'yPred'],
): void {
  check(Array.isArray(names) && names.length === 2, 'checkSameLength', 'names', names, 'two names');
  check(a != null && typeof a.length === 'number', where, names[0], a, 'an array');
  check(b != null && typeof b.length === 'number', where, names[1], b, 'an array');
  check(a.length === b.length, where, names[1], `${b.length} values`, `as many as ${names[0]} (${a.length})`);
}

/**
 * The classes a metric reports on: 0..numClasses-1 when given (labels outside are an error, as in
 * sklearn's `labels=`), else the sorted union of labels seen in yTrue and yPred (sklearn's default).
 */
export function resolveClasses(where: string, numClasses: number | undefined, ...arrays: Int32Array[]): number[] {
  arrays.forEach((a, i) =>
    check(a != null && typeof a.length === 'number', where, `arrays[${i}]`, a, 'an array of class labels'),
  );
  if (numClasses !== undefined) {
    check(
      Number.isSafeInteger(numClasses) && numClasses >= 1 && numClasses <= 100_000,
      where,
      'numClasses',
      numClasses,
      'an integer in [1, 100000]',
    );
    arrays.forEach((a, j) => {
      for (let i = 0; i < a.length; i++)
        check(
          a[i] < numClasses,
          where,
          `arrays[${j}][${i}]`,
          a[i],
          `a class label in [0, ${numClasses - 1}] (numClasses ${numClasses})`,
        );
    });
    return Array.from({ length: numClasses }, (_, i) => i);
  }
  const seen = new Set<number>();
  for (const a of arrays) a.forEach((v) => seen.add(v));
  return [...seen].sort((x, y) => x - y);
}
