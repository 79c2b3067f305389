/**
 * The shared base of every text operation: declared, validated parameters; a probability `p` of
 * being applied inside a pipeline; `augment(text, { seed, language })` for one call. Subclasses
 * implement `apply(tokens, language, rng)` on the token list (see tokens.ts).
 */
import { check, checkInt, checkRange } from '../lib/errors';
import { Rng, rng, getGlobalSeed, toRng } from '../lib/random';
import { Language, Token, countWords, detokenize, resolveLanguage, tokenize } from './tokens';
import { checkNumber, checkObject, checkOptions, checkString } from '../lib/validate';

export interface AugmentOptions {
  /** 'en', 'zh' or 'auto' (default: detected from the script). */
  language?: Language | 'auto';
  /** A seed or a generator; same seed → same output. */
  seed?: number | Rng;
}

export interface CountOptions {
  /** Number of changes (default 1). */
  n?: number;
  /** Instead of n: a fraction of the words, n = max(1, round(alpha · words)) (EDA's α). */
  alpha?: number;
}

export abstract class TextAugmentation {
  /** Probability that a pipeline applies this operation to a text. */
  readonly p: number;
  /** Used by calls without a seed: repeated calls give new variants, reproducible from the global seed. */
  private stream?: Rng;

  constructor(
    readonly name: string,
    p = 1,
  ) {
    checkString('TextAugmentation', 'name', name, false);
    if (p !== undefined) checkNumber('TextAugmentation', 'p', p);
    checkRange(name, 'p', p, 0, 1);
    this.p = p;
  }

  /** Transforms a token list (a new list; the input is not modified). */
  abstract apply(tokens: readonly Token[], language: Language, r: Rng): Token[];

  /** Augments one text. Without a seed, each call draws from this operation's own seeded stream. */
  augment(text: string, options: AugmentOptions = {}): string {
    options = checkOptions(this.name, options, ['language', 'seed']);
    checkString(this.name, 'text', text, false);
    const language = resolveLanguage(this.name, text, options.language);
    this.checkLanguage(language);
    const r =
      options.seed !== undefined ? toRng(options.seed) : (this.stream ??= rng(`${this.name}:${getGlobalSeed()}`));
    return detokenize(this.apply(tokenize(text, language), language, r));
  }

  /** Throws when this operation cannot work in `language` (no resource, no letter case...). */
  checkLanguage(_language: Language): void {
    checkString(this.name, '_language', _language, false);
  }
}

/** Validates the n / alpha pair of a counting operation. */
export function checkCount(where: string, options: CountOptions): void {
  check(typeof options === 'object' && options !== null, where, 'options', options, 'an options object');
  const { n, alpha } = options;
  check(n === undefined || alpha === undefined, where, 'n', n, 'either n or alpha, not both');
  if (n !== undefined) checkInt(where, 'n', n, 1);
  if (alpha !== undefined) checkRange(where, 'alpha', alpha, 0, 1);
}

/** How many changes to make in a text of `words` words. */
export function changeCount(o: CountOptions, words: number): number {
  checkObject('changeCount', 'o', o);
  checkNumber('changeCount', 'words', words);
  if (o.alpha !== undefined) return o.alpha > 0 ? Math.max(1, Math.round(o.alpha * words)) : 0;
  return o.n ?? 1;
}

/** Number of word tokens (re-exported for callers counting changes). */
export { countWords };
