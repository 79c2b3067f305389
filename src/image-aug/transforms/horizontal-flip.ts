import { Transform, AugmentationOptions } from '../core/augmentation';
import { Pixels, RawImage } from '../core/pixels';

/**
 * Mirrors the image left ↔ right. The cheapest and safest augmentation for natural photos (a
 * mirrored cat is still a cat); avoid it for digits and text, where it changes the meaning.
 * @example new HorizontalFlip({ p: 0.5 }).apply(tf.zeros([4, 28, 28, 1]))
 */
export class HorizontalFlip extends Transform<{}> {
  constructor(options: AugmentationOptions & { p?: number } = {}) {
    super('HorizontalFlip', {}, options);
  }

  protected render({ data, h, w, c }: RawImage, dst: Pixels): void {
    const row = w * c;
    for (let y = 0; y < h; y++) {
      const start = y * row;
      if (c === 1) {
        for (let x = 0, back = start + w - 1; x < w; x++, back--) dst[start + x] = data[back];
        continue;
      }
      if (c === 3) {
        for (let o = start, s = start + row - 3; o < start + row; o += 3, s -= 3) {
          dst[o] = data[s];
          dst[o + 1] = data[s + 1];
          dst[o + 2] = data[s + 2];
        }
        continue;
      }
      for (let x = 0; x < w; x++) {
        const o = start + x * c, s = start + (w - 1 - x) * c;
        for (let k = 0; k < c; k++) dst[o + k] = data[s + k];
      }
    }
  }
}
