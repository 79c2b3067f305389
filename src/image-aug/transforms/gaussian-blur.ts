import { Transform, AugmentationOptions } from '../core/augmentation';
import { OptionsOf, ParamDecls, ParamsOf } from '../../lib/augment/params';
import { Rng } from '../../lib/random';
import { Pixels, RawImage } from '../core/pixels';
import { kernels, region, view, withPointers } from '../core/wasm';

/** A normalised 1-D Gaussian kernel of radius ⌈3σ⌉ (at least 1). */
function kernel1d(sigma: number): Float32Array {
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const k = new Float32Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) sum += k[i + radius] = Math.exp((-i * i) / (2 * sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i] /= sum;
  return k;
}

/**
 * 0-255 images: the SIMD kernel of wasm/image/blur.ts. The taps become q15 integers whose total is
 * exactly 2^15 (the centre absorbs the rounding; capped at 2^15 - 1 to fit i16), so flat regions
 * stay flat; results are within ±1 of the float computation.
 */
function blurBytes(
  src: Uint8ClampedArray,
  dst: Uint8ClampedArray,
  h: number,
  w: number,
  c: number,
  k: Float32Array,
): void {
  const r = (k.length - 1) >> 1;
  const tapBytes = Math.ceil(((r + 1) * 2) / 64) * 64;
  const ptr = region('blur', tapBytes + kernels.gaussianBlurScratch(w, c, r)); // q15 taps, then one padded row of 16-bit values
  const taps = new Int16Array(view(ptr, tapBytes).buffer, ptr, r + 1);
  let side = 0;
  for (let t = 1; t <= r; t++) side += taps[t] = Math.round(k[r + t] * 32768);
  taps[0] = Math.min(32767, 32768 - 2 * side);
  withPointers(src, dst, (s, d) => kernels.gaussianBlurU8(s, d, h, w, c, ptr, r, ptr + tapBytes));
}

const PARAMS = {
  sigma: { type: 'interval', range: [0.05, 20], default: [0.5, 1.5], doc: 'standard deviation range in pixels' },
} as const satisfies ParamDecls;

/**
 * Blurs with a Gaussian whose σ (in pixels) is drawn per image from `sigma`, as two separable
 * 1-D passes (rows then columns, edge pixels repeated), so the cost grows with σ, not σ².
 * Simulates out-of-focus pictures.
 * @example new GaussianBlur({ sigma: [0.5, 1.5] }).apply(tf.zeros([4, 28, 28, 1]))
 */
export class GaussianBlur extends Transform<ParamsOf<typeof PARAMS>, number> {
  private tmp = new Float32Array(0);

  constructor(options: OptionsOf<typeof PARAMS> = {}) {
    super('GaussianBlur', PARAMS, options);
  }

  /** σ in pixels. */
  protected sample(r: Rng): number {
    return r.uniform(this.params.sigma[0], this.params.sigma[1]);
  }

  protected render({ data, h, w, c }: RawImage, dst: Pixels, sigma: number): void {
    const k = kernel1d(sigma);
    const radius = (k.length - 1) >> 1;
    if (data instanceof Uint8ClampedArray) return blurBytes(data, dst as Uint8ClampedArray, h, w, c, k);
    if (this.tmp.length !== data.length) this.tmp = new Float32Array(data.length);
    const tmp = this.tmp;
    const stride = w * c;
    // rows: interior pixels read their taps directly; only the ⌈3σ⌉ pixels at each end clamp
    for (let y = 0; y < h; y++) {
      const row = y * stride;
      for (let x = 0; x < w; x++) {
        const interior = x >= radius && x < w - radius;
        for (let ch = 0; ch < c; ch++) {
          let acc = 0;
          if (interior) {
            for (let i = 0, at = row + (x - radius) * c + ch; i < k.length; i++, at += c) acc += k[i] * data[at];
          } else {
            for (let i = -radius; i <= radius; i++) {
              const xx = x + i < 0 ? 0 : x + i >= w ? w - 1 : x + i;
              acc += k[i + radius] * data[row + xx * c + ch];
            }
          }
          tmp[row + x * c + ch] = acc;
        }
      }
    }
    // columns: the same, one whole row of values at a time
    for (let y = 0; y < h; y++) {
      const interior = y >= radius && y < h - radius;
      const out = y * stride;
      for (let j = 0; j < stride; j++) {
        let acc = 0;
        if (interior) {
          for (let i = 0, at = (y - radius) * stride + j; i < k.length; i++, at += stride) acc += k[i] * tmp[at];
        } else {
          for (let i = -radius; i <= radius; i++) {
            const yy = y + i < 0 ? 0 : y + i >= h ? h - 1 : y + i;
            acc += k[i + radius] * tmp[yy * stride + j];
          }
        }
        dst[out + j] = acc;
      }
    }
  }
}
