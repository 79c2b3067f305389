/**
 * The setup that soft-target distillation (`distill`) and FitNets hint training (`hintTrain`)
 * share: check the student, the data, the teacher and the options at the edge; split the
 * technique's own options from `fit`'s; build the technique's loss hook (and any forward pass or
 * extra variables it needs); train through `fit`; free what was built only for training.
 */
import * as tf from '@tensorflow/tfjs';
import { check } from '../errors';
import { fit, LossContext, TrainOptions } from '../train/loop';
import { History } from '../train/callback';
import { TrainOptionKey, checkTrainData, checkTrainOptions, fitFamilyKeys } from '../train/check-train-options';
import { checkModel, checkOptions, checkTensor } from '../validate';

/** What a technique plugs into `fit`. */
export interface LossHookSetup {
  lossHook: (ctx: LossContext) => tf.Scalar;
  forward?: TrainOptions['forward'];
  extraVariables?: tf.Variable[];
  /** Frees what was built for training only: called after training, and when it fails. */
  release?: () => void;
  /** Frees what the caller would keep (e.g. the hint regressor): called only when training fails. */
  discard?: () => void;
}

/** Teacher models of a `teacher` option: one model, or a list of models or { model, weight }. */
export function teacherModels(teacher: unknown): unknown[] {
  return (Array.isArray(teacher) ? teacher : [teacher]).map((t) =>
    t instanceof tf.LayersModel ? t : (t as { model?: unknown } | undefined)?.model,
  );
}

/**
 * Trains `student` through `fit` with the loss hook `build` makes from the technique's own options
 * (`ownKeys`; every other accepted key is a `fit` option, `excluded` ones aside).
 */
export async function trainWithLossHook<Own extends object>(
  where: string,
  student: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  options: Own & Partial<TrainOptions>,
  ownKeys: readonly (keyof Own & string)[],
  excluded: readonly TrainOptionKey[],
  build: (own: Own, train: TrainOptions) => LossHookSetup,
): Promise<History> {
  options = checkOptions(where, options, fitFamilyKeys(ownKeys, excluded));
  checkModel(where, 'student', student);
  checkTensor(where, 'x', x, { nonEmpty: false });
  checkTensor(where, 'y', y, { nonEmpty: false });
  check(options !== null && typeof options === 'object', where, 'options', options, '{ teacher, epochs, ... }');
  check(
    !teacherModels((options as { teacher?: unknown }).teacher).includes(student),
    where,
    'teacher',
    'the student itself',
    'a different model than the student',
  );
  const own = {} as Own;
  const train = {} as Record<string, unknown>;
  for (const [key, value] of Object.entries(options))
    if ((ownKeys as readonly string[]).includes(key)) (own as Record<string, unknown>)[key] = value;
    else train[key] = value;
  checkTrainData(where, student, x, y);
  checkTrainOptions(where, train);
  const setup = build(own, train as unknown as TrainOptions);
  try {
    return await fit(student, x, y, {
      ...(train as unknown as TrainOptions),
      forward: setup.forward ?? (train.forward as TrainOptions['forward']),
      extraVariables: setup.extraVariables ?? (train.extraVariables as tf.Variable[] | undefined),
      lossHook: setup.lossHook,
    });
  } catch (e) {
    setup.discard?.();
    throw e;
  } finally {
    setup.release?.();
  }
}
