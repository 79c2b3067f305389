/**
 * Random deletion (EDA "RD"): each word is removed with probability `rate` (with the space before
 * it, so no double spaces are left). Never returns an empty text: if every word was drawn for
 * deletion, one random word survives.
 *
 * @example new RandomDeletion({ rate: 0.2 }).augment('Click here to claim your free prize now', { seed: 1 })
 */
import { check } from '../../lib/errors';
import { Rng } from '../../lib/random';
import { OptionsOf, ParamDecls, ParamsOf } from '../../lib/augment/params';
import { AugmentOptions, TextAugmentation, augmentOnce } from '../base';
import { Language, Token, wordPositions } from '../tokens';
import { checkArray, checkObject, checkOptions, checkRng, checkString } from '../../lib/validate';

const PARAMS = {
  rate: { type: 'number', range: [0, 1], default: 0.1, doc: "probability that each word is deleted (EDA's p)" },
} as const satisfies ParamDecls;

export type RandomDeletionOptions = OptionsOf<typeof PARAMS>;

/** Removes the word tokens at `positions` and one adjacent space each. */
export function removeWords(tokens: readonly Token[], positions: Set<number>): Token[] {
  checkArray('removeWords', 'tokens', tokens, { nonEmpty: false });
  check(
    positions instanceof Set || Array.isArray(positions),
    'removeWords',
    'positions',
    typeof positions,
    'a Set (or array) of token positions',
  );
  for (const i of positions)
    check(
      Number.isInteger(i) && i >= 0 && i < tokens.length,
      'removeWords',
      'positions',
      i,
      `positions of tokens, in [0, ${tokens.length - 1}]`,
    );
  const drop = new Set<number>();
  for (const i of positions) {
    drop.add(i);
    if (i > 0 && tokens[i - 1].kind === 'space' && !drop.has(i - 1)) drop.add(i - 1);
    else if (i + 1 < tokens.length && tokens[i + 1].kind === 'space') drop.add(i + 1);
  }
  const out = tokens.filter((_, i) => !drop.has(i)).map((t) => ({ ...t }));
  while (out.length && out[0].kind === 'space' && !(tokens[0].kind === 'space')) out.shift();
  return out;
}

export class RandomDeletion extends TextAugmentation<ParamsOf<typeof PARAMS>> {
  constructor(options: RandomDeletionOptions = {}) {
    super('RandomDeletion', PARAMS, options);
  }

  get rate(): number {
    return this.params.rate;
  }

  apply(tokens: readonly Token[], _language: Language, r: Rng): Token[] {
    checkArray(this.name, 'tokens', tokens, { nonEmpty: false });
    checkString(this.name, '_language', _language, false);
    checkRng(this.name, 'r', r);
    const positions = wordPositions(tokens);
    if (positions.length === 0) return tokens.map((t) => ({ ...t }));
    const doomed = new Set(positions.filter(() => r.bool(this.rate)));
    if (doomed.size === positions.length) doomed.delete(r.choice(positions)); // never empty
    return removeWords(tokens, doomed);
  }
}

/** One variant of `text` with words randomly deleted. */
export function randomDeletion(text: string, options: RandomDeletionOptions & AugmentOptions = {}): string {
  return augmentOnce('randomDeletion', PARAMS, (o) => new RandomDeletion(o), text, options);
}
