// %% [markdown]
// # Ensembles
// Several models rarely make the same mistakes, so combining their votes is usually more accurate
// than any one of them. This notebook trains five MLPs that differ only in their random seed, combines
// them by **averaging** their logits, **soft voting** (averaging probabilities) and **majority voting**
// (counting argmax votes), and compares with **bagging**, where each model also sees its own
// bootstrap sample of the training data.
// %%
import { claim, showClaims, setup, loadMnist, mlp, fit, predict, show, showTable, barChart, tf } from 'tfjs-workbook';
import { accuracy, averageOutputs, softVote, majorityVote, bagging, meanSd } from 'tfjs-workbook/eval';
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
// ## What we measured
// %%
console.log(
  `The ${MODELS} MLPs score ${(single.mean * 100).toFixed(1)} ± ${(single.sd * 100).toFixed(1)}% alone (best ${(Math.max(...singles) * 100).toFixed(1)}%); ` +
    `together they reach ${(combined['average of logits'] * 100).toFixed(1)}% by averaging logits, ${(combined['soft voting'] * 100).toFixed(1)}% by soft voting and ` +
    `${(combined['majority voting'] * 100).toFixed(1)}% by majority voting. Bagged models score ${(bagSingle.mean * 100).toFixed(1)}% alone (each saw fewer distinct digits) ` +
    `and ${(bagged * 100).toFixed(1)}% as a soft-voting ensemble.`,
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
showClaims();
models.forEach((m) => m.dispose());
bag.models.forEach((m) => m.dispose());
train.dispose();
test.dispose();
