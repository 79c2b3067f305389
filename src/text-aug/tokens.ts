/**
 * Text ⇄ tokens for both languages. A token is a word, a punctuation mark or a run of whitespace,
 * and joining the tokens gives the text back exactly — so operations can move, drop or replace
 * words while spacing and punctuation stay where they were. English is tokenised with natural's
 * RegexpTokenizer, Chinese is segmented into words with jieba (jieba-wasm).
 */
import { check, checkOneOf } from '../lib/errors';
import { checkArray, checkString } from '../lib/validate';

export type Language = 'en' | 'zh';
export const LANGUAGES: readonly Language[] = ['en', 'zh'];
export type TokenKind = 'word' | 'punct' | 'space';

export interface Token {
  text: string;
  kind: TokenKind;
}

// Whitespace runs, numbers (25,000 3.5), words (letters/digits with inner apostrophes or hyphens:
// don't, re-use), single marks.
const EN_PATTERN = /\s+|\p{N}+(?:[.,]\p{N}+)+|[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]/gu;
let enTokenizer: { tokenize(s: string): string[] } | undefined;
let jieba: { cut(text: string, hmm?: boolean): string[] } | undefined;

function kindOf(piece: string): TokenKind {
  if (/^\s+$/u.test(piece)) return 'space';
  return /[\p{L}\p{N}]/u.test(piece) ? 'word' : 'punct';
}

function englishPieces(text: string): string[] {
  if (!enTokenizer) {
    const { RegexpTokenizer } = require('natural/lib/natural/tokenizers/regexp_tokenizer');
    enTokenizer = new RegexpTokenizer({ pattern: EN_PATTERN, gaps: false }) as { tokenize(s: string): string[] };
  }
  return enTokenizer.tokenize(text) ?? []; // natural returns null for ""
}

function chinesePieces(text: string): string[] {
  jieba ??= require('jieba-wasm') as { cut(text: string, hmm?: boolean): string[] };
  // jieba keeps whitespace as tokens but may glue a space run to nothing else; split mixed pieces.
  return jieba
    .cut(text, true)
    .flatMap((p) => (/\s/u.test(p) && !/^\s+$/u.test(p) ? p.split(/(\s+)/u).filter(Boolean) : [p]));
}

/** Splits text into word / punct / space tokens; `detokenize(tokenize(t))` is t. */
export function tokenize(text: string, language: Language): Token[] {
  checkString('tokenize', 'text', text, false);
  checkString('tokenize', 'language', language, false);
  const pieces = language === 'zh' ? chinesePieces(text) : englishPieces(text);
  return pieces.map((p) => ({ text: p, kind: kindOf(p) }));
}

export function detokenize(tokens: readonly Token[]): string {
  checkArray('detokenize', 'tokens', tokens, { nonEmpty: false });
  return tokens.map((t) => t.text).join('');
}

/** The separator put between an inserted word and its neighbour. */
export function wordSeparator(language: Language): string {
  checkString('wordSeparator', 'language', language, false);
  return language === 'zh' ? '' : ' ';
}

/** Indices of the word tokens. */
export function wordPositions(tokens: readonly Token[]): number[] {
  checkArray('wordPositions', 'tokens', tokens, { nonEmpty: false });
  const out: number[] = [];
  tokens.forEach((t, i) => t.kind === 'word' && out.push(i));
  return out;
}

export function countWords(tokens: readonly Token[]): number {
  checkArray('countWords', 'tokens', tokens, { nonEmpty: false });
  return tokens.reduce((n, t) => n + (t.kind === 'word' ? 1 : 0), 0);
}

const SENTENCE_END = /^[.!?。！？…]+$/u;
const CLOSER = /^["'”’)\]）」』》]+$/u;

/** Splits tokens into sentences: each ends after . ! ? 。！？ (and any closing quote), plus trailing space. */
export function splitSentences(tokens: readonly Token[]): Token[][] {
  checkArray('splitSentences', 'tokens', tokens, { nonEmpty: false });
  const out: Token[][] = [];
  let cur: Token[] = [];
  let ended = false;
  for (const t of tokens) {
    if (ended && t.kind !== 'space' && !(t.kind === 'punct' && (CLOSER.test(t.text) || SENTENCE_END.test(t.text)))) {
      out.push(cur);
      cur = [];
      ended = false;
    }
    cur.push(t);
    if (t.kind === 'punct' && SENTENCE_END.test(t.text)) ended = true;
  }
  if (cur.length) out.push(cur);
  return out;
}

/**
 * 'zh' when Han characters are at least as many as Latin words (a Chinese character carries
 * about as much as an English word), else 'en'.
 */
export function detectLanguage(text: string): Language {
  checkString('detectLanguage', 'text', text, false);
  check(typeof text === 'string', 'detectLanguage', 'text', typeof text, 'a string');
  const han = (text.match(/\p{Script=Han}/gu) ?? []).length;
  const latinWords = (text.match(/\p{Script=Latin}+/gu) ?? []).length;
  return han > 0 && han >= latinWords ? 'zh' : 'en';
}

/** Validates the text (a non-empty string with at least one word) and resolves its language. */
export function resolveLanguage(where: string, text: unknown, language: unknown = 'auto'): Language {
  check(typeof text === 'string', where, 'text', typeof text, 'a non-empty string');
  check((text as string).trim().length > 0, where, 'text', text, 'a non-empty string with at least one word');
  checkOneOf(where, 'language', language, ['auto', ...LANGUAGES]);
  return language === 'auto' ? detectLanguage(text as string) : (language as Language);
}

/** Copies a word's case pattern (UPPER, Title, lower) onto a replacement. */
export function matchCase(original: string, replacement: string): string {
  checkString('matchCase', 'original', original);
  checkString('matchCase', 'replacement', replacement);
  if (original.length > 1 && original === original.toUpperCase() && original !== original.toLowerCase())
    return replacement.toUpperCase();
  if (original[0] !== original[0].toLowerCase()) return replacement[0].toUpperCase() + replacement.slice(1);
  return replacement;
}
