/**
 * FitNets (Romero et al. 2015): before distilling outputs, teach the student's middle. A "hint"
 * layer of the teacher and a "guided" layer of the student are picked; a small trainable regressor
 * maps the student's features to the teacher's shape, and stage 1 minimises their squared error,
 * training only the student's layers up to the guided one (plus the regressor). Stage 2 is ordinary
 * soft-target distillation (`distill`). Both stages run through `fit`: the regressor's variables
 * go in through `extraVariables`, the guided layer is read through `forward`.
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt } from '../errors';
import { rng } from '../random';
import { TrainOptions } from '../train/loop';
import { trainWithLossHook } from './loss-hook-training';
import { History } from '../train/callback';
import { DistillConfig, distill } from './distill';
import { checkAlpha } from './soft-targets';
import { checkArray, checkModel, checkNumber, checkOptions, checkTensor } from '../validate';
import { checkTrainData, checkTrainOptions } from '../train/check-train-options';

/** Maps student features to the teacher's feature shape: dense for [N, d], 1×1 conv for [N, H, W, C]. */
export interface HintRegressor {
  variables: tf.Variable[];
  apply(features: tf.Tensor): tf.Tensor;
  dispose(): void;
}

let regressorCount = 0; // tf.variable names must be unique in the process

function layerOutputShape(model: tf.LayersModel, name: string, where: string, param: string): number[] {
  const layer = model.layers.find((l) => l.name === name);
  check(
    layer !== undefined,
    where,
    param,
    name,
    `one of the model's layer names: ${model.layers.map((l) => l.name).join(', ')}`,
  );
  return (layer!.outputShape as number[]).slice(1);
}

/**
 * A seeded regressor from a student feature shape to a teacher feature shape (batch dim excluded).
 * @example const r = hintRegressor([800], [1200], 1); // dense 800 → 1200
 */
export function hintRegressor(studentShape: number[], teacherShape: number[], seed = 0): HintRegressor {
  for (const [name, shape] of [
    ['studentShape', studentShape],
    ['teacherShape', teacherShape],
  ] as const) {
    checkArray('hintRegressor', name, shape);
    shape.forEach((d, i) => checkInt('hintRegressor', `${name}[${i}]`, d, 1, 1 << 16));
  }
  if (seed !== undefined) checkNumber('hintRegressor', 'seed', seed);
  const dense = studentShape.length === 1 && teacherShape.length === 1;
  const conv =
    studentShape.length === 3 &&
    teacherShape.length === 3 &&
    studentShape[0] === teacherShape[0] &&
    studentShape[1] === teacherShape[1];
  check(
    dense || conv,
    'hintRegressor',
    'teacherShape',
    teacherShape,
    `a feature shape the student's [${studentShape}] maps to: [d] from [d'], or [H, W, C] with the student's H and W`,
  );
  const inDim = studentShape[studentShape.length - 1];
  const outDim = teacherShape[teacherShape.length - 1];
  const limit = Math.sqrt(6 / (inDim + outDim)); // Glorot uniform
  // tidy frees the initial values; the variables themselves live until dispose()
  const kernel = tf.tidy(() =>
    tf.variable(
      tf.randomUniform(conv ? [1, 1, inDim, outDim] : [inDim, outDim], -limit, limit, 'float32', rng(seed).seed()),
      true,
      `hint_regressor_kernel_${++regressorCount}`,
    ),
  );
  const bias = tf.tidy(() => tf.variable(tf.zeros([outDim]), true, `hint_regressor_bias_${regressorCount}`));
  return {
    variables: [kernel, bias],
    apply: (f) =>
      tf.tidy(() =>
        tf.add(
          conv
            ? tf.conv2d(f as tf.Tensor4D, kernel as tf.Tensor4D, 1, 'same')
            : tf.matMul(f as tf.Tensor2D, kernel as tf.Tensor2D),
          bias,
        ),
      ),
    dispose: () => tf.dispose([kernel, bias]),
  };
}

export interface HintOptions extends Omit<TrainOptions, 'lossHook' | 'loss' | 'forward' | 'extraVariables'> {
  teacher: tf.LayersModel;
  /** Name of the student's guided layer. */
  studentLayer: string;
  /** Name of the teacher's hint layer. */
  teacherLayer: string;
  /** Seed of the regressor's initial weights. Default: the fit seed. */
  regressorSeed?: number;
}

/**
 * FitNets stage 1: trains the student up to `studentLayer` (and a fresh regressor) so that
 * regressor(student features) ≈ teacher features at `teacherLayer`, by mean squared error.
 * Returns the history and the regressor (dispose it when done).
 * @example const { history, regressor } = await hintTrain(student, x, y, { teacher, studentLayer: 'fc1', teacherLayer: 'fc1', epochs: 2 });
 */
export async function hintTrain(
  student: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  options: HintOptions,
): Promise<{ history: History; regressor: HintRegressor }> {
  let regressor: HintRegressor | undefined;
  const history = await trainWithLossHook<
    Pick<HintOptions, 'teacher' | 'studentLayer' | 'teacherLayer' | 'regressorSeed'>
  >(
    'hintTrain',
    student,
    x,
    y,
    options,
    ['teacher', 'studentLayer', 'teacherLayer', 'regressorSeed'],
    ['loss', 'lossHook', 'forward', 'extraVariables'],
    ({ teacher, studentLayer, teacherLayer, regressorSeed }, train) => {
      check(teacher instanceof tf.LayersModel, 'hintTrain', 'student/teacher', typeof teacher, 'tf.LayersModels');
      if (regressorSeed !== undefined) checkInt('hintTrain', 'regressorSeed', regressorSeed, 0, 2 ** 31 - 1);
      const sShape = layerOutputShape(student, studentLayer, 'hintTrain', 'studentLayer');
      const tShape = layerOutputShape(teacher, teacherLayer, 'hintTrain', 'teacherLayer');
      const r = (regressor = hintRegressor(sShape, tShape, regressorSeed ?? train.seed ?? 0));
      // Models that share the originals' layers: the student's guided features next to its logits,
      // and the teacher's hint features.
      const studentBoth = tf.model({
        inputs: student.inputs,
        outputs: [student.getLayer(studentLayer).output as tf.SymbolicTensor, student.outputs[0]],
      });
      const teacherHint = tf.model({
        inputs: teacher.inputs,
        outputs: teacher.getLayer(teacherLayer).output as tf.SymbolicTensor,
      });
      let guided: tf.Tensor | null = null; // set by forward, read by the loss hook in the same tape
      return {
        extraVariables: r.variables,
        forward: (_m, input) => {
          const [features, logits] = studentBoth.apply(input, { training: true }) as tf.Tensor[];
          guided = features;
          return logits;
        },
        lossHook: (ctx) => {
          // the teacher is a constant here: its variables are not among those fit differentiates
          const target = teacherHint.apply(ctx.x, { training: false }) as tf.Tensor;
          return tf.losses.meanSquaredError(target, r.apply(guided!)) as tf.Scalar;
        },
        discard: () => r.dispose(),
      };
    },
  );
  return { history, regressor: regressor! };
}

export interface FitNetsOptions extends Omit<HintOptions, 'epochs'>, Omit<DistillConfig, 'teacher'> {
  /**
   * Optimizer of stage 1 (default: a fresh Adam(1e-3), disposed after). tfjs optimizers keep their
   * state by variable position, so one optimizer must not serve both stages' variable sets.
   */
  hintOptimizer?: tf.Optimizer;
  /** Epochs of stage 1 (hint training). */
  hintEpochs: number;
  /** Epochs of stage 2 (soft-target distillation of the whole student). */
  epochs: number;
}

/**
 * Both FitNets stages: hint training, then soft-target distillation from the same teacher.
 * @example const { hint, kd } = await fitnets(student, x, y, { teacher, studentLayer: 'fc1', teacherLayer: 'fc2', hintEpochs: 1, epochs: 3, temperature: 4 });
 */
export async function fitnets(
  student: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  options: FitNetsOptions,
): Promise<{ hint: History; kd: History }> {
  options = checkOptions('fitnets', options, [
    'hintOptimizer',
    'hintEpochs',
    'epochs',
    'initialEpoch',
    'batchSize',
    'optimizer',
    'seed',
    'shuffle',
    'validationData',
    'batchHook',
    'gradientHook',
    'callbacks',
    'validationBatchSize',
    'gradientSource',
    'teacher',
    'studentLayer',
    'teacherLayer',
    'regressorSeed',
    'temperature',
    'alpha',
    'precompute',
    'teacherLogits',
  ]);
  checkModel('fitnets', 'student', student);
  checkTensor('fitnets', 'x', x, { nonEmpty: false });
  checkTensor('fitnets', 'y', y, { nonEmpty: false });
  let hint: History;
  const {
    hintEpochs,
    epochs,
    temperature,
    alpha,
    precompute,
    teacherLogits,
    regressorSeed,
    studentLayer,
    teacherLayer,
    hintOptimizer,
    ...rest
  } = options;
  checkInt('fitnets', 'hintEpochs', hintEpochs, 1);
  checkInt('fitnets', 'epochs', epochs, 1);
  checkTrainData('fitnets', student, x, y);
  checkTrainOptions('fitnets', { ...rest, epochs } as Record<string, unknown>);
  if (hintOptimizer !== undefined)
    check(hintOptimizer instanceof tf.Optimizer, 'fitnets', 'hintOptimizer', typeof hintOptimizer, 'a tf.Optimizer');
  checkAlpha('fitnets', alpha ?? 0.9);
  for (const [name, value] of [
    ['studentLayer', studentLayer],
    ['teacherLayer', teacherLayer],
  ] as const)
    check(typeof value === 'string' && value.length > 0, 'fitnets', name, value, 'a layer name');
  const optimizer = hintOptimizer ?? tf.train.adam(1e-3);
  try {
    const { regressor, history: hintHistory } = await hintTrain(student, x, y, {
      ...rest,
      optimizer,
      studentLayer,
      teacherLayer,
      regressorSeed,
      epochs: hintEpochs,
    });
    regressor.dispose(); // FitNets discards the regressor after stage 1
    hint = hintHistory;
  } finally {
    if (!hintOptimizer) optimizer.dispose();
  }
  const kd = await distill(student, x, y, { ...rest, temperature, alpha, precompute, teacherLogits, epochs });
  return { hint, kd };
}
