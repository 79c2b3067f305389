/**
 * Character shuffle inside n words. English keeps each word's first and last letter and shuffles
 * the inside ("typoglycemia": "cmabrigde" still reads as "cambridge"), so only words of four letters
 * or more qualify; Chinese shuffles the characters of a jieba word of two characters or more.
 *
 * @example new CharShuffle({ n: 2 }).augment('According to research at Cambridge University', { seed: 1 })
 */
import { Rng } from '../../lib/random';
import { AugmentOptions, COUNT_PARAMS, CountingAugmentation, augmentOnce, changeCount } from '../base';
import { CharOperationOptions } from '../char-operation';
import { Language, Token } from '../tokens';
import { checkArray, checkOptions, checkRng, checkString } from '../../lib/validate';

const MIN_LETTERS = { en: 4, zh: 2 } as const;

export class CharShuffle extends CountingAugmentation {
  constructor(options: CharOperationOptions = {}) {
    super('CharShuffle', options);
  }

  apply(tokens: readonly Token[], language: Language, r: Rng): Token[] {
    checkArray(this.name, 'tokens', tokens, { nonEmpty: false });
    checkString(this.name, 'language', language, false);
    checkRng(this.name, 'r', r);
    const out = tokens.map((t) => ({ ...t }));
    const eligible = out.flatMap((t, i) => {
      const chars = Array.from(t.text);
      return t.kind === 'word' &&
        chars.length >= MIN_LETTERS[language] &&
        chars.every((c) => /\p{L}/u.test(c)) &&
        new Set(chars.slice(language === 'en' ? 1 : 0, language === 'en' ? -1 : undefined)).size > 1
        ? [i]
        : [];
    });
    if (eligible.length === 0) return out;
    for (const i of r.shuffle(eligible).slice(0, changeCount(this.count, eligible.length))) {
      const chars = Array.from(out[i].text);
      const [lo, hi] = language === 'en' ? [1, chars.length - 1] : [0, chars.length];
      const inner = chars.slice(lo, hi);
      let shuffled = inner;
      for (let tries = 0; tries < 10 && shuffled.join('') === inner.join(''); tries++) shuffled = r.shuffle(inner);
      out[i] = { ...out[i], text: [...chars.slice(0, lo), ...shuffled, ...chars.slice(hi)].join('') };
    }
    return out;
  }
}

/** One variant of `text` with the letters of n words shuffled. */
export function charShuffle(text: string, options: CharOperationOptions & AugmentOptions = {}): string {
  return augmentOnce('charShuffle', COUNT_PARAMS, (o) => new CharShuffle(o), text, options);
}
