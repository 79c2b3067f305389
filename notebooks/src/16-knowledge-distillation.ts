// %% [markdown]
// # Knowledge distillation
// A big, well-regularised network (the **teacher**) knows more than its top-1 answers: it also says
// that this 2 looks a little like a 7 and not at all like a 4. Hinton, Vinyals & Dean (2015) train a
// small **student** to match the teacher's probabilities softened by a **temperature** T:
//
// loss = α · T² · KL(softmax(z_teacher / T) ‖ softmax(z_student / T)) + (1 − α) · CE(labels, z_student)
//
// On MNIST they report 67 test errors for the teacher, 146 for a 784-800-800-10 student trained
// alone, and 74 for the same student distilled at T = 20; and a student distilled without ever
// seeing a 3 still recognises most 3s. Here we repeat both experiments at notebook size (10,000 training
// digits, a few epochs); `npm run bench:distill` runs the first on all 60,000 (with a CNN teacher:
// see the README).
// %%
import {
  setup, loadMnist, subset, mlp, fit, evaluate, progress, show, showTable, barChart, lineChart, tf,
} from 'tfjs-workbook';
import { distill, teacherLogits, softTargets, fitnets } from 'tfjs-workbook/distill';
import { classBiasCurve } from 'tfjs-workbook/experiments/16-knowledge-distillation';
const backend = await setup({ seed: 16 });
// %% [markdown]
// ## Data
// A seeded random subset of MNIST, images flattened to 784 pixels for the MLPs.
// %%
const TRAIN_SIZE = 10000, TEST_SIZE = 2000, SEED = 16;
const { train, test } = loadMnist({ trainSize: TRAIN_SIZE, testSize: TEST_SIZE, seed: SEED, flat: true });
// %% [markdown]
// ## The teacher
// A wider two-hidden-layer MLP with dropout, trained first. Every model in the workbook ends in
// logits (no softmax), which is what distillation needs; a model ending in softmax is read before it.
// %%
const TEACHER_HIDDEN = [512, 512], STUDENT_HIDDEN = [256, 256], TEACHER_EPOCHS = 5, EPOCHS = 4, BATCH_SIZE = 128;
const teacher = mlp({ hidden: TEACHER_HIDDEN, dropout: 0.2, seed: SEED });
await fit(teacher, train.xs, train.ys, { epochs: TEACHER_EPOCHS, batchSize: BATCH_SIZE, seed: SEED, optimizer: tf.train.adam(1e-3),
  callbacks: [progress({ title: `teacher 784-${TEACHER_HIDDEN.join('-')}-10` })] });
const teacherErrors = evaluate(teacher, test.xs, test.ys).errors!;
// %% [markdown]
// ## What the soft targets look like
// The teacher's probabilities for one training digit at rising temperatures: at T = 1 almost all
// mass sits on one class; as T grows the "dark knowledge" about the other classes becomes visible.
// %%
const zTeacher = teacherLogits(teacher, train.xs); // computed once, reused by every run below
const oneDigit = zTeacher.slice(0, 1);
const classes = Array.from({ length: 10 }, (_, i) => String(i));
const temps = [1, 4, 20];
const probs = temps.map((T) => { const p = softTargets(oneDigit, T); const v = Array.from(p.dataSync()); p.dispose(); return v; });
show(barChart(classes, probs, { groups: temps.map((T) => `T = ${T}`), title: `Teacher's soft targets for a training "${train.labels[0]}"`, xTitle: 'digit', yTitle: 'probability' }));
oneDigit.dispose();
// %% [markdown]
// ## Student alone vs. distilled
// The same smaller student (784-256-256-10, same initial weights, same batches) is trained twice: on
// the labels alone, and with `distill` at T = 4, α = 0.9. `distill` is the workbook's `fit` with a loss
// hook, so progress bars and schedules work as usual. Hinton used T = 20 for a student trained for a
// long time; the sweep below shows what the temperature does in a run this short. With all digits
// and a few epochs the student alone is about as good as this teacher, so the difference here is
// small and can go either way: read the numbers, and see the held-out digit below for what the
// soft targets carry.
// %%
const TEMPERATURE = 4, ALPHA = 0.9, STUDENT_LR = 1e-3;
const trainOpts = () => ({ epochs: EPOCHS, batchSize: BATCH_SIZE, seed: SEED, optimizer: tf.train.adam(STUDENT_LR) });
const alone = mlp({ hidden: STUDENT_HIDDEN, seed: SEED + 1 });
await fit(alone, train.xs, train.ys, trainOpts());
const studentErrors = evaluate(alone, test.xs, test.ys).errors!;
const student = mlp({ hidden: STUDENT_HIDDEN, seed: SEED + 1 });
await distill(student, train.xs, train.ys, { ...trainOpts(), teacher: teacher, teacherLogits: zTeacher, temperature: TEMPERATURE, alpha: ALPHA,
  callbacks: [progress({ title: `student distilled at T = ${TEMPERATURE}` })] });
const distilledErrors = evaluate(student, test.xs, test.ys).errors!;
show(barChart(['teacher', 'student alone', `student distilled (T=${TEMPERATURE})`], [teacherErrors, studentErrors, distilledErrors],
  { title: `Test errors on ${TEST_SIZE} digits (lower is better)`, yTitle: 'test errors', text: true }));
// %% [markdown]
// ## Temperature sweep
// The same distillation at several temperatures (T = 1 matches the teacher's sharp probabilities;
// high T matches its logits, i.e. its full ranking of wrong answers, which is harder to fit in a few
// epochs). The dashed lines are the teacher and the student alone.
// %%
const SWEEP = [1, 2, 4, 8, 20];
const sweepErrors: number[] = [];
for (const T of SWEEP) {
  if (T === TEMPERATURE) { sweepErrors.push(distilledErrors); continue; } // trained above
  const s = mlp({ hidden: STUDENT_HIDDEN, seed: SEED + 1 });
  await distill(s, train.xs, train.ys, { ...trainOpts(), teacher: teacher, teacherLogits: zTeacher, temperature: T, alpha: ALPHA });
  sweepErrors.push(evaluate(s, test.xs, test.ys).errors!);
  s.dispose();
}
show(lineChart([
  { name: 'distilled student', x: SWEEP, y: sweepErrors },
  { name: 'teacher', x: SWEEP, y: SWEEP.map(() => teacherErrors), dash: 'dash' },
  { name: 'student alone', x: SWEEP, y: SWEEP.map(() => studentErrors), dash: 'dash' },
], { title: `Distilled student's test errors vs. temperature (α = ${ALPHA})`, xTitle: 'temperature T', yTitle: 'test errors', logX: true }));
// %% [markdown]
// ## A digit the student never saw
// Hinton et al.'s sharpest demonstration of what soft targets carry (their §3): take every 3 out of
// the student's training set. A student trained on the labels alone can never answer "3". The
// distilled student never sees a 3 either, but it sees the teacher's opinion of the other digits,
// and some 5s and 8s are "a little like a 3": from those hints alone it builds a 3 detector. Its
// 3 output stays too timid (no training example ever had 3 as the answer), so we also add a bias b to
// the 3 logit and watch how many test 3s come back, and what that costs on the other digits.
// %%
const noThrees = subset(train, (label) => label !== 3); // the teacher is the one above, trained on all digits
const aloneNo3 = mlp({ hidden: STUDENT_HIDDEN, seed: SEED + 1 });
await fit(aloneNo3, noThrees.xs, noThrees.ys, trainOpts());
const distilledNo3 = mlp({ hidden: STUDENT_HIDDEN, seed: SEED + 1 });
await distill(distilledNo3, noThrees.xs, noThrees.ys, { ...trainOpts(), teacher: teacher, temperature: TEMPERATURE, alpha: ALPHA,
  callbacks: [progress({ title: `student without 3s, distilled at T = ${TEMPERATURE}` })] });
const BIASES = [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 5, 6];
const curveAlone = classBiasCurve(aloneNo3, test.xs, test.labels, { classIndex: 3, biases: BIASES });
const curveDistilled = classBiasCurve(distilledNo3, test.xs, test.labels, { classIndex: 3, biases: BIASES });
show(lineChart([
  { name: 'distilled without 3s', x: BIASES, y: curveDistilled.map((p) => 100 * p.recall) },
  { name: 'trained alone without 3s', x: BIASES, y: curveAlone.map((p) => 100 * p.recall) },
], { title: `Test 3s recognised by students that never saw a 3`, xTitle: 'bias b added to the 3 logit', yTitle: '% of test 3s' }));
show(lineChart([
  { name: 'distilled without 3s', x: BIASES, y: curveDistilled.map((p) => p.errors) },
  { name: 'trained alone without 3s', x: BIASES, y: curveAlone.map((p) => p.errors) },
  { name: 'student alone, all digits', x: BIASES, y: BIASES.map(() => studentErrors), dash: 'dash' },
], { title: `All test errors (${TEST_SIZE} digits) as the 3 bias rises`, xTitle: 'bias b added to the 3 logit', yTitle: 'test errors' }));
// %% [markdown]
// ## Hint distillation (FitNets)
// FitNets first teaches the student's *middle*: a small regressor maps the student's hidden layer
// (`fc1`, 256 units) to the teacher's (`fc1`, 512 units) and the two are trained to match by squared
// error; then ordinary distillation trains the whole student. We compare it with plain distillation
// from the same start.
// %%
const hinted = mlp({ hidden: STUDENT_HIDDEN, seed: SEED + 1 });
const HINT_EPOCHS = 2;
const { hint } = await fitnets(hinted, train.xs, train.ys, { ...trainOpts(), teacher: teacher, teacherLogits: zTeacher, studentLayer: 'fc1', teacherLayer: 'fc1',
  hintEpochs: HINT_EPOCHS, temperature: TEMPERATURE, alpha: ALPHA });
const hintedErrors = evaluate(hinted, test.xs, test.ys).errors!;
showTable([
  { student: 'alone (labels only)', 'test errors': studentErrors },
  { student: `distilled, T = ${TEMPERATURE}`, 'test errors': distilledErrors },
  { student: `FitNets: ${HINT_EPOCHS} hint epochs (MSE ${hint.history.loss[0].toFixed(3)} → ${hint.history.loss[HINT_EPOCHS - 1].toFixed(3)}), then distilled`, 'test errors': hintedErrors },
], `784-${STUDENT_HIDDEN.join('-')}-10 students on ${TEST_SIZE} test digits`);
// %% [markdown]
// ## What we measured
// %%
const gapClosed = (studentErrors - distilledErrors) / (studentErrors - teacherErrors);
const best = SWEEP[sweepErrors.indexOf(Math.min(...sweepErrors))];
const atT20 = sweepErrors[SWEEP.indexOf(20)];
console.log(`On ${TRAIN_SIZE} training digits, the 784-${TEACHER_HIDDEN.join('-')}-10 teacher made ${teacherErrors} errors on ${TEST_SIZE} test digits, ` +
  `the 784-${STUDENT_HIDDEN.join('-')}-10 student alone ${studentErrors}, and the same student distilled at T = ${TEMPERATURE} ${distilledErrors}` +
  (studentErrors > teacherErrors ? ` (${gapClosed >= 0 ? 'closing' : 'widening'} ${Math.abs(100 * gapClosed).toFixed(0)}% of the gap)` : '') +
  `; at Hinton's T = 20 it made ${atT20}, the best temperature in the sweep was T = ${best} (${Math.min(...sweepErrors)} errors), and FitNets hints gave ${hintedErrors}. ` +
  `Hinton et al. report 67 / 146 / 74 errors on 10,000 digits (teacher / 784-800-800-10 student alone / distilled at T = 20), closing ${(100 * (146 - 74) / (146 - 67)).toFixed(0)}% of the gap ` +
  `after long training, where the student alone overfits and the soft targets regularise it.`);
const bestBias = curveDistilled.reduce((a, b) => (b.errors < a.errors ? b : a));
console.log(`Without a single 3 in its training set, the distilled student recognised ${(100 * curveDistilled[0].recall).toFixed(0)}% of the ` +
  `${test.labels.filter((l) => l === 3).length} test 3s (the student trained alone: ${(100 * curveAlone[0].recall).toFixed(0)}%), with ${curveDistilled[0].errors} errors in all ` +
  `against ${curveAlone[0].errors}; raising its 3 bias by ${bestBias.bias} brought ${(100 * bestBias.recall).toFixed(0)}% of the 3s back at ${bestBias.errors} errors in all ` +
  `(the student trained on every digit: ${studentErrors}). Hinton et al. report 98.6% of the 3s after the bias correction.`);
[teacher, alone, student, hinted, aloneNo3, distilledNo3].forEach((m) => m.dispose());
zTeacher.dispose(); noThrees.dispose(); train.dispose(); test.dispose();
