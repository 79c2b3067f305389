import { Transform, AugmentationOptions } from '../core/augmentation';
import { check } from '../../lib/errors';
import { Rng } from '../../lib/random';
import { Pixels, RawImage, maxValue } from '../core/pixels';
import { BORDERS, Border, shiftCopy } from '../core/warp';

export interface RandomCropOptions extends AugmentationOptions {
  height: number;
  width: number;
  padding?: number;
  padMode?: Border;
  fill?: number;
}

/**
 * Cuts a height × width window at a random position, after optionally padding every side by
 * `padding` pixels (the classic CIFAR recipe: pad 4, crop back to 32×32, so objects shift by up to
 * 4 pixels). `padMode` fills the padding with `fill` (a fraction of the maximum value), a mirror
 * image ('reflect') or the edge pixels ('edge'). Rows are copied whole, so it costs about a memcpy.
 * @example new RandomCrop({ height: 28, width: 28, padding: 2 }).apply(tf.zeros([4, 28, 28, 1]))
 */
export class RandomCrop extends Transform<{ height: number; width: number; padding: number; padMode: Border; fill: number }> {
  constructor(options: RandomCropOptions) {
    super('RandomCrop', {
      height: { type: 'integer', range: [1, 1e5], default: NaN, doc: 'output height in pixels' },
      width: { type: 'integer', range: [1, 1e5], default: NaN, doc: 'output width in pixels' },
      padding: { type: 'integer', range: [0, 1e4], default: 0, doc: 'pixels added on every side before cropping' },
      padMode: { type: 'choice', options: BORDERS, default: 'constant', doc: 'how the padding is filled' },
      fill: { type: 'number', range: [0, 1], default: 0, doc: "padding value for padMode 'constant', as a fraction of the maximum" },
    }, options, { type: 'number', range: [1, 1], default: 1, doc: 'always 1: a crop changes the size' });
  }

  outputSize(h: number, w: number): [number, number] {
    const { height, width, padding } = this.params;
    check(height <= h + 2 * padding, this.name, 'height', height, `an integer in [1, ${h + 2 * padding}] (image height ${h} + 2·padding)`);
    check(width <= w + 2 * padding, this.name, 'width', width, `an integer in [1, ${w + 2 * padding}] (image width ${w} + 2·padding)`);
    return [height, width];
  }

  protected render(src: RawImage, dst: Pixels, r: Rng): void {
    const { height, width, padding, padMode, fill } = this.params;
    const dy = r.int(0, src.h + 2 * padding - height) - padding;
    const dx = r.int(0, src.w + 2 * padding - width) - padding;
    shiftCopy(src, dst, height, width, dx, dy, padMode, fill * maxValue(src.data));
  }
}
