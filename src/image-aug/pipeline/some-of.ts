import { Augmentation, AugmentationOptions } from '../core/augmentation';
import { check } from '../../lib/errors';
import { Rng } from '../../lib/random';
import { Pixels, RawImage, Scratch, like } from '../core/pixels';
import { SOME_OF_OPTIONS, SomeOfOptions, checkSomeOf, chooseSome } from '../../lib/augment/choose';
import { checkStages } from './compose';
import { checkRaw } from '../core/pixels';
import { checkBoolean, checkObject, checkOptions, checkRng } from '../../lib/validate';

/**
 * Picks `n` of its transforms at random for each image (a number, or [lo, hi] for a random count;
 * without repetition unless `replace`) and runs them in the order given, each with its own `p` —
 * RandAugment-style variety from a short list.
 * @example new SomeOf([new Rotate(), new Brightness(), new Contrast(), new HorizontalFlip()], { n: 2, seed: 1 }).apply(tf.zeros([4, 28, 28, 1]))
 */
export class SomeOf extends Augmentation {
  readonly transforms: Augmentation[];
  readonly n: [number, number];
  readonly replace: boolean;
  private scratch = new Scratch(); // per-image intermediates between picks, reused

  constructor(transforms: Augmentation[], options: SomeOfOptions = {}) {
    super('SomeOf', {}, { p: (options = SOME_OF_OPTIONS.read(options)).p, seed: options.seed });
    checkStages(this.name, transforms, true);
    this.transforms = transforms.slice();
    check(transforms.length > 0, this.name, 'transforms', transforms, 'at least one transform to pick from');
    ({ n: this.n, replace: this.replace } = checkSomeOf(this.name, options.n, options.replace, transforms.length));
    for (const t of this.transforms) {
      let keepsSize = false;
      try {
        keepsSize = String(t.outputSize(64, 65)) === '64,65';
      } catch {
        keepsSize = false;
      }
      check(
        keepsSize,
        this.name,
        'transforms',
        t.name,
        'size-preserving transforms (put crops before it in a Compose)',
      );
    }
  }

  runImage(src: RawImage, r: Rng, dst?: Pixels, force = false): RawImage {
    checkObject(this.name, 'src', src);
    checkRng(this.name, 'r', r);
    if (dst !== undefined) checkObject(this.name, 'dst', dst);
    if (force !== undefined) checkBoolean(this.name, 'force', force);
    checkRaw(this.name, src, false, r);
    const picks = chooseSome(r, this.transforms, this.n, this.replace, force || this.coin(r));
    let current = src;
    picks.forEach((t, j) => {
      const last = j === picks.length - 1;
      current = t.runImage(current, r, last ? dst : this.scratch.like(`pick${j % 2}`, src.data, src.data.length));
    });
    if (picks.length === 0) {
      const out = dst ?? like(src.data, src.data.length);
      out.set(src.data);
      return { ...src, data: out };
    }
    return current;
  }

  toString(): string {
    return `SomeOf([${this.transforms.map(String).join(', ')}], n=[${this.n}], p=${this.p})`;
  }
}
