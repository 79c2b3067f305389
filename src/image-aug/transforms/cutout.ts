import { Transform, AugmentationOptions, ImageShape } from '../core/augmentation';
import { OptionsOf, ParamDecls, ParamsOf } from '../../lib/augment/params';
import { Rng } from '../../lib/random';
import { Pixels, RawBatch, RawImage, maxValue } from '../core/pixels';
import { eraseBox } from './random-erasing';
import { BoxPainter } from '../core/copy';

const PARAMS = {
  holes: { type: 'integer', range: [1, 100], default: 1, doc: 'number of squares' },
  size: { type: 'number', range: [0, 1], default: 0.4, doc: 'square side, fraction of the shorter side' },
  fill: { type: 'number', range: [0, 1], default: 0, doc: 'fill value, fraction of the maximum' },
} as const satisfies ParamDecls;

/**
 * Cutout (DeVries & Taylor 2017): blanks `holes` squares whose side is a fraction `size` of the
 * shorter image side; each centre is uniform over the image, so squares may be partly outside.
 * Filled with `fill` (a fraction of the maximum). 0-255 batches are copied and painted by one kernel call.
 * @example new Cutout({ holes: 1, size: 0.4 }).apply(tf.zeros([4, 28, 28, 1]))
 */
export class Cutout extends Transform<ParamsOf<typeof PARAMS>, [number, number, number, number][]> {
  constructor(options: OptionsOf<typeof PARAMS> = {}) {
    super('Cutout', PARAMS, options);
  }

  /** The holes: [x, y, width, height] each, clipped to the image (empty ones left out). */
  protected sample(r: Rng, { h, w }: ImageShape): [number, number, number, number][] {
    const { holes, size } = this.params;
    const boxes: [number, number, number, number][] = [];
    for (let i = 0; i < holes; i++) {
      const side = Math.round(size * Math.min(h, w));
      const cx = r.int(0, w - 1),
        cy = r.int(0, h - 1);
      const x0 = Math.max(0, cx - (side >> 1)),
        y0 = Math.max(0, cy - (side >> 1));
      const x1 = Math.min(w, cx - (side >> 1) + side),
        y1 = Math.min(h, cy - (side >> 1) + side);
      if (x1 > x0 && y1 > y0) boxes.push([x0, y0, x1 - x0, y1 - y0]);
    }
    return boxes;
  }

  protected renderBatch(
    b: RawBatch,
    dst: Uint8ClampedArray,
    drawn: ([number, number, number, number][] | null)[],
  ): void {
    const painter = new BoxPainter();
    drawn.forEach((holes, i) => holes?.forEach((box) => painter.add(i, ...box, this.params.fill * 255)));
    painter.paint(b, dst);
  }

  protected render(src: RawImage, dst: Pixels, holes: [number, number, number, number][]): void {
    dst.set(src.data);
    for (const box of holes) eraseBox(dst, src, ...box, this.params.fill * maxValue(src.data));
  }
}
