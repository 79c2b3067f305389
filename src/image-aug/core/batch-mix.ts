/**
 * The shared base of MixUp and CutMix: both need labels, flip the batch's `p` coin, draw λ ~
 * Beta(alpha, alpha) and a partner permutation, write into a separate output and mix the labels by
 * the share each image keeps. The base does all of that in one order (coin, λ, then the subclass's
 * `sample`); a subclass draws the rest of its parameters and mixes the pixels.
 */
import { check } from '../../lib/errors';
import { Rng } from '../../lib/random';
import { AugmentationOptions, BatchAugmentation } from './augmentation';
import { ParamDecl } from '../../lib/augment/params';
import { Pixels, RawBatch, checkSeparate, like, mixLabels, checkRaw } from './pixels';

export interface BatchMixOptions extends AugmentationOptions {
  alpha?: number;
  p?: number;
}

/** What every batch mix draws: λ and each image's partner. */
export interface MixDraw {
  lam: number;
  perm: Int32Array;
}

export abstract class BatchMix<D extends MixDraw = MixDraw> extends BatchAugmentation<{ alpha: number }> {
  constructor(name: string, alpha: ParamDecl, options: BatchMixOptions) {
    super(name, { alpha }, options, {
      type: 'number',
      range: [0, 1],
      default: 1,
      doc: 'probability of mixing a batch',
    });
  }

  /** Draws the rest of the batch's parameters after λ (at least the partner permutation). */
  protected abstract sample(r: Rng, b: RawBatch, lam: number): D;

  /** Writes the mixed pixels into `dst`; returns the share of each image that is its own (λ or the kept area). */
  protected abstract mix(b: RawBatch, dst: Pixels, drawn: D): number;

  runBatch(b: RawBatch, r: Rng, out?: Pixels): RawBatch {
    checkRaw(this.name, b, true, r, out, (x) => x.n * x.h * x.w * x.c);
    check(b.labels !== undefined, this.name, 'labels', undefined, 'labels [N, K] (call applyBatch(x, y))');
    if (!this.coin(r)) return b;
    const drawn = this.sample(r, b, r.beta(this.params.alpha, this.params.alpha));
    const data = out ?? like(b.data, b.data.length);
    checkSeparate(this.name, b.data, data);
    const kept = this.mix(b, data, drawn);
    return { ...b, data, labels: mixLabels(b.labels!, drawn.perm, kept) };
  }
}
