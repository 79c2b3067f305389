/**
 * Hinton, Vinyals & Dean (2015, §3): a student distilled on a transfer set with every example of
 * one class left out still learns that class, from the teacher's soft targets for the other
 * examples ("this 8 looks a little like a 3"). Its bias for the class ends too low, since it never
 * saw the class win; raising that one logit by b brings most of the class back. classBiasCurve
 * measures that trade-off: for each b, test errors overall and the share of the class recognised.
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt } from '../lib/errors';
import { LabelInput, toLabels } from '../lib/eval';
import { teacherLogits, distill } from '../lib/distill';
import { fit, evaluate } from '../lib';

export interface ClassBiasPoint {
  /** Added to the class's logit. */
  bias: number;
  /** Misclassified examples overall. */
  errors: number;
  /** Examples of the class predicted as the class, over all examples of the class (0 when there are none). */
  recall: number;
}

/**
 * Errors and recall of class `classIndex` when `bias` is added to that class's logit, per bias.
 * y: [N] labels or [N, K] one-hot rows for x. A model ending in softmax is read before its softmax.
 * @example classBiasCurve(student, test.xs, test.ys, { classIndex: 3, biases: [0, 1, 2, 3] })
 */
export function classBiasCurve(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: LabelInput,
  options: { classIndex: number; biases: number[] },
): ClassBiasPoint[] {
  const { classIndex, biases } = options;
  check(
    Array.isArray(biases) && biases.length > 0,
    'classBiasCurve',
    'biases',
    biases,
    'a non-empty array of finite numbers',
  );
  biases.forEach((b, i) => check(Number.isFinite(b), 'classBiasCurve', `biases[${i}]`, b, 'a finite number'));
  const labels = toLabels(y, 'classBiasCurve', 'y');
  check(
    x instanceof tf.Tensor && x.shape[0] === labels.length,
    'classBiasCurve',
    'y rows',
    labels.length,
    `as many as x has (${x?.shape?.[0]})`,
  );
  const logits = teacherLogits(model, x);
  const k = logits.shape[1]!;
  try {
    checkInt('classBiasCurve', 'classIndex', classIndex, 0, k - 1);
    labels.forEach((v, i) =>
      check(v < k, 'classBiasCurve', `y[${i}]`, v, `a class in [0, ${k - 1}] (the model has ${k} outputs)`),
    );
    const members = labels.reduce((s, v) => s + (v === classIndex ? 1 : 0), 0);
    const z = logits.dataSync(); // read once; each bias is then one pass over the rows
    return biases.map((bias) => {
      let errors = 0,
        found = 0;
      for (let i = 0; i < labels.length; i++) {
        // argmax of the row with `bias` added to the class's logit (float32, first maximum wins, as tf.argMax)
        let best = 0,
          top = -Infinity;
        for (let j = 0; j < k; j++) {
          const v = j === classIndex ? Math.fround(z[i * k + j] + bias) : z[i * k + j];
          if (v > top) [best, top] = [j, v];
        }
        if (best !== labels[i]) errors++;
        else if (labels[i] === classIndex) found++;
      }
      return { bias, errors, recall: members ? found / members : 0 };
    });
  } finally {
    logits.dispose();
  }
}

export interface TransferRun {
  seed: number;
  /** Student trained on the labelled digits alone. */
  aloneErrors: number;
  /** The same student distilled on the transfer set (teacher's soft targets only, α = 1). */
  distilledErrors: number;
}

/**
 * Few labels, many unlabelled examples: per seed, a student trained on the `labelled` rows alone
 * (for as many example-steps as the distilled one gets) against the same student distilled on every
 * row of `transferX` from the teacher's logits `zTeacher`, labels never used (α = 1).
 */
export async function fewLabelsTransfer(
  build: (seed: number) => tf.LayersModel,
  teacher: tf.LayersModel,
  labelled: { xs: tf.Tensor; ys: tf.Tensor },
  transferX: tf.Tensor,
  zTeacher: tf.Tensor,
  test: { xs: tf.Tensor; ys: tf.Tensor },
  options: { seeds: number[]; epochs: number; temperature: number; batchSize: number; learningRate: number },
): Promise<TransferRun[]> {
  const runs: TransferRun[] = [];
  const aloneEpochs = options.epochs * Math.round(transferX.shape[0] / labelled.xs.shape[0]); // same number of examples seen
  for (const seed of options.seeds) {
    const alone = build(seed);
    const optimizers = [tf.train.adam(options.learningRate), tf.train.adam(options.learningRate)];
    await fit(alone, labelled.xs, labelled.ys, {
      epochs: aloneEpochs,
      batchSize: options.batchSize,
      seed,
      optimizer: optimizers[0],
    });
    const student = build(seed);
    // α = 1: only the soft targets are used, so the transfer set's labels (zTeacher's argmax stands in) are never read.
    const pseudo = tf.tidy(() => tf.oneHot(tf.argMax(zTeacher, 1), zTeacher.shape[1]!).toFloat());
    await distill(student, transferX, pseudo, {
      teacher,
      teacherLogits: zTeacher,
      temperature: options.temperature,
      alpha: 1,
      epochs: options.epochs,
      batchSize: options.batchSize,
      seed,
      optimizer: optimizers[1],
    });
    runs.push({
      seed,
      aloneErrors: evaluate(alone, test.xs, test.ys).errors!,
      distilledErrors: evaluate(student, test.xs, test.ys).errors!,
    });
    alone.dispose();
    student.dispose();
    pseudo.dispose();
    optimizers.forEach((o) => o.dispose());
  }
  return runs;
}
