/**
 * A claim read from a seed-by-seed comparison: technique A against B on the same seeds. The gap's
 * standard error decides which sentence is recorded, so a notebook never states a win (or a loss)
 * that the seeds cannot tell from noise:
 *   - A ahead by more than two standard errors → the `ahead` claim (expected '>'),
 *   - B ahead by more than two standard errors → the `behind` claim (expected '<'),
 *   - otherwise → the `tie` claim, a null result (expected '≈', tolerance two standard errors).
 *
 *   pairedClaim({ a: edaAccuracies, b: plainAccuracies, scale: 100, unit: '%',
 *     ahead: { id: 'eda-helps', text: 'EDA raises accuracy (10 seeds)' },
 *     behind: { id: 'eda-hurts', text: 'negative result: EDA lowers accuracy (10 seeds)' },
 *     tie: { id: 'eda-no-effect', text: 'null result: EDA changes accuracy by less than two standard errors' } });
 */
import { check } from '../errors';
import { checkObject } from '../validate';
import { meanSd } from '../eval/cross-validate';
import { pairedDifference, PairedDifference } from '../eval/paired-difference';
import { Claim, claim } from './claims';

export interface ClaimWording {
  id: string;
  text: string;
}

export interface PairedClaimOptions {
  /** Per-seed scores of the technique, and of what it is compared with, in the same seed order. */
  a: number[];
  b: number[];
  ahead: ClaimWording;
  behind: ClaimWording;
  tie: ClaimWording;
  /** Multiplies the scores for display (100 for fractions shown as %). Default 1. */
  scale?: number;
  unit?: string;
}

const KEYS = ['a', 'b', 'ahead', 'behind', 'tie', 'scale', 'unit'];

/** Records the claim the seed-by-seed gap supports; returns it with the gap (in unscaled units). */
export function pairedClaim(options: PairedClaimOptions): { claim: Claim; gap: PairedDifference } {
  checkObject('pairedClaim', 'options', options);
  for (const key of Object.keys(options))
    check(KEYS.includes(key), 'pairedClaim', 'options', key, `known keys: ${KEYS.join(', ')}`);
  for (const key of ['ahead', 'behind', 'tie'] as const) {
    const w = options[key];
    check(
      w != null && typeof w === 'object' && typeof w.id === 'string' && typeof w.text === 'string',
      'pairedClaim',
      key,
      w,
      'an object { id, text }',
    );
  }
  const { a, b, scale = 1, unit } = options;
  check(
    typeof scale === 'number' && Number.isFinite(scale) && scale > 0,
    'pairedClaim',
    'scale',
    scale,
    'a number > 0',
  );
  const gap = pairedDifference(a, b);
  const [ours, theirs] = [meanSd(a), meanSd(b)];
  const wording = gap.verdict === 'a ahead' ? options.ahead : gap.verdict === 'b ahead' ? options.behind : options.tie;
  const recorded = claim({
    ...wording,
    measured: scale * ours.mean,
    against: scale * theirs.mean,
    ...(gap.verdict === 'no clear difference'
      ? { expected: '≈' as const, tolerance: scale * 2 * gap.se }
      : { expected: gap.verdict === 'a ahead' ? ('>' as const) : ('<' as const) }),
    spread: scale * ours.sd,
    ...(unit !== undefined ? { unit } : {}),
  });
  return { claim: recorded, gap };
}
