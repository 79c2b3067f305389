// %% [markdown]
// # Learning-rate schedules
// The learning rate is the most important knob of gradient descent: too high and training
// diverges, too low and it crawls. A *schedule* changes it while training runs — usually high
// early (fast progress), low late (settle into a minimum). Here we draw the common schedules, then
// train the same model under four of them and compare.
// %%
import {
  setup, loadMnist, mlp, fit, evaluate, show, showTable, lineChart, tf, lrScheduler, reduceLROnPlateau, Schedule,
} from 'tfjs-workbook';
import {
  constantLr, stepDecay, exponentialDecay, cosineAnnealing, cosineWarmRestarts, withWarmup, oneCycle,
  slantedTriangular, scheduleCurve,
} from 'tfjs-workbook/train';
const backend = await setup({ seed: 2 });
// %% [markdown]
// ## The schedules as curves
// A schedule here is a pure function from the step (a batch index) to a learning rate, so we can
// plot it before training. Warmup (a linear ramp from 0) composes with any schedule; one-cycle
// (Smith; fastai's `fit_one_cycle`) and slanted triangular (ULMFiT) rise first, then fall.
// %%
const TRAIN_SIZE = 2000, BATCH_SIZE = 50, EPOCHS = 4, PEAK_LR = 0.1;
const STEPS = EPOCHS * Math.ceil(TRAIN_SIZE / BATCH_SIZE);
const schedules: Record<string, Schedule> = {
  'constant': constantLr(PEAK_LR),
  'step decay (×0.3 per epoch)': stepDecay({ initialLr: PEAK_LR, stepSize: STEPS / EPOCHS, factor: 0.3 }),
  'exponential': exponentialDecay({ initialLr: PEAK_LR, decayRate: 0.98 }),
  'cosine + warmup': withWarmup(cosineAnnealing({ initialLr: PEAK_LR, totalSteps: STEPS - 16 }), { warmupSteps: 16 }),
  'cosine warm restarts': cosineWarmRestarts({ initialLr: PEAK_LR, firstPeriod: 20, periodMultiplier: 2 }),
  'one-cycle': oneCycle({ maxLr: PEAK_LR, totalSteps: STEPS }),
  'slanted triangular': slantedTriangular({ maxLr: PEAK_LR, totalSteps: STEPS }),
};
show(lineChart(Object.entries(schedules).map(([name, s]) => scheduleCurve(s, STEPS, name)),
  { title: `Learning rate per batch (${STEPS} batches = ${EPOCHS} epochs)`, xTitle: 'batch', yTitle: 'learning rate' }));
// %% [markdown]
// ## Their effect on training
// The same MLP, the same data order and SGD with momentum; only the schedule differs. The
// `lrScheduler` callback sets the optimizer's rate before every batch (it works with every
// `tf.train` optimizer). We also try `reduceLROnPlateau`, which needs no plan: it cuts the rate when
// the validation loss stops improving.
// %%
const { train, test } = loadMnist({ trainSize: TRAIN_SIZE, testSize: 1000, seed: 2, flat: true });
const compared = ['constant', 'step decay (×0.3 per epoch)', 'cosine + warmup', 'one-cycle'];
const runs: { name: string; loss: number[]; valLoss: number[]; testAcc: number }[] = [];
for (const name of [...compared, 'reduce on plateau']) {
  const model = mlp({ hidden: [128], seed: 2 });
  const callback = name === 'reduce on plateau' ? reduceLROnPlateau({ factor: 0.3, patience: 0 }) : lrScheduler(schedules[name]);
  const h = await fit(model, train.xs, train.ys, {
    epochs: EPOCHS, batchSize: BATCH_SIZE, optimizer: tf.train.momentum(PEAK_LR, 0.9), seed: 2,
    validationData: [test.xs, test.ys], callbacks: [callback],
  });
  runs.push({ name, loss: h.history.loss, valLoss: h.history.val_loss, testAcc: evaluate(model, test.xs, test.ys).accuracy! });
  model.dispose();
}
show(lineChart(runs.map((r) => ({ name: r.name, x: r.valLoss.map((_, i) => i + 1), y: r.valLoss })),
  { title: 'Validation loss per epoch', xTitle: 'epoch', yTitle: 'cross-entropy' }));
showTable(runs.map((r) => ({ schedule: r.name, 'final train loss': r.loss[EPOCHS - 1], 'final val loss': r.valLoss[EPOCHS - 1], 'test accuracy': r.testAcc })));
// %% [markdown]
// ## What we measured
// %%
const ranked = [...runs].sort((a, b) => b.testAcc - a.testAcc);
const constant = runs.find((r) => r.name === 'constant')!;
console.log(`On ${backend.name}, after ${EPOCHS} epochs on ${TRAIN_SIZE} digits, "${ranked[0].name}" reached the best test accuracy ` +
  `(${(ranked[0].testAcc * 100).toFixed(1)}%, final val loss ${ranked[0].valLoss[EPOCHS - 1].toFixed(3)}) and "${ranked[ranked.length - 1].name}" the worst ` +
  `(${(ranked[ranked.length - 1].testAcc * 100).toFixed(1)}%); a constant rate of ${PEAK_LR} ended at ${(constant.testAcc * 100).toFixed(1)}%.`);
train.dispose(); test.dispose();
