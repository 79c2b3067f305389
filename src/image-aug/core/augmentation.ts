/**
 * The shared base of every image augmentation. A transform declares its parameters (validated
 * here, defaults filled in), draws an image's random parameters (`sample`) and renders one image
 * from `src` into `dst` with them (`render`, or a whole 0-255 batch in one SIMD kernel call); this
 * file adds the probability `p`, the draw order across a batch, seeding, and the tensor-facing API
 * (`apply`, `applyBatch`, `asBatchHook`).
 */
import * as tf from '@tensorflow/tfjs';
import { check, WorkbookError } from '../../lib/errors';
import { Rng, toRng } from '../../lib/random';
import { P_DECL, ParamDecl, ParamDecls } from '../../lib/augment/params';
import { DeclaredAugmentation, checkSeed } from '../../lib/augment/declared';
import {
  Pixels,
  RawBatch,
  RawImage,
  batchToTensor,
  checkRaw,
  NO_GENERATOR,
  checkSeparate,
  imageAt,
  like,
  outputBuffer,
  tensorToBatch,
  tensorToLabels,
} from './pixels';
import { checkBoolean, checkNumber, checkObject, checkRng, checkString, checkTensor } from '../../lib/validate';

export interface AugmentationOptions {
  /** Seeds this augmentation's own generator (default: the global seed). */
  seed?: number;
}

/** The signature of `fit`'s batchHook (kept structural so src/lib needs no import from here). */
export type BatchHook = (x: tf.Tensor, y: tf.Tensor, info: { seed: number }) => [tf.Tensor, tf.Tensor];

export { checkSeed };

/**
 * Anything that augments a batch: image transforms, pipelines, and batch-level MixUp/CutMix. The
 * declared parameters, `p`, its coin and the seed come from the shared base (lib/augment).
 */
export abstract class BatchAugmentation<P extends object = Record<string, unknown>> extends DeclaredAugmentation<P> {
  constructor(name: string, declarations: ParamDecls, given: object | undefined, pDecl?: ParamDecl) {
    super(name, declarations, given, pDecl);
    void this.rng; // an image augmentation fixes its stream when built (the global seed at that moment)
  }

  /** Transforms a whole batch (labels, if any, travel along), into `out` when given. */
  abstract runBatch(b: RawBatch, r: Rng, out?: Pixels): RawBatch;

  /** Images and labels [N,K] → augmented images and (possibly mixed, soft) labels. New tensors. */
  applyBatch(x: tf.Tensor, y: tf.Tensor, seed?: number | Rng): [tf.Tensor, tf.Tensor] {
    checkTensor(this.name, 'x', x, { nonEmpty: false });
    checkTensor(this.name, 'y', y, { nonEmpty: false });
    checkSeed(this.name, seed);
    const { batch, batched } = tensorToBatch(x, this.name);
    check(batched, this.name, 'x shape', x.shape, '[N,H,W,C] (a batch) together with labels y');
    batch.labels = tensorToLabels(y, batch.n, this.name);
    const [oh, ow] = this instanceof Augmentation ? this.outputSize(batch.h, batch.w) : [batch.h, batch.w];
    const out = this.runBatch(
      batch,
      seed === undefined ? this.rng : toRng(seed),
      outputBuffer(batch.data, batch.n * oh * ow * batch.c),
    );
    const labels = out.labels!;
    return [batchToTensor(out, true), tf.tensor2d(labels.data, [out.n, labels.k], 'float32')];
  }

  /** Use as `fit(model, x, y, { batchHook: aug.asBatchHook() })`: a fresh seeded draw every batch. */
  asBatchHook(): BatchHook {
    return (x, y, info) => this.applyBatch(x, y, info.seed);
  }
}

/** An augmentation that works image by image (each image in a batch draws its own parameters). */
export abstract class Augmentation<P extends object = Record<string, unknown>> extends BatchAugmentation<P> {
  /** Output [height, width] for an input of this size (checks that the input fits). */
  outputSize(h: number, w: number): [number, number] {
    checkNumber(this.name, 'h', h);
    check(Number.isSafeInteger(h) && h >= 1, this.name, 'h', h, 'an image height: an integer ≥ 1');
    checkNumber(this.name, 'w', w);
    check(Number.isSafeInteger(w) && w >= 1, this.name, 'w', w, 'an image width: an integer ≥ 1');
    return [h, w];
  }

  /**
   * Augments one image into `dst` (allocated when absent). With probability 1-p (unless `force`)
   * the image is copied unchanged.
   */
  abstract runImage(src: RawImage, r: Rng, dst?: Pixels, force?: boolean): RawImage;

  runBatch(b: RawBatch, r: Rng, out?: Pixels): RawBatch {
    checkObject(this.name, 'b', b);
    checkRng(this.name, 'r', r);
    if (out !== undefined) checkObject(this.name, 'out', out);
    checkRaw(this.name, b, true, r, out, (x) => x.n * this.outputSize(x.h, x.w).reduce((p, v) => p * v, 1) * x.c);
    const [oh, ow] = this.outputSize(b.h, b.w);
    const size = oh * ow * b.c;
    const data = out ?? like(b.data, b.n * size);
    for (let i = 0; i < b.n; i++) this.runImage(imageAt(b, i), r, data.subarray(i * size, (i + 1) * size));
    return { data, n: b.n, h: oh, w: ow, c: b.c, labels: b.labels };
  }

  /** Augments an image [H,W,C] or a batch [N,H,W,C] (float32 0..1 or int32 0..255); same dtype out. */
  apply(x: tf.Tensor, seed?: number | Rng): tf.Tensor {
    checkTensor(this.name, 'x', x, { nonEmpty: false });
    checkSeed(this.name, seed);
    const { batch, batched } = tensorToBatch(x, this.name);
    const [oh, ow] = this.outputSize(batch.h, batch.w);
    const out = outputBuffer(batch.data, batch.n * oh * ow * batch.c);
    return batchToTensor(this.runBatch(batch, seed === undefined ? this.rng : toRng(seed), out), batched);
  }

  /** The same on typed arrays, for users who already hold pixels (and for the benchmark). */
  applyPixels<T extends RawImage | RawBatch>(img: T, seed?: number | Rng): T {
    checkSeed(this.name, seed);
    check(typeof img === 'object' && img !== null, this.name, 'img', img, '{ data, h, w, c } or { data, n, h, w, c }');
    checkRaw(this.name, img, 'n' in img, NO_GENERATOR, undefined, undefined, 'img');
    const b: RawBatch = 'n' in img ? (img as RawBatch) : { ...img, n: 1 };
    const out = this.runBatch(b, seed === undefined ? this.rng : toRng(seed));
    return ('n' in img ? out : { data: out.data, h: out.h, w: out.w, c: out.c }) as T;
  }
}

/** What `sample` may look at: the image's size, and whether it holds 0-255 bytes (the kernel path). */
export interface ImageShape {
  h: number;
  w: number;
  c: number;
  bytes: boolean;
}

const shapeOf = (img: RawImage | RawBatch): ImageShape => ({
  h: img.h,
  w: img.w,
  c: img.c,
  bytes: img.data instanceof Uint8ClampedArray,
});

/**
 * A single transform, split as albumentations splits it: `sample(r, shape)` draws one image's
 * random parameters, `render(src, dst, drawn)` paints with them and draws nothing. The base owns
 * the draw order: per image, the `p` coin flip, then `sample` when the coin says apply. A batch
 * draws every image's parameters in that order first, so a whole-batch kernel path
 * (`renderBatch`) sees exactly what image-by-image rendering would.
 * `P` is the resolved parameters' type, `S` what `sample` returns (void for transforms that draw nothing).
 */
export abstract class Transform<P extends object = Record<string, unknown>, S = void> extends Augmentation<P> {
  /** `pDecl` lets size-changing transforms fix p at 1 (skipping would break a batch's shape). */
  constructor(name: string, decls: ParamDecls, options: object, pDecl: ParamDecl = P_DECL) {
    super(name, decls, options, pDecl);
  }

  /** Draws one image's random parameters (called only when the coin says apply). Default: nothing. */
  protected sample(r: Rng, shape: ImageShape): S {
    return undefined as S;
  }

  /** Writes the transformed `src` into `dst` (sized by outputSize) with the drawn parameters. */
  protected abstract render(src: RawImage, dst: Pixels, drawn: S): void;

  /**
   * Optional whole-batch path for 0-255 pixels: all n images of `b` into `dst` in one kernel call
   * (the per-call cost then falls on the batch, not on every image or row). `drawn[i]` is image
   * i's sample, or null when its coin said skip (copy it unchanged).
   */
  protected renderBatch?(b: RawBatch, dst: Uint8ClampedArray, drawn: (S | null)[]): void;

  /** The base's draw order for one image: the coin flip, then sample. Null = leave the image as it is. */
  private draw(r: Rng, shape: ImageShape, force = false): { s: S } | null {
    return force || this.coin(r) ? { s: this.sample(r, shape) } : null;
  }

  runBatch(b: RawBatch, r: Rng, out?: Pixels): RawBatch {
    checkObject(this.name, 'b', b);
    checkRng(this.name, 'r', r);
    if (out !== undefined) checkObject(this.name, 'out', out);
    checkRaw(this.name, b, true, r, out, (x) => x.n * this.outputSize(x.h, x.w).reduce((p, v) => p * v, 1) * x.c);
    if (
      !this.renderBatch ||
      !(b.data instanceof Uint8ClampedArray) ||
      (out !== undefined && !(out instanceof Uint8ClampedArray))
    )
      return super.runBatch(b, r, out);
    const [oh, ow] = this.outputSize(b.h, b.w);
    if (this.p < 1 && (oh !== b.h || ow !== b.w))
      throw new WorkbookError(this.name, 'p', this.p, '1 for a transform that changes the image size');
    const data = (out ?? new Uint8ClampedArray(b.n * oh * ow * b.c)) as Uint8ClampedArray;
    checkSeparate(this.name, b.data, data);
    const shape = shapeOf(b);
    const drawn = Array.from({ length: b.n }, (): S | null => {
      const d = this.draw(r, shape);
      return d ? d.s : null; // (for S = void an applied image is undefined, a skipped one null)
    });
    this.renderBatch(b, data, drawn);
    return { data, n: b.n, h: oh, w: ow, c: b.c, labels: b.labels };
  }

  runImage(src: RawImage, r: Rng, dst?: Pixels, force = false): RawImage {
    checkObject(this.name, 'src', src);
    checkRng(this.name, 'r', r);
    if (dst !== undefined) checkObject(this.name, 'dst', dst);
    if (force !== undefined) checkBoolean(this.name, 'force', force);
    checkRaw(this.name, src, false, r, dst, (x) => this.outputSize(x.h, x.w).reduce((p, v) => p * v, 1) * x.c);
    const [oh, ow] = this.outputSize(src.h, src.w);
    const out = dst ?? like(src.data, oh * ow * src.c);
    const drawn = this.draw(r, shapeOf(src), force);
    if (drawn) this.render(src, out, drawn.s);
    else if (oh === src.h && ow === src.w) out.set(src.data);
    else throw new WorkbookError(this.name, 'p', this.p, '1 for a transform that changes the image size');
    return { data: out, h: oh, w: ow, c: src.c };
  }
}
