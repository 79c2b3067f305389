import { Transform, AugmentationOptions } from '../core/augmentation';
import { OptionsOf, ParamDecls, ParamsOf } from '../../lib/augment/params';
import { Rng } from '../../lib/random';
import { Pixels, RawImage, maxValue } from '../core/pixels';
import { BORDERS, Border, centredAffine, warpAffine } from '../core/warp';

const PARAMS = {
  limit: { type: 'interval', range: [-360, 360], default: [-30, 30], symmetric: true, doc: 'angle range in degrees' },
  border: {
    type: 'choice',
    options: BORDERS,
    default: 'constant',
    doc: 'how pixels from outside the image are filled',
  },
  fill: { type: 'number', range: [0, 1], default: 0, doc: "value for border 'constant', as a fraction of the maximum" },
} as const satisfies ParamDecls;
export type RotateOptions = OptionsOf<typeof PARAMS>;

/**
 * Rotates about the image centre by an angle drawn uniformly from `limit` degrees (a number x
 * means [-x, x]; positive turns counter-clockwise), with bilinear interpolation. Corners that
 * come from outside the picture take `fill` (a fraction of the maximum value) or, with
 * border 'reflect' / 'edge', mirrored or stretched edge pixels.
 * @example new Rotate({ limit: 15, border: 'reflect' }).apply(tf.zeros([4, 28, 28, 1]))
 */
export class Rotate extends Transform<ParamsOf<typeof PARAMS>, number> {
  constructor(options: OptionsOf<typeof PARAMS> = {}) {
    super('Rotate', PARAMS, options);
  }

  /** The angle in degrees. */
  protected sample(r: Rng): number {
    return r.uniform(this.params.limit[0], this.params.limit[1]);
  }

  protected render(src: RawImage, dst: Pixels, angle: number): void {
    const { border, fill } = this.params;
    warpAffine(
      src,
      dst,
      src.h,
      src.w,
      centredAffine(src.h, src.w, angle, 1, 0, 0, 0),
      border,
      fill * maxValue(src.data),
    );
  }
}
