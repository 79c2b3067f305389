import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../helpers';
import { WorkbookError, loadTextCorpus } from '../../src/lib';
import { TokenVocabulary, languageModel } from '../../src/lib/text';
import { FusedLstm } from '../../src/lib/text/fused-lstm';
import {
  LM_RECIPE,
  compareLabelCounts,
  pairedGap,
  summariseLabelRuns,
  targetLanguageModel,
} from '../../src/experiments/20-language-model-transfer';

before(async () => {
  await useBackend();
});

// A tiny language model on the spam corpus's own words: the harness's plumbing, not its accuracy.
const pool = loadTextCorpus('spam-assassin', { trainSize: 60, testSize: 20, seed: 1 });
const vocab = TokenVocabulary.fit(pool.train.texts, { vocabularySize: 50 });
const tinyLm = () =>
  languageModel({ vocabularySize: vocab.size, sequenceLength: 6, embeddingDim: 4, units: 3, seed: 1 });

test('the recipe: a 1,000-word vocabulary and the fused LSTM encoder (the cost levers notebook 20 relies on)', () => {
  assert.equal(LM_RECIPE.vocabularySize, 1000);
  const lm = tinyLm();
  assert.equal(lm.getLayer('encoder').getClassName(), FusedLstm.className);
  lm.dispose();
});

test('targetLanguageModel: reads every text when tokens is omitted, a cap when given; perplexity falls; no leaks', async () => {
  const lm = tinyLm();
  const before = tf.memory().numTensors;
  const common = { lm, lmVocab: vocab, texts: pool.train.texts, heldOut: pool.test.texts, vocabularySize: 40 };
  const all = await targetLanguageModel({ ...common, epochs: 2, maxLr: 3e-2, batchSize: 8, seed: 1 });
  const capped = await targetLanguageModel({ ...common, tokens: 100, epochs: 1, maxLr: 3e-2, batchSize: 8, seed: 1 });
  assert.ok(all.tokens > 1000, `all texts: ${all.tokens} tokens`);
  assert.ok(capped.tokens <= 101, `capped: ${capped.tokens} tokens`);
  assert.ok(all.perplexityAfter < all.perplexityBefore, `${all.perplexityAfter} < ${all.perplexityBefore}`);
  all.model.dispose();
  capped.model.dispose();
  assert.equal(tf.memory().numTensors, before);
  lm.dispose();
});

test('compareLabelCounts: one run per (size, seed, strategy), the random-frozen control, seeded, no leaks, bad strategy rejected', async () => {
  const lm = tinyLm();
  const options = {
    lm,
    vocab,
    sizes: [8],
    seeds: [1, 2],
    strategies: ['ULMFiT', 'scratch', 'random frozen'] as const,
    testSize: 20,
    sequenceLength: 6,
    epochs: () => 3,
    batchSize: () => 4,
    learningRates: { ULMFiT: 1e-2, 'frozen features': 1e-2, scratch: 1e-3 },
    discriminativeFactor: 1,
  };
  const before = tf.memory().numTensors;
  const runs = await compareLabelCounts({ ...options, strategies: [...options.strategies] });
  assert.equal(tf.memory().numTensors, before);
  assert.equal(runs.length, 6);
  runs.forEach((r) => assert.ok(r.accuracy >= 0 && r.accuracy <= 1 && Number.isFinite(r.macroF1)));
  const again = await compareLabelCounts({ ...options, strategies: [...options.strategies] });
  assert.deepEqual(
    again.map((r) => r.accuracy),
    runs.map((r) => r.accuracy),
  );
  const summary = summariseLabelRuns(runs);
  assert.deepEqual(summary.map((s) => s.strategy).sort(), ['ULMFiT', 'random frozen', 'scratch']);
  summary.forEach((s) => assert.equal(s.seeds, 2));
  await assert.rejects(
    compareLabelCounts({ ...options, strategies: ['pretrained'] as never }),
    (e: unknown) => e instanceof WorkbookError && /strategies\[0\]/.test(e.message) && /random frozen/.test(e.message),
  );
  lm.dispose();
});

test('pairedGap: the seed-by-seed gap, its standard error and the wins; mismatched seeds rejected', () => {
  const run = (strategy: 'ULMFiT' | 'scratch', seed: number, accuracy: number) =>
    ({ strategy, size: 100, seed, accuracy, macroF1: accuracy, seconds: 1 }) as const;
  // gaps +0.02, −0.01, +0.05: mean 0.02, sd 0.03, se 0.03 / √3
  const [u, s] = summariseLabelRuns([
    run('ULMFiT', 2, 0.8),
    run('ULMFiT', 1, 0.9),
    run('ULMFiT', 3, 0.85),
    run('scratch', 1, 0.88),
    run('scratch', 3, 0.8),
    run('scratch', 2, 0.81),
  ]);
  const g = pairedGap(u, s);
  assert.ok(Math.abs(g.mean - 0.02) < 1e-12, `${g.mean}`);
  assert.ok(Math.abs(g.se - 0.03 / Math.sqrt(3)) < 1e-12, `${g.se}`);
  assert.equal(g.wins, 2);
  assert.equal(g.seeds, 3);
  const [other] = summariseLabelRuns([run('scratch', 1, 0.8), run('scratch', 4, 0.8), run('scratch', 2, 0.8)]);
  assert.throws(
    () => pairedGap(u, other),
    (e: unknown) => e instanceof WorkbookError && /pairedGap/.test(e.message) && /1, 2, 4/.test(e.message),
  );
});
