import { Transform, AugmentationOptions } from '../core/augmentation';
import { Pixels, RawBatch, RawImage } from '../core/pixels';
import { copyRows } from '../core/copy';

/**
 * Mirrors the image top ↔ bottom, one whole-row copy per row (for 0-255 images a whole batch in
 * one kernel call). Useful where "up" has no meaning (satellite and microscope images); wrong for
 * most everyday photos.
 * @example new VerticalFlip({ p: 0.5 }).apply(tf.zeros([4, 28, 28, 1]))
 */
export class VerticalFlip extends Transform<{}> {
  constructor(options: AugmentationOptions & { p?: number } = {}) {
    super('VerticalFlip', {}, options);
  }

  protected renderBatch(b: RawBatch, dst: Uint8ClampedArray, drawn: (void | null)[]): void {
    const row = b.w * b.c;
    // image i starts at its last row and steps backwards when flipped, else it is copied as is
    copyRows(b, dst, b.h, row, (i) => (drawn[i] === null ? [0, row] : [(b.h - 1) * row, -row]));
  }

  protected render({ data, h, w, c }: RawImage, dst: Pixels): void {
    const row = w * c;
    for (let y = 0; y < h; y++) dst.set(data.subarray((h - 1 - y) * row, (h - y) * row), y * row);
  }
}
