import { Transform, AugmentationOptions } from '../core/augmentation';
import { OptionsOf, ParamDecls, ParamsOf } from '../../lib/augment/params';
import { Rng } from '../../lib/random';
import { Pixels, RawImage } from '../core/pixels';
import { linearMap, meanGrey } from '../core/color';

const PARAMS = {
  limit: {
    type: 'interval',
    range: [0, 10],
    default: [0.8, 1.2],
    symmetric: true,
    around: 1,
    doc: 'contrast factor range',
  },
} as const satisfies ParamDecls;

/**
 * Scales every pixel's distance from the image's mean grey level by a factor drawn from `limit`
 * (a number x means [1-x, 1+x]), like torchvision's ColorJitter contrast: < 1 washes the image
 * out towards grey, > 1 makes darks darker and lights lighter.
 * @example new Contrast({ limit: 0.3 }).apply(tf.zeros([4, 28, 28, 1]))
 */
export class Contrast extends Transform<ParamsOf<typeof PARAMS>, number> {
  constructor(options: OptionsOf<typeof PARAMS> = {}) {
    super('Contrast', PARAMS, options);
  }

  /** The contrast factor. */
  protected sample(r: Rng): number {
    return r.uniform(this.params.limit[0], this.params.limit[1]);
  }

  protected render(src: RawImage, dst: Pixels, alpha: number): void {
    const mean = meanGrey(src.data, src.c);
    linearMap(src.data, dst, alpha, (1 - alpha) * mean);
  }
}
