import { Transform, AugmentationOptions } from '../core/augmentation';
import { OptionsOf, ParamDecls, ParamsOf } from '../../lib/augment/params';
import { Rng } from '../../lib/random';
import { Pixels, RawImage, maxValue } from '../core/pixels';
import { BORDERS, Border, centredAffine, warpAffine } from '../core/warp';

const PARAMS = {
  scaleLimit: {
    type: 'interval',
    range: [0.05, 20],
    default: [0.9, 1.1],
    symmetric: true,
    around: 1,
    doc: 'zoom factor range',
  },
  border: { type: 'choice', options: BORDERS, default: 'constant', doc: 'how the margin is filled when zooming out' },
  fill: { type: 'number', range: [0, 1], default: 0, doc: "value for border 'constant', as a fraction of the maximum" },
} as const satisfies ParamDecls;
export type RandomScaleOptions = OptionsOf<typeof PARAMS>;

/**
 * Zooms in or out about the centre by a factor drawn from `scaleLimit` (a number x means
 * [1-x, 1+x]) and keeps the image size, like Keras' RandomZoom: > 1 crops into the picture,
 * < 1 shrinks it and fills the margin by `border`. Keeping the size lets a batch stay one tensor.
 * @example new RandomScale({ scaleLimit: 0.2 }).apply(tf.zeros([4, 28, 28, 1]))
 */
export class RandomScale extends Transform<ParamsOf<typeof PARAMS>, number> {
  constructor(options: OptionsOf<typeof PARAMS> = {}) {
    super('RandomScale', PARAMS, options);
  }

  /** The zoom factor. */
  protected sample(r: Rng): number {
    return r.uniform(this.params.scaleLimit[0], this.params.scaleLimit[1]);
  }

  protected render(src: RawImage, dst: Pixels, s: number): void {
    const { border, fill } = this.params;
    warpAffine(src, dst, src.h, src.w, centredAffine(src.h, src.w, 0, s, 0, 0, 0), border, fill * maxValue(src.data));
  }
}
