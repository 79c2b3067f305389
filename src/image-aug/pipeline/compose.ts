import { Augmentation, AugmentationOptions, BatchAugmentation } from '../core/augmentation';
import { check } from '../../lib/errors';
import { Rng } from '../../lib/random';
import { Pixels, RawBatch, RawImage, Scratch, like } from '../core/pixels';
import { checkRaw } from '../core/pixels';
import { checkBoolean, checkNumber, checkObject, checkRng } from '../../lib/validate';

/** Checks a list of augmentations given to a pipeline. */
export function checkStages(where: string, stages: unknown, imageOnly: boolean): void {
  check(Array.isArray(stages), where, 'transforms', typeof stages, 'an array of augmentations');
  (stages as unknown[]).forEach((t, i) => {
    const ok = imageOnly ? t instanceof Augmentation : t instanceof BatchAugmentation;
    check(
      ok,
      where,
      `transforms[${i}]`,
      t instanceof BatchAugmentation ? t.name : typeof t,
      imageOnly ? 'a per-image augmentation (not MixUp/CutMix)' : 'an augmentation',
    );
  });
}

/**
 * Runs augmentations in order, each image through the whole chain while its pixels are hot, with
 * probability `p` for the whole chain. The pipeline's seed drives every child (their own seeds are
 * not used), so one seed reproduces everything. Batch-level MixUp / CutMix may come last; then call
 * `applyBatch(x, y)` or pass `asBatchHook()` to fit.
 * @example const aug = new Compose([new RandomCrop({ height: 28, width: 28, padding: 2 }), new Rotate({ limit: 10 }), new MixUp()], { seed: 1 });
 * const [x, y] = aug.applyBatch(tf.zeros([8, 28, 28, 1]), tf.oneHot(tf.range(0, 8, 1, 'int32'), 10));
 */
export class Compose extends Augmentation {
  readonly transforms: BatchAugmentation[];
  private scratch = new Scratch(); // per-image intermediates between stages, reused

  constructor(transforms: BatchAugmentation[], options: AugmentationOptions & { p?: number } = {}) {
    super('Compose', {}, options);
    checkStages(this.name, transforms, false);
    const firstBatch = transforms.findIndex((t) => !(t instanceof Augmentation));
    if (firstBatch >= 0) {
      const later = transforms.slice(firstBatch).find((t) => t instanceof Augmentation);
      check(
        !later,
        this.name,
        'transforms',
        transforms.map((t) => t.name),
        'per-image transforms first, then batch-level ones (MixUp, CutMix)',
      );
    }
    this.transforms = transforms.slice();
  }

  private get imageStages(): Augmentation[] {
    return this.transforms.filter((t): t is Augmentation => t instanceof Augmentation);
  }

  outputSize(h: number, w: number): [number, number] {
    checkNumber(this.name, 'h', h);
    check(Number.isSafeInteger(h) && h >= 1, this.name, 'h', h, 'an image height: an integer ≥ 1');
    checkNumber(this.name, 'w', w);
    check(Number.isSafeInteger(w) && w >= 1, this.name, 'w', w, 'an image width: an integer ≥ 1');
    let size: [number, number] = [h, w];
    for (const t of this.imageStages) size = t.outputSize(size[0], size[1]);
    return size;
  }

  runImage(src: RawImage, r: Rng, dst?: Pixels, force = false): RawImage {
    checkObject(this.name, 'src', src);
    checkRng(this.name, 'r', r);
    if (dst !== undefined) checkObject(this.name, 'dst', dst);
    if (force !== undefined) checkBoolean(this.name, 'force', force);
    checkRaw(this.name, src, false, r);
    const stages = this.imageStages;
    const [oh, ow] = this.outputSize(src.h, src.w);
    const apply = force || this.coin(r);
    if (!apply || stages.length === 0) {
      check(oh === src.h && ow === src.w, this.name, 'p', this.p, '1 for a pipeline that changes the image size');
      const out = dst ?? like(src.data, src.data.length);
      out.set(src.data);
      return { ...src, data: out };
    }
    let current = src;
    stages.forEach((t, i) => {
      const [h, w] = t.outputSize(current.h, current.w);
      const into = i === stages.length - 1 ? dst : this.scratch.like(`stage${i % 2}`, src.data, h * w * src.c);
      current = t.runImage(current, r, into);
    });
    return current;
  }

  runBatch(b: RawBatch, r: Rng, into?: Pixels): RawBatch {
    checkObject(this.name, 'b', b);
    checkRng(this.name, 'r', r);
    if (into !== undefined) checkObject(this.name, 'into', into);
    checkRaw(this.name, b, true, r);
    const hasBatchStages = this.transforms.some((t) => !(t instanceof Augmentation));
    let out = super.runBatch(b, r, hasBatchStages ? undefined : into);
    for (const t of this.transforms) if (!(t instanceof Augmentation)) out = t.runBatch(out, r);
    return out;
  }

  toString(): string {
    return `Compose([${this.transforms.map(String).join(', ')}], p=${this.p})`;
  }
}
