/**
 * The one `OneOf` / `SomeOf` semantics, generic over what is chosen (image transforms, text
 * operations), so the two packages cannot drift apart again:
 * - OneOf picks one item with weights proportional to the items' own `p` (albumentations' rule;
 *   uniformly when every p is 0); the picked item is then applied for sure.
 * - SomeOf draws a count from [lo, hi], then that many items (without repetition unless `replace`),
 *   applied in the order given, each with its own `p` coin.
 */
import { check } from '../errors';
import { Rng, weightedIndex } from '../random';
import { OptionsOf, defineOptions } from '../define-options';
import { validateParam } from './params';

/** SomeOf's options, for images and text alike. */
export const SOME_OF_OPTIONS = defineOptions('SomeOf', {
  /** How many children per image or text: a count, or [lo, hi] for a random count. Default 1. */
  n: undefined as number | [number, number] | undefined,
  /** Draw children with repetition. Default false. */
  replace: undefined as boolean | undefined,
  /** Probability of applying the SomeOf at all. Default 1. */
  p: undefined as number | undefined,
  /** Seeds its own generator (default: the global seed). */
  seed: undefined as number | Rng | undefined,
});
export type SomeOfOptions = OptionsOf<typeof SOME_OF_OPTIONS>;

/** OneOf's pick. Draws from `r` exactly as weightedIndex does. */
export function chooseOne<T extends { p: number }>(r: Rng, items: readonly T[]): T {
  return items[
    weightedIndex(
      r,
      items.map((item) => item.p),
    )
  ];
}

/**
 * SomeOf's pick for one image or text: when `apply` (the SomeOf's own coin said so) a count in
 * [n[0], n[1]], else none; then the picks, in the order given. The permutation is drawn even for a
 * count of 0, so the draw order never depends on the count.
 */
export function chooseSome<T>(
  r: Rng,
  items: readonly T[],
  n: readonly [number, number],
  replace: boolean,
  apply: boolean,
): T[] {
  const count = apply ? r.int(n[0], n[1]) : 0;
  const picks = replace
    ? Array.from({ length: count }, () => r.int(0, items.length - 1)).sort((a, b) => a - b)
    : Array.from(r.permutation(items.length).subarray(0, count)).sort((a, b) => a - b);
  return picks.map((i) => items[i]);
}

/** Validates SomeOf's `n` (a count or [lo, hi] of integers, at most `available` without `replace`) and `replace`. */
export function checkSomeOf(
  where: string,
  n: unknown,
  replace: unknown,
  available: number,
): { n: [number, number]; replace: boolean } {
  check(replace === undefined || typeof replace === 'boolean', where, 'replace', replace, 'true or false');
  const given = n ?? 1;
  const pair = typeof given === 'number' ? [given, given] : given;
  const range = validateParam(
    where,
    'n',
    { type: 'interval', range: [0, replace ? 1e4 : available], default: [1, 1], doc: '' },
    pair,
  ) as [number, number];
  check(Number.isInteger(range[0]) && Number.isInteger(range[1]), where, 'n', given, 'integers');
  return { n: range, replace: (replace as boolean | undefined) ?? false };
}
