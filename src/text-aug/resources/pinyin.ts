/**
 * Chinese homophones by pinyin (pinyin-pro, tones included): the candidates are CC-CEDICT words,
 * indexed by the pinyin pinyin-pro gives them, so a word is replaced by another dictionary word
 * read exactly the same (公式 gong1 shi4 ↔ 攻势 gong1 shi4) — and when no whole word matches, one character
 * is replaced by a common character with the same reading (common = part of at least
 * COMMON_CHAR_WORDS dictionary words; rare characters would read as noise).
 */
import { COMMON_CHAR_WORDS, cedictEntries, characterUse } from './cedict';
import { checkRng, checkString } from '../../lib/validate';

let pinyinPro: typeof import('pinyin-pro') | undefined;
let wordsByPinyin: Map<string, string[]> | undefined;
let charsByPinyin: Map<string, string[]> | undefined;

/** Numbered-tone pinyin syllables of `text` in context, e.g. 银行 → ["yin2", "hang2"]. */
export function pinyinOf(text: string): string[] {
  checkString('pinyinOf', 'text', text, false);
  pinyinPro ??= require('pinyin-pro') as typeof import('pinyin-pro');
  return pinyinPro.pinyin(text, { toneType: 'num', type: 'array' });
}

function build(): void {
  wordsByPinyin = new Map();
  charsByPinyin = new Map();
  for (const e of cedictEntries()) {
    if (/[A-Z]/.test(e.pinyin)) continue; // proper nouns
    if (e.simplified.length < 2 || e.simplified.length > 4) continue;
    const key = pinyinOf(e.simplified).join(' ');
    const list = wordsByPinyin.get(key) ?? [];
    if (!list.includes(e.simplified)) list.push(e.simplified);
    wordsByPinyin.set(key, list);
  }
  for (const [ch, uses] of characterUse()) {
    if (uses < COMMON_CHAR_WORDS) continue;
    const key = pinyinOf(ch)[0];
    const list = charsByPinyin.get(key) ?? [];
    list.push(ch);
    charsByPinyin.set(key, list);
  }
}

/** Dictionary words with exactly the same pinyin as `word` (2–4 characters). */
export function chineseWordHomophones(word: string): string[] {
  checkString('chineseWordHomophones', 'word', word, false);
  if (!wordsByPinyin) build();
  return (wordsByPinyin!.get(pinyinOf(word).join(' ')) ?? []).filter((w) => w !== word);
}

/** Common characters read like `syllable` (numbered tone, e.g. "shi4"). */
export function chineseCharHomophones(syllable: string): string[] {
  if (typeof syllable !== 'string') return []; // pinyinOf has no syllable for some rare characters
  if (!charsByPinyin) build();
  return charsByPinyin!.get(syllable) ?? [];
}
