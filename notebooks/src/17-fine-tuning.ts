// %% [markdown]
// # Fine-tuning and transfer learning
// A model trained on one task is a good start for a related one: its lower layers have learned
// edges and strokes that the new task needs too. Here the source task is MNIST digits **0-4** and
// the target task digits **5-9**, with only 20, 100 or 500 labelled target examples. We compare four
// ways to use them: training from scratch, frozen features (feature extraction), full fine-tuning,
// and ULMFiT's gradual unfreezing with discriminative learning rates — and find where the last one,
// built to protect pretrained features from large updates, earns its keep: at a high learning rate.
// %%
import { claim, showClaims, setup, loadMnist, smallCnn, show, showTable, imageGrid, tf } from 'tfjs-workbook';
import { replaceHead, layerGroups, trainableSummary, groupMultipliers } from 'tfjs-workbook/finetune';
import {
  sourceModel,
  prepareTransfer,
  selectOnValidation,
  compare,
  summariseTransfer,
  transferScoresChart,
  transferCurvesChart,
} from 'tfjs-workbook/experiments/17-fine-tuning';
import {
  rateSensitivity,
  summariseRates,
  rateSensitivityChart,
} from 'tfjs-workbook/experiments/17-fine-tuning/rate-sensitivity';
const backend = await setup({ seed: 1 });
// %% [markdown]
// ## The pretrained source model
// No pretrained weights can be downloaded here, so the workbook pretrains its own: the zoo's small
// CNN on 6,000 images of digits 0-4, saved under `models/` (`npm run pretrain` retrains it). The
// first run trains it (about ten seconds); later runs load the saved `model.json` + `weights.bin`.
// %%
const source = await sourceModel();
console.log(
  `${source.trained ? 'Trained' : 'Loaded'} ${source.path}: test accuracy on digits 0-4 ${(source.testAccuracy * 100).toFixed(1)}%` +
    (source.trained ? `, ${source.trainSeconds.toFixed(1)} s of training` : ''),
);
showTable(trainableSummary(source.model), 'Source model layers');
// %% [markdown]
// ## A new head, a frozen body
// `replaceHead` copies the model, drops its 5-way output layer and puts a freshly initialised one
// in its place; with `freezeBody` only that head trains (feature extraction). `layerGroups` cuts
// the model into groups for gradual unfreezing, which thaws them from the top, one per epoch;
// discriminative learning rates divide each lower group's rate by 2.6.
// %%
const NUM_CLASSES = 5;
const frozen = await replaceHead(source.model, NUM_CLASSES, { freezeBody: true, seed: 1 });
showTable(trainableSummary(frozen), 'After replaceHead(…, { freezeBody: true })');
const groups = layerGroups(frozen);
const multipliers = groupMultipliers(groups, 2.6);
showTable(
  groups.map((g, i) => ({ group: i, layers: g.layers.join(', '), 'learning-rate multiplier': multipliers[i] })),
  'Layer groups, bottom first',
);
void frozen.dispose();
// %% [markdown]
// ## The target task
// Digits 5-9 relabelled 0-4. A seeded pool of 1,500 training images: 300 are held out for the
// learning curves, the labelled samples (100 or 500) are drawn from the rest; 1,000 test images score the result.
// %%
const { train, test } = loadMnist({ digits: [5, 6, 7, 8, 9], trainSize: 1500, testSize: 1000, seed: 2 });
const firstTen = train.xs.slice(0, 10) as tf.Tensor4D;
show(
  imageGrid(firstTen, {
    cols: 10,
    captions: Array.from(train.labels.slice(0, 10), (l) => `digit ${l + 5}`),
    title: 'Target task: digits 5-9',
  }),
);
firstTen.dispose();
// %% [markdown]
// ## Choosing the fine-tuning learning rate on a validation split
// Hyperparameters are chosen on held-out training data, never on the test set. `selectOnValidation`
// trains each (learning rate, batch size) pair from a fresh copy of the pretrained model on 80% of 500
// labelled examples and reads validation accuracy after every epoch, so the best epoch count comes out too.
// %%
const scratch = (seed: number, numClasses: number) => smallCnn({ seed, numClasses });
const sample = train.xs.slice(0, 500),
  sampleY = train.ys.slice(0, 500);
const trials = await selectOnValidation({
  build: (learningRate) =>
    prepareTransfer('fine-tune', source.model, NUM_CLASSES, { scratch: scratch, learningRate, seed: 1 }),
  x: sample,
  y: sampleY,
  learningRates: [1e-3, 3e-3, 1e-2],
  batchSizes: [16, 32],
  epochs: 5,
  seed: 1,
});
tf.dispose([sample, sampleY]);
showTable(
  trials.map((t) => ({
    'learning rate': t.learningRate,
    'batch size': t.batchSize,
    'best epoch': t.bestEpoch,
    'validation accuracy': t.bestValAcc,
  })),
  'Fine-tuning grid, best first',
);
const FINE_TUNE_LR = trials[0].learningRate;
// %% [markdown]
// ## Four strategies, two data sizes, three seeds
// Each run starts from the same pretrained model (or, for *scratch*, the same architecture with
// random weights) and trains with Adam. Fine-tuning and the head of gradual unfreezing use the rate
// chosen above; frozen features train only a small head, so they take a larger rate.
// %%
const runs = await compare({
  source: source.model,
  train: train,
  test: test,
  scratch: scratch,
  sizes: [100, 500],
  seeds: [1, 2, 3],
  epochs: (n) => (n <= 100 ? 15 : 6),
  batchSize: (n) => (n <= 100 ? 16 : 32),
  learningRates: {
    scratch: 3e-3,
    'feature-extraction': 1e-2,
    'fine-tune': FINE_TUNE_LR,
    'gradual-discriminative': FINE_TUNE_LR,
  },
});
const summary = summariseTransfer(runs);
showTable(
  summary.map((r) => ({
    strategy: r.strategy,
    labelled: r.size,
    accuracy: r.accuracy,
    '± sd': r.accuracySd,
    'macro recall': r.macroRecall,
    'macro F1': r.macroF1,
    's / run': r.seconds,
  })),
  'Test scores, mean over 3 seeds',
);
// %%
show(transferScoresChart(summary, 100));
show(transferScoresChart(summary, 500));
// %% [markdown]
// ## Learning curves
// Validation accuracy after each epoch (mean over seeds). Gradual unfreezing trains only the head in
// its first epoch, then one more group per epoch.
// %%
show(transferCurvesChart(runs, 100));
show(transferCurvesChart(runs, 500));
// %% [markdown]
// ## Where gradual unfreezing helps: a high rate and few labels
// ULMFiT unfreezes the pretrained layers one group per epoch, top first, and gives each lower group
// the rate of the group above divided by 2.6, so that the new head's large, random early gradients
// cannot overwrite what the body learnt (*catastrophic forgetting*). That protection matters when the
// updates are large. With 20 labelled digits (15 epochs, batch 16, 5 seeds) we train both at three
// rates — for gradual unfreezing the rate is the head's — and watch what each rate does to the result.
// %%
const RATES = [1e-3, 1e-2, 1e-1],
  FEW = 20,
  SWEEP_SEEDS = [1, 2, 3, 4, 5];
const rateRuns = await rateSensitivity({
  source: source.model,
  train: train,
  test: test,
  scratch: scratch,
  size: FEW,
  rates: RATES,
  seeds: SWEEP_SEEDS,
  epochs: 15,
  batchSize: 16,
});
const rates = summariseRates(rateRuns);
show(
  rateSensitivityChart(
    rates,
    `${FEW} labelled digits: test accuracy against the rate (mean ± sd over ${SWEEP_SEEDS.length} seeds)`,
  ),
);
showTable(
  rates.map((r) => ({
    strategy: r.strategy,
    'learning rate': r.learningRate,
    accuracy: r.mean,
    '± sd': r.sd,
    'worst seed': r.min,
  })),
  `${FEW} labelled digits`,
);
// %% [markdown]
// ## What we measured
// %%
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const sentences = [100, 500].map((n) => {
  const rows = summary.filter((r) => r.size === n).sort((a, b) => b.macroF1 - a.macroF1);
  const base = rows.find((r) => r.strategy === 'scratch')!;
  const best = rows[0];
  const others = rows
    .filter((r) => r !== best && r.strategy !== 'scratch')
    .map((r) => `${r.strategy} ${pct(r.macroF1)}`)
    .join(', ');
  const gap = best.macroF1 - base.macroF1;
  const noise = 2 * Math.max(best.macroF1Sd, base.macroF1Sd);
  return (
    `With ${n} labelled digits, ${best.strategy} scored the best macro F1, ${pct(best.macroF1)} (sd ${(best.macroF1Sd * 100).toFixed(2)} points over 3 seeds), ` +
    `${(Math.abs(gap) * 100).toFixed(1)} points ${gap >= 0 ? 'above' : 'below'} training from scratch (${pct(base.macroF1)}), ` +
    `${Math.abs(gap) > noise ? 'more' : 'less'} than twice the larger seed standard deviation (${(noise * 100).toFixed(1)} points); the others: ${others}.`
  );
});
console.log(`On the ${backend.name} backend: ` + sentences.join('\n'));
const at = (strategy: string, rate: number) => rates.find((r) => r.strategy === strategy && r.learningRate === rate)!;
const HIGH = RATES[RATES.length - 1];
const worstOverRates = (strategy: string) => Math.min(...RATES.map((rate) => at(strategy, rate).mean));
const bestOverRates = (strategy: string) => Math.max(...RATES.map((rate) => at(strategy, rate).mean));
const row500 = (strategy: string) => summary.find((r) => r.size === 500 && r.strategy === strategy)!;
console.log(
  `With ${FEW} labelled digits at a rate of ${HIGH}, full fine-tuning fell to ${pct(at('fine-tune', HIGH).mean)} ± ${(at('fine-tune', HIGH).sd * 100).toFixed(1)} test accuracy ` +
    `while gradual unfreezing with discriminative rates kept ${pct(at('gradual-discriminative', HIGH).mean)} ± ${(at('gradual-discriminative', HIGH).sd * 100).toFixed(1)} (${SWEEP_SEEDS.length} seeds); ` +
    `at the best rate of each the two are close (${pct(bestOverRates('fine-tune'))} vs ${pct(bestOverRates('gradual-discriminative'))}). ` +
    `So the ULMFiT recipe buys robustness to a too-large rate, not accuracy: with a rate chosen on validation data and 500 labels, plain fine-tuning scored ` +
    `${pct(row500('fine-tune').macroF1)} macro F1 against ${pct(row500('gradual-discriminative').macroF1)} — a small CNN has little to forget that a well-chosen rate would destroy.`,
);
claim({
  id: 'gradual-survives-high-rate',
  text: `with ${FEW} labels at a high rate (${HIGH}), gradual unfreezing + discriminative rates keep a far higher test accuracy than full fine-tuning (${SWEEP_SEEDS.length} seeds)`,
  measured: 100 * at('gradual-discriminative', HIGH).mean,
  expected: '>',
  against: 100 * at('fine-tune', HIGH).mean,
  spread: 100 * at('gradual-discriminative', HIGH).sd,
  unit: '%',
});
claim({
  id: 'gradual-more-robust',
  text: `over the rates ${RATES.join(', ')}, the worst mean accuracy of gradual unfreezing is higher than full fine-tuning's worst`,
  measured: 100 * worstOverRates('gradual-discriminative'),
  expected: '>',
  against: 100 * worstOverRates('fine-tune'),
  unit: '%',
});
claim({
  id: 'pretrained-beats-scratch',
  text: 'with 500 labels, fine-tuning the pretrained CNN beats training it from scratch (macro F1, 3 seeds)',
  measured: 100 * row500('fine-tune').macroF1,
  expected: '>',
  against: 100 * row500('scratch').macroF1,
  spread: 100 * row500('fine-tune').macroF1Sd,
  unit: '%',
});
claim({
  id: 'tuned-fine-tune-enough',
  text: 'at a rate chosen on validation data with 500 labels, plain fine-tuning scores at least as well as gradual unfreezing (macro F1): the second, explained result',
  measured: 100 * row500('fine-tune').macroF1,
  expected: '>',
  against: 100 * row500('gradual-discriminative').macroF1,
  unit: '%',
});
showClaims();
train.dispose();
test.dispose();
void source.model.dispose();
