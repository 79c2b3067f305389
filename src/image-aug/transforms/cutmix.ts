import { BatchMix, BatchMixOptions, MixDraw } from '../core/batch-mix';
import { Rng } from '../../lib/random';
import { Pixels, RawBatch } from '../core/pixels';
import { intRegion, kernels, pointerOf, withPointers } from '../core/wasm';

/** CutMix's draw: λ, the partners, and the pasted box [x0, x1) × [y0, y1) (clipped to the image). */
export interface CutMixDraw extends MixDraw {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/**
 * CutMix (Yun et al. 2019): pastes a box from a shuffled copy of the batch into each image. The box
 * covers a fraction 1-λ of the area, λ ~ Beta(alpha, alpha) per batch; the labels mix by the exact
 * pasted area, so they stay soft rows summing to 1. Batch-level: use `applyBatch(x, y)`. 0-255
 * batches are copied and pasted by one kernel call.
 * @example const [x, y] = new CutMix({ alpha: 1 }).applyBatch(tf.zeros([8, 28, 28, 1]), tf.oneHot(tf.range(0, 8, 1, 'int32'), 10))
 */
export class CutMix extends BatchMix<CutMixDraw> {
  constructor(options: BatchMixOptions = {}) {
    super(
      'CutMix',
      { type: 'number', range: [0.001, 100], default: 1, doc: 'Beta(alpha, alpha) concentration of the kept area' },
      options,
    );
  }

  protected sample(r: Rng, b: RawBatch, lam: number): CutMixDraw {
    const cut = Math.sqrt(1 - lam);
    const bw = Math.round(b.w * cut),
      bh = Math.round(b.h * cut);
    const cx = r.int(0, b.w - 1),
      cy = r.int(0, b.h - 1);
    const x0 = Math.max(0, cx - (bw >> 1)),
      x1 = Math.min(b.w, cx - (bw >> 1) + bw);
    const y0 = Math.max(0, cy - (bh >> 1)),
      y1 = Math.min(b.h, cy - (bh >> 1) + bh);
    return { lam, perm: r.permutation(b.n), x0, x1, y0, y1 };
  }

  protected mix(b: RawBatch, data: Pixels, { perm, x0, x1, y0, y1 }: CutMixDraw): number {
    const size = b.h * b.w * b.c,
      row = b.w * b.c;
    if (b.data instanceof Uint8ClampedArray && data instanceof Uint8ClampedArray) {
      const order = intRegion('cutmix', b.n);
      order.set(perm);
      const [rows, bytes] = x1 > x0 && y1 > y0 ? [y1 - y0, (x1 - x0) * b.c] : [0, 0];
      withPointers(b.data, data, (s, d) =>
        kernels.cutMixU8(s, d, b.n, size, row, pointerOf(order), y0 * row + x0 * b.c, rows, bytes),
      );
    } else {
      data.set(b.data);
      for (let i = 0; i < b.n && x1 > x0; i++) {
        for (let y = y0; y < y1; y++) {
          const from = perm[i] * size + y * row;
          data.set(b.data.subarray(from + x0 * b.c, from + x1 * b.c), i * size + y * row + x0 * b.c);
        }
      }
    }
    return 1 - (Math.max(0, x1 - x0) * Math.max(0, y1 - y0)) / (b.h * b.w);
  }
}
