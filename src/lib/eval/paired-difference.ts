/**
 * Is technique A better than B over seeds? Compare them seed by seed: with the same seed both see
 * the same data draw, so most of the seed-to-seed spread cancels in the difference. The mean
 * difference and its standard error (sd of the differences / √n) say how sure the gap is; a gap
 * beyond two standard errors is the usual "clearly ahead" (about 95% for a normal gap).
 */
import { check } from '../errors';
import { checkArray } from '../validate';
import { meanSd } from './cross-validate';

export interface PairedDifference {
  /** Mean of a[i] − b[i]. */
  mean: number;
  /** Standard error of that mean: sample sd of the differences / √n. */
  se: number;
  /** Pairs where a is higher. */
  wins: number;
  /** Pairs. */
  n: number;
  /** 'a ahead' or 'b ahead' when |mean| > 2 se, else 'no clear difference'. */
  verdict: 'a ahead' | 'b ahead' | 'no clear difference';
}

/**
 * a[i] and b[i] are the scores of two techniques with the same seed i (at least two pairs).
 * @example pairedDifference([0.86, 0.88, 0.85], [0.84, 0.85, 0.85]) // { mean: 0.0167, se: 0.0088, wins: 2, n: 3, verdict: 'no clear difference' }
 */
export function pairedDifference(a: number[], b: number[]): PairedDifference {
  checkArray('pairedDifference', 'a', a, { numbers: true });
  checkArray('pairedDifference', 'b', b, { numbers: true });
  check(a.length >= 2, 'pairedDifference', 'a', `${a.length} scores`, 'at least 2 (one per seed)');
  check(b.length === a.length, 'pairedDifference', 'b', `${b.length} scores`, `as many as a (${a.length})`);
  const gaps = a.map((x, i) => x - b[i]);
  const { mean, sd } = meanSd(gaps);
  const se = sd / Math.sqrt(gaps.length);
  const verdict = mean > 2 * se ? 'a ahead' : mean < -2 * se ? 'b ahead' : 'no clear difference';
  return { mean, se, wins: gaps.filter((g) => g > 0).length, n: gaps.length, verdict };
}
