/**
 * Figures for showing what augmentations do: one row per transform (the original, then several
 * random draws), the declared parameters as a table, and mixed batches with their soft labels.
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt } from '../lib/errors';
import { Figure, imageGrid, rng } from '../lib';
import { Augmentation, BatchAugmentation } from '../image-aug/core/augmentation';
import { accepted, describeParams } from '../lib/augment/params';

export interface GalleryOptions {
  /** Random draws per transform (default 5). */
  samples?: number;
  seed?: number;
  title?: string;
  tileSize?: number;
}

/**
 * A grid with one row per transform: the input image, then `samples` augmented versions, each
 * from its own seed. Size-changing transforms (crops) show at their output size.
 */
export function transformGallery(transforms: Augmentation[], image: tf.Tensor3D, options: GalleryOptions = {}): Figure {
  const { samples = 5, seed = 0, title, tileSize } = options;
  check(
    Array.isArray(transforms) && transforms.every((t) => t instanceof Augmentation),
    'transformGallery',
    'transforms',
    typeof transforms,
    'an array of per-image augmentations',
  );
  check(
    image instanceof tf.Tensor && image.rank === 3,
    'transformGallery',
    'image',
    image instanceof tf.Tensor ? image.shape : typeof image,
    'one image [H, W, C]',
  );
  checkInt('transformGallery', 'samples', samples, 1, 32);
  const r = rng(seed);
  const tiles: tf.Tensor3D[] = [];
  const captions: string[] = [];
  const batch = tf.tidy(() => tf.stack(Array.from({ length: samples }, () => image)) as tf.Tensor4D);
  for (const t of transforms) {
    tiles.push(image);
    captions.push(t.name);
    const out = t.apply(batch, r.seed()) as tf.Tensor4D;
    tiles.push(...(tf.unstack(out) as tf.Tensor3D[]));
    captions.push(...Array.from({ length: samples }, () => ''));
    out.dispose();
  }
  batch.dispose();
  const figure = imageGrid(tiles, { cols: samples + 1, captions, title, tileSize });
  tf.dispose(tiles.filter((t) => t !== image));
  return figure;
}

/** One row per transform: its name, its parameters as set, and what each declared parameter accepts (with its default). */
export function parameterTable(transforms: BatchAugmentation[]): Record<string, string>[] {
  return transforms.map((t) => ({
    transform: t.name,
    parameters: describeParams(t.params),
    declared: Object.entries(t.declarations)
      .map(
        ([name, d]) =>
          `${name}: ${accepted(d)}${Number.isNaN(d.default as number) ? ' (required)' : ` = ${JSON.stringify(d.default)}`}`,
      )
      .join('; '),
  }));
}

/**
 * Shows a batch mixed by MixUp / CutMix with each image's soft label as its caption
 * (the two largest weights, e.g. "3: 0.71 · 8: 0.29").
 */
export function mixGallery(
  mix: BatchAugmentation,
  x: tf.Tensor4D,
  y: tf.Tensor2D,
  options: GalleryOptions = {},
): Figure {
  const [mx, my] = mix.applyBatch(x, y, options.seed ?? 0);
  const k = my.shape[1]!;
  const labels = my.dataSync();
  const captions = Array.from({ length: mx.shape[0] }, (_, i) => {
    const row = Array.from(labels.subarray(i * k, (i + 1) * k))
      .map((p, c) => [c, p])
      .sort((a, b) => b[1] - a[1]);
    return row
      .slice(0, 2)
      .filter(([, p]) => p > 0.005)
      .map(([c, p]) => `${c}: ${p.toFixed(2)}`)
      .join(' · ');
  });
  const figure = imageGrid(mx as tf.Tensor4D, {
    cols: Math.min(8, mx.shape[0]),
    captions,
    title: options.title ?? String(mix),
    tileSize: options.tileSize,
  });
  tf.dispose([mx, my]);
  return figure;
}
