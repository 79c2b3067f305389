/**
 * OCR errors (English): n characters replaced by one an OCR engine confuses them with ("0" ↔ "O",
 * "l" ↔ "1", "S" ↔ "5"; the pairs of nlpaug's OcrAug), as in text scanned from paper.
 *
 * @example new OcrSubstitution({ n: 2 }).augment('Invoice 1050 is overdue', { seed: 1 })
 */
import { Rng } from '../../lib/random';
import { AugmentOptions, COUNT_PARAMS, augmentOnce } from '../base';
import { checkOptions, checkString } from '../../lib/validate';
import { CharOperation, CharOperationOptions } from '../char-operation';
import { ocrConfusions } from '../resources/ocr';

export class OcrSubstitution extends CharOperation {
  constructor(options: CharOperationOptions = {}) {
    super('OcrSubstitution', options, ['en']);
  }

  protected candidates(chars: readonly string[]): number[] {
    return chars.flatMap((c, i) => (ocrConfusions(c).length ? [i] : []));
  }

  protected edit(chars: string[], i: number, _language: unknown, r: Rng): void {
    chars[i] = r.choice(ocrConfusions(chars[i]));
  }
}

/** One variant of `text` with n OCR confusions. */
export function ocrSubstitution(text: string, options: CharOperationOptions & AugmentOptions = {}): string {
  return augmentOnce('ocrSubstitution', COUNT_PARAMS, (o) => new OcrSubstitution(o), text, options);
}
