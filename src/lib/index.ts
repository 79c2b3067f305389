/**
 * tfjs-workbook: the public API. Notebooks and users import everything from here:
 *   import { setup, loadMnist, fit, progress, show } from 'tfjs-workbook';
 * Augmentation lives apart: 'tfjs-workbook/image-aug' and 'tfjs-workbook/text-aug'.
 */
export * as tf from '@tensorflow/tfjs';
export * from './errors';
export * from './interrupt';
export * from './random';
export * from './setup';
export * from './claims';
export * from './backend';
export * from './data';
export * from './models';
export * from './train';
export * from './plot';
export * from './distill';
export * from './io';
export * from './finetune';
export * from './eval';
export * from './compress';
