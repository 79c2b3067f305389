import { Transform, AugmentationOptions } from '../core/augmentation';
import { OptionsOf, ParamDecls, ParamsOf } from '../../lib/augment/params';
import { Rng } from '../../lib/random';
import { Pixels, RawImage, maxValue } from '../core/pixels';
import { addGaussianNoiseU8, fillNormal } from '../core/noise';

const PARAMS = {
  std: {
    type: 'interval',
    range: [0, 1],
    default: [0.02, 0.1],
    symmetric: true,
    doc: 'standard deviation range, fraction of the maximum',
  },
  mean: { type: 'number', range: [-1, 1], default: 0, doc: 'noise mean, fraction of the maximum' },
} as const satisfies ParamDecls;

/** One image's draw: the standard deviation (fraction of the maximum) and the noise seed. */
export interface NoiseDraw {
  std: number;
  seed: number;
}

/**
 * Adds independent Gaussian noise to every value, with a standard deviation drawn per image from
 * `std` (a fraction of the maximum value; a number x means [0, x]) and mean `mean`. Mimics sensor
 * noise; results clip to the valid range.
 * @example new GaussianNoise({ std: [0.02, 0.1] }).apply(tf.zeros([4, 28, 28, 1]))
 */
export class GaussianNoise extends Transform<ParamsOf<typeof PARAMS>, NoiseDraw> {
  private noise = new Float32Array(0);

  constructor(options: OptionsOf<typeof PARAMS> = {}) {
    super('GaussianNoise', PARAMS, options);
  }

  protected sample(r: Rng): NoiseDraw {
    const std = r.uniform(this.params.std[0], this.params.std[1]);
    return { std, seed: r.seed() };
  }

  protected render(src: RawImage, dst: Pixels, { std, seed }: NoiseDraw): void {
    const max = maxValue(src.data);
    const sd = std * max;
    const mu = this.params.mean * max;
    if (src.data instanceof Uint8ClampedArray)
      return addGaussianNoiseU8(seed, src.data, dst as Uint8ClampedArray, mu, sd);
    if (this.noise.length !== src.data.length) this.noise = new Float32Array(src.data.length);
    fillNormal(seed, this.noise);
    const noise = this.noise,
      data = src.data;
    if (dst instanceof Float32Array) {
      for (let i = 0; i < data.length; i++) {
        const v = data[i] + mu + sd * noise[i];
        dst[i] = v < 0 ? 0 : v > 1 ? 1 : v;
      }
    } else for (let i = 0; i < data.length; i++) dst[i] = data[i] + mu + sd * noise[i];
  }
}
