import { Transform, AugmentationOptions } from '../core/augmentation';
import { OptionsOf, ParamDecls, ParamsOf } from '../../lib/augment/params';
import { check } from '../../lib/errors';
import { Pixels, RawBatch, RawImage } from '../core/pixels';
import { shiftCopy } from '../core/warp';
import { copyRows } from '../core/copy';
import { checkNumber } from '../../lib/validate';

const PARAMS = {
  height: { type: 'integer', range: [1, 1e5], default: NaN, required: true, doc: 'output height in pixels' },
  width: { type: 'integer', range: [1, 1e5], default: NaN, required: true, doc: 'output width in pixels' },
} as const satisfies ParamDecls;

/**
 * Cuts the central height × width window (the deterministic crop used at test time after a
 * random crop at training time). Rows are copied whole (0-255 batches: one kernel call).
 * @example new CenterCrop({ height: 24, width: 24 }).apply(tf.zeros([28, 28, 1]))
 */
export class CenterCrop extends Transform<ParamsOf<typeof PARAMS>> {
  constructor(options: OptionsOf<typeof PARAMS>) {
    super('CenterCrop', PARAMS, options, {
      type: 'number',
      range: [1, 1],
      default: 1,
      doc: 'always 1: a crop changes the size',
    });
  }

  outputSize(h: number, w: number): [number, number] {
    checkNumber(this.name, 'h', h);
    check(Number.isSafeInteger(h) && h >= 1, this.name, 'h', h, 'an image height: an integer ≥ 1');
    checkNumber(this.name, 'w', w);
    check(Number.isSafeInteger(w) && w >= 1, this.name, 'w', w, 'an image width: an integer ≥ 1');
    const { height, width } = this.params;
    check(height <= h, this.name, 'height', height, `an integer in [1, ${h}] (the image height)`);
    check(width <= w, this.name, 'width', width, `an integer in [1, ${w}] (the image width)`);
    return [height, width];
  }

  protected renderBatch(b: RawBatch, dst: Uint8ClampedArray): void {
    const { height, width } = this.params;
    const start = (Math.floor((b.h - height) / 2) * b.w + Math.floor((b.w - width) / 2)) * b.c;
    copyRows(b, dst, height, width * b.c, () => [start, b.w * b.c]);
  }

  protected render(src: RawImage, dst: Pixels): void {
    const { height, width } = this.params;
    shiftCopy(src, dst, height, width, Math.floor((src.w - width) / 2), Math.floor((src.h - height) / 2), 'edge', 0);
  }
}
