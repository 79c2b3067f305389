import { Augmentation, AugmentationOptions } from '../core/augmentation';
import { check } from '../../lib/errors';
import { Rng } from '../../lib/random';
import { chooseOne } from '../../lib/augment/choose';
import { Pixels, RawImage, like } from '../core/pixels';
import { checkStages } from './compose';
import { checkRaw } from '../core/pixels';
import { checkBoolean, checkNumber, checkObject, checkRng } from '../../lib/validate';

/**
 * Applies exactly one of its transforms to each image (with probability `p`), chosen with weights
 * proportional to the children's own `p` (albumentations' rule; uniform when all are 0); the chosen
 * one is then applied for sure. The rule is lib/augment/choose.ts', shared with text-aug's OneOf. Every image of a batch makes its own choice. Children must agree on the output size.
 * @example new OneOf([new GaussianBlur(), new GaussianNoise(), new SaltAndPepper()], { seed: 1 }).apply(tf.zeros([4, 28, 28, 1]))
 */
export class OneOf extends Augmentation {
  readonly transforms: Augmentation[];

  constructor(transforms: Augmentation[], options: AugmentationOptions & { p?: number } = {}) {
    super('OneOf', {}, options);
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
    if (!force && !this.coin(r)) {
      const out = dst ?? like(src.data, src.data.length);
      out.set(src.data);
      return { ...src, data: out };
    }
    return chooseOne(r, this.transforms).runImage(src, r, dst, true);
  }

  toString(): string {
    return `OneOf([${this.transforms.map(String).join(', ')}], p=${this.p})`;
  }
}
