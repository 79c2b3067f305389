import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { classCounts, crossValidate, kFold, meanSd, stratifiedKFold, trainTestSplit } from '../../../src/lib/eval';
import { WorkbookError } from '../../../src/lib/errors';

const labels = Int32Array.from({ length: 200 }, (_, i) => (i < 140 ? 0 : i < 180 ? 1 : 2)); // 70 / 20 / 10 %

function assertPartition(n: number, parts: ArrayLike<number>[]) {
  const all = parts.flatMap((p) => Array.from(p)).sort((a, b) => a - b);
  assert.deepEqual(
    all,
    Array.from({ length: n }, (_, i) => i),
  );
}

test('train/test split partitions the indices and is seeded', () => {
  const a = trainTestSplit(100, { testSize: 0.2, seed: 3 });
  assert.equal(a.test.length, 20);
  assertPartition(100, [a.train, a.test]);
  assert.deepEqual(trainTestSplit(100, { testSize: 0.2, seed: 3 }), a);
  assert.notDeepEqual(trainTestSplit(100, { testSize: 0.2, seed: 4 }).test, a.test);
});

test('stratified split keeps every class ratio in train and test', () => {
  const { train, test: testIdx } = trainTestSplit(200, { testSize: 0.25, stratify: labels, seed: 1 });
  assertPartition(200, [train, testIdx]);
  assert.deepEqual(classCounts(Array.from(testIdx, (i) => labels[i])), { 0: 35, 1: 10, 2: 5 });
  assert.deepEqual(classCounts(Array.from(train, (i) => labels[i])), { 0: 105, 1: 30, 2: 15 });
});

test('k-fold test folds partition the data, sizes differ by at most one (property)', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 2, max: 60 }),
      fc.integer({ min: 2, max: 10 }),
      fc.integer({ min: 0, max: 1000 }),
      (n, k, seed) => {
        if (k > n) return true;
        const folds = kFold(n, { k, seed });
        assertPartition(
          n,
          folds.map((f) => f.test),
        );
        folds.forEach((f) => assertPartition(n, [f.train, f.test]));
        const sizes = folds.map((f) => f.test.length);
        return Math.max(...sizes) - Math.min(...sizes) <= 1;
      },
    ),
  );
});

test('stratified k-fold keeps class ratios in every fold', () => {
  const folds = stratifiedKFold(labels, { k: 5, seed: 2 });
  assertPartition(
    200,
    folds.map((f) => f.test),
  );
  for (const f of folds) assert.deepEqual(classCounts(Array.from(f.test, (i) => labels[i])), { 0: 28, 1: 8, 2: 4 });
});

test('cross-validation returns per-fold scores and mean ± sample sd', async () => {
  const cv = await crossValidate(({ test: t }, fold) => ({ score: fold, size: t.length }), { labels, k: 4, seed: 1 });
  assert.equal(cv.folds.length, 4);
  assert.equal(cv.mean.score, 1.5);
  assert.ok(Math.abs(cv.sd.score - Math.sqrt(5 / 3)) < 1e-12);
  assert.equal(cv.mean.size, 50);
  assert.deepEqual(meanSd([2]), { mean: 2, sd: 0 });
});

test('bad splits are WorkbookErrors: k > n, k < 2, too-small classes, bad testSize', () => {
  assert.throws(
    () => kFold(3, { k: 5 }),
    (e: unknown) => e instanceof WorkbookError && /kFold: k 5/.test(e.message),
  );
  assert.throws(() => kFold(10, { k: 1 }), WorkbookError);
  assert.throws(() => stratifiedKFold(labels, { k: 21 }), /class 2 has 20/);
  assert.throws(() => trainTestSplit(10, { testSize: 1.5 }), WorkbookError);
  assert.throws(() => trainTestSplit(10, { testSize: 10 }), WorkbookError);
  assert.throws(() => trainTestSplit(10, { stratify: [0, 1] }), /one per example/);
  assert.throws(() => stratifiedKFold([], { k: 2 }), /empty/);
  assert.throws(() => trainTestSplit(4, { stratify: [0, 0, 0, 1], testSize: 2 }), /at least 2 examples per class/);
  assert.throws(() => trainTestSplit(6, { stratify: [0, 0, 1, 1, 2, 2], testSize: 2 }), /one example per class/);
});
