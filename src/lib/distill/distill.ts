/**
 * Knowledge distillation through the workbook's one training loop: `distill` is `fit` with a loss
 * hook that swaps the plain cross-entropy for Hinton's soft-target loss. Progress bars, live plots,
 * LR schedules and early stopping are ordinary `fit` callbacks and work unchanged.
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt } from '../errors';
import { LossContext, TrainOptions } from '../train/loop';
import { History } from '../train/callback';
import { LogitsFn, endsInSoftmax, teacherLogits, toLogits } from './logits';
import { averageSoftTargets, checkAlpha, distillationLoss, normaliseWeights } from './soft-targets';
import { temperatureAt } from './temperature';
import type { Schedule } from '../schedule';
import { checkOptions, checkTensor } from '../validate';
import { trainWithLossHook } from './loss-hook-training';

/** A teacher with a weight in the averaged soft targets (multi-teacher distillation). */
export interface WeightedTeacher {
  model: tf.LayersModel;
  weight: number;
}

export interface DistillConfig {
  /** One frozen teacher, or several (plain models or { model, weight }): soft targets are averaged. */
  teacher: tf.LayersModel | (tf.LayersModel | WeightedTeacher)[];
  /** T > 0, or a schedule epoch → T (annealTemperature). Default 4. */
  temperature?: number | Schedule;
  /** Weight of the soft loss in [0, 1]; default 0.9. α = 0 is plain cross-entropy training. */
  alpha?: number;
  /**
   * Run each teacher once over x before training and look its logits up per batch (fast), instead
   * of running it on every batch. Default: true, unless a batchHook changes the inputs.
   */
  precompute?: boolean;
  /** Already computed teacher logits for x's rows (from teacherLogits), one per teacher; not disposed. */
  teacherLogits?: tf.Tensor | tf.Tensor[];
}

export type DistillOptions = DistillConfig & Omit<TrainOptions, 'lossHook' | 'loss'>;

interface Teachers {
  logits: LogitsFn[];
  weights: number[];
}

function resolveTeachers(teacher: DistillConfig['teacher']): Teachers {
  const list = Array.isArray(teacher) ? teacher : [teacher];
  check(list.length > 0, 'distill', 'teacher', '[]', 'a tf.LayersModel or a non-empty array of them');
  const models = list.map((t, i) => {
    const m = t instanceof tf.LayersModel ? t : t?.model;
    check(m instanceof tf.LayersModel, 'distill', `teacher[${i}]`, typeof t, 'a tf.LayersModel or { model, weight }');
    return m;
  });
  const raw = list.map((t) => (t instanceof tf.LayersModel ? 1 : t.weight));
  return { logits: models.map((m) => toLogits(m, 'distill')), weights: normaliseWeights('distill', raw, list.length) };
}

/**
 * Builds the loss hook for `fit`: soft targets from the (precomputed or live) teachers at the
 * epoch's temperature, mixed with the hard-label loss. Returns the hook and a dispose for the
 * teacher logits it computed. The student's output (ctx.yPred) must be logits: see `distill`.
 */
export function distillationHook(
  x: tf.Tensor,
  y: tf.Tensor,
  options: DistillConfig & { epochs: number; batchHook?: unknown },
): { lossHook: (ctx: LossContext) => tf.Scalar; dispose: () => void } {
  options = checkOptions('distillationHook', options, [
    'teacher',
    'temperature',
    'alpha',
    'precompute',
    'teacherLogits',
    'epochs',
    'batchHook',
  ]);
  checkTensor('distillationHook', 'x', x, { nonEmpty: false });
  checkTensor('distillationHook', 'y', y, { nonEmpty: false });
  const { temperature = 4, alpha = 0.9, epochs } = options;
  checkInt('distillationHook', 'epochs', epochs, 1);
  checkTensor('distillationHook', 'x', x);
  checkTensor('distillationHook', 'y', y, { rank: 2 });
  checkAlpha('distill', alpha);
  temperatureAt(temperature, 0, epochs, 'distill'); // fail before training, not at the first batch
  const teachers = resolveTeachers(options.teacher);
  const models = (Array.isArray(options.teacher) ? options.teacher : [options.teacher]).map((t) =>
    t instanceof tf.LayersModel ? t : t.model,
  );

  let stored: tf.Tensor[] | null = null;
  let owned = false;
  if (options.teacherLogits !== undefined) {
    stored = Array.isArray(options.teacherLogits) ? options.teacherLogits : [options.teacherLogits];
    check(
      stored.length === models.length,
      'distill',
      'teacherLogits',
      stored.length,
      `one per teacher (${models.length})`,
    );
  } else if (options.precompute ?? !options.batchHook) {
    stored = models.map((m) => teacherLogits(m, x));
    owned = true;
  }
  if (stored) {
    stored.forEach((z, i) =>
      check(
        z.rank === 2 && z.shape[0] === x.shape[0] && z.shape[1] === y.shape[1],
        'distill',
        `teacherLogits[${i}]`,
        z.shape,
        `[${x.shape[0]}, ${y.shape[1]}] (a row per example, a column per class)`,
      ),
    );
  }

  const lossHook = (ctx: LossContext): tf.Scalar => {
    const T = temperatureAt(temperature, ctx.epoch, epochs, 'distill');
    const zT = stored
      ? stored.map((z) => tf.gather(z, tf.tensor1d(ctx.indices, 'int32')))
      : teachers.logits.map((f) => f(ctx.x, false));
    check(
      zT[0].shape[1] === ctx.yPred.shape[1],
      'distill',
      'teacher',
      zT[0].shape[1],
      `as many outputs as the student (${ctx.yPred.shape[1]})`,
    );
    const probs = averageSoftTargets(zT, T, teachers.weights);
    return distillationLoss(probs, ctx.yPred, ctx.y, { temperature: T, alpha });
  };
  return { lossHook, dispose: () => (owned && stored ? tf.dispose(stored) : undefined) };
}

/**
 * Trains `student` on (x, y) to match a frozen teacher's softened outputs (Hinton et al. 2015):
 * loss = α·T²·KL(softmax(z_t/T) ‖ softmax(z_s/T)) + (1−α)·CE(y, z_s). Teachers are never updated.
 * Accepts every `fit` option (epochs, batchSize, optimizer, seed, validationData, callbacks, ...).
 * @example
 * const teacher = mlp({ hidden: [1200, 1200], dropout: 0.5 }); await fit(teacher, x, y, { epochs: 5 });
 * const student = mlp({ hidden: [800, 800] });
 * const h = await distill(student, x, y, { teacher, temperature: 20, alpha: 0.9, epochs: 5, callbacks: [progress()] });
 */
export async function distill(
  student: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  options: DistillOptions,
): Promise<History> {
  return trainWithLossHook<DistillConfig>(
    'distill',
    student,
    x,
    y,
    options,
    ['teacher', 'temperature', 'alpha', 'precompute', 'teacherLogits'],
    ['loss', 'lossHook'],
    (own, train) => {
      check(y.rank === 2, 'distill', 'y', y.shape, 'one-hot labels [N, K] (and x a tensor)');
      const hook = distillationHook(x, y, { ...own, epochs: train.epochs, batchHook: train.batchHook });
      // a softmax-ending student is read before its softmax, so yPred (and the loss) see logits
      const logits = endsInSoftmax(student) ? toLogits(student, 'distill') : null;
      const forward =
        train.forward ?? (logits ? (_m: tf.LayersModel, input: tf.Tensor) => logits(input, true) : undefined);
      return { lossHook: hook.lossHook, forward, release: hook.dispose };
    },
  );
}
