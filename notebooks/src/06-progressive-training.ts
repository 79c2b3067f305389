// %% [markdown]
// # Progressive training
// Not every epoch needs the full problem. *Progressive resizing* (fastai) trains first on small
// images — 28×28 has a quarter of the pixels of 56×56 — then finishes at full size. A
// *growing-data* or *curriculum* schedule trains first on part of the data — a random part, or
// the easiest examples first — then on all of it. Both are stages of the one `fit` loop:
// `progressiveFit` runs one `fit` per stage and keeps counting epochs. Last, *model growth* (Net2Net)
// trains a small network first and grows it, function-preserving, into the big one.
// %%
import {
  claim,
  showClaims,
  setup,
  loadMnist,
  mlp,
  fit,
  evaluate,
  show,
  showTable,
  lineChart,
  barChart,
  scatterChart,
  tf,
} from 'tfjs-workbook';
import { sizeAgnosticCnn, progressiveFit, difficultyByLoss, Stage } from 'tfjs-workbook/train';
import { meanSd } from 'tfjs-workbook/eval';
import { growVersusScratch, resizingRuns, type GrowthCurve } from 'tfjs-workbook/experiments/06-progressive-training';
const backend = await setup({ seed: 6 });
// %% [markdown]
// ## A model for any image size
// Convolutions work on any image size; a dense layer after `flatten` does not. `sizeAgnosticCnn`
// ends in global average pooling instead, so the same weights accept 28×28 and 56×56 images. With
// four convolutions (a 2×2 pooling between each) the last one sees most of a 56×56 digit.
// %%
const FILTERS = [8, 16, 32, 32];
const cnn = sizeAgnosticCnn({ filters: FILTERS, seed: 6 });
const shapes = [28, 42, 56].map((size) =>
  tf.tidy(
    () => `${size}×${size} input → output shape [${(cnn.predict(tf.zeros([1, size, size, 1])) as tf.Tensor).shape}]`,
  ),
);
cnn.dispose();
console.log(shapes.join('\n'));
// %% [markdown]
// ## Progressive resizing
// Resizing pays where images are large: at 28×28 a step is mostly fixed overhead, so smaller images
// save little. Here the digits are upsampled to 56×56 (four times the pixels), and two plans train
// the same CNN from the same initial weights for 5 epochs: all at 56×56, against 2 epochs at 28×28,
// 1 at 42×42 and 2 at 56×56 (images resized per batch by a batch hook; fastai grows the size in
// steps the same way). 1,500 training digits; test accuracy at 56×56 on 1,000 digits, three seeds. Time is
// recorded as wall-clock seconds and as CPU seconds of this kernel: on a shared machine the CPU time
// is the steadier measure of the work done.
// %%
const RESIZE_SEEDS = [6, 7, 8];
const { train, test } = loadMnist({ trainSize: 1500, testSize: 1000, seed: 6 });
const upsample = (x: tf.Tensor) => tf.tidy(() => tf.image.resizeBilinear(x as tf.Tensor4D, [56, 56], true));
const large = {
  train: { xs: upsample(train.xs), ys: train.ys },
  test: { xs: upsample(test.xs), ys: test.ys },
};
const FULL_PLAN = '5 epochs at 56×56',
  PROGRESSIVE_PLAN = '28×28 ×2, 42×42 ×1, 56×56 ×2';
const resizing = await resizingRuns(large.train, large.test, {
  plans: {
    [FULL_PLAN]: [{ epochs: 5 }],
    [PROGRESSIVE_PLAN]: [
      { epochs: 2, size: 28 },
      { epochs: 1, size: 42 },
      { epochs: 2, size: 56 },
    ],
  },
  seeds: RESIZE_SEEDS,
  filters: FILTERS,
  batchSize: 32,
  learningRate: 3e-3,
});
const byPlan = (plan: string) => resizing.filter((r) => r.plan === plan);
show(
  scatterChart(
    [FULL_PLAN, PROGRESSIVE_PLAN].map((plan) => ({
      name: plan,
      x: byPlan(plan).map((r) => r.cpuSeconds[r.cpuSeconds.length - 1]),
      y: byPlan(plan).map((r) => r.accuracy),
    })),
    {
      title: `Test accuracy at 56×56 against training CPU time (one point per seed, ${RESIZE_SEEDS.length} seeds)`,
      xTitle: 'training CPU seconds',
      yTitle: 'test accuracy',
    },
  ),
);
const last = (xs: number[]) => xs[xs.length - 1];
const resizeSummary = [FULL_PLAN, PROGRESSIVE_PLAN].map((plan) => ({
  plan,
  sizes: byPlan(plan)[0].size,
  acc: meanSd(byPlan(plan).map((r) => r.accuracy)),
  cpu: meanSd(byPlan(plan).map((r) => last(r.cpuSeconds))),
  wall: meanSd(byPlan(plan).map((r) => last(r.seconds))),
}));
showTable(
  resizeSummary.map((r) => ({
    plan: r.plan,
    'epoch sizes': r.sizes.join(', '),
    'CPU seconds (mean ± sd)': `${r.cpu.mean.toFixed(1)} ± ${r.cpu.sd.toFixed(1)}`,
    'wall seconds (mean ± sd)': `${r.wall.mean.toFixed(1)} ± ${r.wall.sd.toFixed(1)}`,
    'test accuracy (mean ± sd)': `${(100 * r.acc.mean).toFixed(1)} ± ${(100 * r.acc.sd).toFixed(1)}%`,
  })),
);
tf.dispose([large.train.xs, large.test.xs]);
// %% [markdown]
// ## Growing data and a curriculum
// An MLP trains in three stages: 25% of the data, then 50%, then all of it (1 epoch each after the
// first two). The *random* plan picks a seeded random subset; the *curriculum* picks the easiest
// examples first, scored by `difficultyByLoss` — the loss of a quick one-epoch model on each
// example. A run on all the data for the same number of epochs is the reference.
// %%
const scorer = mlp({ inputShape: [28, 28, 1], hidden: [32], seed: 60 });
await fit(scorer, train.xs, train.ys, { epochs: 1, batchSize: 32, seed: 60 });
const difficulty = difficultyByLoss(scorer, train.xs, train.ys);
scorer.dispose();
const growing: Stage[] = [{ epochs: 2, fraction: 0.25 }, { epochs: 2, fraction: 0.5 }, { epochs: 2 }];
const curriculum: { plan: string; testAcc: number; seconds: number }[] = [];
for (const plan of ['all data every epoch', 'growing data (random)', 'curriculum (easiest first)']) {
  const model = mlp({ inputShape: [28, 28, 1], hidden: [128], seed: 6 });
  const stages = plan === 'all data every epoch' ? [{ epochs: 6 }] : growing;
  const h = await progressiveFit(model, train.xs, train.ys, {
    stages,
    batchSize: 32,
    seed: 6,
    difficulty: plan.startsWith('curriculum') ? difficulty : undefined,
  });
  curriculum.push({
    plan,
    testAcc: evaluate(model, test.xs, test.ys).accuracy!,
    seconds: h.history.seconds.reduce((a, b) => a + b, 0),
  });
  model.dispose();
}
show(
  barChart(
    curriculum.map((c) => c.plan),
    curriculum.map((c) => c.testAcc),
    { title: 'Test accuracy after 6 epochs', yTitle: 'accuracy' },
  ),
);
showTable(curriculum.map((c) => ({ plan: c.plan, 'training seconds': c.seconds, 'test accuracy': c.testAcc })));
// %% [markdown]
// ## Train small, then grow (Net2Net)
// Chen, Goodfellow & Shlens (2016) grow a trained network instead of starting the bigger one from
// scratch: `widenLayer` gives a layer more units by copying existing ones and splitting their outgoing
// weights between the copies; `deepenAfter` inserts an identity layer after a ReLU layer. Either way
// the grown network computes exactly the same function, then trains on. Here an MLP 784-64-10 trains
// 5 epochs on 4,000 digits, is grown to 784-256-256-10 (fc1 widened to 256, an identity 256×256
// layer after it) and trains 3 more epochs; the 784-256-256-10 MLP from scratch trains 4 epochs. The
// two spend about the same training multiply-accumulates (the small model costs a fifth per example).
// Three seeds; the curves are test accuracy against MACs spent, mean ± sd.
// %%
const GROW_SEEDS = [6, 7, 8];
const growData = loadMnist({ trainSize: 4000, testSize: 2000, seed: 6, flat: true });
const growth = await growVersusScratch(growData.train, growData.test, {
  seeds: GROW_SEEDS,
  small: 64,
  big: 256,
  smallEpochs: 5,
  grownEpochs: 3,
  bigEpochs: 4,
  batchSize: 64,
  learningRate: 1e-3,
});
const curveOf = (curves: GrowthCurve[]) =>
  curves[0].macs.map((m, i) => ({ macs: m, acc: meanSd(curves.map((c) => c.accuracy[i])) }));
const scratchCurve = curveOf(growth.scratch),
  grownCurve = curveOf(growth.grown);
show(
  lineChart(
    [
      {
        name: 'big MLP from scratch',
        x: scratchCurve.map((p) => p.macs / 1e9),
        y: scratchCurve.map((p) => p.acc.mean),
        error: scratchCurve.map((p) => p.acc.sd),
      },
      {
        name: 'small MLP, grown after epoch 5',
        x: grownCurve.map((p) => p.macs / 1e9),
        y: grownCurve.map((p) => p.acc.mean),
        error: grownCurve.map((p) => p.acc.sd),
      },
    ],
    {
      title: `Test accuracy against training compute (mean ± sd, ${GROW_SEEDS.length} seeds)`,
      xTitle: 'training GMACs spent',
      yTitle: 'test accuracy',
    },
  ),
);
showTable(
  growth.atGrowth.map((g, i) => ({
    seed: GROW_SEEDS[i],
    'small model, before growing': g.before,
    'grown model, before training on': g.after,
  })),
  'Growing preserves the function',
);
// %% [markdown]
// ## What we measured
// %%
const [fullRun, progRun] = resizeSummary;
const [all, randomGrow, easyFirst] = curriculum;
const cpuRatio = meanSd(
  RESIZE_SEEDS.map((seed, i) => last(byPlan(PROGRESSIVE_PLAN)[i].cpuSeconds) / last(byPlan(FULL_PLAN)[i].cpuSeconds)),
);
claim({
  id: 'progressive-resizing-saves-time',
  text: `Progressive resizing (28→42→56) trains 5 epochs in less CPU time than 5 epochs at 56×56 (time ratio per seed, ${RESIZE_SEEDS.length} seeds)`,
  measured: cpuRatio.mean,
  expected: '<',
  against: 0.8,
  spread: cpuRatio.sd,
  unit: '×',
});
claim({
  id: 'progressive-resizing-equal-accuracy',
  text: `... at the same test accuracy at 56×56, within 2.5 points (${RESIZE_SEEDS.length} seeds)`,
  measured: 100 * progRun.acc.mean,
  expected: '≈',
  against: 100 * fullRun.acc.mean,
  tolerance: 2.5,
  spread: 100 * progRun.acc.sd,
  unit: '%',
});
console.log(
  `Progressive resizing trained 5 epochs in ${progRun.cpu.mean.toFixed(1)} CPU s (${progRun.wall.mean.toFixed(1)} s wall) against ${fullRun.cpu.mean.toFixed(1)} CPU s (${fullRun.wall.mean.toFixed(1)} s wall) ` +
    `at 56×56 throughout — ${cpuRatio.mean.toFixed(2)} ± ${cpuRatio.sd.toFixed(2)}× the CPU time — reaching ${(100 * progRun.acc.mean).toFixed(1)} ± ${(100 * progRun.acc.sd).toFixed(1)}% test accuracy ` +
    `versus ${(100 * fullRun.acc.mean).toFixed(1)} ± ${(100 * fullRun.acc.sd).toFixed(1)}% (${RESIZE_SEEDS.length} seeds). With growing data the MLP reached ${(randomGrow.testAcc * 100).toFixed(1)}% ` +
    `(random subsets) and ${(easyFirst.testAcc * 100).toFixed(1)}% (easiest first) in ${randomGrow.seconds.toFixed(1)} and ${easyFirst.seconds.toFixed(1)} s, against ` +
    `${(all.testAcc * 100).toFixed(1)}% in ${all.seconds.toFixed(1)} s on all the data every epoch (${backend.name}).`,
);
const earlyGrown = meanSd(growth.grown.map((c) => c.accuracy[4])),
  earlyScratch = meanSd(growth.scratch.map((c) => c.accuracy[0]));
const endGrown = meanSd(growth.grown.map((c) => c.accuracy[c.accuracy.length - 1])),
  endScratch = meanSd(growth.scratch.map((c) => c.accuracy[c.accuracy.length - 1]));
const drift = Math.max(...growth.atGrowth.map((g) => Math.abs(g.after - g.before)));
const gm = (c: GrowthCurve[], i: number) => (c[0].macs[i] / 1e9).toFixed(2);
claim({
  id: 'small-then-grow-ahead-early',
  text: `Training small first reaches higher test accuracy for the same early compute than the big model from scratch (${gm(growth.grown, 4)} vs ${gm(growth.scratch, 0)} GMACs, ${GROW_SEEDS.length} seeds)`,
  measured: earlyGrown.mean,
  expected: '>',
  against: earlyScratch.mean,
  spread: earlyGrown.sd,
});
claim({
  id: 'growth-preserves-function',
  text: 'Widening and deepening leave test accuracy unchanged before training on (largest change over seeds)',
  measured: drift,
  expected: '≈',
  against: 0,
  tolerance: 1e-3,
});
claim({
  id: 'grown-equals-scratch-at-budget',
  text: `At the full budget (${gm(growth.grown, growth.grown[0].macs.length - 1)} vs ${gm(growth.scratch, growth.scratch[0].macs.length - 1)} GMACs) the grown model matches the big one from scratch within 1.5 points`,
  measured: endGrown.mean,
  expected: '≈',
  against: endScratch.mean,
  tolerance: 0.015,
  spread: endGrown.sd,
});
console.log(
  `Model growth: after ${gm(growth.grown, 4)} GMACs the small MLP reached ${(100 * earlyGrown.mean).toFixed(1)} ± ${(100 * earlyGrown.sd).toFixed(1)}% against ${(100 * earlyScratch.mean).toFixed(1)} ± ${(100 * earlyScratch.sd).toFixed(1)}% ` +
    `for the big MLP after ${gm(growth.scratch, 0)} GMACs; growing changed test accuracy by at most ${(100 * drift).toFixed(2)} points; at the end of the budget the grown model reached ` +
    `${(100 * endGrown.mean).toFixed(1)} ± ${(100 * endGrown.sd).toFixed(1)}% and the big one from scratch ${(100 * endScratch.mean).toFixed(1)} ± ${(100 * endScratch.sd).toFixed(1)}% (${GROW_SEEDS.length} seeds): ` +
    `growing buys a head start, not a better end point, on this easy task.`,
);
showClaims();
train.dispose();
test.dispose();
growData.train.dispose();
growData.test.dispose();
