// %% [markdown]
// # Text models: bag of words, CNN, LSTM and GRU
// A bag of words forgets word order; a 1-D convolution reads short phrases; a recurrent network
// (LSTM, GRU) reads the whole sequence. Which is worth its cost depends on the task. Here all four
// learn the same task, telling spam from ham in SpamAssassin emails, from the same 800 training
// emails, and are scored on the same 500 held-out emails after every epoch, on three seeds.
// %%
import { setup, show, showTable, lineChart, barChart, claim, showClaims, loadTextCorpus } from 'tfjs-workbook';
import { TokenVocabulary } from 'tfjs-workbook/text';
import { compareTextModels, summariseTextModels, TextModelRun } from 'tfjs-workbook/experiments/19-text-models';
const backend = await setup({ seed: 19 });
// %% [markdown]
// ## Texts to token ids
// The sequence models read each email as its first 32 word ids: id 0 is padding, id 1 `<unk>` (a word
// outside the 2,000 most frequent training words). Padding goes in front, so the last thing a
// recurrent network reads is the text itself.
// %%
const SEQUENCE_LENGTH = 32, TRAIN_SIZE = 800, TEST_SIZE = 500, SEEDS = [1, 2, 3], EPOCHS = 4;
const { train } = loadTextCorpus('spam-assassin', { trainSize: TRAIN_SIZE, testSize: TEST_SIZE, seed: 1 });
const vocab = TokenVocabulary.fit(train.texts, { vocabularySize: 2000 });
const ids = Array.from(vocab.encodeToArray([train.texts[0]], { sequenceLength: SEQUENCE_LENGTH, padding: 'pre' }));
showTable([{ text: train.texts[0].split(' ').slice(0, SEQUENCE_LENGTH).join(' '), ids: ids.join(' '), 'read back': vocab.decode(ids).join(' ') }], `One training email (${train.classNames[train.labels[0]]})`);
// %% [markdown]
// ## Four architectures, three seeds
// Bag of words: presence of each vocabulary word → 32 ReLU units → logits. CNN: 32-dimensional word
// vectors → 32 filters of width 3 and 32 of width 5 → max over time → logits (Kim, 2014). LSTM and GRU:
// the same word vectors → 32 recurrent units → logits. All train with `fit` (Adam 3e-3, batch 32,
// dropout 0.2 before the logits) for the same number of epochs.
// %%
const runs: TextModelRun[] = await compareTextModels({
  corpus: 'spam-assassin', architectures: ['bag-of-words MLP', 'CNN', 'LSTM', 'GRU'], seeds: SEEDS, trainSize: TRAIN_SIZE, testSize: TEST_SIZE,
  sequenceLength: SEQUENCE_LENGTH, epochs: EPOCHS,
  onResult: (r) => console.log(`${r.architecture.padEnd(16)} seed ${r.seed}: held-out accuracy ${r.curve.map((a) => (a * 100).toFixed(1)).join(' → ')}% (${r.seconds.toFixed(1)} s)`),
});
const summary = summariseTextModels(runs);
// %% [markdown]
// ## Learning curves
// Held-out accuracy after each epoch, mean of the three seeds ± one standard deviation.
// %%
show(lineChart(summary.map((s) => ({ name: s.architecture, x: s.curve.map((_, e) => e + 1), y: s.curve, error: s.curveSd })),
  { title: `Spam vs ham, ${TRAIN_SIZE} training emails: held-out accuracy per epoch`, xTitle: 'epoch', yTitle: 'accuracy' }));
show(barChart(summary.map((s) => s.architecture), summary.map((s) => s.tokensPerSecond / 1000), { title: `Training speed on ${backend.name} (shared machine: compare, do not quote)`, yTitle: 'thousand tokens / s' }));
showTable(summary.map((s) => ({ architecture: s.architecture, parameters: s.parameters, 'accuracy %': s.accuracy * 100, 'sd (points)': s.sd * 100, 'seconds per run': s.seconds, 'tokens/s': Math.round(s.tokensPerSecond) })), 'Final held-out accuracy over seeds');
// %% [markdown]
// ## What we measured
// %%
const by = (a: string) => summary.find((s) => s.architecture === a)!;
const [bow, cnn, lstm, gru] = ['bag-of-words MLP', 'CNN', 'LSTM', 'GRU'].map(by);
const best = summary.reduce((a, b) => (b.accuracy > a.accuracy ? b : a));
const pct = (x: number) => (x * 100).toFixed(1);
console.log(`On ${TRAIN_SIZE} training emails, after ${EPOCHS} epochs, held-out accuracy (mean of ${SEEDS.length} seeds): bag of words ${pct(bow.accuracy)}% ± ${pct(bow.sd)}, ` +
  `CNN ${pct(cnn.accuracy)}% ± ${pct(cnn.sd)}, LSTM ${pct(lstm.accuracy)}% ± ${pct(lstm.sd)}, GRU ${pct(gru.accuracy)}% ± ${pct(gru.sd)}; the best is the ${best.architecture}. ` +
  `The CNN trained ${(cnn.tokensPerSecond / lstm.tokensPerSecond).toFixed(1)}× as many tokens per second as the LSTM. Which words appear likely tells spam from ham, ` +
  `so word order adds little here and the sequence models' extra cost buys ${best.architecture === 'bag-of-words MLP' ? 'no accuracy' : `${pct(best.accuracy - bow.accuracy)} points`}.`);
claim({ id: 'cnn-matches-bow', text: 'the 1-D CNN on word ids is as accurate as the bag-of-words MLP on spam vs ham (within 3 points)',
  measured: cnn.accuracy * 100, expected: '≈', against: bow.accuracy * 100, tolerance: 3, spread: cnn.sd * 100, unit: '%' });
claim({ id: 'rnn-learns', text: 'the LSTM on word ids learns the task (held-out accuracy above 85%; 69% is the majority class)',
  measured: lstm.accuracy * 100, expected: '>', against: 85, spread: lstm.sd * 100, unit: '%' });
claim({ id: 'cnn-faster-than-lstm', text: 'the CNN trains more tokens per second than the LSTM',
  measured: cnn.tokensPerSecond, expected: '>', against: lstm.tokensPerSecond, unit: 'tokens/s' });
showClaims();
