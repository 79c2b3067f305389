// %% [markdown]
// # Initialisation and a contrastive embedding
// How the weights start decides whether a deep network can learn at all. This notebook initialises
// the same 10-layer ReLU MLP four ways — **zeros**, a **small random normal** (σ = 0.01), **Glorot
// (Xavier)** and **He** — measures the spread of every layer's activations and back-propagated
// gradients before training, and trains each briefly. Then it learns an embedding of digits
// **without labels**, with the contrastive InfoNCE loss on two augmented views of each digit, and
// scores it by nearest-neighbour accuracy against the same encoder left at its random initialisation.
// %%
import { claim, showClaims, setup, loadMnist, show, showTable, tf } from 'tfjs-workbook';
import { meanSd } from 'tfjs-workbook/eval';
import { INIT_SCHEMES } from 'tfjs-workbook/train';
import {
  initialisationStudy,
  layerFigure,
  trainContrastive,
  encoder,
  embed,
  knnAccuracy,
} from 'tfjs-workbook/experiments/24-initialisation-and-contrastive';
const backend = await setup({ seed: 24 });
// %% [markdown]
// ## Four initialisations of a deep MLP
// Ten hidden layers of 64 ReLU units on 2,000 training digits. Statistics are measured on 256 digits
// at initialisation; then every variant trains for 2 epochs (Adam, 10⁻³), for 2 seeds, and is tested
// on 1,000 digits. Zeros are exactly zero everywhere, so they cannot be drawn on the log axes.
// %%
const SEEDS = [1, 2];
const data = loadMnist({ trainSize: 2000, testSize: 1000, seed: 24, flat: true });
const study = await initialisationStudy({
  train: data.train,
  test: data.test,
  schemes: INIT_SCHEMES,
  seeds: SEEDS,
  depth: 10,
  width: 64,
  epochs: 2,
  onRun: (scheme, seed, accuracy) => console.log(`${scheme}, seed ${seed}: test accuracy ${accuracy.toFixed(3)}`),
});
show(
  layerFigure(study, 'activationStd', {
    title: 'Activation spread per layer at initialisation',
    yTitle: 'std of the layer output',
  }),
);
show(
  layerFigure(study, 'gradientStd', {
    title: 'Back-propagated gradient spread per layer',
    yTitle: 'std of dL/d(layer output)',
  }),
);
// %%
const hidden = (scheme: string) => study.stats[scheme].slice(0, -1); // the ten ReLU layers, logits left out
const growth = (scheme: string) => hidden(scheme)[9].activationStd / hidden(scheme)[0].activationStd;
const accuracy = Object.fromEntries(INIT_SCHEMES.map((s) => [s, meanSd(study.accuracy[s])]));
showTable(
  INIT_SCHEMES.map((s) => ({
    init: s,
    'activation std, layer 1': hidden(s)[0].activationStd,
    'activation std, layer 10': hidden(s)[9].activationStd,
    'layer 10 / layer 1': growth(s),
    'gradient std, layer 1': hidden(s)[0].gradientStd,
    'test accuracy (mean)': accuracy[s].mean,
    'sd over seeds': accuracy[s].sd,
  })),
  'Initialisation: spread at depth, and accuracy after 2 epochs',
);
// %% [markdown]
// ## A contrastive embedding without labels
// An MLP encoder (784 → 256 → 64) sees each batch of 128 unlabelled digits twice, each time through a
// random affine warp and a randomly erased patch; InfoNCE (τ = 0.2) pulls the two views of a digit
// together and pushes the other 127 digits away. 3,000 unlabelled digits, 5 epochs, 3 seeds. The
// embedding is then scored by 5-nearest-neighbour accuracy (cosine similarity) on 1,000 test digits
// with 1,000 labelled digits as the neighbours, against the same encoder at its random initialisation
// and against raw pixels.
// %%
const CONTRASTIVE_SEEDS = [1, 2, 3];
const views = loadMnist({ trainSize: 3000, testSize: 1000, seed: 24, flat: false });
const labelled = views.train.xs.slice(0, 1000);
const labelledClasses = views.train.labels.slice(0, 1000);
const knnOf = (model: tf.LayersModel) => {
  const [a, b] = [embed(model, labelled), embed(model, views.test.xs)];
  const acc = knnAccuracy(a, labelledClasses, b, views.test.labels);
  tf.dispose([a, b]);
  return acc;
};
const trained: number[] = [];
const untrained: number[] = [];
const lossCurves: number[][] = [];
for (const seed of CONTRASTIVE_SEEDS) {
  const { model, losses } = await trainContrastive({ images: views.train.xs, epochs: 5, seed });
  const random = encoder(seed);
  trained.push(knnOf(model));
  untrained.push(knnOf(random));
  lossCurves.push(losses);
  console.log(
    `seed ${seed}: InfoNCE ${losses[0].toFixed(3)} → ${losses[losses.length - 1].toFixed(3)}; kNN ${trained[trained.length - 1].toFixed(3)} vs random ${untrained[untrained.length - 1].toFixed(3)}`,
  );
  model.dispose();
  random.dispose();
}
const pixelsA = labelled.reshape([1000, 784]) as tf.Tensor2D,
  pixelsB = views.test.xs.reshape([1000, 784]) as tf.Tensor2D;
const pixels = knnAccuracy(pixelsA, labelledClasses, pixelsB, views.test.labels);
tf.dispose([pixelsA, pixelsB]);
const contrastive = meanSd(trained),
  randomInit = meanSd(untrained);
showTable(
  [
    { embedding: 'contrastive encoder (InfoNCE, no labels)', '5-NN accuracy': contrastive.mean, sd: contrastive.sd },
    { embedding: 'same encoder, random initialisation', '5-NN accuracy': randomInit.mean, sd: randomInit.sd },
    { embedding: 'raw pixels (784)', '5-NN accuracy': pixels, sd: 0 },
  ],
  `Nearest-neighbour accuracy with 1,000 labelled digits (${CONTRASTIVE_SEEDS.length} seeds)`,
);
// %% [markdown]
// ## What we measured
// %%
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
console.log(
  `At initialisation, He keeps the ReLU activations' spread at ${growth('he').toFixed(2)}× its first-layer value by layer 10, ` +
    `Glorot lets it fall to ${growth('glorot').toFixed(3)}× and the small normal to ${growth('normal').toExponential(1)}×; zeros give exactly 0. ` +
    `After 2 epochs: He ${pct(accuracy.he.mean)}, Glorot ${pct(accuracy.glorot.mean)}, small normal ${pct(accuracy.normal.mean)}, zeros ${pct(accuracy.zeros.mean)} (chance is 10%). ` +
    `The contrastive embedding, learnt without labels, reaches ${pct(contrastive.mean)} ± ${pct(contrastive.sd)} 5-NN accuracy against ` +
    `${pct(randomInit.mean)} ± ${pct(randomInit.sd)} for the random encoder; raw pixels reach ${pct(pixels)}: ` +
    (contrastive.mean > pixels
      ? 'the embedding beats them too.'
      : 'five epochs on 3,000 digits do not yet beat the pixels themselves.'),
);
claim({
  id: 'he-keeps-activation-spread',
  text: 'He initialisation keeps the ReLU activation std at layer 10 between 0.5× and 1.5× that of layer 1 (ratio layer 10 / layer 1)',
  measured: growth('he'),
  expected: '≈',
  against: 1,
  tolerance: 0.5,
});
claim({
  id: 'glorot-shrinks-with-relu',
  text: 'Glorot (Xavier) initialisation lets the ReLU activation std shrink with depth (ratio layer 10 / layer 1)',
  measured: growth('glorot'),
  expected: '<',
  against: 0.5,
});
claim({
  id: 'zeros-do-not-learn',
  text: `zero initialisation does not learn: test accuracy after 2 epochs stays at chance (mean of ${SEEDS.length} seeds)`,
  measured: accuracy.zeros.mean * 100,
  expected: '<',
  against: 15,
  unit: '%',
});
claim({
  id: 'he-trains-best',
  text: `He initialisation trains the deep MLP better than Glorot in 2 epochs (mean of ${SEEDS.length} seeds)`,
  measured: accuracy.he.mean * 100,
  expected: '>',
  against: accuracy.glorot.mean * 100,
  spread: accuracy.he.sd * 100,
  unit: '%',
});
claim({
  id: 'contrastive-beats-random-encoder',
  text: `an InfoNCE embedding learnt without labels beats the randomly initialised encoder at 5-NN accuracy (${CONTRASTIVE_SEEDS.length} seeds)`,
  measured: contrastive.mean * 100,
  expected: '>',
  against: randomInit.mean * 100,
  spread: contrastive.sd * 100,
  unit: '%',
});
showClaims();
data.train.dispose();
data.test.dispose();
views.train.dispose();
views.test.dispose();
tf.dispose([labelled]);
