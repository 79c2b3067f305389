/** Baseline calls for boosting (./eval), initialisation and layer statistics (./train). */
import * as tf from '@tensorflow/tfjs';
import { W } from './all';
import { Entry } from './fuzz-harness';
import * as F from './fixtures';

const fitOpts = () => ({ epochs: 1, batchSize: 4, seed: 1, shuffle: true });
const boost = async () => {
  const [x, y] = [F.xs(), F.ys()];
  const result = await W.adaBoost((seed: number) => F.model(seed), x, y, { estimators: 2, epochs: 5, seed: 1 });
  tf.dispose([x, y]);
  return result;
};

export const boosting: Record<string, Entry> = {
  sammeUpdate: { args: () => [[0.25, 0.25, 0.25, 0.25], [1, 0, 0, 0], 3, 1] },
  adaBoost: {
    args: () => [
      (seed: number) => F.model(seed),
      F.xs(),
      F.ys(),
      {
        estimators: 2,
        learningRate: 1,
        sampleWeights: 'weightedLoss',
        optimizer: () => tf.train.adam(0.05),
        ...fitOpts(),
        epochs: 5,
      },
    ],
    noHuge: ['estimators', 'epochs'],
  },
  adaBoostScores: { args: async () => [await boost(), F.xs(), { rounds: 1 }] },
  initialiseWeights: { args: () => [F.model(), 'he', { seed: 1, stddev: 0.01 }] },
  layerStatistics: { args: () => [F.model(), F.xs(), F.ys(), { loss: 'softmaxCrossEntropy' }] },
  recalibrateBatchNorm: { args: () => [F.model(), F.xs(), { batchSize: 2 }] },
  pairedDifference: {
    args: () => [
      [0.8, 0.9, 0.85],
      [0.78, 0.91, 0.8],
    ],
  },
};
