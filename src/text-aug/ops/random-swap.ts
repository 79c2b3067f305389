/**
 * Random swap (EDA "RS"), n times: exchange two randomly chosen words. Punctuation and spacing stay
 * in place, so the multiset of tokens never changes. Texts of one word come back unchanged.
 *
 * @example new RandomSwap({ n: 2 }).augment('I will call you tomorrow morning', { seed: 1 })
 */
import { Rng } from '../../lib/random';
import { AugmentOptions, CountOptions, TextAugmentation, changeCount, checkCount } from '../base';
import { Language, Token, wordPositions } from '../tokens';
import { checkArray, checkOptions, checkRng, checkString } from '../../lib/validate';

export interface RandomSwapOptions extends CountOptions {
  p?: number;
}

export class RandomSwap extends TextAugmentation {
  readonly count: CountOptions;

  constructor(options: RandomSwapOptions = {}) {
    super('RandomSwap', (options = checkOptions('RandomSwap', options, ['p', 'n', 'alpha'])).p);
    checkCount(this.name, options);
    this.count = { n: options.n, alpha: options.alpha };
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
  options = checkOptions('randomSwap', options, ['p', 'n', 'alpha', 'language', 'seed']);
  checkString('randomSwap', 'text', text, false);
  const { language, seed, ...own } = options;
  return new RandomSwap(own).augment(text, { language, seed });
}
