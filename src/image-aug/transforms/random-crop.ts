import { Transform, AugmentationOptions, ImageShape } from '../core/augmentation';
import { OptionsOf, ParamDecls, ParamsOf } from '../../lib/augment/params';
import { check } from '../../lib/errors';
import { Rng } from '../../lib/random';
import { Pixels, RawBatch, RawImage, imageAt, maxValue } from '../core/pixels';
import { BORDERS, Border, shiftCopy } from '../core/warp';
import { copyRows } from '../core/copy';
import { checkNumber } from '../../lib/validate';

const PARAMS = {
  height: { type: 'integer', range: [1, 1e5], default: NaN, required: true, doc: 'output height in pixels' },
  width: { type: 'integer', range: [1, 1e5], default: NaN, required: true, doc: 'output width in pixels' },
  padding: { type: 'integer', range: [0, 1e4], default: 0, doc: 'pixels added on every side before cropping' },
  padMode: { type: 'choice', options: BORDERS, default: 'constant', doc: 'how the padding is filled' },
  fill: {
    type: 'number',
    range: [0, 1],
    default: 0,
    doc: "padding value for padMode 'constant', as a fraction of the maximum",
  },
} as const satisfies ParamDecls;
export type RandomCropOptions = OptionsOf<typeof PARAMS>;

/**
 * Cuts a height × width window at a random position, after optionally padding every side by
 * `padding` pixels (the classic CIFAR recipe: pad 4, crop back to 32×32, so objects shift by up to
 * 4 pixels). `padMode` fills the padding with `fill` (a fraction of the maximum value), a mirror
 * image ('reflect') or the edge pixels ('edge'). Rows are copied whole, so it costs about a memcpy
 * (0-255 batches: one kernel call for every window that lies inside its image).
 * @example new RandomCrop({ height: 28, width: 28, padding: 2 }).apply(tf.zeros([4, 28, 28, 1]))
 */
export class RandomCrop extends Transform<ParamsOf<typeof PARAMS>, [number, number]> {
  constructor(options: OptionsOf<typeof PARAMS>) {
    super('RandomCrop', PARAMS, options, {
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
    const { height, width, padding } = this.params;
    check(
      height <= h + 2 * padding,
      this.name,
      'height',
      height,
      `an integer in [1, ${h + 2 * padding}] (image height ${h} + 2·padding)`,
    );
    check(
      width <= w + 2 * padding,
      this.name,
      'width',
      width,
      `an integer in [1, ${w + 2 * padding}] (image width ${w} + 2·padding)`,
    );
    return [height, width];
  }

  /** The window's top-left corner [dx, dy] in the source (may be in the padding). */
  protected sample(r: Rng, { h, w }: ImageShape): [number, number] {
    const { height, width, padding } = this.params;
    const dy = r.int(0, h + 2 * padding - height) - padding;
    const dx = r.int(0, w + 2 * padding - width) - padding;
    return [dx, dy];
  }

  protected renderBatch(b: RawBatch, dst: Uint8ClampedArray, drawn: ([number, number] | null)[]): void {
    const { height, width, padMode, fill } = this.params;
    const padded: [number, number, number][] = []; // images whose window reaches into the padding
    copyRows(b, dst, height, width * b.c, (i) => {
      const [dx, dy] = drawn[i]!; // p is 1: every image is cropped
      if (dx >= 0 && dy >= 0 && dx + width <= b.w && dy + height <= b.h) return [(dy * b.w + dx) * b.c, b.w * b.c];
      padded.push([i, dx, dy]);
      return null;
    });
    const size = height * width * b.c;
    for (const [i, dx, dy] of padded)
      shiftCopy(imageAt(b, i), dst.subarray(i * size, (i + 1) * size), height, width, dx, dy, padMode, fill * 255);
  }

  protected render(src: RawImage, dst: Pixels, [dx, dy]: [number, number]): void {
    const { height, width, padMode, fill } = this.params;
    shiftCopy(src, dst, height, width, dx, dy, padMode, fill * maxValue(src.data));
  }
}
