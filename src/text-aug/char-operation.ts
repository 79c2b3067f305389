/**
 * The shared base of the character-level operations (typos, OCR errors, nlpcda's Chinese
 * character operations). They act on the text as a list of characters: a subclass says which
 * positions it may change (`candidates`) and how it changes one (`edit`); the base draws n of
 * them (or α × the candidates) without repeats, applies the edits from the last position to the
 * first (so earlier positions stay valid), and tokenises the result again for the next operation.
 */
import { WorkbookError } from '../lib/errors';
import { Rng } from '../lib/random';
import { checkArray, checkRng, checkString } from '../lib/validate';
import { CountingAugmentation, CountingOptions, changeCount } from './base';
import { Language, Token, detokenize, tokenize } from './tokens';

export type CharOperationOptions = CountingOptions;

/** A letter of any script (Latin letters, Han characters...). */
export const isLetter = (c: string | undefined): boolean => c !== undefined && /\p{L}/u.test(c);

/** Runs of consecutive letters as [start, end) ranges: words in English, clauses in Chinese. */
export function letterRuns(chars: readonly string[]): [number, number][] {
  checkArray('letterRuns', 'chars', chars, { nonEmpty: false });
  const runs: [number, number][] = [];
  for (let i = 0; i < chars.length;) {
    if (!isLetter(chars[i])) {
      i++;
      continue;
    }
    let j = i;
    while (j < chars.length && isLetter(chars[j])) j++;
    runs.push([i, j]);
    i = j;
  }
  return runs;
}

export abstract class CharOperation extends CountingAugmentation {
  constructor(
    name: string,
    options: CharOperationOptions,
    readonly languages: readonly Language[] = ['en', 'zh'],
  ) {
    super(name, options);
  }

  /** Positions (indices into chars) this operation may change. */
  protected abstract candidates(chars: readonly string[], language: Language): number[];

  /** Edits chars in place at position i (may insert or remove characters at or after i). */
  protected abstract edit(chars: string[], i: number, language: Language, r: Rng): void;

  /** The most edits one text may take (e.g. deletion keeps a letter). */
  protected limit(_chars: readonly string[], candidates: number): number {
    return candidates;
  }

  apply(tokens: readonly Token[], language: Language, r: Rng): Token[] {
    checkArray(this.name, 'tokens', tokens, { nonEmpty: false });
    checkString(this.name, 'language', language, false);
    checkRng(this.name, 'r', r);
    const chars = Array.from(detokenize(tokens));
    const candidates = this.candidates(chars, language);
    if (candidates.length === 0) return tokens.map((t) => ({ ...t }));
    const n = Math.min(changeCount(this.count, candidates.length), this.limit(chars, candidates.length));
    const chosen = r
      .shuffle(candidates)
      .slice(0, n)
      .sort((a, b) => b - a);
    for (const i of chosen) this.edit(chars, i, language, r);
    return tokenize(chars.join(''), language);
  }

  checkLanguage(language: Language): void {
    if (!this.languages.includes(language)) {
      throw new WorkbookError(
        this.name,
        'language',
        language,
        this.languages.map((l) => JSON.stringify(l)).join(', '),
        `${this.name}: works on ${this.languages.join(', ')} text only, not ${JSON.stringify(language)}`,
      );
    }
  }
}
