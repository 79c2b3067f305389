import { Transform, AugmentationOptions, ImageShape } from '../core/augmentation';
import { OptionsOf, ParamDecls, ParamsOf } from '../../lib/augment/params';
import { Rng } from '../../lib/random';
import { Pixels, RawImage, maxValue } from '../core/pixels';
import { saltAndPepperU8 } from '../core/noise';

const PARAMS = {
  amount: {
    type: 'interval',
    range: [0, 1],
    default: [0.01, 0.06],
    symmetric: true,
    doc: 'fraction of pixels replaced',
  },
  salt: { type: 'number', range: [0, 1], default: 0.5, doc: 'share of replaced pixels that turn white' },
} as const satisfies ParamDecls;

/**
 * One image's draw: how many pixels, then for 0-255 images one seed for the kernel, for float
 * images each pixel's position and colour (salt when its draw is below `salt`).
 */
export type SaltAndPepperDraw =
  { count: number; seed: number } | { count: number; at: Int32Array; draws: Float64Array };

/**
 * Sets a random fraction `amount` of the pixels (drawn per image; a number x means [0, x]) to
 * white (salt, share `salt`) or black (pepper), all channels at once — impulse noise from dead or
 * hot sensor pixels.
 * @example new SaltAndPepper({ amount: 0.05 }).apply(tf.zeros([4, 28, 28, 1]))
 */
export class SaltAndPepper extends Transform<ParamsOf<typeof PARAMS>, SaltAndPepperDraw> {
  constructor(options: OptionsOf<typeof PARAMS> = {}) {
    super('SaltAndPepper', PARAMS, options);
  }

  protected sample(r: Rng, { h, w, bytes }: ImageShape): SaltAndPepperDraw {
    const { amount } = this.params;
    const pixels = h * w;
    const count = Math.round(Math.max(0, r.uniform(amount[0], amount[1])) * pixels);
    if (bytes) return { count, seed: r.seed() };
    const at = new Int32Array(count),
      draws = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      at[i] = r.int(0, pixels - 1);
      draws[i] = r.next();
    }
    return { count, at, draws };
  }

  protected render(src: RawImage, dst: Pixels, d: SaltAndPepperDraw): void {
    const { salt } = this.params;
    if ('seed' in d)
      return saltAndPepperU8(d.seed, src.data as Uint8ClampedArray, dst as Uint8ClampedArray, src.c, d.count, salt);
    dst.set(src.data);
    const max = maxValue(src.data);
    for (let i = 0; i < d.count; i++) {
      const at = d.at[i] * src.c;
      dst.fill(d.draws[i] < salt ? max : 0, at, at + src.c);
    }
  }
}
