/**
 * Progressive training: a run split into stages, each a plain `fit` continuing the last
 * (initialEpoch carries the epoch count, so histories and schedules line up).
 *  - progressive resizing (fastai): early stages see smaller images (14×14), which are cheaper and
 *    teach coarse shapes; the last stage sees full size. Needs a size-agnostic model
 *    (sizeAgnosticCnn: convolutions + global average pooling).
 *  - growing data / curriculum: early stages train on a fraction of the data — a seeded random
 *    subset, or the easiest examples first when `difficulty` scores are given (difficultyByLoss).
 * @example await progressiveFit(model, x, y, { stages: [{ epochs: 2, size: 14 }, { epochs: 1, size: 28 }], batchSize: 64 });
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt, checkRange } from '../errors';
import { rng, tfSeed } from '../random';
import { History } from './callback';
import { fit, TrainOptions } from './loop';
import { predict } from './evaluate';
import { blameNonFinite, checkArray, checkModel, checkOptions, checkTensor } from '../validate';
import { checkTrainData, checkTrainOptions, fitFamilyKeys } from './check-train-options';
import { OptionsOf, defineOptions } from '../define-options';

export interface Stage {
  epochs: number;
  /** Square image size for this stage (height = width); default: the data's own size. */
  size?: number;
  /** Fraction of the training data used (easiest first with `difficulty`). Default 1. */
  fraction?: number;
}

export interface ProgressiveOptions extends Omit<TrainOptions, 'epochs' | 'initialEpoch'> {
  stages: Stage[];
  /** One score per training example, lower = easier (e.g. difficultyByLoss). Default: random subsets. */
  difficulty?: ArrayLike<number>;
}

export interface ProgressiveHistory extends History {
  /** The stage index of each epoch. */
  stage: number[];
}

const SIZE_AGNOSTIC_CNN_OPTIONS = defineOptions('sizeAgnosticCnn', {
  channels: undefined as number | undefined,
  numClasses: undefined as number | undefined,
  filters: undefined as number[] | undefined,
  seed: undefined as number | undefined,
});

/**
 * A CNN that accepts any image size: 3×3 convolutions (filters [16, 32, 64] by default, one per
 * entry, 1 to 6) with 2×2 max pooling between them, then global average pooling — which is what
 * makes it size-agnostic — and a dense layer to logits. Each pooling doubles the receptive field:
 * large images need more stages for the last convolution to see a whole object.
 */
export function sizeAgnosticCnn(options: OptionsOf<typeof SIZE_AGNOSTIC_CNN_OPTIONS> = {}): tf.Sequential {
  options = SIZE_AGNOSTIC_CNN_OPTIONS.read(options);
  const { channels = 1, numClasses = 10, seed = 0, filters = [16, 32, 64] } = options;
  checkInt('sizeAgnosticCnn', 'numClasses', numClasses, 2);
  checkInt('sizeAgnosticCnn', 'channels', channels, 1);
  check(
    Array.isArray(filters) && filters.length >= 1 && filters.length <= 6,
    'sizeAgnosticCnn',
    'filters',
    filters,
    'an array of 1 to 6 filter counts',
  );
  filters.forEach((f, i) => checkInt('sizeAgnosticCnn', `filters[${i}]`, f, 1, 4096));
  const init = (i: number) => tf.initializers.heNormal({ seed: tfSeed(seed * 1000 + i) });
  const m = tf.sequential({ name: 'size_agnostic_cnn' });
  filters.forEach((f, i) => {
    if (i > 0) m.add(tf.layers.maxPooling2d({ poolSize: 2, name: `pool${i}` }));
    m.add(
      tf.layers.conv2d({
        ...(i === 0 ? { inputShape: [null, null, channels] as unknown as number[] } : {}),
        filters: f,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init(i + 1),
        name: `conv${i + 1}`,
      }),
    );
  });
  m.add(tf.layers.globalAveragePooling2d({ name: 'gap' }));
  m.add(
    tf.layers.dense({
      units: numClasses,
      // seed offset 4 keeps the 3-filter model's initial weights as they were; 99 stays clear of the convolutions
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed * 1000 + (filters.length === 3 ? 4 : 99) }),
      name: 'logits',
    }),
  );
  return m;
}

/** Per-example loss of `model` on (x, y) (softmax cross-entropy on logits): a difficulty score. */
export function difficultyByLoss(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): Float32Array {
  checkModel('difficultyByLoss', 'model', model);
  checkTensor('difficultyByLoss', 'x', x, { nonEmpty: false });
  checkTensor('difficultyByLoss', 'y', y, { nonEmpty: false });
  checkTrainData('difficultyByLoss', model, x, y);
  check(x.shape[0] === y.shape[0], 'difficultyByLoss', 'y', `${y.shape[0]} rows`, `as many rows as x (${x.shape[0]})`);
  const logits = predict(model, x);
  const losses = tf.tidy(() => tf.losses.softmaxCrossEntropy(y, logits, undefined, undefined, tf.Reduction.NONE));
  const out = losses.dataSync() as Float32Array;
  if (!out.every(Number.isFinite)) {
    tf.dispose([logits, losses]);
    blameNonFinite('difficultyByLoss', { x, y });
    check(false, 'difficultyByLoss', 'x', 'inputs giving a non-finite loss', 'finite inputs and labels');
  }
  tf.dispose([logits, losses]);
  return Float32Array.from(out);
}

function validate(x: tf.Tensor, o: ProgressiveOptions): void {
  check(
    Array.isArray(o.stages) && o.stages.length > 0,
    'progressiveFit',
    'stages',
    o.stages,
    'a non-empty array of { epochs, size?, fraction? }',
  );
  o.stages.forEach((s, i) => {
    checkOptions('progressiveFit', s, ['epochs', 'size', 'fraction'], `stages[${i}]`);
    checkInt('progressiveFit', `stages[${i}].epochs`, s.epochs, 1);
    if (s.size !== undefined) {
      check(
        x.rank === 4,
        'progressiveFit',
        `stages[${i}].size`,
        s.size,
        'no size for non-image data (x must be [N, H, W, C])',
      );
      checkInt('progressiveFit', `stages[${i}].size`, s.size, 2, 4096);
    }
    if (s.fraction !== undefined) checkRange('progressiveFit', `stages[${i}].fraction`, s.fraction, 1e-6, 1);
  });
  if (o.difficulty !== undefined) checkArray('progressiveFit', 'difficulty', o.difficulty, { numbers: true });
  if (o.difficulty)
    check(
      o.difficulty.length === x.shape[0],
      'progressiveFit',
      'difficulty',
      `${o.difficulty.length} scores`,
      `one per example (${x.shape[0]})`,
    );
}

/** Rows used by a stage: the easiest `fraction` by difficulty, or a seeded random subset. */
function stageRows(
  n: number,
  fraction: number,
  difficulty: ArrayLike<number> | undefined,
  seed: number,
): Int32Array | null {
  if (fraction >= 1) return null;
  const count = Math.max(1, Math.ceil(fraction * n));
  if (!difficulty) return rng(seed).permutation(n).slice(0, count).sort();
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => difficulty[a] - difficulty[b]);
  return Int32Array.from(order.slice(0, count));
}

/** Trains through the stages in order; returns one history over all epochs. */
export async function progressiveFit(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  options: ProgressiveOptions,
): Promise<ProgressiveHistory> {
  // the stages give the epochs
  options = checkOptions(
    'progressiveFit',
    options,
    fitFamilyKeys(['stages', 'difficulty'], ['epochs', 'initialEpoch']),
  );
  checkModel('progressiveFit', 'model', model);
  checkTensor('progressiveFit', 'x', x, { nonEmpty: false });
  checkTensor('progressiveFit', 'y', y, { nonEmpty: false });
  checkTrainData('progressiveFit', model, x, y);
  validate(x, options);
  const { stages, difficulty, ...trainOptions } = options;
  checkTrainOptions('progressiveFit', trainOptions as Record<string, unknown>, false);
  const seed = trainOptions.seed ?? 0;
  const optimizer = trainOptions.optimizer ?? tf.train.adam(1e-3); // one optimizer across stages, ours to dispose
  try {
    return await runStages(model, x, y, stages, difficulty, { ...trainOptions, optimizer }, seed);
  } finally {
    if (!trainOptions.optimizer) optimizer.dispose();
  }
}

async function runStages(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  stages: ProgressiveOptions['stages'],
  difficulty: ProgressiveOptions['difficulty'],
  trainOptions: Omit<TrainOptions, 'epochs'> & { optimizer: tf.Optimizer },
  seed: number,
): Promise<ProgressiveHistory> {
  const optimizer = trainOptions.optimizer;
  const result: ProgressiveHistory = { epoch: [], history: {}, stage: [] };
  let done = 0;
  for (let i = 0; i < stages.length; i++) {
    const { epochs, size, fraction = 1 } = stages[i];
    const rows = stageRows(x.shape[0], fraction, difficulty, seed + i);
    const [sx, sy] = rows ? tf.tidy(() => [tf.gather(x, rows), tf.gather(y, rows)]) : [x, y];
    const userHook = trainOptions.batchHook;
    const resize = size === undefined || (x.shape[1] === size && x.shape[2] === size) ? undefined : size;
    const batchHook: TrainOptions['batchHook'] =
      resize === undefined
        ? userHook
        : (bx, by, info) => {
            const [ax, ay] = userHook ? userHook(bx, by, info) : [bx, by];
            return [tf.image.resizeBilinear(ax as tf.Tensor4D, [resize, resize], true), ay];
          };
    try {
      const h = await fit(model, sx, sy, {
        ...trainOptions,
        optimizer,
        batchHook,
        seed: seed + i,
        epochs: done + epochs,
        initialEpoch: done,
      });
      result.epoch.push(...h.epoch);
      for (const [k, v] of Object.entries(h.history)) (result.history[k] ??= []).push(...v);
      result.stage.push(...h.epoch.map(() => i));
      if (h.epoch.length < epochs) break; // a callback stopped training
    } finally {
      if (rows) tf.dispose([sx, sy]);
    }
    done += epochs;
  }
  return result;
}
