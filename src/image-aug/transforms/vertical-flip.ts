import { Transform, AugmentationOptions } from '../core/augmentation';
import { Pixels, RawImage } from '../core/pixels';

/**
 * Mirrors the image top ↔ bottom, one whole-row copy per row. Useful where "up" has no meaning
 * (satellite and microscope images); wrong for most everyday photos.
 * @example new VerticalFlip({ p: 0.5 }).apply(tf.zeros([4, 28, 28, 1]))
 */
export class VerticalFlip extends Transform<{}> {
  constructor(options: AugmentationOptions & { p?: number } = {}) {
    super('VerticalFlip', {}, options);
  }

  protected render({ data, h, w, c }: RawImage, dst: Pixels): void {
    const row = w * c;
    for (let y = 0; y < h; y++) dst.set(data.subarray((h - 1 - y) * row, (h - y) * row), y * row);
  }
}
