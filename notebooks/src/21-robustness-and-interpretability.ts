// %% [markdown]
// # Robustness and interpretability
// A CNN that classifies 95% of test digits correctly can still be fooled by changes a person would
// not notice, and it does not say *why* it chose an answer. This notebook asks both questions of a
// small CNN on MNIST: **where does it look** (saliency maps and Grad-CAM), **how easily is it fooled**
// (FGSM and PGD adversarial examples in an ε-ball), does **adversarial training** fix that (several
// seeds), and how does accuracy fall under everyday **corruptions** (noise, blur, rotation, contrast),
// with and without augmentation in training.
// %%
import { setup, loadMnist, smallCnn, show, showTable, claim, showClaims, tf } from 'tfjs-workbook';
import { integratedGradients } from 'tfjs-workbook/robust';
import {
  saliencyGallery,
  adversarialGallery,
  compareAdversarialTraining,
  adversarialTrainingFigure,
  epsilonSweep,
  epsilonSweepFigure,
  trainCnn,
  corruptionAugmentation,
  standardCorruptions,
  corruptionSweep,
  corruptionFigure,
  mean,
  sd,
} from 'tfjs-workbook/experiments/21-robustness-and-interpretability';
const backend = await setup({ seed: 21 });
// %% [markdown]
// ## Data and the models
// A seeded subset of MNIST. Every model is the workbook's `smallCnn` (two 3×3 conv layers, 8 and 16
// filters, max-pooling, a dense layer to 10 logits), trained for a few epochs with Adam. For each of
// three seeds we train it twice: **standard** training, and **adversarial** training, where every
// batch is replaced by PGD adversarial examples (3 steps, ε = 0.1) made against the current weights
// (Madry et al. 2018). The whole test subset is then attacked with FGSM and with 10-step PGD.
// %%
const TRAIN_SIZE = 4000,
  TEST_SIZE = 500,
  EPOCHS = 3,
  SEEDS = [1, 2, 3],
  EPSILON = 0.1;
const { train, test } = loadMnist({ trainSize: TRAIN_SIZE, testSize: TEST_SIZE, seed: 21 });
const makeModel = (seed: number) => smallCnn({ seed });
const { runs, models } = await compareAdversarialTraining({
  train: train,
  test: test,
  makeModel: makeModel,
  seeds: SEEDS,
  epochs: EPOCHS,
  epsilon: EPSILON,
  trainSteps: 3,
  onRun: (r) =>
    console.log(
      `seed ${r.seed}, ${r.training} training: clean ${(100 * r.clean).toFixed(1)}%, FGSM ${(100 * r.fgsm).toFixed(1)}%, PGD ${(100 * r.pgd).toFixed(1)}% (${r.seconds.toFixed(0)} s)`,
    ),
});
const standard = models.find((m) => m.training === 'standard')!.model;
const robust = models.find((m) => m.training === 'adversarial')!.model;
// %% [markdown]
// ## Where the CNN looks
// Five ways to ask which pixels drove the answer, each drawn in red-yellow over the digit. The plain
// **gradient** of the class logit is speckled; **SmoothGrad** averages it over 24 noisy copies;
// **integrated gradients** accumulate the gradient along the path from a black image, so the map adds
// up to the change in the logit. **Grad-CAM** weighs the last conv block's feature maps by their mean
// gradient; behind this CNN's flatten + dense head that average often cancels out (an empty map), and
// **HiResCAM** (gradient × feature map, position by position) is the faithful version.
// %%
const digits = test.xs.slice(0, 8) as tf.Tensor4D;
show(saliencyGallery(standard, digits, { seed: 21 }));
// %% [markdown]
// Integrated gradients' completeness, checked: the attributions of each digit add up to its logit
// minus the black image's logit (for the predicted class).
// %%
const igAttr = integratedGradients(standard, digits, { steps: 64 });
const igSums = tf.tidy(() => Array.from(tf.sum(igAttr, [1, 2, 3]).dataSync()));
const predicted = tf.tidy(() => Array.from(tf.argMax(standard.predict(digits) as tf.Tensor, -1).dataSync()));
const logitGap = tf.tidy(() => {
  const z = (standard.predict(digits) as tf.Tensor).arraySync() as number[][];
  const z0 = (standard.predict(tf.zerosLike(digits)) as tf.Tensor).arraySync() as number[][];
  return predicted.map((c, i) => z[i][c] - z0[i][c]);
});
const igError = Math.max(...igSums.map((s, i) => Math.abs(s - logitGap[i]) / Math.abs(logitGap[i])));
showTable(
  igSums.map((s, i) => ({
    digit: i,
    predicted: predicted[i],
    'sum of attributions': s,
    'logit(x) − logit(black)': logitGap[i],
  })),
  'Integrated gradients add up to the logit change',
);
igAttr.dispose();
// %% [markdown]
// ## Adversarial digits
// **FGSM** moves every pixel by ±ε in the direction that raises the loss (one gradient step);
// **PGD** takes 10 smaller steps from a random start, projecting back into the ε-ball after each.
// At ε = 0.1 (about 25 grey levels) the digits still look the same to us.
// %%
show(adversarialGallery(standard, digits, test.ys.slice(0, 8), EPSILON, 21));
// %% [markdown]
// ## Accuracy against ε
// The standard and the adversarially trained model (seed 1), attacked at rising ε. PGD (solid) is
// always at least as strong as FGSM (dashed). Adversarial training at ε = 0.1 holds up to about that
// radius and falls beyond it: robustness is bought for the ball it was trained on.
// %%
const EPSILONS = [0, 0.05, 0.1, 0.15, 0.2, 0.3];
const sweep = epsilonSweep(
  [
    { name: 'standard', model: standard },
    { name: 'adversarial', model: robust },
  ],
  test,
  { epsilons: EPSILONS, seed: 21 },
);
show(epsilonSweepFigure(sweep, `Test accuracy under attack vs ε (smallCnn, ${TEST_SIZE} test digits)`));
// %% [markdown]
// ## Adversarial training, over seeds
// Clean, FGSM and PGD accuracy at ε = 0.1 for each kind of training, mean ± sd over the three seeds.
// %%
show(adversarialTrainingFigure(runs, EPSILON));
showTable(
  runs.map((r) => ({
    seed: r.seed,
    training: r.training,
    clean: r.clean,
    FGSM: r.fgsm,
    PGD: r.pgd,
    seconds: r.seconds,
  })),
  `Per-seed accuracy at ε = ${EPSILON}`,
);
// %% [markdown]
// ## Corruptions: with and without augmentation
// Adversarial examples are the worst case; everyday damage is noise, blur, rotation and low contrast.
// We apply each at rising strength with the `tfjs-workbook/image-aug` transforms (the same corrupted
// images for every model) and compare the standard models with models trained on the same data with
// one of those transforms at random strength on 80% of the images, three seeds each.
// %%
const augmented: tf.LayersModel[] = [];
for (const seed of SEEDS)
  augmented.push(
    await trainCnn({
      train: train,
      makeModel: makeModel,
      seed: seed,
      epochs: EPOCHS,
      augmentation: corruptionAugmentation(seed),
    }),
  );
const corruptions = standardCorruptions();
const plainModels = models
  .filter((m) => m.training === 'standard')
  .map(({ model }) => ({ name: 'standard training', model }));
const corruption = corruptionSweep(
  [...plainModels, ...augmented.map((model) => ({ name: 'augmented training', model }))],
  test,
  corruptions,
  21,
);
show(corruptionFigure(corruption, corruptions));
// %% [markdown]
// ## What we measured
// %%
const byTraining = (t: string, k: 'clean' | 'fgsm' | 'pgd') =>
  runs.filter((r) => r.training === t).map((r) => 100 * r[k]);
const worst = (name: string) =>
  corruptions.map(
    (c) =>
      corruption.find((p) => p.model === name && p.corruption === c.name && p.level === c.levels[c.levels.length - 1])!
        .accuracy,
  );
const worstPlain = mean(worst('standard training')),
  worstAug = mean(worst('augmented training'));
const at = (model: string, attack: string, eps: number) =>
  sweep.find((p) => p.model === model && p.attack === attack && p.epsilon === eps)!.accuracy;
console.log(
  `Over ${SEEDS.length} seeds, PGD at ε = ${EPSILON} left the standard CNN ${mean(byTraining('standard', 'pgd')).toFixed(1)}% ± ${sd(byTraining('standard', 'pgd')).toFixed(1)} ` +
    `of ${TEST_SIZE} test digits (clean ${mean(byTraining('standard', 'clean')).toFixed(1)}%), and the adversarially trained CNN ${mean(byTraining('adversarial', 'pgd')).toFixed(1)}% ± ${sd(byTraining('adversarial', 'pgd')).toFixed(1)} ` +
    `(clean ${mean(byTraining('adversarial', 'clean')).toFixed(1)}%). FGSM at the same ε left the standard CNN ${mean(byTraining('standard', 'fgsm')).toFixed(1)}%: PGD is the stronger attack. ` +
    `At ε = 0.3, beyond its training radius, the adversarially trained model kept ${(100 * at('adversarial', 'pgd', 0.3)).toFixed(1)}% under PGD. ` +
    `At the most severe corruption levels, augmentation in training raised the mean accuracy over the four corruptions from ${(100 * worstPlain).toFixed(1)}% to ${(100 * worstAug).toFixed(1)}%. ` +
    `Integrated gradients summed to the logit change within ${(100 * igError).toFixed(1)}%.`,
);
claim({
  id: 'adversarial-training-raises-pgd-accuracy',
  text: `adversarial training (PGD, ε = ${EPSILON}) raises accuracy under 10-step PGD at ε = ${EPSILON} (mean of ${SEEDS.length} seeds)`,
  measured: mean(byTraining('adversarial', 'pgd')),
  expected: '>',
  against: mean(byTraining('standard', 'pgd')),
  spread: sd(byTraining('adversarial', 'pgd')),
  unit: '%',
});
claim({
  id: 'adversarial-training-keeps-clean-accuracy',
  text: 'on MNIST at this ε, adversarial training costs at most 2 points of clean accuracy',
  measured: mean(byTraining('adversarial', 'clean')),
  expected: '≈',
  against: mean(byTraining('standard', 'clean')),
  tolerance: 2,
  spread: sd(byTraining('adversarial', 'clean')),
  unit: '%',
});
claim({
  id: 'pgd-stronger-than-fgsm',
  text: `PGD leaves the standard CNN less accuracy than FGSM at ε = ${EPSILON}`,
  measured: mean(byTraining('standard', 'pgd')),
  expected: '<',
  against: mean(byTraining('standard', 'fgsm')),
  unit: '%',
});
claim({
  id: 'augmentation-resists-corruption',
  text: 'augmentation in training raises accuracy at the most severe corruption levels (mean over noise, blur, rotation, contrast and seeds)',
  measured: 100 * worstAug,
  expected: '>',
  against: 100 * worstPlain,
  unit: '%',
});
claim({
  id: 'integrated-gradients-complete',
  text: 'integrated gradients (64 steps) add up to the logit change from a black image (largest relative error)',
  measured: 100 * igError,
  expected: '<',
  against: 5,
  unit: '%',
});
showClaims();
models.forEach((m) => m.model.dispose());
augmented.forEach((m) => m.dispose());
digits.dispose();
train.dispose();
test.dispose();
