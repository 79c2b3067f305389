import { Transform } from '../core/augmentation';
import { OptionsOf, ParamDecls, ParamsOf } from '../../lib/augment/params';
import { Rng } from '../../lib/random';
import { Pixels, RawImage, maxValue } from '../core/pixels';
import { linearMap } from '../core/color';

const PARAMS = {
  limit: {
    type: 'interval',
    range: [-1, 1],
    default: [-0.2, 0.2],
    symmetric: true,
    doc: 'offset range, fraction of the maximum',
  },
} as const satisfies ParamDecls;

/**
 * Adds a brightness offset drawn from `limit` (a fraction of the maximum value; a number x means
 * [-x, x]) to every pixel, as albumentations' RandomBrightness does; results clip to the valid
 * range. 0-255 images take one saturating SIMD add per 16 values (wasm/image/color.ts).
 * @example new Brightness({ limit: 0.2 }).apply(tf.zeros([4, 28, 28, 1]))
 */
export class Brightness extends Transform<ParamsOf<typeof PARAMS>, number> {
  constructor(options: OptionsOf<typeof PARAMS> = {}) {
    super('Brightness', PARAMS, options);
  }

  /** The offset, as a fraction of the maximum. */
  protected sample(r: Rng): number {
    return r.uniform(this.params.limit[0], this.params.limit[1]);
  }

  protected render(src: RawImage, dst: Pixels, offset: number): void {
    linearMap(src.data, dst, 1, offset * maxValue(src.data));
  }
}
