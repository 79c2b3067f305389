/** Stopwords (never replaced by synonyms, never chosen for insertion): natural's English and Chinese lists. */
import { Language } from '../tokens';
import { checkRng, checkString } from '../../lib/validate';
import { checkOneOf } from '../../lib/errors';

const cache: Partial<Record<Language, Set<string>>> = {};

export function stopwords(language: Language): Set<string> {
  checkOneOf('stopwords', 'language', language, ['en', 'zh'] as const);
  const hit = cache[language];
  if (hit) return hit;
  const file = language === 'zh' ? 'stopwords_zh' : 'stopwords';
  const words: string[] = require(`natural/lib/natural/util/${file}`).words;
  const set = new Set(words.map((w) => w.toLowerCase()));
  cache[language] = set;
  return set;
}

export function isStopword(word: string, language: Language): boolean {
  checkString('isStopword', 'word', word, false);
  checkOneOf('isStopword', 'language', language, ['en', 'zh'] as const);
  return stopwords(language).has(word.toLowerCase());
}
