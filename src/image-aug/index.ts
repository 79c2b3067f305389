/**
 * tfjs-workbook/image-aug: albumentations-style image augmentation on TensorFlow.js tensors.
 * Every transform takes [H,W,C] or [N,H,W,C] images (float32 0..1 or int32 0-255), draws its
 * parameters per image from a seeded generator, and does the pixel work on typed arrays.
 */
export {
  Augmentation,
  BatchAugmentation,
  Transform,
  AugmentationOptions,
  BatchHook,
  ImageShape,
} from './core/augmentation';
export { BatchMix, BatchMixOptions, MixDraw } from './core/batch-mix';
export { ParamDecl, ParamDecls, describeParams } from '../lib/augment/params';
export { RawImage, RawBatch, Pixels } from './core/pixels';
/**
 * Pixel buffers in kernel memory. The 0-255 pixel work runs in WebAssembly SIMD kernels, which
 * read and write their own memory; `pixelBuffer(length)` hands out a Uint8ClampedArray living
 * there, so a batch held in one (and an output buffer from it passed to `runBatch`) is processed
 * with no copy in or out. Any other Uint8ClampedArray works too, staged through that memory. The
 * garbage collector cannot see into it: `release(buffer)` returns a buffer for reuse.
 * @example
 * const t = new HorizontalFlip({ p: 1 });
 * const input = pixelBuffer(4 * 32 * 32 * 3); // fill with pixels, e.g. input.set(bytes)
 * const output = pixelBuffer(input.length);
 * t.runBatch({ data: input, n: 4, h: 32, w: 32, c: 3 }, rng(0), output); // output = mirrored input
 * release(input); release(output);
 */
export { pixelBuffer, release } from './core/wasm';
export { Border, BORDERS } from './core/warp';
export { HorizontalFlip } from './transforms/horizontal-flip';
export { VerticalFlip } from './transforms/vertical-flip';
export { RandomCrop } from './transforms/random-crop';
export { CenterCrop } from './transforms/center-crop';
export { RandomResizedCrop } from './transforms/random-resized-crop';
export { Rotate } from './transforms/rotate';
export { RandomScale } from './transforms/random-scale';
export { Affine, Translate } from './transforms/affine';
export { Brightness } from './transforms/brightness';
export { Contrast } from './transforms/contrast';
export { Saturation } from './transforms/saturation';
export { Hue } from './transforms/hue';
export { GaussianNoise } from './transforms/gaussian-noise';
export { SaltAndPepper } from './transforms/salt-and-pepper';
export { GaussianBlur } from './transforms/gaussian-blur';
export { RandomErasing } from './transforms/random-erasing';
export { Cutout } from './transforms/cutout';
export { MixUp } from './transforms/mixup';
export { CutMix } from './transforms/cutmix';
export { Compose } from './pipeline/compose';
export { OneOf } from './pipeline/one-of';
export { SomeOf } from './pipeline/some-of';
export { decodeImage, readImage, encodePng, encodeJpeg, writeImage, DecodeOptions } from './io';
export { Resize } from './transforms/resize';
