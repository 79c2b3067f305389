/**
 * How much an augmentation changed a text: the share of words not kept in order, 1 − LCS / max
 * length, on word tokens (0 = same words in the same order, 1 = nothing in common). A swap of two
 * words counts about 2/len, a replacement 1/len, an insertion ≈ 1/len.
 */
import { check } from '../lib/errors';
import { Language, tokenize } from './tokens';
import { checkString } from '../lib/validate';

function lcs(a: string[], b: string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = a[i - 1] === b[j - 1] ? diagonal + 1 : Math.max(row[j], row[j - 1]);
      diagonal = above;
    }
  }
  return row[b.length];
}

export function wordChangeRate(original: string, augmented: string, language: Language): number {
  checkString('wordChangeRate', 'original', original, false);
  checkString('wordChangeRate', 'augmented', augmented, false);
  checkString('wordChangeRate', 'language', language, false);
  check(
    typeof original === 'string' && typeof augmented === 'string',
    'wordChangeRate',
    'texts',
    typeof original,
    'two strings',
  );
  const words = (t: string) =>
    tokenize(t, language)
      .filter((x) => x.kind === 'word')
      .map((x) => x.text);
  const a = words(original);
  const b = words(augmented);
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 0 : 1 - lcs(a, b) / longest;
}
