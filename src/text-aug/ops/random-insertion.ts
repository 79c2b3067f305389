/**
 * Random insertion (EDA "RI"), n times: take a random non-stopword word of the text that has
 * synonyms, and insert one of its synonyms at a random word boundary. Adds exactly n words when
 * at least one word of the text has a synonym (none otherwise).
 *
 * @example new RandomInsertion({ n: 2 }).augment('Your account has been suspended', { seed: 1 })
 */
import { Rng } from '../../lib/random';
import { AugmentOptions, COUNT_PARAMS, CountingAugmentation, CountingOptions, augmentOnce, changeCount } from '../base';
import { isStopword, synonymsOf } from '../resources';
import { Language, Token, countWords, wordPositions, wordSeparator } from '../tokens';
import { checkArray, checkNumber, checkOptions, checkRng, checkString } from '../../lib/validate';

export type RandomInsertionOptions = CountingOptions;

/** Inserts `word` before word number `slot` (or after the last word when slot = word count). */
export function insertWord(tokens: Token[], word: string, slot: number, language: Language): void {
  checkArray('insertWord', 'tokens', tokens, { nonEmpty: false });
  checkString('insertWord', 'word', word, false);
  checkNumber('insertWord', 'slot', slot);
  checkString('insertWord', 'language', language, false);
  const positions = wordPositions(tokens);
  const sep = wordSeparator(language);
  const added: Token = { text: word, kind: 'word' };
  if (positions.length === 0) tokens.push(added);
  else if (slot < positions.length)
    tokens.splice(positions[slot], 0, ...(sep ? [added, { text: sep, kind: 'space' as const }] : [added]));
  else
    tokens.splice(
      positions[positions.length - 1] + 1,
      0,
      ...(sep ? [{ text: sep, kind: 'space' as const }, added] : [added]),
    );
}

export class RandomInsertion extends CountingAugmentation {
  constructor(options: RandomInsertionOptions = {}) {
    super('RandomInsertion', options);
  }

  apply(tokens: readonly Token[], language: Language, r: Rng): Token[] {
    checkArray(this.name, 'tokens', tokens, { nonEmpty: false });
    checkString(this.name, 'language', language, false);
    checkRng(this.name, 'r', r);
    const out = tokens.map((t) => ({ ...t }));
    const words = tokens
      .filter((t) => t.kind === 'word' && !isStopword(t.text, language))
      .map((t) => t.text.toLowerCase());
    const sources = [...new Set(words)].filter((w) => synonymsOf(w, language).length > 0);
    if (!sources.length) return out;
    const n = changeCount(this.count, countWords(tokens));
    for (let i = 0; i < n; i++) {
      const synonym = r.choice(synonymsOf(r.choice(sources), language));
      insertWord(out, synonym, r.int(0, countWords(out)), language);
    }
    return out;
  }
}

/** One variant of `text` with n synonyms inserted. */
export function randomInsertion(text: string, options: RandomInsertionOptions & AugmentOptions = {}): string {
  return augmentOnce('randomInsertion', COUNT_PARAMS, (o) => new RandomInsertion(o), text, options);
}
