/**
 * SMOTE (Chawla et al. 2002, as imbalanced-learn): new minority rows on the segment between a random
 * minority row and one of its k nearest minority neighbours, x + u·(neighbour − x), u ~ U(0, 1),
 * until each class matches the majority. Features must be numeric and complete (impute first);
 * scale them first too, since distances mix units. Seeded.
 */
import { check, checkInt } from '../../errors';
import { Rng, toRng } from '../../random';
import {
  Cell,
  DataFrame,
  checkColumns,
  columnValues,
  frameColumns,
  frameFromColumns,
  isMissing,
  numericColumns,
} from './frame';
import { rowsByClass } from './resample';
import { checkObject, checkString } from '../../validate';
import { OptionsOf, defineOptions } from '../../define-options';

const SMOTE_OPTIONS = defineOptions('smote', {
  /** Neighbours to interpolate towards (default 5). */
  k: undefined as number | undefined,
  /** Feature columns (default: numeric columns except the label). */
  features: undefined as string[] | undefined,
  seed: undefined as number | Rng | undefined,
});

export type SmoteOptions = OptionsOf<typeof SMOTE_OPTIONS>;

/**
 * @example const balanced = smote(trainScaled, 'spam', { k: 5, seed: 1 });
 */
export function smote(df: DataFrame, labelColumn: string, options: SmoteOptions = {}): DataFrame {
  options = SMOTE_OPTIONS.read(options);
  checkObject('smote', 'df', df);
  checkString('smote', 'labelColumn', labelColumn, false);
  const where = 'smote';
  const groups = rowsByClass(df, labelColumn, where);
  const k = options.k ?? 5;
  checkInt(where, 'k', k, 1);
  const features = checkColumns(
    where,
    df,
    options.features ?? numericColumns(df).filter((c) => c !== labelColumn),
    'features',
  );
  const X = features.map((c) => columnValues(df, c));
  X.forEach((col, j) =>
    col.forEach((v, i) =>
      check(
        typeof v === 'number' && !isMissing(v),
        where,
        `${features[j]}[${i}]`,
        v,
        'a number (impute missing values before SMOTE)',
      ),
    ),
  );
  const r = toRng(options.seed);
  const target = Math.max(...[...groups.values()].map((g) => g.length));
  const out = frameColumns(df);
  const labels = columnValues(df, labelColumn);
  const others = df.columns.filter((c) => c !== labelColumn && !features.includes(c));
  for (const g of groups.values()) {
    if (g.length === target) continue;
    check(
      g.length > k,
      where,
      'k',
      k,
      `less than the size of every minority class (class ${String(labels[g[0]])} has ${g.length})`,
    );
    const neighbours = g.map((i) => nearest(X, i, g, k));
    for (let s = g.length; s < target; s++) {
      const a = r.int(0, g.length - 1);
      const b = neighbours[a][r.int(0, k - 1)];
      const u = r.next();
      features.forEach((c, j) =>
        out[c].push((X[j][g[a]] as number) + u * ((X[j][b] as number) - (X[j][g[a]] as number))),
      );
      out[labelColumn].push(labels[g[a]]);
      // Non-feature columns (ids, text) have no interpolation; synthetic rows leave them missing.
      others.forEach((c) => out[c].push(null as Cell));
    }
  }
  return frameFromColumns(out, df.columns);
}

/** The k nearest rows (Euclidean over the feature columns) to row i among `pool`, excluding i. */
function nearest(X: Cell[][], i: number, pool: number[], k: number): number[] {
  const d = pool
    .filter((j) => j !== i)
    .map((j) => ({ j, d: X.reduce((acc, col) => acc + ((col[i] as number) - (col[j] as number)) ** 2, 0) }));
  return d
    .sort((a, b) => a.d - b.d)
    .slice(0, k)
    .map((e) => e.j);
}
