import { Transform, AugmentationOptions } from '../core/augmentation';
import { OptionsOf, ParamDecls, ParamsOf } from '../../lib/augment/params';
import { Rng } from '../../lib/random';
import { Pixels, RawImage, maxValue } from '../core/pixels';
import { BORDERS, centredAffine, warpAffine } from '../core/warp';

const PARAMS = {
  translate: {
    type: 'interval',
    range: [-1, 1],
    default: [0, 0],
    symmetric: true,
    doc: 'shift as a fraction of width/height',
  },
  scale: { type: 'interval', range: [0.05, 20], default: [1, 1], symmetric: true, around: 1, doc: 'zoom factor range' },
  rotate: { type: 'interval', range: [-360, 360], default: [0, 0], symmetric: true, doc: 'angle range in degrees' },
  shear: { type: 'interval', range: [-80, 80], default: [0, 0], symmetric: true, doc: 'shear angle range in degrees' },
  border: {
    type: 'choice',
    options: BORDERS,
    default: 'constant',
    doc: 'how pixels from outside the image are filled',
  },
  fill: { type: 'number', range: [0, 1], default: 0, doc: "value for border 'constant', as a fraction of the maximum" },
} as const satisfies ParamDecls;
export type AffineOptions = OptionsOf<typeof PARAMS>;

/** One image's draw: shift (fractions of width and height), zoom, rotation and shear (degrees). */
export interface AffineDraw {
  tx: number;
  ty: number;
  scale: number;
  angle: number;
  shear: number;
}

/**
 * A general affine warp (torchvision's RandomAffine, albumentations' Affine): shift by a fraction
 * `translate` of the size (drawn separately for x and y), zoom by `scale`, turn by `rotate`
 * degrees and shear by `shear` degrees, all about the centre, in one bilinear resampling (so
 * chaining them costs no extra blur). A number x means [-x, x] ([1-x, 1+x] for scale).
 * @example new Affine({ translate: 0.1, rotate: 10, scale: 0.1, shear: 5 }).apply(tf.zeros([4, 28, 28, 1]))
 */
export class Affine extends Transform<ParamsOf<typeof PARAMS>, AffineDraw> {
  constructor(options: OptionsOf<typeof PARAMS> = {}, name = 'Affine') {
    super(name, PARAMS, options);
  }

  protected sample(r: Rng): AffineDraw {
    const { translate, scale, rotate, shear } = this.params;
    const tx = r.uniform(translate[0], translate[1]);
    const ty = r.uniform(translate[0], translate[1]);
    return {
      tx,
      ty,
      scale: r.uniform(scale[0], scale[1]),
      angle: r.uniform(rotate[0], rotate[1]),
      shear: r.uniform(shear[0], shear[1]),
    };
  }

  protected render(src: RawImage, dst: Pixels, d: AffineDraw): void {
    const { border, fill } = this.params;
    warpAffine(
      src,
      dst,
      src.h,
      src.w,
      centredAffine(src.h, src.w, d.angle, d.scale, d.shear, d.tx * src.w, d.ty * src.h),
      border,
      fill * maxValue(src.data),
    );
  }
}

/**
 * Shifts the image by up to `translate` of its width/height in x and y (an Affine with only a shift).
 * @example new Translate({ translate: 0.1 }).apply(tf.zeros([4, 28, 28, 1]))
 */
export class Translate extends Affine {
  constructor(options: Pick<AffineOptions, 'translate' | 'border' | 'fill' | 'p' | 'seed'> = {}) {
    super({ translate: 0.1, ...options }, 'Translate');
  }
}
