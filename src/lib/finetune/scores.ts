/**
 * Accuracy, macro recall and macro F1 (sklearn's `average='macro'`, zero_division=0) of a
 * classifier on labelled data. Macro averages weigh every class equally, so a model that
 * neglects one digit shows it even when accuracy looks fine.
 * The arithmetic is eval's (scikit-learn definitions); this names the three numbers transfer compares.
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt } from '../errors';
import { predict } from '../train';
import { accuracy, precisionRecallFscore } from '../eval/classification';
import { checkArray, checkModel, checkNumber, checkTensor } from '../validate';

export interface MacroScores {
  accuracy: number;
  macroRecall: number;
  macroF1: number;
}

/** Scores from true and predicted class indices. */
export function macroScores(trueLabels: ArrayLike<number>, predicted: ArrayLike<number>, numClasses: number): MacroScores {
  checkArray('macroScores', 'trueLabels', trueLabels, { nonEmpty: false });
  checkArray('macroScores', 'predicted', predicted, { nonEmpty: false });
  checkNumber('macroScores', 'numClasses', numClasses);
  check(trueLabels.length === predicted.length && trueLabels.length > 0, 'macroScores', 'predicted', `${predicted.length} labels`, `as many as trueLabels (${trueLabels.length}), at least 1`);
  checkInt('macroScores', 'numClasses', numClasses, 2);
  for (let i = 0; i < trueLabels.length; i++) {
    const t = trueLabels[i];
    check(Number.isInteger(t) && t >= 0 && t < numClasses, 'macroScores', `trueLabels[${i}]`, t, `a class index in [0, ${numClasses - 1}]`);
  }
  const macro = precisionRecallFscore(trueLabels, predicted, { average: 'macro', zeroDivision: 0, numClasses });
  return { accuracy: accuracy(trueLabels, predicted), macroRecall: macro.recall, macroF1: macro.f };
}

/** Scores of a logits model on images x with class indices `labels`. */
export function scoreModel(model: tf.LayersModel, x: tf.Tensor, labels: ArrayLike<number>): MacroScores {
  checkModel('scoreModel', 'model', model);
  checkTensor('scoreModel', 'x', x, { nonEmpty: false });
  checkArray('scoreModel', 'labels', labels, { nonEmpty: false });
  check(x.shape[0] === labels.length, 'scoreModel', 'labels', `${labels.length} labels`, `one per row of x (${x.shape[0]})`);
  const logits = predict(model, x);
  const numClasses = logits.shape[1]!;
  const arg = tf.tidy(() => tf.argMax(logits, -1));
  const predicted = arg.dataSync();
  tf.dispose([logits, arg]);
  return macroScores(labels, predicted, numClasses);
}
