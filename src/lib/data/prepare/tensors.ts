/** From a prepared DataFrame to what `fit` takes: a float feature tensor and one-hot labels. */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt } from '../../errors';
import { DataFrame, checkColumns, checkFrame, columnValues, isMissing } from './frame';
import { checkArray, checkDataFrame, checkNumber, checkObject, checkString } from '../../validate';

/**
 * Features [N, F] (float32) and one-hot labels [N, K] from numeric columns; labels must be 0..K-1.
 * The caller owns both tensors.
 * @example const { xs, ys, labels } = frameToTensors(train, ['bodyChars', 'links'], 'spam');
 */
export function frameToTensors(
  df: DataFrame,
  features: string[],
  labelColumn: string,
  numClasses?: number,
): { xs: tf.Tensor2D; ys: tf.Tensor2D; labels: Int32Array } {
  checkDataFrame('frameToTensors', 'df', df);
  if (numClasses !== undefined) checkInt('frameToTensors', 'numClasses', numClasses, 2, 100_000);
  checkArray('frameToTensors', 'features', features, { nonEmpty: false });
  checkString('frameToTensors', 'labelColumn', labelColumn, false);
  if (numClasses !== undefined) checkNumber('frameToTensors', 'numClasses', numClasses);
  const where = 'frameToTensors';
  checkFrame(where, df);
  checkColumns(where, df, features, 'features');
  checkColumns(where, df, [labelColumn], 'labelColumn');
  const n = df.shape[0];
  const data = new Float32Array(n * features.length);
  features.forEach((c, j) =>
    columnValues(df, c).forEach((v, i) => {
      check(typeof v === 'number' && !isMissing(v), where, `${c}[${i}]`, v, 'a number (impute missing values first)');
      data[i * features.length + j] = v as number;
    }),
  );
  const labels = Int32Array.from(columnValues(df, labelColumn), (v, i) => {
    check(Number.isInteger(v) && (v as number) >= 0, where, `${labelColumn}[${i}]`, v, 'an integer class label ≥ 0');
    return v as number;
  });
  const k = numClasses ?? Math.max(...labels) + 1;
  const xs = tf.tensor2d(data, [n, features.length]);
  const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), k).toFloat()) as tf.Tensor2D;
  return { xs, ys, labels };
}
