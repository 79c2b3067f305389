// %% [markdown]
// # Learning-rate schedules
// The learning rate is the most important knob of gradient descent: too high and training
// diverges, too low and it crawls. A *schedule* changes it while training runs — usually high
// early (fast progress), low late (settle into a minimum). Here we draw the common schedules, then
// train the same model under five of them, three seeds each, at a rate high enough for the choice to matter.
// %%
import {
  setup,
  loadMnist,
  mlp,
  fit,
  evaluate,
  show,
  showTable,
  lineChart,
  tf,
  lrScheduler,
  reduceLROnPlateau,
  Schedule,
  Callback,
  claim,
  showClaims,
} from 'tfjs-workbook';
import {
  constantLr,
  stepDecay,
  exponentialDecay,
  cosineAnnealing,
  cosineWarmRestarts,
  withWarmup,
  oneCycle,
  slantedTriangular,
  scheduleCurve,
} from 'tfjs-workbook/train';
import {
  compare,
  summariseSchedules,
  scheduleAccuracyFigure,
  scheduleLossFigure,
} from 'tfjs-workbook/experiments/02-lr-schedules';
const backend = await setup({ seed: 2 });
// %% [markdown]
// ## The schedules as curves
// A schedule here is a pure function from the step (a batch index) to a learning rate, so we can
// plot it before training. Warmup (a linear ramp from 0) composes with any schedule; one-cycle
// (Smith; fastai's `fit_one_cycle`) and slanted triangular (ULMFiT) rise first, then fall.
// %%
const TRAIN_SIZE = 2000,
  TEST_SIZE = 2000,
  BATCH_SIZE = 50,
  EPOCHS = 4,
  PEAK_LR = 0.3,
  MOMENTUM = 0.9,
  SEEDS = [1, 2, 3];
const STEPS = EPOCHS * Math.ceil(TRAIN_SIZE / BATCH_SIZE);
const schedules: Record<string, Schedule> = {
  constant: constantLr(PEAK_LR),
  'step decay (×0.3 per epoch)': stepDecay({ initialLr: PEAK_LR, stepSize: STEPS / EPOCHS, factor: 0.3 }),
  exponential: exponentialDecay({ initialLr: PEAK_LR, decayRate: 0.98 }),
  'cosine + warmup': withWarmup(cosineAnnealing({ initialLr: PEAK_LR, totalSteps: STEPS - 16 }), { warmupSteps: 16 }),
  'cosine warm restarts': cosineWarmRestarts({ initialLr: PEAK_LR, firstPeriod: 20, periodMultiplier: 2 }),
  'one-cycle': oneCycle({ maxLr: PEAK_LR, totalSteps: STEPS }),
  'slanted triangular': slantedTriangular({ maxLr: PEAK_LR, totalSteps: STEPS }),
};
show(
  lineChart(
    Object.entries(schedules).map(([name, s]) => scheduleCurve(s, STEPS, name)),
    {
      title: `Learning rate per batch (${STEPS} batches = ${EPOCHS} epochs)`,
      xTitle: 'batch',
      yTitle: 'learning rate',
    },
  ),
);
// %% [markdown]
// ## Their effect on training, at a high rate
// The same MLP, the same data order and SGD with momentum 0.9 at a peak rate of 0.3 — high for this
// model: fast early progress, but a constant 0.3 keeps bouncing around the minimum instead of settling
// into it. Only the schedule differs. The `lrScheduler` callback sets the optimizer's rate before every
// batch (it works with every `tf.train` optimizer); `reduceLROnPlateau` needs no plan: it cuts the rate
// when the validation loss stops improving. Each schedule trains 3 seeds (initial weights and batch order).
// %%
const { train, test } = loadMnist({ trainSize: TRAIN_SIZE, testSize: TEST_SIZE, seed: 2, flat: true });
const planned = ['constant', 'step decay (×0.3 per epoch)', 'cosine + warmup', 'one-cycle'];
const factories: Record<string, () => Callback> = {};
for (const name of planned) factories[name] = () => lrScheduler(schedules[name]);
factories['reduce on plateau'] = () => reduceLROnPlateau({ factor: 0.3, patience: 0 });
const runs = await compare({
  train: train,
  test: test,
  schedules: factories,
  seeds: SEEDS,
  epochs: EPOCHS,
  batchSize: BATCH_SIZE,
  makeModel: (seed) => mlp({ hidden: [128], seed }),
  optimizer: () => tf.train.momentum(PEAK_LR, MOMENTUM),
});
const summary = summariseSchedules(runs);
show(
  scheduleAccuracyFigure(
    summary,
    `Test accuracy after ${EPOCHS} epochs at peak lr ${PEAK_LR} (mean ± sd over ${SEEDS.length} seeds)`,
  ),
);
show(scheduleLossFigure(runs));
showTable(
  summary.map((s) => ({
    schedule: s.schedule,
    'test accuracy (mean)': s.mean,
    '± sd': s.sd,
    min: s.min,
    max: s.max,
    'final val loss': s.finalValLoss,
  })),
  `${SEEDS.length} seeds per schedule`,
);
// %% [markdown]
// ## At a moderate rate the choice matters less
// The same comparison for constant against cosine + warmup at a peak rate of 0.1: a rate that is
// small enough to settle on its own leaves less for a schedule to fix.
// %%
const MODERATE_LR = 0.1;
const moderate = summariseSchedules(
  await compare({
    train: train,
    test: test,
    seeds: SEEDS,
    epochs: EPOCHS,
    batchSize: BATCH_SIZE,
    schedules: {
      constant: () => lrScheduler(constantLr(MODERATE_LR)),
      'cosine + warmup': () =>
        lrScheduler(
          withWarmup(cosineAnnealing({ initialLr: MODERATE_LR, totalSteps: STEPS - 16 }), { warmupSteps: 16 }),
        ),
    },
    makeModel: (seed) => mlp({ hidden: [128], seed }),
    optimizer: () => tf.train.momentum(MODERATE_LR, MOMENTUM),
  }),
);
showTable(
  moderate.map((s) => ({ schedule: s.schedule, 'test accuracy (mean)': s.mean, '± sd': s.sd })),
  `Peak lr ${MODERATE_LR}, ${SEEDS.length} seeds`,
);
// %% [markdown]
// ## What we measured
// %%
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const row = (name: string, list = summary) => list.find((s) => s.schedule === name)!;
const constant = row('constant'),
  cosine = row('cosine + warmup');
const decaying = summary.filter((s) => s.schedule !== 'constant' && s.schedule !== 'reduce on plateau');
const worstDecaying = decaying.reduce((a, b) => (b.mean < a.mean ? b : a));
const gapHigh = cosine.mean - constant.mean,
  gapModerate = row('cosine + warmup', moderate).mean - row('constant', moderate).mean;
console.log(
  `On ${backend.name}, after ${EPOCHS} epochs on ${TRAIN_SIZE} digits with SGD + momentum at a peak rate of ${PEAK_LR}, a constant rate reached ` +
    `${pct(constant.mean)} ± ${(constant.sd * 100).toFixed(1)} test accuracy (${SEEDS.length} seeds), cosine + warmup ${pct(cosine.mean)} ± ${(cosine.sd * 100).toFixed(1)}, ` +
    `and every planned decaying schedule at least ${pct(worstDecaying.mean)} (${worstDecaying.schedule}); reduce on plateau ${pct(row('reduce on plateau').mean)}. ` +
    `At a peak rate of ${MODERATE_LR} cosine + warmup gained ${(gapModerate * 100).toFixed(1)} points over a constant rate, against ${(gapHigh * 100).toFixed(1)} at ${PEAK_LR}.`,
);
claim({
  id: 'cosine-beats-constant',
  text: `at a high rate (${PEAK_LR}), cosine annealing with warmup ends with a higher test accuracy than a constant rate (${SEEDS.length} seeds)`,
  measured: 100 * cosine.mean,
  expected: '>',
  against: 100 * constant.mean,
  spread: 100 * cosine.sd,
  unit: '%',
});
claim({
  id: 'every-decay-beats-constant',
  text: 'every planned decaying schedule (step, cosine + warmup, one-cycle) beats the constant rate on mean test accuracy (the worst of them)',
  measured: 100 * worstDecaying.mean,
  expected: '>',
  against: 100 * constant.mean,
  unit: '%',
});
claim({
  id: 'matters-more-at-high-rate',
  text: `the schedule matters more at a high rate: cosine's gain over constant is larger at ${PEAK_LR} than at ${MODERATE_LR} (points)`,
  measured: 100 * gapHigh,
  expected: '>',
  against: 100 * gapModerate,
});
showClaims();
train.dispose();
test.dispose();
