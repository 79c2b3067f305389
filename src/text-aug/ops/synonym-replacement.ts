/**
 * Synonym replacement (EDA "SR"): pick n different non-stopword words that have synonyms and
 * replace every occurrence of each by one random synonym (English: WordNet; Chinese: CC-CEDICT
 * shared glosses). The replacement keeps the original's case (Good → Fine).
 *
 * @example new SynonymReplacement({ n: 2 }).augment('The quick brown fox jumps over the lazy dog', { seed: 1 })
 */
import { Rng } from '../../lib/random';
import { AugmentOptions, COUNT_PARAMS, CountingAugmentation, CountingOptions, augmentOnce, changeCount } from '../base';
import { isStopword, synonymsOf } from '../resources';
import { Language, Token, countWords, matchCase } from '../tokens';
import { checkArray, checkOptions, checkRng, checkString } from '../../lib/validate';

export type SynonymReplacementOptions = CountingOptions;

export class SynonymReplacement extends CountingAugmentation {
  constructor(options: SynonymReplacementOptions = {}) {
    super('SynonymReplacement', options);
  }

  apply(tokens: readonly Token[], language: Language, r: Rng): Token[] {
    checkArray(this.name, 'tokens', tokens, { nonEmpty: false });
    checkString(this.name, 'language', language, false);
    checkRng(this.name, 'r', r);
    const out = tokens.map((t) => ({ ...t }));
    const n = changeCount(this.count, countWords(tokens));
    const seen = new Set<string>();
    const candidates: string[] = [];
    for (const t of tokens) {
      const key = t.text.toLowerCase();
      if (t.kind === 'word' && !seen.has(key) && !isStopword(key, language)) candidates.push(key);
      seen.add(key);
    }
    let replaced = 0;
    for (const word of r.shuffle(candidates)) {
      if (replaced >= n) break;
      const synonyms = synonymsOf(word, language);
      if (!synonyms.length) continue;
      const synonym = r.choice(synonyms);
      for (const t of out) if (t.kind === 'word' && t.text.toLowerCase() === word) t.text = matchCase(t.text, synonym);
      replaced++;
    }
    return out;
  }
}

/** One synonym-replaced variant of `text`. */
export function synonymReplacement(text: string, options: SynonymReplacementOptions & AugmentOptions = {}): string {
  return augmentOnce('synonymReplacement', COUNT_PARAMS, (o) => new SynonymReplacement(o), text, options);
}
