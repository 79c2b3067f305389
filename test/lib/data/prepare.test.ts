import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend, assertNoLeak } from '../../helpers';
import {
  MinMaxScaler,
  OutlierFilter,
  SimpleImputer,
  StandardScaler,
  columnValues,
  dfd,
  dropDuplicates,
  dropMissing,
  frameFromColumns,
  frameToTensors,
  loadEmailFeatures,
  missingReport,
  randomOversample,
  randomUndersample,
  smote,
} from '../../../src/lib/data/prepare';
import { WorkbookError } from '../../../src/lib/errors';

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) < tol, `${a} ≉ ${b}`);

test('importing danfojs-node keeps the selected backend and shares our tfjs engine', async () => {
  const name = await useBackend();
  const engineBefore = tf.engine();
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const fresh = require('danfojs-node');
  assert.equal(tf.getBackend(), name);
  assert.equal(fresh.tensorflow.engine(), engineBefore);
  assert.ok(new dfd.DataFrame({ a: [1, 2] }).shape[0] === 2);
});

test('dropDuplicates keeps first (or last) copies; NaN equals NaN as in pandas', () => {
  const df = frameFromColumns({ a: [1, 1, 2, NaN, NaN], b: ['x', 'x', 'y', 'z', 'z'], c: [1, 2, 3, 4, 5] });
  assert.equal(dropDuplicates(df).shape[0], 5);
  const d = dropDuplicates(df, { subset: ['a', 'b'] });
  assert.deepEqual(columnValues(d, 'c'), [1, 3, 4]);
  assert.deepEqual(columnValues(dropDuplicates(df, { subset: ['a', 'b'], keep: 'last' }), 'c'), [2, 3, 5]);
  assert.throws(
    () => dropDuplicates(df, { subset: ['nope'] }),
    (e: unknown) => e instanceof WorkbookError && /nope/.test(e.message),
  );
});

test('missing report and dropMissing', () => {
  const df = frameFromColumns({ a: [1, NaN, 3, 4], b: ['x', 'y', null, 'z'] });
  assert.deepEqual(
    missingReport(df).map((r) => r.missing),
    [1, 1],
  );
  assert.equal(dropMissing(df).shape[0], 2);
  assert.equal(dropMissing(df, { subset: ['a'] }).shape[0], 3);
});

test('imputation learns its statistics from the train frame only', () => {
  const train = frameFromColumns({ a: [1, 2, NaN, 9], b: ['u', 'v', 'v', null] });
  const testFrame = frameFromColumns({ a: [NaN, 1000, 1000], b: [null, 'w', 'w'] });
  const mean = new SimpleImputer({ strategy: 'mean' }).fit(train);
  assert.deepEqual(columnValues(mean.transform(testFrame), 'a'), [4, 1000, 1000]);
  const median = new SimpleImputer({ strategy: 'median', columns: ['a'] }).fit(train);
  assert.deepEqual(columnValues(median.transform(train), 'a'), [1, 2, 2, 9]);
  const mode = new SimpleImputer({ strategy: 'mostFrequent', columns: ['b'] }).fit(train);
  assert.deepEqual(columnValues(mode.transform(testFrame), 'b'), ['v', 'w', 'w']);
  assert.throws(() => new SimpleImputer({ strategy: 'median', columns: ['b'] }).fit(train), /numeric/);
  assert.throws(() => new SimpleImputer().transform(train), /not fitted/);
  assert.throws(() => new SimpleImputer({ strategy: 'avg' as never }), /strategy/);
});

test('scalers fit on train and apply the same numbers to test', () => {
  const train = frameFromColumns({ a: [0, 5, 10], b: [1, 1, 1] });
  const testFrame = frameFromColumns({ a: [20, -10], b: [2, 1] });
  const mm = new MinMaxScaler().fit(train);
  assert.deepEqual(columnValues(mm.transform(testFrame), 'a'), [2, -1]);
  assert.deepEqual(columnValues(mm.transform(train), 'b'), [0, 0, 0]);
  const st = new StandardScaler({ columns: ['a'] }).fit(train);
  const z = columnValues(st.transform(train), 'a') as number[];
  close(
    z.reduce((x, y) => x + y, 0),
    0,
  );
  close(z.reduce((x, y) => x + y * y, 0) / 3, 1);
  close(columnValues(st.inverseTransform(st.transform(testFrame)), 'a')[0] as number, 20, 1e-4);
});

test('outliers: IQR and z-score fences, clip keeps rows, drop removes them', () => {
  const values = [1, 2, 3, 4, 5, 6, 7, 8, 100];
  const df = frameFromColumns({ v: values, id: values.map((_, i) => i) });
  const iqr = new OutlierFilter({ method: 'iqr', columns: ['v'] }).fit(df);
  assert.deepEqual(iqr.fences.v, [3 - 1.5 * 4, 7 + 1.5 * 4]);
  assert.deepEqual(columnValues(iqr.transform(df), 'v').slice(-1), [13]);
  assert.equal(new OutlierFilter({ action: 'drop', columns: ['v'] }).fitTransform(df).shape[0], 8);
  const z = new OutlierFilter({ method: 'zscore', threshold: 2, action: 'drop', columns: ['v'] }).fitTransform(df);
  assert.deepEqual(columnValues(z, 'id'), [0, 1, 2, 3, 4, 5, 6, 7]);
});

test('random over/undersampling balance the classes; seeded', () => {
  const df = frameFromColumns({ x: [...Array(12).keys()], y: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1] });
  const over = randomOversample(df, 'y', { seed: 1 });
  const under = randomUndersample(df, 'y', { seed: 1 });
  const count = (d: dfd.DataFrame, c: number) => columnValues(d, 'y').filter((v) => v === c).length;
  assert.deepEqual([count(over, 0), count(over, 1)], [9, 9]);
  assert.deepEqual([count(under, 0), count(under, 1)], [3, 3]);
  assert.deepEqual(columnValues(randomOversample(df, 'y', { seed: 1 }), 'x'), columnValues(over, 'x'));
  assert.ok((columnValues(over, 'x').slice(9) as number[]).every((v) => v >= 9));
});

test('SMOTE makes minority rows on segments between minority neighbours', () => {
  const minority = [
    [0, 0],
    [1, 0],
    [0, 1],
    [1, 1],
  ];
  const majority = Array.from({ length: 12 }, (_, i) => [5 + (i % 4), 5 + Math.floor(i / 4)]);
  const rows = [...majority, ...minority];
  const df = frameFromColumns({
    f1: rows.map((r) => r[0]),
    f2: rows.map((r) => r[1]),
    y: rows.map((_, i) => (i < 12 ? 0 : 1)),
  });
  const out = smote(df, 'y', { k: 2, seed: 1 });
  const y = columnValues(out, 'y');
  assert.equal(y.filter((v) => v === 1).length, 12);
  const f1 = columnValues(out, 'f1') as number[];
  const f2 = columnValues(out, 'f2') as number[];
  for (let i = 16; i < out.shape[0]; i++)
    assert.ok(
      f1[i] >= 0 && f1[i] <= 1 && f2[i] >= 0 && f2[i] <= 1,
      `synthetic (${f1[i]}, ${f2[i]}) outside the minority square`,
    );
  assert.deepEqual(columnValues(smote(df, 'y', { k: 2, seed: 1 }), 'f1'), f1);
  assert.throws(() => smote(df, 'y', { k: 4 }), /class 1 has 4/);
  assert.throws(() => smote(frameFromColumns({ f: [1, NaN, 3], y: [0, 0, 1] }), 'y'), /impute/);
});

test('the SpamAssassin e-mail table is real: imbalanced, with missing values and duplicates', () => {
  const df = loadEmailFeatures();
  assert.equal(df.shape[0], 4650);
  const spam = columnValues(df, 'spam').filter((v) => v === 1).length;
  assert.equal(spam, 500);
  assert.ok(missingReport(df).some((r) => r.missing > 0));
  assert.ok(dropDuplicates(df).shape[0] < df.shape[0]);
});

test('frameToTensors gives features and one-hot labels without leaks', async () => {
  await useBackend();
  const df = frameFromColumns({ a: [1, 2, 3], b: [0.5, 0.25, 0], y: [0, 1, 1] });
  const { xs, ys, labels } = frameToTensors(df, ['a', 'b'], 'y');
  assert.deepEqual(xs.shape, [3, 2]);
  assert.deepEqual(ys.arraySync(), [
    [1, 0],
    [0, 1],
    [0, 1],
  ]);
  assert.deepEqual(Array.from(labels), [0, 1, 1]);
  tf.dispose([xs, ys]);
  await assertNoLeak(() => {
    const t = frameToTensors(df, ['a'], 'y');
    tf.dispose([t.xs, t.ys]);
  });
  assert.throws(() => frameToTensors(frameFromColumns({ a: [1, NaN], y: [0, 1] }), ['a'], 'y'), /impute/);
});

test('on the imbalanced e-mail table, oversampling the training split raises spam recall and F1', async () => {
  await useBackend();
  const { trainTestSplit, classifierScores } = await import('../../../src/lib/eval');
  const {
    StandardScaler: Scaler,
    SimpleImputer: Imputer,
    takeFrameRows,
  } = await import('../../../src/lib/data/prepare');
  const { mlp } = await import('../../../src/lib');
  const { fit } = await import('../../../src/lib');
  const raw = loadEmailFeatures();
  const features = raw.columns.filter((c) => c !== 'spam' && c !== 'group');
  const split = trainTestSplit(raw.shape[0], {
    testSize: 0.3,
    stratify: columnValues(raw, 'spam') as number[],
    seed: 5,
  });
  let train = takeFrameRows(raw, split.train);
  let testFrame = takeFrameRows(raw, split.test);
  const imputer = new Imputer({ strategy: 'median', columns: features }).fit(train);
  const scaler = new Scaler({ columns: features }).fit(imputer.transform(train));
  train = scaler.transform(imputer.transform(train));
  testFrame = scaler.transform(imputer.transform(testFrame));
  const t = frameToTensors(testFrame, features, 'spam', 2);
  const score = async (df: dfd.DataFrame) => {
    const { xs, ys } = frameToTensors(df, features, 'spam', 2);
    const model = mlp({ inputShape: [features.length], hidden: [16], numClasses: 2, seed: 5 });
    await fit(model, xs, ys, { epochs: 4, batchSize: 64, seed: 5 });
    const s = classifierScores(model, t.xs, t.labels);
    tf.dispose([xs, ys]);
    model.dispose();
    return s;
  };
  const plain = await score(train);
  const over = await score(randomOversample(train, 'spam', { seed: 5 }));
  tf.dispose([t.xs, t.ys]);
  assert.ok(over.recall! > plain.recall!, `recall ${over.recall} vs ${plain.recall}`);
  assert.ok(over.f1! > plain.f1!, `F1 ${over.f1} vs ${plain.f1}`);
});

test('describeColumns matches pandas describe (sample sd, linear quartiles), skipping missing cells', async () => {
  const { describeColumns } = await import('../../../src/lib/data/prepare');
  const [row] = describeColumns(frameFromColumns({ a: [1, 2, 3, 4, NaN] }));
  assert.equal(row.count, 4);
  assert.equal(row.mean, 2.5);
  close(row.sd as number, Math.sqrt(5 / 3));
  assert.deepEqual([row.min, row['25%'], row['50%'], row['75%'], row.max], [1, 1.75, 2.5, 3.25, 4]);
});
