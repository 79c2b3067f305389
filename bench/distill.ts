/**
 * Hinton, Vinyals & Dean (2015) on MNIST, shortened to fit 30 minutes on 2 CPU cores: a teacher,
 * the 784-800-800-10 student trained alone, and the same student (same initial weights, same
 * batches) distilled from the teacher at temperature T. Hinton's long runs gave 67 / 146 / 74 test
 * errors with a 784-1200-1200-10 teacher; here the teacher is the reference CNN (3 epochs of Adam)
 * or that MLP (--teacher mlp, 8 epochs), and each student gets 6 (about 9 minutes on 2 cores).
 *
 *   npm run bench:distill                       # full 60k / 10k
 *   node dist/bench/distill.js --teacher mlp    # Hinton's teacher architecture
 *   node dist/bench/distill.js --train-size 5000 --teacher-epochs 2 --epochs 2   # a quick look
 *   node dist/bench/distill.js --teacher mlp --teacher-hidden 512,512 --student-hidden 128   # smaller nets
 *   node dist/bench/distill.js --seed 2         # another draw of initial weights and batches
 *
 * Last line: {"teacher_errors", "student_errors", "distilled_errors", "test_size", "epochs", "temperature", ...}
 */
import * as tf from '@tensorflow/tfjs';
import { setup, loadMnist, mlp, referenceCnn, fit, evaluate, progress } from '../src/lib';
import { distill, teacherLogits } from '../src/lib/distill';

/** The value after --name on the command line, or undefined. */
function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const sizes = (name: string, fallback: number[]) => option(name)?.split(',').map(Number) ?? fallback;
const arg = (name: string, fallback: number) => Number(option(name) ?? fallback);

/**
 * --teacher cnn (default): the reference CNN (conv5×5·32, conv3×3·64, dense 128), clearly better than
 * the student in a few epochs; --teacher mlp: Hinton's 784-1200-1200-10 (--teacher-hidden), which in
 * this short run is no better than the student (see the README).
 */
const TEACHER = option('teacher') ?? 'cnn';
if (TEACHER !== 'cnn' && TEACHER !== 'mlp') throw new Error(`--teacher: expected cnn or mlp, got ${TEACHER}`);
const TEACHER_CNN = TEACHER === 'cnn';
const TEACHER_HIDDEN = sizes('teacher-hidden', [1200, 1200]);
const TEACHER_DROPOUT = 0.2; // Hinton used 0.5 (and input dropout) over a long run; 0.2 converges in the few epochs we can afford
const STUDENT_HIDDEN = sizes('student-hidden', [800, 800]);
const BATCH_SIZE = 128;
const LEARNING_RATE = 1e-3;

const SEED = arg('seed', 1);
const TRAIN_SIZE = arg('train-size', 60000);
const TEACHER_EPOCHS = arg('teacher-epochs', TEACHER_CNN ? 3 : 8);
const EPOCHS = arg('epochs', 6);
const TEMPERATURE = arg('temperature', 4); // Hinton used 20 over long runs; 4 distils faster in a few epochs
const ALPHA = arg('alpha', 0.9);

async function main(): Promise<void> {
  const backend = await setup({ seed: SEED });
  const started = Date.now();
  // images stay [N, 28, 28, 1]: the MLPs flatten them, the CNN teacher needs them as images
  const { train, test } = loadMnist({ seed: SEED, ...(TRAIN_SIZE < 60000 ? { trainSize: TRAIN_SIZE } : {}) });
  const inputShape = [28, 28, 1];
  const opts = (epochs: number, title: string) => ({
    epochs,
    batchSize: BATCH_SIZE,
    seed: SEED,
    optimizer: tf.train.adam(LEARNING_RATE),
    callbacks: [progress({ title })],
  });

  const teacher = TEACHER_CNN
    ? referenceCnn({ seed: SEED })
    : mlp({ inputShape, hidden: TEACHER_HIDDEN, dropout: TEACHER_DROPOUT, seed: SEED });
  const teacherName = TEACHER_CNN ? 'reference CNN' : `784-${TEACHER_HIDDEN.join('-')}-10`;
  await fit(teacher, train.xs, train.ys, opts(TEACHER_EPOCHS, 'teacher'));
  const teacherErrors = evaluate(teacher, test.xs, test.ys).errors!;
  console.log(`teacher ${teacherName}: ${teacherErrors} test errors`);

  const alone = mlp({ inputShape, hidden: STUDENT_HIDDEN, seed: SEED + 1 });
  await fit(alone, train.xs, train.ys, opts(EPOCHS, 'student alone'));
  const studentErrors = evaluate(alone, test.xs, test.ys).errors!;
  console.log(`student ${STUDENT_HIDDEN.join('-')} alone: ${studentErrors} test errors`);

  const zT = teacherLogits(teacher, train.xs); // the teacher runs once, not every epoch
  const student = mlp({ inputShape, hidden: STUDENT_HIDDEN, seed: SEED + 1 }); // same initial weights as `alone`
  await distill(student, train.xs, train.ys, {
    ...opts(EPOCHS, `distilled T=${TEMPERATURE}`),
    teacher,
    teacherLogits: zT,
    temperature: TEMPERATURE,
    alpha: ALPHA,
  });
  const distilledErrors = evaluate(student, test.xs, test.ys).errors!;
  console.log(`student distilled at T=${TEMPERATURE}, alpha=${ALPHA}: ${distilledErrors} test errors`);

  const gap = studentErrors - teacherErrors;
  const result = {
    teacher_errors: teacherErrors,
    student_errors: studentErrors,
    distilled_errors: distilledErrors,
    test_size: test.xs.shape[0],
    teacher: teacherName,
    student: `784-${STUDENT_HIDDEN.join('-')}-10`,
    train_size: train.xs.shape[0],
    epochs: EPOCHS,
    teacher_epochs: TEACHER_EPOCHS,
    seed: SEED,
    temperature: TEMPERATURE,
    alpha: ALPHA,
    gap_closed: gap > 0 ? Number(((studentErrors - distilledErrors) / gap).toFixed(3)) : null,
    backend: backend.name,
    seconds: Math.round((Date.now() - started) / 1000),
  };
  tf.dispose(zT);
  [teacher, alone, student].forEach((m) => m.dispose());
  train.dispose();
  test.dispose();
  console.log(JSON.stringify(result));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
