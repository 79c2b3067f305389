import { Transform, AugmentationOptions } from '../core/augmentation';
import { OptionsOf, ParamDecls, ParamsOf } from '../../lib/augment/params';
import { Rng } from '../../lib/random';
import { Pixels, RawImage } from '../core/pixels';
import { LUMA, colorMatrix } from '../core/color';

const PARAMS = {
  limit: {
    type: 'interval',
    range: [0, 10],
    default: [0.8, 1.2],
    symmetric: true,
    around: 1,
    doc: 'saturation factor range',
  },
} as const satisfies ParamDecls;

/**
 * Blends each pixel with its own grey value by a factor drawn from `limit` (a number x means
 * [1-x, 1+x]): 0 gives greyscale, 1 the original, > 1 more vivid colours. One 3×3 colour matrix per
 * image. Grey (1-channel) images have no saturation and pass through unchanged.
 * @example new Saturation({ limit: 0.5 }).apply(tf.zeros([4, 32, 32, 3]))
 */
export class Saturation extends Transform<ParamsOf<typeof PARAMS>, number> {
  constructor(options: OptionsOf<typeof PARAMS> = {}) {
    super('Saturation', PARAMS, options);
  }

  /** The saturation factor (drawn for grey images too, so a seed means the same for any image). */
  protected sample(r: Rng): number {
    return r.uniform(this.params.limit[0], this.params.limit[1]);
  }

  protected render(src: RawImage, dst: Pixels, s: number): void {
    if (src.c < 3) {
      dst.set(src.data);
      return;
    }
    const m: number[] = [];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) m.push((i === j ? s : 0) + (1 - s) * LUMA[j]);
    colorMatrix(src.data, dst, src.c, m);
  }
}
