// %% [markdown]
// # Image augmentation: does it help?
// With little data a model memorises its training images. Augmentation shows it a new random
// variant of each image every epoch. Here the same small CNN is trained on only 1,000 MNIST
// digits four ways — no augmentation, geometric augmentation (shift, turn, zoom, shear), MixUp
// and CutMix — with 3 seeds each, and every run is scored on the full 10,000-image test set.
// %%
import { claim, showClaims, setup, loadMnist, smallCnn, show, showTable, tf } from 'tfjs-workbook';
import { Compose, Affine, MixUp, CutMix } from 'tfjs-workbook/image-aug';
import {
  compare,
  summariseRuns,
  accuracyFigure,
  learningCurveFigure,
} from 'tfjs-workbook/experiments/09-image-augmentation-effect';
const backend = await setup({ seed: 9 });
// %% [markdown]
// ## Data and sizes
// 1,000 training digits (a seeded random subset) and the whole test set. The model is the
// library's `smallCnn` (conv 3×3×8 → pool → conv 3×3×16 → pool → dense 10, about 3,000 weights),
// trained with Adam (learning rate 3e-3), batch 32, for 8 epochs — sizes chosen so the 12 runs fit
// in about a minute on two CPU cores.
// %%
const TRAIN_SIZE = 1000,
  EPOCHS = 8,
  BATCH_SIZE = 32,
  LEARNING_RATE = 3e-3,
  SEEDS = [1, 2, 3];
const mnist = loadMnist({ trainSize: TRAIN_SIZE, testSize: 10000, seed: 9 });
console.log(`train ${mnist.train.xs.shape}, test ${mnist.test.xs.shape}`);
// %% [markdown]
// ## The four variants
// Geometric augmentation uses small changes that keep a digit a digit (no flips). MixUp blends two
// digits and their labels (α = 0.2); CutMix pastes a patch of one digit into another (α = 1).
// Each run builds its pipeline fresh; `fit` calls it on every batch with that batch's seed.
// %%
const variants = [
  { name: 'none' },
  {
    name: 'geometric',
    augmentation: () => new Compose([new Affine({ translate: 0.08, rotate: 12, scale: 0.1, shear: 8 })]),
  },
  { name: 'mixup', augmentation: () => new MixUp({ alpha: 0.2 }) },
  { name: 'cutmix', augmentation: () => new CutMix({ alpha: 1 }) },
];
// %% [markdown]
// ## Training: 4 variants × 3 seeds
// A line per finished run. The learning curve tracks accuracy on the first 1,000 test images
// after every epoch; the final score uses all 10,000.
// %%
const runs = await compare({
  train: mnist.train,
  test: mnist.test,
  variants: variants,
  seeds: SEEDS,
  epochs: EPOCHS,
  batchSize: BATCH_SIZE,
  learningRate: LEARNING_RATE,
  curveSize: 1000,
  makeModel: (seed) => smallCnn({ seed }),
  onRun: (r, done, total) =>
    console.log(
      `[${done}/${total}] ${r.variant.padEnd(9)} seed ${r.seed}: test accuracy ${(100 * r.testAccuracy).toFixed(2)}% (${r.seconds.toFixed(1)} s)`,
    ),
});
// %% [markdown]
// ## Test accuracy, mean ± sd over seeds
// %%
const summary = summariseRuns(runs);
show(accuracyFigure(summary));
showTable(
  summary.map((s) => ({
    variant: s.variant,
    runs: s.runs,
    'mean %': (100 * s.mean).toFixed(2),
    'sd %': (100 * s.sd).toFixed(2),
    'min %': (100 * s.min).toFixed(2),
    'max %': (100 * s.max).toFixed(2),
  })),
  'Accuracy on the 10,000 test digits',
);
// %% [markdown]
// ## Learning curves
// Augmented runs usually start slower — their training images are harder — and keep improving
// where the plain run has begun to memorise.
// %%
show(learningCurveFigure(runs));
// %% [markdown]
// ## What we measured
// %%
const base = summary.find((s) => s.variant === 'none')!;
const best = summary.filter((s) => s.variant !== 'none').sort((a, b) => b.mean - a.mean)[0];
const pts = (v: number) => `${(100 * v).toFixed(2)}%`;
console.log(
  `Trained on ${TRAIN_SIZE} digits for ${EPOCHS} epochs, the small CNN reached ${pts(base.mean)} ± ${pts(base.sd)} test accuracy without augmentation; ` +
    `the best variant, ${best.variant}, reached ${pts(best.mean)} ± ${pts(best.sd)}, a ${best.mean >= base.mean ? 'gain' : 'loss'} of ${(100 * Math.abs(best.mean - base.mean)).toFixed(2)} points ` +
    `(${summary.map((s) => `${s.variant} ${pts(s.mean)}`).join(', ')}; mean of ${SEEDS.length} seeds on 10,000 test images).`,
);
// paired by seed (same initial weights and batch order): the smallest gain over the seeds says whether it holds on every one
const worstPairedGain = (variant: string) =>
  Math.min(
    ...SEEDS.map((seed) => {
      const of = (v: string) => runs.find((r) => r.variant === v && r.seed === seed)!.testAccuracy;
      return 100 * (of(variant) - of('none'));
    }),
  );
const geometricRow = summary.find((s) => s.variant === 'geometric')!,
  mixupRow = summary.find((s) => s.variant === 'mixup')!;
claim({
  id: 'geometric-beats-none',
  text: `with ${TRAIN_SIZE} training digits, small geometric changes raise mean test accuracy over no augmentation (${SEEDS.length} seeds)`,
  measured: 100 * geometricRow.mean,
  expected: '>',
  against: 100 * base.mean,
  spread: 100 * geometricRow.sd,
  unit: '%',
});
claim({
  id: 'geometric-every-seed',
  text: 'geometric augmentation beats no augmentation on every seed (smallest paired gain, points)',
  measured: worstPairedGain('geometric'),
  expected: '>',
  against: 0,
});
claim({
  id: 'mixup-beats-none',
  text: 'MixUp (α = 0.2) also raises mean test accuracy over no augmentation',
  measured: 100 * mixupRow.mean,
  expected: '>',
  against: 100 * base.mean,
  spread: 100 * mixupRow.sd,
  unit: '%',
});
showClaims();
mnist.train.dispose();
mnist.test.dispose();
