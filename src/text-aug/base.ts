/**
 * The text side of the one augmentation base (lib/augment/declared.ts, shared with image-aug):
 * declared, validated parameters (`PARAMS` in each operation's file; the options type is derived
 * from them), a probability `p` of being applied inside a pipeline (the base's coin), a seed, and
 * `augment(text, { seed, language })` for one call. Subclasses implement `apply(tokens, language,
 * rng)` on the token list (see tokens.ts).
 */
import { check, checkInt, checkRange } from '../lib/errors';
import { Rng, rng, getGlobalSeed, toRng } from '../lib/random';
import { DeclaredAugmentation } from '../lib/augment/declared';
import { OptionsOf, ParamDecls, ParamsOf } from '../lib/augment/params';
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

/** The declarations of a counting operation: n changes, or a fraction alpha of the words (not both). */
export const COUNT_PARAMS = {
  n: { type: 'integer', range: [1, Infinity], optional: true, doc: 'number of changes (default 1)' },
  alpha: {
    type: 'number',
    range: [0, 1],
    optional: true,
    doc: 'instead of n: a fraction of the words, n = max(1, round(alpha · words))',
  },
} as const satisfies ParamDecls;

export abstract class TextAugmentation<P extends object = Record<string, unknown>> extends DeclaredAugmentation<P> {
  /** `given` holds the declared parameters, `p` and `seed` (the stream used by calls without a seed). */
  constructor(name: string, declarations: ParamDecls, given: object | undefined) {
    super(name, declarations, given);
  }

  /** Transforms a token list (a new list; the input is not modified). */
  abstract apply(tokens: readonly Token[], language: Language, r: Rng): Token[];

  /**
   * Augments one text (always: `p` is for pipelines). Without a seed, each call draws from this
   * operation's own stream (its `seed` option, else one named after it and the global seed).
   */
  augment(text: string, options: AugmentOptions = {}): string {
    options = checkOptions(this.name, options, ['language', 'seed']);
    checkString(this.name, 'text', text, false);
    const language = resolveLanguage(this.name, text, options.language);
    this.checkLanguage(language);
    const r = options.seed !== undefined ? toRng(options.seed) : this.rng;
    return detokenize(this.apply(tokenize(text, language), language, r));
  }

  /** Unseeded text operations each get their own stream, so repeated calls give new variants. */
  protected unseededStream(): Rng {
    return rng(`${this.name}:${getGlobalSeed()}`);
  }

  /** Throws when this operation cannot work in `language` (no resource, no letter case...). */
  checkLanguage(_language: Language): void {
    checkString(this.name, '_language', _language, false);
  }
}

/** An operation that makes n changes (or a fraction alpha of the words): the count is declared once, here. */
export abstract class CountingAugmentation extends TextAugmentation<ParamsOf<typeof COUNT_PARAMS>> {
  constructor(name: string, given: CountingOptions | undefined) {
    super(name, COUNT_PARAMS, given);
    checkCount(name, this.params);
  }

  /** The n / alpha pair as given (changeCount turns it into a number of changes). */
  get count(): CountOptions {
    return { n: this.params.n, alpha: this.params.alpha };
  }
}

/** The options of a counting operation: n or alpha, p and seed. */
export type CountingOptions = OptionsOf<typeof COUNT_PARAMS>;

/**
 * The one-call form of an operation, `fn(text, { ...its options, language, seed })`: checks the
 * option keys against the operation's declarations, builds it and augments the text once.
 */
export function augmentOnce<O extends object>(
  where: string,
  params: ParamDecls,
  make: (own: O) => TextAugmentation,
  text: string,
  options: (O & AugmentOptions) | undefined,
): string {
  const given = checkOptions(where, options, [...Object.keys(params), 'p', 'language', 'seed']);
  checkString(where, 'text', text, false);
  const { language, seed, ...own } = given;
  return make(own as unknown as O).augment(text, { language, seed });
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
