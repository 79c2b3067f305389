import { BatchMix, BatchMixOptions, MixDraw } from '../core/batch-mix';
import { Rng } from '../../lib/random';
import { Pixels, RawBatch } from '../core/pixels';
import { kernels, view, withPointers } from '../core/wasm';

/**
 * 0-255 batches: blendU8 per image with λ in 8.8 fixed point (within ±1 of exact rounding); λ
 * that rounds to 0 or 1 copies the other image or the image itself.
 */
function mixBytes(
  src: Uint8ClampedArray,
  dst: Uint8ClampedArray,
  n: number,
  size: number,
  perm: Int32Array,
  lam: number,
): void {
  const l = Math.round(lam * 256);
  withPointers(src, dst, (s, d) => {
    for (let i = 0; i < n; i++) {
      const a = s + i * size,
        b = s + perm[i] * size;
      if (l >= 256 || l <= 0) view(d + i * size, size).set(view(l >= 256 ? a : b, size));
      else kernels.blendU8(a, b, d + i * size, size, l);
    }
  });
}

/**
 * MixUp (Zhang et al. 2018): blends the batch with a shuffled copy of itself, x = λ·x + (1-λ)·x',
 * and mixes the labels the same way, with λ ~ Beta(alpha, alpha) drawn once per batch. Returns
 * soft labels (rows still sum to 1), which fit's default softmax cross-entropy accepts.
 * Batch-level: use `applyBatch(x, y)` or put it last in a Compose.
 * @example const [x, y] = new MixUp({ alpha: 0.2 }).applyBatch(tf.zeros([8, 28, 28, 1]), tf.oneHot(tf.range(0, 8, 1, 'int32'), 10))
 */
export class MixUp extends BatchMix {
  constructor(options: BatchMixOptions = {}) {
    super(
      'MixUp',
      {
        type: 'number',
        range: [0.001, 100],
        default: 0.2,
        doc: 'Beta(alpha, alpha) concentration: small = mostly one image',
      },
      options,
    );
  }

  protected sample(r: Rng, b: RawBatch, lam: number): MixDraw {
    return { lam, perm: r.permutation(b.n) };
  }

  protected mix(b: RawBatch, data: Pixels, { lam, perm }: MixDraw): number {
    const size = b.h * b.w * b.c;
    if (b.data instanceof Uint8ClampedArray) mixBytes(b.data, data as Uint8ClampedArray, b.n, size, perm, lam);
    else
      for (let i = 0; i < b.n; i++) {
        const a = i * size,
          o = perm[i] * size;
        for (let j = 0; j < size; j++) data[a + j] = lam * b.data[a + j] + (1 - lam) * b.data[o + j];
      }
    return lam;
  }
}
