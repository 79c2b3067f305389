/**
 * Keyboard typos (English): n letters replaced by a neighbouring key on a QWERTY keyboard, in the
 * same case ("hello" → "hrllo"). Chinese is typed through an input method, so it has no such typo.
 *
 * @example new KeyboardSubstitution({ n: 2 }).augment('Please confirm your account', { seed: 1 })
 */
import { Rng } from '../../lib/random';
import { AugmentOptions, COUNT_PARAMS, augmentOnce } from '../base';
import { checkOptions, checkString } from '../../lib/validate';
import { CharOperation, CharOperationOptions } from '../char-operation';
import { keyboardNeighbours } from '../resources/keyboard';

export class KeyboardSubstitution extends CharOperation {
  constructor(options: CharOperationOptions = {}) {
    super('KeyboardSubstitution', options, ['en']);
  }

  protected candidates(chars: readonly string[]): number[] {
    return chars.flatMap((c, i) => (keyboardNeighbours(c).length ? [i] : []));
  }

  protected edit(chars: string[], i: number, _language: unknown, r: Rng): void {
    const c = r.choice(keyboardNeighbours(chars[i]));
    chars[i] = chars[i] === chars[i].toUpperCase() ? c.toUpperCase() : c;
  }
}

/** One variant of `text` with n keyboard typos. */
export function keyboardSubstitution(text: string, options: CharOperationOptions & AugmentOptions = {}): string {
  return augmentOnce('keyboardSubstitution', COUNT_PARAMS, (o) => new KeyboardSubstitution(o), text, options);
}
