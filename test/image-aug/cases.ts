/** Every transform with test-friendly parameters, so one test body can run over all of them. */
import * as A from '../../src/image-aug';

export interface Case {
  name: string;
  make: (options: { p?: number; seed?: number }) => A.Augmentation;
  /** False for crops (output size differs, p fixed at 1). */
  keepsSize: boolean;
  /** False when the transform draws nothing (flips, CenterCrop): outputs cannot differ by seed. */
  random: boolean;
}

export const CASES: Case[] = [
  { name: 'HorizontalFlip', make: (o) => new A.HorizontalFlip(o), keepsSize: true, random: false },
  { name: 'VerticalFlip', make: (o) => new A.VerticalFlip(o), keepsSize: true, random: false },
  {
    name: 'RandomCrop',
    make: (o) => new A.RandomCrop({ height: 5, width: 4, padding: 1, padMode: 'reflect', ...o }),
    keepsSize: false,
    random: true,
  },
  { name: 'CenterCrop', make: (o) => new A.CenterCrop({ height: 5, width: 4, ...o }), keepsSize: false, random: false },
  {
    name: 'RandomResizedCrop',
    make: (o) => new A.RandomResizedCrop({ height: 6, width: 5, ...o }),
    keepsSize: false,
    random: true,
  },
  { name: 'Resize', make: (o) => new A.Resize({ height: 7, width: 11, ...o }), keepsSize: false, random: false },
  { name: 'Rotate', make: (o) => new A.Rotate({ limit: 40, border: 'reflect', ...o }), keepsSize: true, random: true },
  {
    name: 'RandomScale',
    make: (o) => new A.RandomScale({ scaleLimit: 0.3, fill: 0.5, ...o }),
    keepsSize: true,
    random: true,
  },
  {
    name: 'Affine',
    make: (o) => new A.Affine({ translate: 0.2, rotate: 20, scale: 0.2, shear: 10, border: 'edge', ...o }),
    keepsSize: true,
    random: true,
  },
  { name: 'Translate', make: (o) => new A.Translate({ translate: 0.3, ...o }), keepsSize: true, random: true },
  { name: 'Brightness', make: (o) => new A.Brightness({ limit: 0.3, ...o }), keepsSize: true, random: true },
  { name: 'Contrast', make: (o) => new A.Contrast({ limit: 0.5, ...o }), keepsSize: true, random: true },
  { name: 'Saturation', make: (o) => new A.Saturation({ limit: 0.8, ...o }), keepsSize: true, random: true },
  { name: 'Hue', make: (o) => new A.Hue({ limit: 90, ...o }), keepsSize: true, random: true },
  {
    name: 'GaussianNoise',
    make: (o) => new A.GaussianNoise({ std: [0.05, 0.2], ...o }),
    keepsSize: true,
    random: true,
  },
  {
    name: 'SaltAndPepper',
    make: (o) => new A.SaltAndPepper({ amount: [0.1, 0.3], ...o }),
    keepsSize: true,
    random: true,
  },
  { name: 'GaussianBlur', make: (o) => new A.GaussianBlur({ sigma: [0.5, 2], ...o }), keepsSize: true, random: true },
  {
    name: 'RandomErasing',
    make: (o) => new A.RandomErasing({ scale: [0.1, 0.4], fillMode: 'random', ...o }),
    keepsSize: true,
    random: true,
  },
  { name: 'Cutout', make: (o) => new A.Cutout({ holes: 2, size: 0.4, fill: 1, ...o }), keepsSize: true, random: true },
  {
    name: 'Compose',
    make: (o) => new A.Compose([new A.Rotate({ limit: 20 }), new A.Brightness()], o),
    keepsSize: true,
    random: true,
  },
  {
    name: 'OneOf',
    make: (o) => new A.OneOf([new A.GaussianBlur(), new A.GaussianNoise(), new A.HorizontalFlip()], o),
    keepsSize: true,
    random: true,
  },
  {
    name: 'SomeOf',
    make: (o) => new A.SomeOf([new A.Contrast(), new A.Translate(), new A.Hue()], { n: [1, 2], ...o }),
    keepsSize: true,
    random: true,
  },
];
