/** Per-language lookups behind the operations: synonyms and homophones. */
import { Language } from '../tokens';
import { wordnetSynonyms } from './wordnet';
import { cedictSynonyms } from './cedict';
import { englishHomophones } from './cmudict';
import { chineseCharHomophones, chineseWordHomophones, pinyinOf } from './pinyin';
import { Rng } from '../../lib/random';
import { checkRng, checkString } from '../../lib/validate';
import { checkOneOf } from '../../lib/errors';

export { stopwords, isStopword } from './stopwords';
export { wordnetSynonyms, inWordNet, wordnetLemmaSynsets } from './wordnet';
export { cedictSynonyms, cedictGlosses, cedictEntries } from './cedict';
export { englishHomophones, pronunciationsOf } from './cmudict';
export { pinyinOf, chineseWordHomophones, chineseCharHomophones } from './pinyin';

/** Synonyms of a word: WordNet for English, shared CC-CEDICT glosses for Chinese. */
export function synonymsOf(word: string, language: Language): string[] {
  checkString('synonymsOf', 'word', word, false);
  checkOneOf('synonymsOf', 'language', language, ['en', 'zh'] as const);
  if (/\p{N}/u.test(word)) return []; // WordNet would turn 25 into "xxv"
  if (language === 'zh') return /^\p{Script=Han}+$/u.test(word) ? cedictSynonyms(word) : [];
  return wordnetSynonyms(word);
}

/**
 * A random homophone of `word`, or undefined. English: CMUdict. Chinese: a whole dictionary word
 * with the same pinyin, else the word with one character swapped for a same-pinyin character
 * (checked again in context, since pinyin-pro reads polyphonic characters by their neighbours).
 */
export function randomHomophone(word: string, language: Language, r: Rng): string | undefined {
  checkString('randomHomophone', 'word', word, false);
  checkOneOf('randomHomophone', 'language', language, ['en', 'zh'] as const);
  checkRng('randomHomophone', 'r', r);
  if (language === 'en') {
    const options = englishHomophones(word);
    return options.length ? r.choice(options) : undefined;
  }
  if (!/^\p{Script=Han}+$/u.test(word)) return undefined;
  const whole = word.length > 1 ? chineseWordHomophones(word) : [];
  if (whole.length) return r.choice(whole);
  const syllables = pinyinOf(word);
  const target = syllables.join(' ');
  for (const i of r.permutation(word.length)) {
    const options = chineseCharHomophones(syllables[i]).filter((c) => c !== word[i]);
    for (const c of r.shuffle(options).slice(0, 5)) {
      const candidate = word.slice(0, i) + c + word.slice(i + 1);
      if (pinyinOf(candidate).join(' ') === target) return candidate;
    }
  }
  return undefined;
}
