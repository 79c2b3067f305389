/**
 * Random swap (EDA "RS"), n times: exchange two randomly chosen words. Punctuation and spacing stay
 * in place, so the multiset of tokens never changes. Texts of one word come back unchanged.
 *
 * @example new RandomSwap({ n: 2 }).augment('I will call you tomorrow morning', { seed: 1 })
 */
import { Rng } from '../../lib/random';
import { AugmentOptions, COUNT_PARAMS, CountingAugmentation, CountingOptions, augmentOnce, changeCount } from '../base';
import { Language, Token, wordPositions } from '../tokens';
import { checkArray, checkOptions, checkRng, checkString } from '../../lib/validate';

export type RandomSwapOptions = CountingOptions;

export class RandomSwap extends CountingAugmentation {
  constructor(options: RandomSwapOptions = {}) {
    super('RandomSwap', options);
  }

  apply(tokens: readonly Token[], _language: Language, r: Rng): Token[] {
    checkArray(this.name, 'tokens', tokens, { nonEmpty: false });
    checkString(this.name, '_language', _language, false);
    checkRng(this.name, 'r', r);
    const out = tokens.map((t) => ({ ...t }));
    const positions = wordPositions(out);
    if (positions.length < 2) return out;
    const n = changeCount(this.count, positions.length);
    for (let i = 0; i < n; i++) {
      const a = r.int(0, positions.length - 1);
      let b = r.int(0, positions.length - 2);
      if (b >= a) b++; // two different words
      [out[positions[a]], out[positions[b]]] = [out[positions[b]], out[positions[a]]];
    }
    return out;
  }
}

/** One variant of `text` with n word swaps. */
export function randomSwap(text: string, options: RandomSwapOptions & AugmentOptions = {}): string {
  return augmentOnce('randomSwap', COUNT_PARAMS, (o) => new RandomSwap(o), text, options);
}
