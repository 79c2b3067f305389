// %% [markdown]
// # Language-model transfer (ULMFiT)
// Labels are expensive, raw text is not. ULMFiT (Howard & Ruder, 2018) first trains a language
// model (predict the next word) on general text, fine-tunes it on the target task's own texts
// without their labels, and only then trains a classifier on its encoder, with gradual unfreezing,
// slanted triangular learning rates and discriminative rates. Here the general text is the State of
// the Union addresses since 1945 and the target task is telling spam from ham in SpamAssassin emails,
// with 100, 500 or all 5,546 labelled training emails. We compare ULMFiT with the same classifier
// trained from scratch and with the pretrained encoder frozen (only the head trains): ten seeds at
// 100 labels (a run takes under a second there, and one labelled sample differs a lot from the next),
// three at 500, one at "all" (every labelled email: a second seed would cost ~10 s more).
// %%
import { setup, show, showTable, claim, pairedClaim, showClaims, loadTextCorpus } from 'tfjs-workbook';
import { ulmfitGroups, lmClassifier } from 'tfjs-workbook/finetune';
import {
  LM_RECIPE,
  pretrainedLanguageModel,
  targetLanguageModel,
  compareLabelCounts,
  summariseLabelRuns,
  pairedGap,
  labelCurveChart,
  type LmTransferStrategy,
} from 'tfjs-workbook/experiments/20-language-model-transfer';
const backend = await setup({ seed: 20 });
// %% [markdown]
// ## 1. Pretraining: a small LSTM language model on general English
// No pretrained weights can be downloaded here, so the workbook pretrains its own: 1,000-word
// vocabulary, 64-dimensional word vectors, a 64-unit LSTM (the fused wasm layer) reading 32-word
// windows, and a 1,000-way output at every position, one epoch over about 120,000 words of
// speeches (the output layer is most of the cost: 1,000 words train ≈3× faster than 2,000). The first run
// trains it and saves it under `models/` (`npm run pretrain` rebuilds it and prints how long it took);
// later runs load it. Perplexity is measured on held-out passages (a uniform guess scores 1,000).
// %%
const pretrained = await pretrainedLanguageModel();
showTable(
  [
    {
      model: LM_RECIPE.name,
      source: pretrained.trained ? 'trained now' : 'loaded from models/',
      'training tokens': pretrained.tokens,
      'held-out perplexity': pretrained.perplexity,
      'training seconds': pretrained.trainSeconds,
    },
  ],
  'Pretrained language model',
);
// %% [markdown]
// ## 2. Language-model fine-tuning on the target texts
// The emails have their own frequent words. `adaptVocabulary` moves the model to a vocabulary built
// from the training emails: a word both vocabularies know keeps its pretrained vectors, a new word
// starts at the mean vector (plus a little seeded noise). Then `fitUlmfit` trains it, all layers at
// once, on every training email (about 340,000 words; their labels are not used) for one epoch,
// with slanted triangular and discriminative rates. This semi-supervised stage is ULMFiT's lever
// when labels are few: most email words are new to the speeches' vocabulary and only get useful
// vectors here.
// %%
const pool = loadTextCorpus('spam-assassin', { testSize: 500 });
const target = await targetLanguageModel({
  lm: pretrained.model,
  lmVocab: pretrained.vocab,
  texts: pool.train.texts,
  heldOut: pool.test.texts,
  vocabularySize: 1000,
  epochs: 1,
  maxLr: 1e-2,
  batchSize: 32,
  seed: 1,
});
showTable(
  [
    {
      'target words the pretrained vocabulary knew': target.matched,
      'email perplexity, pretrained only': target.perplexityBefore,
      'email perplexity, after fine-tuning': target.perplexityAfter,
      'fine-tuning seconds': target.seconds,
    },
  ],
  'Language model on held-out emails',
);
// %% [markdown]
// ## 3. The classifier on the encoder
// `lmClassifier` keeps the language model's embedding and LSTM and puts a new head on top: the
// maximum and the mean of the LSTM's states over the email's first 32 words, batch normalisation,
// dropout, and two logits. Short emails are padded at the end, and the pooling leaves the pads out
// (as fastai does): the language model never read a pad while it trained, so its states there mean
// nothing. `fitUlmfit` trains the head alone in the first epoch, then the LSTM too,
// then everything. Discriminative rates are available (the paper lowers each group's rate 2.6×), but
// here the factor is 1: in a five-seed trial at 100 labels the paper's 2.6× factor scored about
// 2 points lower at the same peak rate; the embedding, whose rows are mostly new email words, then
// hardly trains.
// %%
const FACTOR = 1;
const example = lmClassifier(target.model, { seed: 1 });
showTable(
  ulmfitGroups(example).map((g, i) => ({
    group: i,
    layers: g.layers.join(', '),
    'rate multiplier': FACTOR ** -(2 - i),
  })),
  'Layer groups, bottom first',
);
example.dispose();
// %% [markdown]
// ## 4. ULMFiT vs frozen features vs scratch, by number of labels
// The same classifier three ways: **ULMFiT** (the fine-tuned encoder, gradual unfreezing, slanted
// triangular rates peaking at 0.01), **frozen features** (the same encoder frozen, only the head
// trains, Adam 0.01) and **scratch** (random weights, Adam 0.001). Each rate is the best of a small
// trial on five seeds at 100 labels (ULMFiT 0.003–0.02, scratch 0.001–0.01). Each seed draws its own
// stratified labelled sample; all are scored on the same 500 held-out emails. After training, each
// classifier's BatchNorm statistics are recomputed on its labelled emails (`recalibrateBatchNorm`):
// 100 emails make ~70 steps, too few for the running averages to catch up with an encoder that is
// still moving, and without it a scratch classifier at a larger vocabulary sometimes predicted one
// class for most emails (47% on one seed, 87.6% once recalibrated). A control at 100
// labels, **random frozen** (the scratch model's random encoder frozen, head trained like frozen
// features), tells whether pretraining put anything useful into the encoder at all.
// %%
const ALL = pool.train.texts.length;
const SIZES = [100, 500, ALL],
  SEEDS_100 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  SEEDS = [1, 2, 3];
const compare = (sizes: number[], seeds: number[], strategies?: LmTransferStrategy[]) =>
  compareLabelCounts({
    strategies,
    lm: target.model,
    vocab: target.vocab,
    sizes,
    seeds,
    testSize: 500,
    sequenceLength: 32,
    // ≥ 3 epochs everywhere: gradual unfreezing thaws one group per epoch, so with 2 the embedding
    // never trains (at all labels that cost ULMFiT ~6 points in a trial run)
    epochs: (n) => (n <= 100 ? 10 : n <= 500 ? 6 : 3),
    batchSize: (n) => (n <= 100 ? 16 : 32),
    learningRates: { ULMFiT: 1e-2, 'frozen features': 1e-2, scratch: 1e-3 },
    discriminativeFactor: FACTOR,
  });
// A control at 100 labels: the scratch model's random encoder frozen, its head trained like frozen features.
const runs = [
  ...(await compare([100], SEEDS_100)),
  ...(await compare([500], SEEDS)),
  ...(await compare([ALL], [1])),
  ...(await compare([100], SEEDS_100, ['random frozen'])),
];
const summary = summariseLabelRuns(runs);
showTable(
  summary.map((s) => ({
    strategy: s.strategy,
    labels: s.size,
    accuracy: s.accuracy,
    '± sd': s.accuracySd,
    'per seed': s.perSeed.map((a) => (a * 100).toFixed(1)).join(' / '),
    's / run': s.seconds,
  })),
  `Held-out accuracy, mean of ${SEEDS_100.length} seeds at 100 labels, ${SEEDS.length} at 500, one at ${ALL}`,
);
show(
  labelCurveChart(
    summary.filter((s) => s.strategy !== 'random frozen'),
    'Spam vs ham: test accuracy against labelled emails (mean ± sd; 10 / 3 / 1 seeds)',
  ),
);
// %% [markdown]
// ## Is a missing win a bug here?
// To find out, the same recipe was written again, apart from this library, in PyTorch
// (`npm run bench:ulmfit-torch`: language model on the task's unlabelled training texts, gradual
// unfreezing, slanted triangular rates, BatchNorm statistics recomputed after training; each side at
// two learning rates, keeping its best; 5 seeds, 100 labels). Its run of 5 Dec 2026: spam 86.4% ± 3.1
// from scratch vs 86.7% ± 1.8 with ULMFiT (ahead on 3 of 5 seeds), and a second task, State of the
// Union passages written before vs after 1900, 67.7% ± 1.8 vs 69.5% ± 1.7 (ahead on 4 of 5). So an
// independent implementation finds at most a small edge, about one seed-to-seed spread, not the
// paper's large gap: at this budget pretraining gives little, in this library and outside it. On the
// era task this library's ULMFiT is behind too (70.5% vs 72.9% over 20 seeds). The README's
// notebook-20 section lists the other trials.
// %% [markdown]
// ## What we measured
// %%
const at = (strategy: string, size: number) => summary.find((s) => s.strategy === strategy && s.size === size)!;
const pct = (x: number) => (x * 100).toFixed(1);
const [u100, s100, f100] = ['ULMFiT', 'scratch', 'frozen features'].map((s) => at(s, 100));
// Seed by seed (same labelled sample for both): the gap and its standard error decide the verdict.
const gap = pairedGap(u100, s100);
const verdict = { 'a ahead': 'ULMFiT ahead', 'b ahead': 'scratch ahead', 'no clear difference': 'no clear difference' }[
  gap.verdict
];
// The same test for the control: did pretraining put anything into the frozen encoder?
const r100 = at('random frozen', 100);
const featureGap = pairedGap(f100, r100);
const featuresHelp = featureGap.verdict === 'a ahead';
const gapText = (n: number) => {
  const d = 100 * (at('ULMFiT', n).accuracy - at('scratch', n).accuracy);
  return `${n} labels ${d >= 0 ? '+' : '−'}${Math.abs(d).toFixed(1)}`;
};
console.log(
  `The language model reached a held-out perplexity of ${pretrained.perplexity.toFixed(0)} on speeches (uniform: 1,000) and ` +
    `${target.perplexityAfter.toFixed(0)} on emails after fine-tuning (${target.perplexityBefore.toFixed(0)} before). ` +
    `With 100 labels ULMFiT scored ${pct(u100.accuracy)}% ± ${pct(u100.accuracySd)}, scratch ${pct(s100.accuracy)}% ± ${pct(s100.accuracySd)} ` +
    `and frozen features ${pct(f100.accuracy)}% ± ${pct(f100.accuracySd)} (a frozen random encoder: ${pct(at('random frozen', 100).accuracy)}%). ` +
    `Seed by seed, ULMFiT minus scratch is ${gap.mean >= 0 ? '+' : '−'}${pct(Math.abs(gap.mean))} points (standard error ${pct(gap.se)}); ` +
    `ULMFiT is ahead on ${gap.wins} of ${gap.seeds} seeds. ULMFiT minus scratch by labels: ${SIZES.map(gapText).join(', ')} points ` +
    `(${SEEDS.length} seeds at 500, one at ${ALL}); frozen features at all labels: ${pct(at('frozen features', ALL).accuracy)}%.`,
);
console.log(
  verdict === 'ULMFiT ahead'
    ? 'Here the pretrained language model gives the classifier a better start than random weights, as in the paper.'
    : (verdict === 'scratch ahead'
        ? "Here the literature's result does not reproduce: scratch is ahead by more than two standard errors. "
        : 'Here pretraining makes no difference we can detect: the gap is within two standard errors. ') +
        (featuresHelp
          ? 'Pretraining did put something into the encoder (frozen, its features beat a frozen random encoder), but not enough: '
          : `Frozen, the pretrained encoder is no better than a random one (${featureGap.mean >= 0 ? '+' : '−'}${pct(Math.abs(featureGap.mean))} points, standard error ${pct(featureGap.se)}): `) +
        `a language model trained within this notebook's budget (${pretrained.tokens.toLocaleString('en')} words of speeches and ` +
        'one pass over the unlabelled emails; ULMFiT used 103 million words of Wikipedia) learns word order more than topic, ' +
        `and a randomly initialised LSTM trained gently from its first step picks up the spam vocabulary ${verdict === 'scratch ahead' ? 'faster than' : 'about as fast as'} ` +
        'that encoder can be re-purposed when labels are few. Fine-tuning the encoder (ULMFiT) beats freezing it.',
);
pairedClaim({
  a: u100.perSeed,
  b: s100.perSeed,
  scale: 100,
  unit: '%',
  ahead: {
    id: 'ulmfit-beats-scratch-100',
    text: `with 100 labelled emails, ULMFiT beats the same classifier trained from scratch (mean of ${gap.seeds} seeds, gap > 2 standard errors)`,
  },
  behind: {
    id: 'scratch-beats-ulmfit-100',
    text: `negative result: with 100 labelled emails, the classifier trained from scratch beats ULMFiT with a language model pretrained on ${pretrained.tokens.toLocaleString('en')} words (mean of ${gap.seeds} seeds, gap > 2 standard errors)`,
  },
  tie: {
    id: 'ulmfit-ties-scratch-100',
    text: `null result: with 100 labelled emails, ULMFiT and the same classifier trained from scratch differ by less than two standard errors of their seed-by-seed gap (${gap.seeds} seeds)`,
  },
});
claim({
  id: 'ulmfit-beats-frozen-100',
  text: 'with 100 labels, fine-tuning the pretrained encoder (ULMFiT) beats freezing it and training the head alone',
  measured: 100 * u100.accuracy,
  expected: '>',
  against: 100 * f100.accuracy,
  spread: 100 * u100.accuracySd,
  unit: '%',
});
pairedClaim({
  a: f100.perSeed,
  b: r100.perSeed,
  scale: 100,
  unit: '%',
  ahead: {
    id: 'pretrained-features-beat-random-100',
    text: 'with 100 labels and the encoder frozen, pretrained features beat random features by more than two standard errors (pretraining put something into the encoder)',
  },
  behind: {
    id: 'random-features-beat-pretrained-100',
    text: 'negative result: with 100 labels and the encoder frozen, random features beat pretrained features by more than two standard errors',
  },
  tie: {
    id: 'pretrained-features-tie-random-100',
    text: 'null result: with 100 labels and the encoder frozen, pretrained and random features differ by less than two standard errors of their seed-by-seed gap',
  },
});
claim({
  id: 'lm-fine-tuning-lowers-perplexity',
  text: 'fine-tuning the language model on unlabelled emails lowers its perplexity on held-out emails',
  measured: target.perplexityAfter,
  expected: '<',
  against: target.perplexityBefore,
});
showClaims();
target.model.dispose();
pretrained.model.dispose();
