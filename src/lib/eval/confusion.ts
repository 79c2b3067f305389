/**
 * The confusion matrix: row = true class, column = predicted class (sklearn's convention), counts or
 * normalised over true rows, predicted columns or all cells.
 */
import { check, checkInt, checkOneOf } from '../errors';
import { LabelInput, checkSameLength, resolveClasses, toLabels } from './labels';
import { checkObject } from '../validate';
import { OptionsOf, defineOptions } from '../define-options';

const CONFUSION_OPTIONS = defineOptions('confusionMatrix', {
  /** Classes 0..numClasses-1 (default: sorted labels seen in yTrue ∪ yPred). */
  numClasses: undefined as number | undefined,
  /** 'true' rows sum to 1, 'pred' columns sum to 1, 'all' everything sums to 1 (as sklearn). */
  normalize: undefined as 'true' | 'pred' | 'all' | undefined,
});

export type ConfusionOptions = OptionsOf<typeof CONFUSION_OPTIONS>;

export interface Confusion {
  /** matrix[i][j] = examples of class labels[i] predicted as labels[j]. */
  matrix: number[][];
  labels: number[];
}

/**
 * Counts how often each true class was predicted as each class.
 * @example confusionMatrix([0, 1, 2, 2], [0, 2, 2, 1]).matrix // [[1,0,0],[0,0,1],[0,1,1]]
 */
export function confusionMatrix(yTrue: LabelInput, yPred: LabelInput, options: ConfusionOptions = {}): Confusion {
  options = CONFUSION_OPTIONS.read(options);
  checkObject('confusionMatrix', 'yTrue', yTrue);
  checkObject('confusionMatrix', 'yPred', yPred);
  const where = 'confusionMatrix';
  if (options.normalize !== undefined)
    checkOneOf(where, 'normalize', options.normalize, ['true', 'pred', 'all'] as const);
  const t = toLabels(yTrue, where, 'yTrue');
  const p = toLabels(yPred, where, 'yPred');
  checkSameLength(where, t, p);
  const k = options.numClasses;
  if (k !== undefined) {
    // checked here to name yTrue or yPred (resolveClasses only knows its arguments by position)
    checkInt(where, 'numClasses', k, 1, 100_000);
    [t, p].forEach((a, j) => {
      for (let i = 0; i < a.length; i++)
        check(
          a[i] < k,
          where,
          `${j ? 'yPred' : 'yTrue'}[${i}]`,
          a[i],
          `a class label in [0, ${k - 1}] (numClasses ${k})`,
        );
    });
  }
  const labels = resolveClasses(where, k, t, p);
  const index = new Map(labels.map((l, i) => [l, i]));
  const m = labels.map(() => labels.map(() => 0));
  for (let i = 0; i < t.length; i++) m[index.get(t[i])!][index.get(p[i])!]++;
  if (!options.normalize) return { matrix: m, labels };
  // Zero rows / columns stay 0, as sklearn does (it replaces the 0/0 NaNs with 0).
  const div = (v: number, d: number) => (d === 0 ? 0 : v / d);
  const total = t.length;
  const rowSum = m.map((r) => r.reduce((a, b) => a + b, 0));
  const colSum = labels.map((_, j) => m.reduce((a, r) => a + r[j], 0));
  const matrix = m.map((r, i) =>
    r.map((v, j) =>
      div(v, options.normalize === 'true' ? rowSum[i] : options.normalize === 'pred' ? colSum[j] : total),
    ),
  );
  return { matrix, labels };
}
