import { Augmentation, AugmentationOptions } from '../core/augmentation';
import { check } from '../../lib/errors';
import { Rng, weightedIndex } from '../../lib/random';
import { Pixels, RawImage, like } from '../core/pixels';
import { P_DECL } from '../core/params';
import { checkStages } from './compose';
import { checkRaw } from '../core/pixels';
import { checkBoolean, checkNumber, checkObject, checkRng } from '../../lib/validate';

/**
 * Applies exactly one of its transforms to each image (with probability `p`), chosen with weights
 * proportional to the children's own `p` (albumentations' rule; uniform when all are 0, as text-aug's
 * OneOf: both use weightedIndex); the chosen one is then applied
 * for sure. Every image of a batch makes its own choice. Children must agree on the output size.
 * @example new OneOf([new GaussianBlur(), new GaussianNoise(), new SaltAndPepper()], { seed: 1 }).apply(tf.zeros([4, 28, 28, 1]))
 */
export class OneOf extends Augmentation {
  readonly transforms: Augmentation[];

  constructor(transforms: Augmentation[], options: AugmentationOptions & { p?: number } = {}) {
    super('OneOf', { p: P_DECL }, options);
    checkStages(this.name, transforms, true);
    check(transforms.length > 0, this.name, 'transforms', '[]', 'at least one transform');
    this.transforms = transforms.slice();
  }

  outputSize(h: number, w: number): [number, number] {
    checkNumber(this.name, 'h', h);
    check(Number.isSafeInteger(h) && h >= 1, this.name, 'h', h, 'an image height: an integer ≥ 1');
    checkNumber(this.name, 'w', w);
    check(Number.isSafeInteger(w) && w >= 1, this.name, 'w', w, 'an image width: an integer ≥ 1');
    const sizes = this.transforms.map((t) => t.outputSize(h, w));
    check(
      sizes.every((s) => s[0] === sizes[0][0] && s[1] === sizes[0][1]),
      this.name,
      'transforms',
      sizes.map((s) => s.join('×')),
      'transforms with the same output size',
    );
    return sizes[0];
  }

  runImage(src: RawImage, r: Rng, dst?: Pixels, force = false): RawImage {
    checkObject(this.name, 'src', src);
    checkRng(this.name, 'r', r);
    if (dst !== undefined) checkObject(this.name, 'dst', dst);
    if (force !== undefined) checkBoolean(this.name, 'force', force);
    checkRaw(this.name, src, false, r);
    if (!force && r.next() >= this.p) {
      const out = dst ?? like(src.data, src.data.length);
      out.set(src.data);
      return { ...src, data: out };
    }
    const chosen = weightedIndex(
      r,
      this.transforms.map((t) => t.p),
    );
    return this.transforms[chosen].runImage(src, r, dst, true);
  }

  toString(): string {
    return `OneOf([${this.transforms.map(String).join(', ')}], p=${this.p})`;
  }
}
