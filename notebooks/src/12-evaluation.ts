// %% [markdown]
// # Evaluation: beyond accuracy
// Accuracy is one number; it hides which classes a model confuses, how confident it is, and how
// much the number would move on another sample of data. This notebook trains a small MLP on MNIST
// and evaluates it the way scikit-learn does: a confusion matrix, per-class precision / recall / F1,
// ROC curves with their AUC, log loss — and k-fold cross-validation for a mean ± sd instead of one lucky split.
// %%
import {
  claim,
  showClaims,
  setup,
  loadMnist,
  mlp,
  fit,
  predict,
  progress,
  show,
  showTable,
  tf,
  barChart,
} from 'tfjs-workbook';
import {
  accuracy,
  confusionMatrix,
  classificationReport,
  rocCurveOneVsRest,
  rocAucScore,
  logLoss,
  f1Score,
  crossValidateModel,
} from 'tfjs-workbook/eval';
import { confusionFigure, rocFigure } from 'tfjs-workbook/experiments/12-evaluation';
const backend = await setup({ seed: 12 });
// %% [markdown]
// ## A model to evaluate
// 2,000 training digits, 2,000 test digits, an MLP with one hidden layer of 64 units, 4 epochs.
// The library's models output logits; softmax turns them into class probabilities for ROC and log loss.
// %%
const TRAIN_SIZE = 2000,
  TEST_SIZE = 2000,
  EPOCHS = 4,
  BATCH_SIZE = 32,
  HIDDEN = [64];
const DIGITS = Array.from({ length: 10 }, (_, i) => String(i));
const { train, test } = loadMnist({ trainSize: TRAIN_SIZE, testSize: TEST_SIZE, seed: 12, flat: true });
const model = mlp({ inputShape: [784], hidden: HIDDEN, seed: 12 });
await fit(model, train.xs, train.ys, {
  epochs: EPOCHS,
  batchSize: BATCH_SIZE,
  seed: 12,
  callbacks: [progress({ title: 'MLP on 2,000 digits' })],
});
const logits = predict(model, test.xs);
const probs = tf.softmax(logits);
const predicted = tf.argMax(logits, -1);
// %% [markdown]
// ## Confusion matrix
// Row = true digit, column = predicted digit. The diagonal holds the correct answers; the bright
// off-diagonal cells are the confusions worth looking at (often 4↔9, 3↔5, 7↔9).
// %%
const cm = confusionMatrix(test.labels, predicted, { numClasses: 10 });
show(confusionFigure(cm, { names: DIGITS, title: `Confusion matrix on ${TEST_SIZE} test digits` }));
// %% [markdown]
// ## Per-class report
// Precision: of the images predicted as this digit, how many were? Recall: of the images of this
// digit, how many were found? F1 is their harmonic mean. Macro averages treat classes equally,
// weighted averages by their support (number of true examples) — the same rows as sklearn's `classification_report`.
// %%
const report = classificationReport(test.labels, predicted, { names: DIGITS, numClasses: 10 });
showTable(
  report.map((r) => ({
    ...r,
    precision: Number.isNaN(r.precision) ? '' : r.precision,
    recall: Number.isNaN(r.recall) ? '' : r.recall,
  })),
  'Classification report',
);
// %% [markdown]
// ## ROC curves, one digit against the rest
// Sweeping a threshold over the probability of one class traces its true-positive rate against its
// false-positive rate; the area under the curve (AUC) is the chance that a random image of the digit
// scores higher than a random other image. Zoom in on the top-left corner: the curves differ there.
// %%
const curves = rocCurveOneVsRest(test.labels, probs);
show(rocFigure(curves, { names: DIGITS, title: 'One-vs-rest ROC curves' }));
const aucMacro = rocAucScore(test.labels, probs),
  loss = logLoss(test.labels, probs);
console.log(`macro one-vs-rest AUC ${aucMacro.toFixed(4)}, log loss ${loss.toFixed(4)}`);
// %% [markdown]
// ## k-fold cross-validation
// One test split gives one number. Stratified 5-fold cross-validation trains five fresh models, each
// tested on a different fifth of the data (each fold keeps the digit proportions), and reports mean ± sd.
// %%
const K = 5;
const cv = await crossValidateModel((seed) => mlp({ inputShape: [784], hidden: HIDDEN, seed }), train.xs, train.ys, {
  k: K,
  epochs: EPOCHS,
  batchSize: BATCH_SIZE,
  seed: 12,
  labels: train.labels,
});
showTable(cv.folds, `Stratified ${K}-fold cross-validation on the ${TRAIN_SIZE} training digits`);
show(
  barChart(
    cv.folds.map((f) => `fold ${f.fold + 1}`),
    cv.folds.map((f) => f.accuracy),
    { title: 'Accuracy per fold', yTitle: 'accuracy', text: true },
  ),
);
// %% [markdown]
// ## What we measured
// %%
const acc = accuracy(test.labels, predicted),
  macroF1 = f1Score(test.labels, predicted, { average: 'macro' });
const worst = report.slice(0, 10).reduce((a, b) => (b.f1 < a.f1 ? b : a));
console.log(
  `On ${TEST_SIZE} unseen digits the MLP reaches accuracy ${(acc * 100).toFixed(1)}%, macro F1 ${macroF1.toFixed(3)}, ` +
    `one-vs-rest AUC ${aucMacro.toFixed(3)} and log loss ${loss.toFixed(3)}; its weakest digit is ${worst.class} (F1 ${worst.f1.toFixed(3)}). ` +
    `${K}-fold cross-validation gives accuracy ${(cv.mean.accuracy * 100).toFixed(1)} ± ${(cv.sd.accuracy * 100).toFixed(1)}% (mean ± sd over folds).`,
);
claim({
  id: 'cv-predicts-test',
  text: `${K}-fold cross-validation on the training set estimates the held-out accuracy to within 2 sd of its folds`,
  measured: cv.mean.accuracy * 100,
  expected: '≈',
  against: acc * 100,
  tolerance: 2 * cv.sd.accuracy * 100,
  spread: cv.sd.accuracy * 100,
  unit: '%',
});
claim({
  id: 'auc-high',
  text: 'the one-vs-rest ROC AUC is above 0.95: the MLP ranks each digit above the others almost always',
  measured: aucMacro,
  expected: '>',
  against: 0.95,
});
showClaims();
tf.dispose([logits, probs, predicted]);
model.dispose();
train.dispose();
test.dispose();
