import { Augmentation, AugmentationOptions } from '../core/augmentation';
import { check } from '../../lib/errors';
import { Rng } from '../../lib/random';
import { Pixels, RawImage, Scratch, like } from '../core/pixels';
import { P_DECL, validateParam } from '../core/params';
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

  constructor(
    transforms: Augmentation[],
    options: AugmentationOptions & { n?: number | [number, number]; replace?: boolean; p?: number } = {},
  ) {
    super(
      'SomeOf',
      { p: P_DECL },
      { p: (options = checkOptions('SomeOf', options, ['n', 'replace', 'p', 'seed'])).p, seed: options.seed },
    );
    checkStages(this.name, transforms, true);
    this.transforms = transforms.slice();
    check(transforms.length > 0, this.name, 'transforms', transforms, 'at least one transform to pick from');
    const n = options.n ?? 1;
    const pair = typeof n === 'number' ? [n, n] : n;
    this.n = validateParam(
      this.name,
      'n',
      { type: 'interval', range: [0, options.replace ? 1e4 : transforms.length], default: [1, 1], doc: '' },
      pair,
    ) as [number, number];
    check(Number.isInteger(this.n[0]) && Number.isInteger(this.n[1]), this.name, 'n', n, 'integers');
    check(
      options.replace === undefined || typeof options.replace === 'boolean',
      this.name,
      'replace',
      options.replace,
      'true or false',
    );
    this.replace = options.replace ?? false;
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
    const count = force || r.next() < this.p ? r.int(this.n[0], this.n[1]) : 0;
    const picks = this.replace
      ? Array.from({ length: count }, () => r.int(0, this.transforms.length - 1)).sort((a, b) => a - b)
      : Array.from(r.permutation(this.transforms.length).subarray(0, count)).sort((a, b) => a - b);
    let current = src;
    picks.forEach((i, j) => {
      const last = j === picks.length - 1;
      current = this.transforms[i].runImage(
        current,
        r,
        last ? dst : this.scratch.like(`pick${j % 2}`, src.data, src.data.length),
      );
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
