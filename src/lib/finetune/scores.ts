/**
 * Accuracy, macro recall and macro F1 (sklearn's `average='macro'`, zero_division=0) of a
 * classifier on labelled data. Macro averages weigh every class equally, so a model that
 * neglects one digit shows it even when accuracy looks fine.
 * (Kept small here so fine-tuning need not wait for src/lib/eval; eval's `precisionRecallFscore`
 * computes the same numbers.)
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt } from '../errors';
import { predict } from '../train';

export interface MacroScores {
  accuracy: number;
  macroRecall: number;
  macroF1: number;
}

/** Scores from true and predicted class indices. */
export function macroScores(trueLabels: ArrayLike<number>, predicted: ArrayLike<number>, numClasses: number): MacroScores {
  check(trueLabels.length === predicted.length && trueLabels.length > 0, 'macroScores', 'predicted', `${predicted.length} labels`, `as many as trueLabels (${trueLabels.length}), at least 1`);
  checkInt('macroScores', 'numClasses', numClasses, 2);
  const tp = new Array(numClasses).fill(0), actual = new Array(numClasses).fill(0), guessed = new Array(numClasses).fill(0);
  let hits = 0;
  for (let i = 0; i < trueLabels.length; i++) {
    const t = trueLabels[i], p = predicted[i];
    check(Number.isInteger(t) && t >= 0 && t < numClasses, 'macroScores', `trueLabels[${i}]`, t, `a class index in [0, ${numClasses - 1}]`);
    actual[t]++;
    guessed[p]++;
    if (t === p) {
      tp[t]++;
      hits++;
    }
  }
  const recall = tp.map((v, c) => (actual[c] ? v / actual[c] : 0));
  const precision = tp.map((v, c) => (guessed[c] ? v / guessed[c] : 0));
  const f1 = recall.map((r, c) => (r + precision[c] > 0 ? (2 * r * precision[c]) / (r + precision[c]) : 0));
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
  return { accuracy: hits / trueLabels.length, macroRecall: mean(recall), macroF1: mean(f1) };
}

/** Scores of a logits model on images x with class indices `labels`. */
export function scoreModel(model: tf.LayersModel, x: tf.Tensor, labels: ArrayLike<number>): MacroScores {
  check(x.shape[0] === labels.length, 'scoreModel', 'labels', `${labels.length} labels`, `one per row of x (${x.shape[0]})`);
  const logits = predict(model, x);
  const numClasses = logits.shape[1]!;
  const arg = tf.tidy(() => tf.argMax(logits, -1));
  const predicted = arg.dataSync();
  tf.dispose([logits, arg]);
  return macroScores(labels, predicted, numClasses);
}
