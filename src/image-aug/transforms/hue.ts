import { Transform, AugmentationOptions } from '../core/augmentation';
import { OptionsOf, ParamDecls, ParamsOf } from '../../lib/augment/params';
import { Rng } from '../../lib/random';
import { Pixels, RawImage } from '../core/pixels';
import { colorMatrix } from '../core/color';

// RGB ↔ YIQ (NTSC). A hue shift is a rotation of the (I, Q) chroma plane, so the whole shift is
// one 3×3 matrix per image instead of a per-pixel HSV round trip.
const TO_YIQ = [0.299, 0.587, 0.114, 0.596, -0.274, -0.322, 0.211, -0.523, 0.312];
const FROM_YIQ = [1, 0.956, 0.621, 1, -0.272, -0.647, 1, -1.106, 1.703];

function multiply(a: number[], b: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) out.push(a[i * 3] * b[j] + a[i * 3 + 1] * b[3 + j] + a[i * 3 + 2] * b[6 + j]);
  return out;
}

const PARAMS = {
  limit: {
    type: 'interval',
    range: [-180, 180],
    default: [-20, 20],
    symmetric: true,
    doc: 'hue shift range in degrees',
  },
} as const satisfies ParamDecls;

/**
 * Turns every colour around the colour wheel by an angle drawn from `limit` degrees (a number x
 * means [-x, x]): red drifts towards yellow or magenta while brightness stays put. Implemented as a
 * rotation in YIQ space (a close, much cheaper stand-in for HSV). Grey images pass through unchanged.
 * @example new Hue({ limit: 20 }).apply(tf.zeros([4, 32, 32, 3]))
 */
export class Hue extends Transform<ParamsOf<typeof PARAMS>, number> {
  constructor(options: OptionsOf<typeof PARAMS> = {}) {
    super('Hue', PARAMS, options);
  }

  /** The hue shift in degrees (drawn for grey images too). */
  protected sample(r: Rng): number {
    return r.uniform(this.params.limit[0], this.params.limit[1]);
  }

  protected render(src: RawImage, dst: Pixels, degrees: number): void {
    const t = (degrees * Math.PI) / 180;
    if (src.c < 3) {
      dst.set(src.data);
      return;
    }
    const rot = [1, 0, 0, 0, Math.cos(t), -Math.sin(t), 0, Math.sin(t), Math.cos(t)];
    colorMatrix(src.data, dst, src.c, multiply(FROM_YIQ, multiply(rot, TO_YIQ)));
  }
}
