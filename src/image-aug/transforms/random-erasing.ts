import { Transform, AugmentationOptions } from '../core/augmentation';
import { Rng } from '../../lib/random';
import { Pixels, RawImage, maxValue } from '../core/pixels';
import { fillUniform } from '../core/noise';

export const FILL_MODES = ['constant', 'random'] as const;

/** Paints the box [x, x+bw) × [y, y+bh) with `value` or, when value is null, uniform noise. */
export function eraseBox(dst: Pixels, img: RawImage, x: number, y: number, bw: number, bh: number, value: number | null, r: Rng): void {
  const { w, c } = img;
  const noise = value === null ? new Float32Array(bw * c) : null;
  const max = maxValue(dst);
  for (let yy = y; yy < y + bh; yy++) {
    const start = (yy * w + x) * c;
    if (noise) {
      fillUniform(r, noise);
      for (let i = 0; i < noise.length; i++) dst[start + i] = noise[i] * max;
    } else dst.fill(value!, start, start + bw * c);
  }
}

/**
 * Random Erasing (Zhong et al. 2017): blanks one box covering a fraction `scale` of the area with
 * aspect ratio from `ratio` (log-uniform), filled with `fill` (fraction of the maximum) or, with
 * fillMode 'random', uniform noise. Teaches the model to use more than one part of the object.
 * @example new RandomErasing({ scale: [0.02, 0.2], p: 0.5 }).apply(tf.zeros([4, 28, 28, 1]))
 */
export class RandomErasing extends Transform<{ scale: [number, number]; ratio: [number, number]; fill: number; fillMode: 'constant' | 'random' }> {
  constructor(options: AugmentationOptions & { scale?: [number, number]; ratio?: [number, number]; fill?: number; fillMode?: 'constant' | 'random'; p?: number } = {}) {
    super('RandomErasing', {
      scale: { type: 'interval', range: [0, 1], default: [0.02, 0.33], doc: 'fraction of the image area erased' },
      ratio: { type: 'interval', range: [0.01, 100], default: [0.3, 3.3], doc: 'box aspect ratio width/height' },
      fill: { type: 'number', range: [0, 1], default: 0, doc: "value for fillMode 'constant', fraction of the maximum" },
      fillMode: { type: 'choice', options: FILL_MODES, default: 'constant', doc: 'constant value or uniform noise' },
    }, options);
  }

  protected render(src: RawImage, dst: Pixels, r: Rng): void {
    const { scale, ratio, fill, fillMode } = this.params;
    dst.set(src.data);
    for (let attempt = 0; attempt < 10; attempt++) {
      const area = src.h * src.w * r.uniform(scale[0], scale[1]);
      const aspect = Math.exp(r.uniform(Math.log(ratio[0]), Math.log(ratio[1])));
      const bh = Math.round(Math.sqrt(area / aspect)), bw = Math.round(Math.sqrt(area * aspect));
      if (bh < 1 || bw < 1 || bh > src.h || bw > src.w) continue;
      const value = fillMode === 'random' ? null : fill * maxValue(src.data);
      eraseBox(dst, src, r.int(0, src.w - bw), r.int(0, src.h - bh), bw, bh, value, r);
      return;
    }
  }
}
