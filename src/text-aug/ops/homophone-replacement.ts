/**
 * Homophone replacement: n random words that have a homophone are replaced by one — English words
 * with an identical CMUdict pronunciation (their → there), Chinese words or characters with the same
 * pinyin, tones included (pinyin-pro). Simulates speech-to-text and typing (IME) errors.
 *
 * @example new HomophoneReplacement({ n: 2 }).augment('I knew their new house was right there', { seed: 1 })
 */
import { Rng } from '../../lib/random';
import { AugmentOptions, COUNT_PARAMS, CountingAugmentation, CountingOptions, augmentOnce, changeCount } from '../base';
import { randomHomophone } from '../resources';
import { Language, Token, countWords, matchCase, wordPositions } from '../tokens';
import { checkArray, checkOptions, checkRng, checkString } from '../../lib/validate';

export type HomophoneReplacementOptions = CountingOptions;

export class HomophoneReplacement extends CountingAugmentation {
  constructor(options: HomophoneReplacementOptions = {}) {
    super('HomophoneReplacement', options);
  }

  apply(tokens: readonly Token[], language: Language, r: Rng): Token[] {
    checkArray(this.name, 'tokens', tokens, { nonEmpty: false });
    checkString(this.name, 'language', language, false);
    checkRng(this.name, 'r', r);
    const out = tokens.map((t) => ({ ...t }));
    const n = changeCount(this.count, countWords(tokens));
    let replaced = 0;
    for (const pos of r.shuffle(wordPositions(out))) {
      if (replaced >= n) break;
      const homophone = randomHomophone(out[pos].text, language, r);
      if (homophone === undefined) continue;
      out[pos] = { text: language === 'en' ? matchCase(out[pos].text, homophone) : homophone, kind: 'word' };
      replaced++;
    }
    return out;
  }
}

/** One variant of `text` with n words replaced by homophones. */
export function homophoneReplacement(text: string, options: HomophoneReplacementOptions & AugmentOptions = {}): string {
  return augmentOnce('homophoneReplacement', COUNT_PARAMS, (o) => new HomophoneReplacement(o), text, options);
}
