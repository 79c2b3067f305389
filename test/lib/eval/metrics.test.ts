import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { useBackend, assertNoLeak } from '../../helpers';
import {
  accuracy,
  auc,
  classificationReport,
  confusionMatrix,
  f1Score,
  logLoss,
  precision,
  precisionRecallFscore,
  recall,
  rocAucScore,
  rocCurve,
  rocCurveOneVsRest,
} from '../../../src/lib/eval';
import { WorkbookError } from '../../../src/lib/errors';

const close = (a: number, b: number, tol = 1e-3) => assert.ok(Math.abs(a - b) < tol, `${a} ≉ ${b}`);
const closeAll = (a: number[], b: number[], tol = 1e-3) => {
  assert.equal(a.length, b.length);
  a.forEach((v, i) => close(v, b[i], tol));
};

// sklearn docs: f1_score / precision_score / recall_score examples.
const T = [0, 1, 2, 0, 1, 2];
const P = [0, 2, 1, 0, 0, 1];

test('F1 matches the sklearn f1_score docs example', () => {
  close(f1Score(T, P, { average: 'macro' }), 0.267);
  close(f1Score(T, P, { average: 'micro' }), 0.333);
  close(f1Score(T, P, { average: 'weighted' }), 0.267);
  closeAll(precisionRecallFscore(T, P, { average: 'none' }).f, [0.8, 0, 0]);
});

test('precision and recall match the sklearn docs examples', () => {
  close(precision(T, P, { average: 'macro' }), 0.22, 5e-3);
  close(precision(T, P, { average: 'micro' }), 0.33, 5e-3);
  close(precision(T, P, { average: 'weighted' }), 0.22, 5e-3);
  closeAll(precisionRecallFscore(T, P, { average: 'none' }).precision, [2 / 3, 0, 0]);
  close(recall(T, P, { average: 'macro' }), 1 / 3);
  closeAll(precisionRecallFscore(T, P, { average: 'none' }).recall, [1, 0, 0]);
  assert.deepEqual(precisionRecallFscore(T, P, { average: 'none' }).support, [2, 2, 2]);
});

test('zero division: 0 (and "warn" behaves as 0), 1 or NaN, as sklearn', () => {
  const allZero = [0, 0, 0, 0, 0, 0];
  closeAll(precisionRecallFscore(T, allZero, { average: 'none', zeroDivision: 0 }).precision, [1 / 3, 0, 0]);
  closeAll(precisionRecallFscore(T, allZero, { average: 'none', zeroDivision: 1 }).precision, [1 / 3, 1, 1]);
  const warn = console.warn;
  let warned = '';
  console.warn = (m: string) => (warned = m);
  try {
    closeAll(precisionRecallFscore(T, allZero, { average: 'none' }).precision, [1 / 3, 0, 0]);
  } finally {
    console.warn = warn;
  }
  assert.match(warned, /ill-defined/);
  assert.ok(Number.isNaN(precisionRecallFscore(T, allZero, { average: 'none', zeroDivision: NaN }).precision[1]));
  // F is only ill-defined when a class is absent from both yTrue and yPred (numClasses adds class 3).
  const f = precisionRecallFscore(T, allZero, { average: 'none', numClasses: 4, zeroDivision: 1 }).f;
  close(f[1], 0);
  close(f[3], 1);
});

test('binary average scores the positive class; F-beta weights recall', () => {
  const t = [0, 1, 1, 1, 0, 0];
  const p = [0, 1, 0, 1, 1, 0];
  const s = precisionRecallFscore(t, p, { average: 'binary' });
  close(s.precision, 2 / 3);
  close(s.recall, 2 / 3);
  // F2 with tp 2, fn 1, fp 1: 5·2 / (5·2 + 4·1 + 1) = 10/15.
  close(precisionRecallFscore(t, p, { average: 'binary', beta: 2 }).f, 10 / 15);
});

test('accuracy matches accuracy_score docs; micro F1 equals accuracy (property)', () => {
  close(accuracy([0, 1, 2, 3], [0, 2, 1, 3]), 0.5);
  assert.equal(accuracy([0, 1, 2, 3], [0, 2, 1, 3], { normalize: false }), 2);
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })), {
        minLength: 1,
        maxLength: 40,
      }),
      (pairs) => {
        const t = pairs.map((p) => p[0]);
        const p = pairs.map((q) => q[1]);
        return Math.abs(f1Score(t, p, { average: 'micro', zeroDivision: 0 }) - accuracy(t, p)) < 1e-12;
      },
    ),
  );
});

test('confusion matrix matches the sklearn docs example, and normalises', () => {
  const t = [2, 0, 2, 2, 0, 1];
  const p = [0, 0, 2, 2, 0, 2];
  assert.deepEqual(confusionMatrix(t, p).matrix, [
    [2, 0, 0],
    [0, 0, 1],
    [1, 0, 2],
  ]);
  const rows = confusionMatrix(t, p, { normalize: 'true' }).matrix;
  rows.forEach((r) =>
    close(
      r.reduce((a, b) => a + b, 0),
      1,
    ),
  );
  close(
    confusionMatrix(t, p, { normalize: 'all' })
      .matrix.flat()
      .reduce((a, b) => a + b, 0),
    1,
  );
  assert.deepEqual(confusionMatrix([0, 1], [1, 1], { numClasses: 3 }).matrix, [
    [0, 1, 0],
    [0, 1, 0],
    [0, 0, 0],
  ]);
});

test('metrics take tensors: label vectors and one-hot / score rows (argmax)', async () => {
  await useBackend();
  const yTrue = tf.oneHot(tf.tensor1d(T, 'int32'), 3);
  const yPred = tf.tensor1d(P, 'int32');
  close(f1Score(yTrue, yPred, { average: 'macro' }), 0.267);
  assert.deepEqual(confusionMatrix(yTrue, yPred).matrix, confusionMatrix(T, P).matrix);
  await assertNoLeak(() => f1Score(yTrue, yPred));
  tf.dispose([yTrue, yPred]);
});

test('roc curve matches the sklearn roc_curve docs example; AUC matches roc_auc_score', () => {
  const c = rocCurve([1, 1, 2, 2], [0.1, 0.4, 0.35, 0.8], { posLabel: 2 });
  assert.deepEqual(c.fpr, [0, 0, 0.5, 0.5, 1]);
  assert.deepEqual(c.tpr, [0, 0.5, 0.5, 1, 1]);
  assert.deepEqual(c.thresholds, [Infinity, 0.8, 0.4, 0.35, 0.1]);
  close(rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 0.75);
  close(auc([0, 0.5, 1], [0, 1, 1]), 0.75);
});

test('dropIntermediate removes collinear points without changing the area (property)', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 8 })), { minLength: 2, maxLength: 40 }),
      (rows) => {
        const y = rows.map((r) => (r[0] ? 1 : 0));
        if (new Set(y).size < 2) return true;
        const s = rows.map((r) => r[1] / 8);
        const full = rocCurve(y, s, { dropIntermediate: false });
        const dropped = rocCurve(y, s);
        // AUC equals the probability a random positive outranks a random negative (ties count half).
        let wins = 0;
        let pairs = 0;
        y.forEach((a, i) =>
          y.forEach((b, j) => {
            if (a === 1 && b === 0) {
              pairs++;
              wins += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0;
            }
          }),
        );
        return (
          dropped.fpr.length <= full.fpr.length &&
          Math.abs(auc(full.fpr, full.tpr) - wins / pairs) < 1e-9 &&
          Math.abs(auc(dropped.fpr, dropped.tpr) - wins / pairs) < 1e-9
        );
      },
    ),
  );
});

test('one-vs-rest AUC: per class, macro and weighted', () => {
  const y = [0, 0, 1, 1, 2, 2, 2];
  const s = [
    [0.8, 0.1, 0.1],
    [0.3, 0.4, 0.3],
    [0.2, 0.7, 0.1],
    [0.5, 0.4, 0.1],
    [0.1, 0.2, 0.7],
    [0.2, 0.2, 0.6],
    [0.4, 0.5, 0.1],
  ];
  const curves = rocCurveOneVsRest(y, s);
  // Class 0 vs rest: positives score 0.8, 0.3; negatives 0.2, 0.5, 0.1, 0.2, 0.4 → wins (5 + 3) / 10.
  close(curves[0].auc, 0.8);
  const macro = curves.reduce((a, c) => a + c.auc, 0) / 3;
  close(rocAucScore(y, s), macro);
  close(rocAucScore(y, s, { average: 'weighted' }), (2 * curves[0].auc + 2 * curves[1].auc + 3 * curves[2].auc) / 7);
});

test('log loss matches the sklearn docs example; logits and binary columns agree', () => {
  close(
    logLoss(
      [1, 0, 0, 1],
      [
        [0.1, 0.9],
        [0.9, 0.1],
        [0.8, 0.2],
        [0.35, 0.65],
      ],
    ),
    0.21616,
    1e-5,
  );
  close(logLoss([1, 0, 0, 1], [0.9, 0.1, 0.2, 0.65]), 0.21616, 1e-5);
  const logits = [
    [2, 0],
    [0, 3],
  ];
  const probs = logits.map((r) => {
    const e = r.map(Math.exp);
    const z = e[0] + e[1];
    return e.map((v) => v / z);
  });
  close(logLoss([0, 1], logits, { fromLogits: true }), logLoss([0, 1], probs), 1e-9);
});

test('classification report has one row per class plus accuracy, macro and weighted averages', () => {
  const rows = classificationReport(T, P, { names: ['a', 'b', 'c'], zeroDivision: 0 });
  assert.deepEqual(
    rows.map((r) => r.class),
    ['a', 'b', 'c', 'accuracy', 'macro avg', 'weighted avg'],
  );
  close(rows[3].f1, 2 / 6);
  close(rows[4].f1, 0.267);
});

test('bad input gives WorkbookErrors naming the function and parameter', () => {
  assert.throws(
    () => accuracy([0, 1], [0]),
    (e: unknown) => e instanceof WorkbookError && /accuracy: yPred/.test(e.message),
  );
  assert.throws(
    () => f1Score([], []),
    (e: unknown) => e instanceof WorkbookError && /empty/.test(e.message),
  );
  assert.throws(
    () => confusionMatrix([0, 3], [0, 1], { numClasses: 3 }),
    (e: unknown) => e instanceof WorkbookError && /yTrue\[1\] 3 is invalid/.test(e.message),
  );
  assert.throws(() => f1Score([0, 1.5], [0, 1]), WorkbookError);
  assert.throws(() => f1Score([0, -1], [0, 1]), WorkbookError);
  assert.throws(() => f1Score(T, P, { average: 'samples' as never }), /average/);
  assert.throws(
    () => rocAucScore([1, 1, 1], [0.2, 0.3, 0.4]),
    (e: unknown) => e instanceof WorkbookError && /exactly two classes/.test(e.message),
  );
  assert.throws(
    () =>
      rocCurveOneVsRest(
        [0, 3],
        [
          [0.5, 0.5],
          [0.5, 0.5],
        ],
      ),
    /yTrue\[1\]/,
  );
  assert.throws(
    () =>
      logLoss(
        [0, 2],
        [
          [0.5, 0.5],
          [0.5, 0.5],
        ],
      ),
    WorkbookError,
  );
  assert.throws(() => auc([0, 1, 0.5], [0, 1, 1]), /monotonic/);
});

test('figures: confusion heatmap annotated with counts, ROC lines with AUC in the legend', async () => {
  const { confusionFigure, rocFigure } = await import('../../../src/experiments/12-evaluation');
  const fig = confusionFigure(confusionMatrix([0, 1, 1], [0, 1, 0]), { names: ['a', 'b'] });
  assert.deepEqual(fig.data[0].z, [
    [1, 0],
    [1, 1],
  ]);
  assert.deepEqual(fig.data[0].x, ['a', 'b']);
  const roc = rocFigure([rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])], { names: ['pos'] });
  assert.match(String(roc.data[0].name), /AUC 0\.750/);
  assert.equal(roc.data.length, 2);
  assert.throws(() => f1Score(T, P, { average: 'none' }), /precisionRecallFscore/);
});
