/**
 * The usual scores of a classifier on a labelled set in one call: accuracy, macro recall and F1
 * (every class weighs the same, so a neglected class shows even when accuracy looks fine), and for a
 * binary problem the positive class's precision, recall, F1 and ROC AUC — what you compare when
 * the positive class is rare and accuracy flatters the model.
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt } from '../errors';
import { predict } from '../train/evaluate';
import { accuracy, precisionRecallFscore } from './classification';
import { LabelInput, toLabels } from './labels';
import { auc, rocCurve } from './roc';
import { checkModel, checkObject, checkTensor } from '../validate';
import { OptionsOf, defineOptions } from '../define-options';

export interface ClassifierScores {
  accuracy: number;
  macroF1: number;
  macroRecall: number;
  /** Binary problems only: scores of `positive`. */
  precision?: number;
  recall?: number;
  f1?: number;
  auc?: number;
}

const CLASSIFIER_SCORES_OPTIONS = defineOptions('classifierScores', {
  positive: undefined as number | undefined,
});

/**
 * @example const s = classifierScores(model, test.xs, test.labels); s.f1, s.recall
 */
export function classifierScores(
  model: tf.LayersModel,
  x: tf.Tensor,
  yTrue: LabelInput,
  options: OptionsOf<typeof CLASSIFIER_SCORES_OPTIONS> = {},
): ClassifierScores {
  options = CLASSIFIER_SCORES_OPTIONS.read(options);
  checkModel('classifierScores', 'model', model);
  // finite values checked here (one read): a NaN row would otherwise become a predicted label of -1
  checkTensor('classifierScores', 'x', x, { nonEmpty: false, finite: true });
  if (options.positive !== undefined) checkInt('classifierScores', 'positive', options.positive, 0);
  checkObject('classifierScores', 'yTrue', yTrue);
  const labels = toLabels(yTrue, 'classifierScores', 'yTrue');
  check(
    labels.length === x.shape[0],
    'classifierScores',
    'yTrue',
    `${labels.length} labels`,
    `one per row of x (${x.shape[0]})`,
  );
  const logits = predict(model, x);
  const probs = tf.softmax(logits);
  const k = logits.shape[1] ?? 1;
  const rows = probs.arraySync() as number[][];
  tf.dispose([logits, probs]);
  const predicted = rows.map((r) => r.indexOf(Math.max(...r)));
  const macro = precisionRecallFscore(labels, predicted, { average: 'macro', zeroDivision: 0, numClasses: k });
  const out: ClassifierScores = { accuracy: accuracy(labels, predicted), macroF1: macro.f, macroRecall: macro.recall };
  if (k === 2) {
    const pos = options.positive ?? 1;
    const s = precisionRecallFscore(labels, predicted, {
      average: 'binary',
      posLabel: pos,
      zeroDivision: 0,
      numClasses: 2,
    });
    Object.assign(out, {
      precision: s.precision,
      recall: s.recall,
      f1: s.f,
      auc: rocAuc(
        labels,
        rows.map((r) => r[pos]),
        pos,
      ),
    });
  }
  return out;
}

function rocAuc(labels: Int32Array, scores: number[], pos: number): number {
  const curve = rocCurve(labels, scores, { posLabel: pos });
  return auc(curve.fpr, curve.tpr);
}
