import { Transform, AugmentationOptions } from '../core/augmentation';
import { Rng } from '../../lib/random';
import { Pixels, RawImage, maxValue } from '../core/pixels';
import { eraseBox } from './random-erasing';

/**
 * Cutout (DeVries & Taylor 2017): blanks `holes` squares whose side is a fraction `size` of the
 * shorter image side; each centre is uniform over the image, so squares may be partly outside.
 * Filled with `fill` (a fraction of the maximum).
 * @example new Cutout({ holes: 1, size: 0.4 }).apply(tf.zeros([4, 28, 28, 1]))
 */
export class Cutout extends Transform<{ holes: number; size: number; fill: number }> {
  constructor(options: AugmentationOptions & { holes?: number; size?: number; fill?: number; p?: number } = {}) {
    super('Cutout', {
      holes: { type: 'integer', range: [1, 100], default: 1, doc: 'number of squares' },
      size: { type: 'number', range: [0, 1], default: 0.4, doc: 'square side, fraction of the shorter side' },
      fill: { type: 'number', range: [0, 1], default: 0, doc: 'fill value, fraction of the maximum' },
    }, options);
  }

  protected render(src: RawImage, dst: Pixels, r: Rng): void {
    const { holes, size, fill } = this.params;
    dst.set(src.data);
    for (let i = 0; i < holes; i++) {
      const side = Math.round(size * Math.min(src.h, src.w));
      const cx = r.int(0, src.w - 1), cy = r.int(0, src.h - 1);
      const x0 = Math.max(0, cx - (side >> 1)), y0 = Math.max(0, cy - (side >> 1));
      const x1 = Math.min(src.w, cx - (side >> 1) + side), y1 = Math.min(src.h, cy - (side >> 1) + side);
      if (x1 > x0 && y1 > y0) eraseBox(dst, src, x0, y0, x1 - x0, y1 - y0, fill * maxValue(src.data), r);
    }
  }
}
