import { Transform, AugmentationOptions } from '../core/augmentation';
import { Pixels, RawBatch, RawImage } from '../core/pixels';
import { intRegion, kernels, pointerOf, withPointers } from '../core/wasm';

/**
 * Mirrors the image left ↔ right. The cheapest and safest augmentation for natural photos (a
 * mirrored cat is still a cat); avoid it for digits and text, where it changes the meaning.
 * 0-255 images are mirrored by a SIMD kernel (byte shuffles), a whole batch per call.
 * @example new HorizontalFlip({ p: 0.5 }).apply(tf.zeros([4, 28, 28, 1]))
 */
export class HorizontalFlip extends Transform<{}> {
  constructor(options: AugmentationOptions & { p?: number } = {}) {
    super('HorizontalFlip', {}, options);
  }

  /** flags[i] = 1: mirror image i, 0: copy it. */
  private flip(b: RawBatch, dst: Uint8ClampedArray, flags: Int32Array): void {
    withPointers(b.data as Uint8ClampedArray, dst, (s, d) =>
      kernels.flipHorizontalU8(s, d, b.n, b.h, b.w, b.c, pointerOf(flags)),
    );
  }

  protected renderBatch(b: RawBatch, dst: Uint8ClampedArray, drawn: (void | null)[]): void {
    const flags = intRegion('flip', b.n);
    for (let i = 0; i < b.n; i++) flags[i] = drawn[i] === null ? 0 : 1;
    this.flip(b, dst, flags);
  }

  protected render(src: RawImage, dst: Pixels): void {
    if (dst instanceof Uint8ClampedArray) return this.flip({ ...src, n: 1 }, dst, intRegion('flip', 1).fill(1));
    const { data, h, w, c } = src;
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
        const o = start + x * c,
          s = start + (w - 1 - x) * c;
        for (let k = 0; k < c; k++) dst[o + k] = data[s + k];
      }
    }
  }
}
