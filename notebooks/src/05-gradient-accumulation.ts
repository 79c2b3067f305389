// %% [markdown]
// # Gradient accumulation and clipping
// A large batch gives a smoother gradient but needs memory for all its examples at once.
// *Gradient accumulation* (PyTorch Lightning's `accumulate_grad_batches`) gets the same update
// from k small micro-batches: add their gradients, apply the mean once. *Gradient clipping* bounds
// the size of an update — by the norm of all gradients together, or by value — so one bad batch
// cannot throw training off. Both are gradient hooks of `fit`, and they compose.
// %%
import { claim, showClaims, setup, loadMnist, mlp, fit, evaluate, show, showTable, lineChart, tf } from 'tfjs-workbook';
import { accumulateGradients, clipByGlobalNorm, composeGradientHooks, gradientNormRecorder } from 'tfjs-workbook/train';
const backend = await setup({ seed: 5 });
// %% [markdown]
// ## Same update, checked
// One SGD step on 64 examples as one batch, against 8 micro-batches of 8 with accumulation.
// `fit`'s loss is a mean over each micro-batch, so the accumulator averages (not sums) the k
// gradients. The weights after the step should agree to float precision.
// %%
const { train, test } = loadMnist({ trainSize: 2000, testSize: 1000, seed: 5, flat: true });
const first64 = { xs: train.xs.slice(0, 64), ys: train.ys.slice(0, 64) };
const oneBatch = mlp({ hidden: [64], seed: 5 }),
  micro = mlp({ hidden: [64], seed: 5 });
await fit(oneBatch, first64.xs, first64.ys, { epochs: 1, batchSize: 64, optimizer: tf.train.sgd(0.1), shuffle: false });
await fit(micro, first64.xs, first64.ys, {
  epochs: 1,
  batchSize: 8,
  optimizer: tf.train.sgd(0.1),
  shuffle: false,
  gradientHook: accumulateGradients(8),
});
const stepDiff = tf.tidy(() =>
  Math.max(...micro.getWeights().map((w, i) => tf.max(tf.abs(tf.sub(w, oneBatch.getWeights()[i]))).dataSync()[0])),
);
console.log(`max |w(8 micro-batches of 8) − w(one batch of 64)| = ${stepDiff.toExponential(2)}`);
// %% [markdown]
// ## Training with a large effective batch
// Three runs of 4 epochs: batch 8, batch 8 accumulated 8 times (effective 64), and batch 64.
// The accumulated run should follow the batch-64 run, not the batch-8 one.
// %%
const EPOCHS = 4;
const configs = [
  { name: 'batch 8', batchSize: 8, k: 1 },
  { name: 'batch 8 × accumulate 8', batchSize: 8, k: 8 },
  { name: 'batch 64', batchSize: 64, k: 1 },
];
const acc: { name: string; loss: number[]; testAcc: number; seconds: number }[] = [];
for (const c of configs) {
  const model = mlp({ hidden: [64], seed: 5 });
  const h = await fit(model, train.xs, train.ys, {
    epochs: EPOCHS,
    batchSize: c.batchSize,
    optimizer: tf.train.sgd(0.05),
    seed: 5,
    gradientHook: c.k > 1 ? accumulateGradients(c.k) : undefined,
  });
  acc.push({
    name: c.name,
    loss: h.history.loss,
    testAcc: evaluate(model, test.xs, test.ys).accuracy!,
    seconds: h.history.seconds.reduce((a, b) => a + b, 0),
  });
  model.dispose();
}
show(
  lineChart(
    acc.map((r) => ({
      name: r.name,
      x: r.loss.map((_, i) => i + 1),
      y: r.loss,
      dash: r.name.includes('accumulate') ? 'dash' : 'solid',
    })),
    { title: 'Training loss per epoch (SGD, lr 0.05)', xTitle: 'epoch', yTitle: 'cross-entropy' },
  ),
);
showTable(
  acc.map((r) => ({ run: r.name, 'final loss': r.loss[EPOCHS - 1], 'test accuracy': r.testAcc, seconds: r.seconds })),
);
// %% [markdown]
// ## Clipping a too-large learning rate
// SGD at a rate of 0.8 is unstable for this model: some updates are huge. Clipping the global
// gradient norm at 1 keeps each update bounded. `gradientNormRecorder` records the norm of every
// step before clipping, so we see what the clip acted on.
// %%
const CLIP = 1,
  BIG_LR = 0.8;
const clipRuns: { name: string; loss: number[]; norms: number[]; testAcc: number }[] = [];
for (const clip of [false, true]) {
  const model = mlp({ hidden: [64], seed: 5 });
  const recorder = gradientNormRecorder();
  const hook = clip ? composeGradientHooks(recorder, clipByGlobalNorm(CLIP)) : recorder;
  const h = await fit(model, train.xs, train.ys, {
    epochs: 2,
    batchSize: 16,
    optimizer: tf.train.sgd(BIG_LR),
    seed: 5,
    gradientHook: hook,
  });
  clipRuns.push({
    name: clip ? `clip global norm at ${CLIP}` : 'no clipping',
    loss: h.history.loss,
    norms: recorder.norms,
    testAcc: evaluate(model, test.xs, test.ys).accuracy!,
  });
  model.dispose();
}
show(
  lineChart(
    clipRuns.map((r) => ({ name: r.name, y: r.norms })),
    { title: `Gradient norm per step (SGD, lr ${BIG_LR})`, xTitle: 'step', yTitle: 'global gradient norm', logY: true },
  ),
);
// %% [markdown]
// ## What we measured
// %%
const [b8, b8x8, b64] = acc;
const [raw, clipped] = clipRuns;
console.log(
  `One accumulated step (8 × 8) matched one batch of 64 to ${stepDiff.toExponential(1)} per weight. Over ${EPOCHS} epochs the accumulated run ended at loss ` +
    `${b8x8.loss[EPOCHS - 1].toFixed(4)} (test ${(b8x8.testAcc * 100).toFixed(1)}%), against ${b64.loss[EPOCHS - 1].toFixed(4)} (${(b64.testAcc * 100).toFixed(1)}%) for batch 64 ` +
    `and ${b8.loss[EPOCHS - 1].toFixed(4)} (${(b8.testAcc * 100).toFixed(1)}%) for batch 8. At lr ${BIG_LR}, clipping the gradient norm at ${CLIP} gave test accuracy ` +
    `${(clipped.testAcc * 100).toFixed(1)}% versus ${(raw.testAcc * 100).toFixed(1)}% without (largest norm seen without clipping: ${Math.max(...raw.norms).toFixed(1)}; ${backend.name}).`,
);
claim({
  id: 'accumulation-equals-big-batch',
  text: `8 micro-batches of 8 with accumulation train like batch 64: the same final training loss after ${EPOCHS} epochs`,
  measured: b8x8.loss[EPOCHS - 1],
  expected: '≈',
  against: b64.loss[EPOCHS - 1],
  tolerance: 1e-3,
});
claim({
  id: 'one-step-matches',
  text: 'one accumulated step (8 × 8) gives the weights of one step on a batch of 64 (max difference below 1e-5)',
  measured: stepDiff,
  expected: '<',
  against: 1e-5,
});
claim({
  id: 'clipping-rescues-high-lr',
  text: `at lr ${BIG_LR}, clipping the gradient norm at ${CLIP} gives a higher test accuracy than no clipping`,
  measured: clipped.testAcc * 100,
  expected: '>',
  against: raw.testAcc * 100,
  unit: '%',
});
showClaims();
[oneBatch, micro].forEach((m) => m.dispose());
tf.dispose([first64.xs, first64.ys]);
train.dispose();
test.dispose();
