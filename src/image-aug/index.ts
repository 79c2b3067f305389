/**
 * tfjs-workbook/image-aug: albumentations-style image augmentation on TensorFlow.js tensors.
 * Every transform takes [H,W,C] or [N,H,W,C] images (float32 0..1 or int32 0-255), draws its
 * parameters per image from a seeded generator, and does the pixel work on typed arrays.
 */
export { Augmentation, BatchAugmentation, Transform, AugmentationOptions, BatchHook } from './core/augmentation';
export { ParamDecl, ParamDecls, describeParams } from './core/params';
export { RawImage, RawBatch, Pixels } from './core/pixels';
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
export { transformGallery, parameterTable, mixGallery, GalleryOptions } from './gallery';
export { compareAugmentations, summariseRuns, accuracyFigure, learningCurveFigure, Variant, ExperimentOptions, RunResult, VariantSummary } from './experiment';
