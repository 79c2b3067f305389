/**
 * Train/test splits as index arrays (so they work for tensors, DataFrames and plain arrays alike),
 * plain or stratified (each class keeps its share in both parts, as sklearn's train_test_split with
 * stratify=). Seeded: the same seed gives the same split.
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt } from '../errors';
import { Rng, toRng } from '../random';
import { LabelInput, toLabels } from './labels';
import { checkArray, checkIndices, checkNumber, checkObject, checkTensor } from '../validate';
import { OptionsOf, defineOptions } from '../define-options';

const SPLIT_OPTIONS = defineOptions('trainTestSplit', {
  /** Fraction in (0, 1) or a count of test examples (default 0.25, as sklearn). */
  testSize: undefined as number | undefined,
  /** Labels to stratify by. */
  stratify: undefined as LabelInput | undefined,
  seed: undefined as number | Rng | undefined,
  /** Shuffle before splitting (default true; false takes the last testSize examples as test). */
  shuffle: undefined as boolean | undefined,
});

export type SplitOptions = OptionsOf<typeof SPLIT_OPTIONS>;

export interface Split {
  train: Int32Array;
  test: Int32Array;
}

function testCount(where: string, n: number, testSize: number): number {
  const count = testSize < 1 ? Math.ceil(testSize * n) : testSize;
  check(
    testSize > 0 && (testSize < 1 || Number.isInteger(testSize)),
    where,
    'testSize',
    testSize,
    'a fraction in (0, 1) or a whole number of examples',
  );
  check(count >= 1 && count <= n - 1, where, 'testSize', testSize, `leaving at least one example on each side of ${n}`);
  return count;
}

/** Groups indices 0..n-1 by label (in label order). */
export function indicesByClass(labels: Int32Array): Map<number, number[]> {
  checkArray('indicesByClass', 'labels', labels, { nonEmpty: false });
  const groups = new Map<number, number[]>();
  labels.forEach((l, i) => {
    if (!groups.has(l)) groups.set(l, []);
    groups.get(l)!.push(i);
  });
  return new Map([...groups.entries()].sort((a, b) => a[0] - b[0]));
}

/**
 * Splits n examples into train and test indices.
 * @example const { train, test } = trainTestSplit(100, { testSize: 0.2, stratify: labels, seed: 1 });
 */
export function trainTestSplit(n: number, options: SplitOptions = {}): Split {
  options = SPLIT_OPTIONS.read(options);
  checkNumber('trainTestSplit', 'n', n);
  const where = 'trainTestSplit';
  checkInt(where, 'n', n, 2);
  const nTest = testCount(where, n, options.testSize ?? 0.25);
  const r = toRng(options.seed);
  if (options.stratify === undefined) {
    const order = options.shuffle === false ? Int32Array.from({ length: n }, (_, i) => i) : r.permutation(n);
    return { train: order.slice(0, n - nTest).sort(), test: order.slice(n - nTest).sort() };
  }
  check(options.shuffle !== false, where, 'shuffle', false, 'true when stratifying (as sklearn)');
  const labels = toLabels(options.stratify, where, 'stratify');
  check(labels.length === n, where, 'stratify', `${labels.length} labels`, `one per example (${n})`);
  const groups = indicesByClass(labels);
  // As sklearn: every class must be able to appear on both sides.
  for (const [label, idx] of groups)
    check(
      idx.length >= 2,
      where,
      'stratify',
      `class ${label} with ${idx.length} example`,
      'at least 2 examples per class',
    );
  check(
    nTest >= groups.size && n - nTest >= groups.size,
    where,
    'testSize',
    options.testSize ?? 0.25,
    `a split leaving at least one example per class (${groups.size} classes) on each side`,
  );
  // Largest-remainder allocation: each class gets round(share × nTest), totals exactly nTest.
  const entries = [...groups.values()];
  const exact = entries.map((g) => (g.length * nTest) / n);
  const alloc = exact.map(Math.floor);
  const order = exact.map((e, i) => i).sort((a, b) => exact[b] - alloc[b] - (exact[a] - alloc[a]) || a - b);
  for (let k = 0; alloc.reduce((a, b) => a + b, 0) < nTest; k++) alloc[order[k % order.length]]++;
  const train: number[] = [];
  const test: number[] = [];
  entries.forEach((g, i) => {
    const shuffled = r.shuffle(g);
    test.push(...shuffled.slice(0, alloc[i]));
    train.push(...shuffled.slice(alloc[i]));
  });
  return { train: Int32Array.from(train).sort(), test: Int32Array.from(test).sort() };
}

/** Rows of a tensor at the given indices (the caller owns the result). */
export function takeRows<T extends tf.Tensor>(x: T, indices: Int32Array | number[]): T {
  checkTensor('takeRows', 'x', x, { nonEmpty: false });
  check(
    x.rank >= 1 && x.dtype !== 'string',
    'takeRows',
    'x',
    `shape [${x.shape}]`,
    'a numeric tensor with at least one dimension',
  );
  checkIndices('takeRows', 'indices', indices, x.shape[0], 'x');
  return tf.tidy(() => tf.gather(x, tf.tensor1d(Int32Array.from(indices), 'int32'))) as T;
}
