import { Transform, AugmentationOptions } from '../core/augmentation';
import { OptionsOf, ParamDecls, ParamsOf } from '../../lib/augment/params';
import { Pixels, RawImage } from '../core/pixels';
import { boxResize, warpAffine } from '../core/warp';

const PARAMS = {
  height: { type: 'integer', range: [1, 1e5], default: NaN, required: true, doc: 'output height in pixels' },
  width: { type: 'integer', range: [1, 1e5], default: NaN, required: true, doc: 'output width in pixels' },
} as const satisfies ParamDecls;

/**
 * Resizes every image to height × width with bilinear interpolation (pixel centres aligned, as
 * OpenCV's INTER_LINEAR). Deterministic; use it to bring photos of any size to a model's input.
 * @example new Resize({ height: 64, width: 96 }).apply(tf.zeros([480, 640, 3]))
 */
export class Resize extends Transform<ParamsOf<typeof PARAMS>> {
  constructor(options: OptionsOf<typeof PARAMS>) {
    super('Resize', PARAMS, options, {
      type: 'number',
      range: [1, 1],
      default: 1,
      doc: 'always 1: it sets the output size',
    });
  }

  outputSize(): [number, number] {
    return [this.params.height, this.params.width];
  }

  protected render(src: RawImage, dst: Pixels): void {
    const { height, width } = this.params;
    warpAffine(src, dst, height, width, boxResize(0, 0, src.w, src.h, height, width), 'edge', 0);
  }
}
