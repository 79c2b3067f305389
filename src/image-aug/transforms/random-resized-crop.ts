import { Transform, AugmentationOptions, ImageShape } from '../core/augmentation';
import { OptionsOf, ParamDecls, ParamsOf } from '../../lib/augment/params';
import { Rng } from '../../lib/random';
import { Pixels, RawImage } from '../core/pixels';
import { boxResize, warpAffine } from '../core/warp';

const PARAMS = {
  height: { type: 'integer', range: [1, 1e5], default: NaN, required: true, doc: 'output height in pixels' },
  width: { type: 'integer', range: [1, 1e5], default: NaN, required: true, doc: 'output width in pixels' },
  scale: { type: 'interval', range: [0.001, 1], default: [0.08, 1], doc: 'fraction of the image area the box covers' },
  ratio: { type: 'interval', range: [0.01, 100], default: [3 / 4, 4 / 3], doc: 'box aspect ratio width/height' },
} as const satisfies ParamDecls;
export type RandomResizedCropOptions = OptionsOf<typeof PARAMS>;

/**
 * Inception-style crop: picks a box covering a random fraction `scale` of the image area with a
 * random aspect ratio (drawn log-uniformly from `ratio`), then resizes it bilinearly to
 * height × width. After 10 failed draws it falls back to the largest central box, as torchvision does.
 * @example new RandomResizedCrop({ height: 28, width: 28, scale: [0.6, 1] }).apply(tf.zeros([4, 28, 28, 1]))
 */
export class RandomResizedCrop extends Transform<ParamsOf<typeof PARAMS>, [number, number, number, number]> {
  constructor(options: OptionsOf<typeof PARAMS>) {
    super('RandomResizedCrop', PARAMS, options, {
      type: 'number',
      range: [1, 1],
      default: 1,
      doc: 'always 1: the crop sets the output size',
    });
  }

  outputSize(): [number, number] {
    return [this.params.height, this.params.width];
  }

  /** The source box [x, y, width, height]: ten tries at a random one, else the centred box of the nearest allowed ratio. */
  protected sample(r: Rng, src: ImageShape): [number, number, number, number] {
    const { scale, ratio } = this.params;
    const area = src.h * src.w;
    let box: [number, number, number, number] | null = null;
    for (let attempt = 0; attempt < 10 && !box; attempt++) {
      const target = area * r.uniform(scale[0], scale[1]);
      const aspect = Math.exp(r.uniform(Math.log(ratio[0]), Math.log(ratio[1])));
      const bw = Math.round(Math.sqrt(target * aspect));
      const bh = Math.round(Math.sqrt(target / aspect));
      if (bw >= 1 && bh >= 1 && bw <= src.w && bh <= src.h) box = [r.int(0, src.w - bw), r.int(0, src.h - bh), bw, bh];
    }
    if (!box) {
      const aspect = Math.min(Math.max(src.w / src.h, ratio[0]), ratio[1]);
      const bw = Math.min(src.w, Math.round(src.h * aspect)),
        bh = Math.min(src.h, Math.round(src.w / aspect));
      box = [Math.floor((src.w - bw) / 2), Math.floor((src.h - bh) / 2), bw, bh];
    }
    return box;
  }

  protected render(src: RawImage, dst: Pixels, box: [number, number, number, number]): void {
    const { height, width } = this.params;
    warpAffine(src, dst, height, width, boxResize(box[0], box[1], box[2], box[3], height, width), 'edge', 0);
  }
}
