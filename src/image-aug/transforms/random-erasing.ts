import { Transform, AugmentationOptions, ImageShape } from '../core/augmentation';
import { OptionsOf, ParamDecls, ParamsOf } from '../../lib/augment/params';
import { Rng } from '../../lib/random';
import { Pixels, RawBatch, RawImage, maxValue } from '../core/pixels';
import { fillUniform } from '../core/noise';
import { BoxPainter } from '../core/copy';

export const FILL_MODES = ['constant', 'random'] as const;

/** Paints the box [x, x+bw) × [y, y+bh) with `value` or, when value is null, uniform noise (one seed per row). */
export function eraseBox(
  dst: Pixels,
  img: RawImage,
  x: number,
  y: number,
  bw: number,
  bh: number,
  value: number | null,
  rowSeeds: readonly number[] = [],
): void {
  const { w, c } = img;
  const noise = value === null ? new Float32Array(bw * c) : null;
  const max = maxValue(dst);
  for (let yy = y; yy < y + bh; yy++) {
    const start = (yy * w + x) * c;
    if (noise) {
      fillUniform(rowSeeds[yy - y], noise);
      for (let i = 0; i < noise.length; i++) dst[start + i] = noise[i] * max;
    } else dst.fill(value!, start, start + bw * c);
  }
}

const PARAMS = {
  scale: { type: 'interval', range: [0, 1], default: [0.02, 0.33], doc: 'fraction of the image area erased' },
  ratio: { type: 'interval', range: [0.01, 100], default: [0.3, 3.3], doc: 'box aspect ratio width/height' },
  fill: { type: 'number', range: [0, 1], default: 0, doc: "value for fillMode 'constant', fraction of the maximum" },
  fillMode: { type: 'choice', options: FILL_MODES, default: 'constant', doc: 'constant value or uniform noise' },
} as const satisfies ParamDecls;

/** One image's draw: the box [x, y, width, height] and, for fillMode 'random', one noise seed per box row. */
export interface ErasingDraw {
  box: [number, number, number, number];
  rowSeeds: number[];
}

/**
 * Random Erasing (Zhong et al. 2017): blanks one box covering a fraction `scale` of the area with
 * aspect ratio from `ratio` (log-uniform), filled with `fill` (fraction of the maximum) or, with
 * fillMode 'random', uniform noise. Teaches the model to use more than one part of the object.
 * 0-255 batches are copied and painted by one kernel call.
 * @example new RandomErasing({ scale: [0.02, 0.2], p: 0.5 }).apply(tf.zeros([4, 28, 28, 1]))
 */
export class RandomErasing extends Transform<ParamsOf<typeof PARAMS>, ErasingDraw | null> {
  constructor(options: OptionsOf<typeof PARAMS> = {}) {
    super('RandomErasing', PARAMS, options);
  }

  /** The box and its noise seeds, or null when ten attempts do not fit (the image is left as it is). */
  protected sample(r: Rng, { h, w }: ImageShape): ErasingDraw | null {
    const box = this.drawBox(h, w, r);
    if (!box) return null;
    const rowSeeds = this.params.fillMode === 'random' ? Array.from({ length: box[3] }, () => r.seed()) : [];
    return { box, rowSeeds };
  }

  private drawBox(h: number, w: number, r: Rng): [number, number, number, number] | null {
    const { scale, ratio } = this.params;
    for (let attempt = 0; attempt < 10; attempt++) {
      const area = h * w * r.uniform(scale[0], scale[1]);
      const aspect = Math.exp(r.uniform(Math.log(ratio[0]), Math.log(ratio[1])));
      const bh = Math.round(Math.sqrt(area / aspect)),
        bw = Math.round(Math.sqrt(area * aspect));
      if (bh < 1 || bw < 1 || bh > h || bw > w) continue;
      const x = r.int(0, w - bw);
      return [x, r.int(0, h - bh), bw, bh];
    }
    return null;
  }

  protected renderBatch(b: RawBatch, dst: Uint8ClampedArray, drawn: (ErasingDraw | null)[]): void {
    const value = this.params.fillMode === 'random' ? null : this.params.fill * 255;
    const painter = new BoxPainter();
    drawn.forEach((d, i) => d && painter.add(i, ...d.box, value, d.rowSeeds));
    painter.paint(b, dst);
  }

  protected render(src: RawImage, dst: Pixels, d: ErasingDraw | null): void {
    dst.set(src.data);
    const value = this.params.fillMode === 'random' ? null : this.params.fill * maxValue(src.data);
    if (d) eraseBox(dst, src, ...d.box, value, d.rowSeeds);
  }
}
