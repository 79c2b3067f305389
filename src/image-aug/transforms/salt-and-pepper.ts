import { Transform, AugmentationOptions } from '../core/augmentation';
import { Rng } from '../../lib/random';
import { Pixels, RawImage, maxValue } from '../core/pixels';
import { saltAndPepperU8 } from '../core/noise';

/**
 * Sets a random fraction `amount` of the pixels (drawn per image; a number x means [0, x]) to
 * white (salt, share `salt`) or black (pepper), all channels at once — impulse noise from dead or
 * hot sensor pixels.
 * @example new SaltAndPepper({ amount: 0.05 }).apply(tf.zeros([4, 28, 28, 1]))
 */
export class SaltAndPepper extends Transform<{ amount: [number, number]; salt: number }> {
  constructor(options: AugmentationOptions & { amount?: number | [number, number]; salt?: number; p?: number } = {}) {
    super('SaltAndPepper', {
      amount: { type: 'interval', range: [0, 1], default: [0.01, 0.06], symmetric: true, doc: 'fraction of pixels replaced' },
      salt: { type: 'number', range: [0, 1], default: 0.5, doc: 'share of replaced pixels that turn white' },
    }, options);
  }

  protected render(src: RawImage, dst: Pixels, r: Rng): void {
    const { amount, salt } = this.params;
    const pixels = src.h * src.w;
    const count = Math.round(Math.max(0, r.uniform(amount[0], amount[1])) * pixels);
    if (src.data instanceof Uint8ClampedArray) return saltAndPepperU8(r, src.data, dst as Uint8ClampedArray, src.c, count, salt);
    dst.set(src.data);
    const max = maxValue(src.data);
    for (let i = 0; i < count; i++) {
      const at = r.int(0, pixels - 1) * src.c;
      dst.fill(r.next() < salt ? max : 0, at, at + src.c);
    }
  }
}
