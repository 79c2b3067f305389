// %% [markdown]
// # Ensembles
// Several models rarely make the same mistakes, so combining their votes is usually more accurate
// than any one of them. This notebook trains five MLPs that differ only in their random seed, combines
// them by **averaging** their logits, **soft voting** (averaging probabilities) and **majority voting**
// (counting argmax votes), and compares with **bagging**, where each model also sees its own
// bootstrap sample of the training data. Last, **boosting** (AdaBoost, SAMME): models trained one after
// another, each on the digits its predecessors got wrong.
// %%
import { claim, showClaims, setup, loadMnist, mlp, fit, predict, show, showTable, barChart, tf } from 'tfjs-workbook';
import { accuracy, averageOutputs, softVote, majorityVote, bagging, meanSd } from 'tfjs-workbook/eval';
import { compareBoosting, boostingFigure, METHODS } from 'tfjs-workbook/experiments/15-ensembles';
const backend = await setup({ seed: 15 });
// %% [markdown]
// ## Five independently trained models
// 1,200 training digits, 2,000 test digits; each MLP (one hidden layer of 64 units) trains for 3 epochs
// with its own seed (initial weights, shuffling).
// %%
const TRAIN_SIZE = 1200,
  TEST_SIZE = 2000,
  MODELS = 5,
  EPOCHS = 3,
  BATCH_SIZE = 32,
  HIDDEN = [64];
const { train, test } = loadMnist({ trainSize: TRAIN_SIZE, testSize: TEST_SIZE, seed: 15, flat: true });
const models: tf.LayersModel[] = [];
for (let i = 0; i < MODELS; i++) {
  const model = mlp({ inputShape: [784], hidden: HIDDEN, seed: 100 + i });
  const optimizer = tf.train.adam(1e-3);
  await fit(model, train.xs, train.ys, { epochs: EPOCHS, batchSize: BATCH_SIZE, seed: 100 + i, optimizer });
  models.push(model);
  optimizer.dispose();
}
const singles = models.map((m) => {
  const out = predict(m, test.xs);
  const a = accuracy(test.labels, out);
  out.dispose();
  return a;
});
showTable(
  singles.map((a, i) => ({ model: `MLP seed ${100 + i}`, 'test accuracy': a })),
  'Single models',
);
// %% [markdown]
// ## Combining them
// Averaging logits and soft voting both average the models' confidence; majority voting only counts
// each model's top class (ties go to the smaller digit).
// %%
const averaged = averageOutputs(models, test.xs),
  soft = softVote(models, test.xs);
const combined = {
  'average of logits': accuracy(test.labels, averaged),
  'soft voting': accuracy(test.labels, soft),
  'majority voting': accuracy(test.labels, majorityVote(models, test.xs)),
};
tf.dispose([averaged, soft]);
showTable(
  Object.entries(combined).map(([method, a]) => ({ method, 'test accuracy': a })),
  `Ensembles of the ${MODELS} models`,
);
// %% [markdown]
// ## Bagging
// Bootstrap aggregating: model i trains on 1,200 digits drawn with replacement from the training set
// (about 37 % of the digits left out, others repeated), then the models soft-vote. Same architecture,
// epochs and number of models as above; training goes through the same `fit`.
// %%
const bag = await bagging((seed) => mlp({ inputShape: [784], hidden: HIDDEN, seed }), train.xs, train.ys, {
  estimators: MODELS,
  epochs: EPOCHS,
  batchSize: BATCH_SIZE,
  seed: 15,
});
const bagSingles = bag.models.map((m) => {
  const out = predict(m, test.xs);
  const a = accuracy(test.labels, out);
  out.dispose();
  return a;
});
const bagVote = softVote(bag.models, test.xs);
const bagged = accuracy(test.labels, bagVote);
bagVote.dispose();
console.log(`out-of-bag fraction per model: ${bag.outOfBag.map((f) => f.toFixed(3)).join(', ')}`);
// %% [markdown]
// ## Single models against ensembles
// Test error (100 % − accuracy) makes the differences visible: a bar per single model (mean ± sd over
// the five) and per ensemble.
// %%
const single = meanSd(singles),
  bagSingle = meanSd(bagSingles);
const labels = [
  'single model (mean ± sd)',
  'best single model',
  ...Object.keys(combined),
  'bagged model (mean ± sd)',
  'bagging, soft voting',
];
const errorPercent = [single.mean, Math.max(...singles), ...Object.values(combined), bagSingle.mean, bagged].map(
  (a) => 100 * (1 - a),
);
show(
  barChart(labels, errorPercent, {
    title: `Test error on ${TEST_SIZE} digits (lower is better)`,
    yTitle: 'test error (%)',
    error: [single.sd * 100, 0, 0, 0, 0, bagSingle.sd * 100, 0],
    text: true,
  }),
);
// %% [markdown]
// ## Boosting weak learners: AdaBoost against bagging and averaging
// AdaBoost (SAMME, the multi-class form) trains models in sequence: after each, the digits it got
// wrong gain weight (`exp(alpha)`, alpha = log((1 − err)/err) + log 9), the next model is trained on a
// sample drawn by these weights, and the ensemble adds up each model's vote × alpha. Boosting is made
// for *weak* learners, so each model here is an MLP with a hidden layer of only **2 units** (2 epochs):
// 10 of them boosted, bagged, or trained independently on all the digits (bagged and independent
// models combined by averaging their logits), 3 seeds.
// %%
const boosting = await compareBoosting({
  train,
  test,
  hidden: [2],
  estimators: 10,
  epochs: 2,
  seeds: [1, 2, 3],
  onSeed: (seed, done, total) => console.log(`seed ${seed} done (${done}/${total})`),
});
show(boostingFigure(boosting, 'Ten 2-unit MLPs combined three ways (mean ± sd over 3 seeds)'));
const weak = meanSd(boosting.single),
  boosted = meanSd(boosting.finals['AdaBoost (SAMME)']),
  bagged10 = meanSd(boosting.finals.bagging),
  averaged10 = meanSd(boosting.finals.averaging);
showTable(
  [
    { method: 'one 2-unit MLP', 'test accuracy': weak.mean, sd: weak.sd },
    ...METHODS.map((m) => ({
      method: `${m}, 10 models`,
      'test accuracy': meanSd(boosting.finals[m]).mean,
      sd: meanSd(boosting.finals[m]).sd,
    })),
  ],
  'Weak learners combined (3 seeds)',
);
// %% [markdown]
// ## What we measured
// %%
console.log(
  `The ${MODELS} MLPs score ${(single.mean * 100).toFixed(1)} ± ${(single.sd * 100).toFixed(1)}% alone (best ${(Math.max(...singles) * 100).toFixed(1)}%); ` +
    `together they reach ${(combined['average of logits'] * 100).toFixed(1)}% by averaging logits, ${(combined['soft voting'] * 100).toFixed(1)}% by soft voting and ` +
    `${(combined['majority voting'] * 100).toFixed(1)}% by majority voting. Bagged models score ${(bagSingle.mean * 100).toFixed(1)}% alone (each saw fewer distinct digits) ` +
    `and ${(bagged * 100).toFixed(1)}% as a soft-voting ensemble. ` +
    `Ten 2-unit MLPs: one alone ${(weak.mean * 100).toFixed(1)} ± ${(weak.sd * 100).toFixed(1)}%, boosted ${(boosted.mean * 100).toFixed(1)} ± ${(boosted.sd * 100).toFixed(1)}%, ` +
    `bagged ${(bagged10.mean * 100).toFixed(1)} ± ${(bagged10.sd * 100).toFixed(1)}%, averaged ${(averaged10.mean * 100).toFixed(1)} ± ${(averaged10.sd * 100).toFixed(1)}%` +
    (averaged10.mean > boosted.mean
      ? ": boosting lifts a weak learner far, but averaging the logits of ten independently trained ones does better here — an average of ten 2-unit networks is one 20-unit network, while SAMME keeps only each model's hard vote and throws its confidence away."
      : ': boosting beats both.'),
);
claim({
  id: 'ensemble-beats-best-single',
  text: `averaging the logits of ${MODELS} MLPs beats the best of them alone`,
  measured: combined['average of logits'] * 100,
  expected: '>',
  against: Math.max(...singles) * 100,
  unit: '%',
});
claim({
  id: 'ensemble-beats-mean-single',
  text: 'soft voting beats a typical single model (mean ± sd of the singles)',
  measured: combined['soft voting'] * 100,
  expected: '>',
  against: single.mean * 100,
  spread: single.sd * 100,
  unit: '%',
});
claim({
  id: 'bagging-ensemble-beats-its-members',
  text: 'a soft-voting ensemble of bagged models beats its members on average',
  measured: bagged * 100,
  expected: '>',
  against: bagSingle.mean * 100,
  unit: '%',
});
claim({
  id: 'adaboost-beats-weak-learner',
  text: 'AdaBoost (SAMME) of ten 2-unit MLPs beats one of them (mean of 3 seeds)',
  measured: boosted.mean * 100,
  expected: '>',
  against: weak.mean * 100,
  spread: boosted.sd * 100,
  unit: '%',
});
claim({
  id: 'averaging-beats-adaboost-on-tiny-mlps',
  text: 'averaging the logits of ten independently trained 2-unit MLPs beats boosting them (hard SAMME votes), mean of 3 seeds',
  measured: averaged10.mean * 100,
  expected: '>',
  against: boosted.mean * 100,
  spread: averaged10.sd * 100,
  unit: '%',
});
showClaims();
models.forEach((m) => m.dispose());
bag.models.forEach((m) => m.dispose());
train.dispose();
test.dispose();
