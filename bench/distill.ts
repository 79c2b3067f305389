/**
 * Hinton, Vinyals & Dean (2015) on MNIST, shortened to fit 30 minutes on 2 CPU cores:
 * a big teacher (784-1200-1200-10, dropout), the 784-800-800-10 student trained alone, and the same
 * student (same initial weights, same batches) distilled from the teacher at temperature T.
 * Hinton's long runs gave 67 / 146 / 74 test errors; here the teacher gets 8 epochs of Adam and each
 * student 6 (about 11 minutes on this 2-core machine).
 *
 *   npm run bench:distill                       # full 60k / 10k
 *   node dist/bench/distill.js --train-size 5000 --teacher-epochs 2 --epochs 2   # a quick look
 *   node dist/bench/distill.js --teacher-hidden 512,512 --student-hidden 128 --temperature 4   # smaller nets
 *
 * Last line: {"teacher_errors", "student_errors", "distilled_errors", "test_size", "epochs", "temperature", ...}
 */
import * as tf from '@tensorflow/tfjs';
import { setup, loadMnist, mlp, fit, evaluate, distill, teacherLogits, progress } from '../src/lib';

const SEED = 1;
function sizes(name: string, fallback: number[]): number[] {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1].split(',').map(Number) : fallback;
}

const TEACHER_HIDDEN = sizes('teacher-hidden', [1200, 1200]);
const TEACHER_DROPOUT = 0.2; // Hinton used 0.5 (and input dropout) over a long run; 0.2 converges in the few epochs we can afford
const STUDENT_HIDDEN = sizes('student-hidden', [800, 800]);
const BATCH_SIZE = 128;
const LEARNING_RATE = 1e-3;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const TRAIN_SIZE = arg('train-size', 60000);
const TEACHER_EPOCHS = arg('teacher-epochs', 8);
const EPOCHS = arg('epochs', 6);
const TEMPERATURE = arg('temperature', 4); // Hinton used 20 over long runs; 4 distils faster in a few epochs
const ALPHA = arg('alpha', 0.9);

async function main(): Promise<void> {
  const backend = await setup({ seed: SEED });
  const started = Date.now();
  const { train, test } = loadMnist({ flat: true, seed: SEED, ...(TRAIN_SIZE < 60000 ? { trainSize: TRAIN_SIZE } : {}) });
  const opts = (epochs: number, title: string) => ({ epochs, batchSize: BATCH_SIZE, seed: SEED, optimizer: tf.train.adam(LEARNING_RATE), callbacks: [progress({ title })] });

  const teacher = mlp({ hidden: TEACHER_HIDDEN, dropout: TEACHER_DROPOUT, seed: SEED });
  await fit(teacher, train.xs, train.ys, opts(TEACHER_EPOCHS, 'teacher'));
  const teacherErrors = evaluate(teacher, test.xs, test.ys).errors!;
  console.log(`teacher ${TEACHER_HIDDEN.join('-')} dropout ${TEACHER_DROPOUT}: ${teacherErrors} test errors`);

  const alone = mlp({ hidden: STUDENT_HIDDEN, seed: SEED + 1 });
  await fit(alone, train.xs, train.ys, opts(EPOCHS, 'student alone'));
  const studentErrors = evaluate(alone, test.xs, test.ys).errors!;
  console.log(`student ${STUDENT_HIDDEN.join('-')} alone: ${studentErrors} test errors`);

  const zT = teacherLogits(teacher, train.xs); // the teacher runs once, not every epoch
  const student = mlp({ hidden: STUDENT_HIDDEN, seed: SEED + 1 }); // same initial weights as `alone`
  await distill(student, train.xs, train.ys, { ...opts(EPOCHS, `distilled T=${TEMPERATURE}`), teacher, teacherLogits: zT, temperature: TEMPERATURE, alpha: ALPHA });
  const distilledErrors = evaluate(student, test.xs, test.ys).errors!;
  console.log(`student distilled at T=${TEMPERATURE}, alpha=${ALPHA}: ${distilledErrors} test errors`);

  const gap = studentErrors - teacherErrors;
  const result = {
    teacher_errors: teacherErrors,
    student_errors: studentErrors,
    distilled_errors: distilledErrors,
    test_size: test.xs.shape[0],
    teacher: `784-${TEACHER_HIDDEN.join('-')}-10`,
    student: `784-${STUDENT_HIDDEN.join('-')}-10`,
    train_size: train.xs.shape[0],
    epochs: EPOCHS,
    teacher_epochs: TEACHER_EPOCHS,
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
