/**
 * K-fold and stratified k-fold: every example is in exactly one test fold. Fold sizes differ by at
 * most one (the first n % k folds get one more, as sklearn's KFold). Stratified folds deal each
 * class's shuffled examples round-robin over the folds, so every fold keeps the class ratios.
 */
import { check, checkInt } from '../errors';
import { Rng, toRng } from '../random';
import { LabelInput, toLabels } from './labels';
import { Split, indicesByClass } from './split';
import { checkNumber, checkObject } from '../validate';
import { OptionsOf, defineOptions } from '../define-options';

const K_FOLD_OPTIONS = defineOptions('kFold', {
  k: undefined as number | undefined,
  /** Shuffle before folding (default true). */
  shuffle: undefined as boolean | undefined,
  seed: undefined as number | Rng | undefined,
});

export type KFoldOptions = OptionsOf<typeof K_FOLD_OPTIONS>;

/**
 * k train/test index splits of n examples.
 * @example for (const { train, test } of kFold(100, { k: 5, seed: 1 })) { ... }
 */
export function kFold(n: number, options: KFoldOptions = {}): Split[] {
  options = K_FOLD_OPTIONS.read(options);
  checkNumber('kFold', 'n', n);
  const k = options.k ?? 5;
  checkInt('kFold', 'k', k, 2);
  checkInt('kFold', 'n', n, 1);
  check(k <= n, 'kFold', 'k', k, `at most the number of examples (${n})`);
  const order =
    options.shuffle === false ? Int32Array.from({ length: n }, (_, i) => i) : toRng(options.seed).permutation(n);
  const folds: number[][] = [];
  let start = 0;
  for (let f = 0; f < k; f++) {
    const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
    folds.push(Array.from(order.subarray(start, start + size)));
    start += size;
  }
  return toSplits(n, folds);
}

/**
 * k stratified folds: each fold has (nearly) the same class proportions as the whole.
 * Each class needs at least k examples (sklearn warns otherwise; we refuse, naming the class).
 */
export function stratifiedKFold(labels: LabelInput, options: KFoldOptions = {}): Split[] {
  options = K_FOLD_OPTIONS.read(options, 'stratifiedKFold');
  checkObject('stratifiedKFold', 'labels', labels);
  const where = 'stratifiedKFold';
  const k = options.k ?? 5;
  checkInt(where, 'k', k, 2);
  const y = toLabels(labels, where, 'labels');
  check(k <= y.length, where, 'k', k, `at most the number of examples (${y.length})`);
  const groups = indicesByClass(y);
  for (const [label, idx] of groups)
    check(idx.length >= k, where, 'k', k, `at most the size of the smallest class (class ${label} has ${idx.length})`);
  const r = toRng(options.seed);
  const folds: number[][] = Array.from({ length: k }, () => []);
  // Continue the round-robin across classes so fold sizes stay within one of each other.
  let next = 0;
  for (const idx of groups.values()) {
    const members = options.shuffle === false ? idx : r.shuffle(idx);
    for (const i of members) {
      folds[next].push(i);
      next = (next + 1) % k;
    }
  }
  return toSplits(y.length, folds);
}

function toSplits(n: number, folds: number[][]): Split[] {
  return folds.map((fold) => {
    const inTest = new Uint8Array(n);
    fold.forEach((i) => (inTest[i] = 1));
    const train: number[] = [];
    for (let i = 0; i < n; i++) if (!inTest[i]) train.push(i);
    return { train: Int32Array.from(train), test: Int32Array.from(fold).sort() };
  });
}
