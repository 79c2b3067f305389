/**
 * The fit family's accepted option keys, now built from fit's one list (fitFamilyKeys): each
 * function still accepts exactly the keys it accepted when they were typed out by hand.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { fitDataParallel, fitPipeline } from '../../../src/lib/train';
import { progressiveFit } from '../../../src/lib/train/progressive';
import { bagging, crossValidateModel } from '../../../src/lib/eval';

/** The keys listed in the error for an unknown option. */
async function acceptedKeys(call: (options: never) => Promise<unknown>): Promise<string[]> {
  try {
    await call({ notAnOption: 1 } as never);
  } catch (e) {
    const m = /accepted: one of (.*)$/.exec((e as Error).message);
    assert.ok(m, (e as Error).message);
    return [...m[1].matchAll(/`(\w+)`/g)].map((k) => k[1]).sort();
  }
  throw new Error('no error for an unknown option');
}

// bagging's and crossValidateModel's shared part, as typed before
const perModel = ['optimizer', 'seed', 'epochs', 'initialEpoch', 'batchSize', 'loss', 'shuffle', 'batchHook'].concat([
  'lossHook',
  'gradientHook',
  'extraVariables',
  'forward',
  'callbacks',
  'validationBatchSize',
  'gradientSource',
]);

test('fitDataParallel, fitPipeline, progressiveFit, bagging and crossValidateModel accept the keys they always did', async () => {
  await tf.setBackend('cpu');
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 2 })] });
  const x = tf.zeros([4, 3]),
    y = tf.zeros([4, 2]);
  const build = () => model;
  const byHand: Record<string, [(o: never) => Promise<unknown>, string[]]> = {
    fitDataParallel: [
      (o) => fitDataParallel(model, x, y, o),
      // the list as typed before (stop 24)
      ['workers', 'loss', 'keepPool', 'epochs', 'initialEpoch', 'batchSize', 'optimizer', 'seed', 'shuffle'].concat([
        'validationData',
        'gradientHook',
        'callbacks',
        'validationBatchSize',
      ]),
    ],
    fitPipeline: [
      (o) => fitPipeline(model, x, y, o),
      ['split', 'microBatches', 'loss', 'keepPool', 'epochs', 'initialEpoch', 'batchSize', 'optimizer', 'seed'].concat([
        'shuffle',
        'validationData',
        'gradientHook',
        'callbacks',
        'validationBatchSize',
      ]),
    ],
    progressiveFit: [
      (o) => progressiveFit(model, x, y, o),
      [
        'stages',
        'difficulty',
        'batchSize',
        'optimizer',
        'loss',
        'seed',
        'shuffle',
        'validationData',
        'batchHook',
      ].concat([
        'lossHook',
        'gradientHook',
        'extraVariables',
        'forward',
        'callbacks',
        'validationBatchSize',
        'gradientSource',
      ]),
    ],
    bagging: [(o) => bagging(build, x, y, o), ['estimators', 'maxSamples', 'onEstimator', ...perModel]],
    crossValidateModel: [(o) => crossValidateModel(build, x, y, o), ['k', 'labels', 'onFold', ...perModel]],
  };
  for (const [name, [call, keys]] of Object.entries(byHand))
    assert.deepEqual(await acceptedKeys(call), [...keys].sort(), name);
  model.dispose();
  tf.dispose([x, y]);
});
