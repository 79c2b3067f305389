import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import {
  TokenVocabulary,
  languageModel,
  nextWordSequences,
  nextWordLoss,
  perplexity,
  recurrentEncoder,
} from '../../../src/lib/text';
import { fit } from '../../../src/lib';
import { WorkbookError } from '../../../src/lib/errors';
import { useBackend, assertNoLeak } from '../../helpers';

before(async () => {
  await useBackend();
});

const CYCLE = Array.from({ length: 40 }, () => 'alpha beta gamma delta').join(' ');

test('nextWordSequences: y is x shifted by one word; windows do not overlap; maxTokens cuts the stream', () => {
  const v = TokenVocabulary.fit(['a b c d e f g']);
  const d = nextWordSequences(v, ['a b c', 'd e f g'], { sequenceLength: 3 });
  const ids = v.ids('a b c d e f g');
  assert.deepEqual(d.x.shape, [2, 3]);
  assert.deepEqual(Array.from(d.x.dataSync()), ids.slice(0, 6));
  assert.deepEqual(Array.from(d.y.dataSync()), ids.slice(1, 7));
  assert.equal(d.tokens, 7);
  assert.equal(d.unknownRate, 0);
  const cut = nextWordSequences(v, ['a b c d e f g'], { sequenceLength: 2, maxTokens: 5 });
  assert.deepEqual(cut.x.shape, [2, 2]);
  tf.dispose([d.x, d.y, cut.x, cut.y]);
});

test('languageModel: logits at every position, seeded weights; bad options name the parameter', () => {
  const a = languageModel({ vocabularySize: 7, sequenceLength: 4, embeddingDim: 3, units: 5, seed: 2 });
  const b = languageModel({ vocabularySize: 7, sequenceLength: 4, embeddingDim: 3, units: 5, seed: 2 });
  const x = tf.tensor2d([[1, 2, 3, 4]], [1, 4], 'int32');
  const [ya, yb] = [a.predict(x) as tf.Tensor, b.predict(x) as tf.Tensor];
  assert.deepEqual(ya.shape, [1, 4, 7]);
  assert.deepEqual(Array.from(ya.dataSync()), Array.from(yb.dataSync()));
  assert.deepEqual(
    a.layers.map((l) => l.name),
    ['embedding', 'encoder', 'lm_dropout', 'lm_logits'],
  );
  assert.equal(
    languageModel({ vocabularySize: 7, sequenceLength: 4, cell: 'gru' }).getLayer('encoder').getClassName(),
    'GRU',
  );
  tf.dispose([x, ya, yb]);
  a.dispose();
  b.dispose();
  assert.throws(() => languageModel({ vocabularySize: 1, sequenceLength: 4 }), /vocabularySize 1/);
  assert.throws(() => languageModel({ vocabularySize: 5, sequenceLength: 0 }), /sequenceLength 0/);
  assert.throws(() => languageModel({ vocabularySize: 5, sequenceLength: 3, cell: 'rnn' as never }), /cell "rnn"/);
  assert.throws(() => languageModel({ vocabularySize: 5, sequenceLength: 3, unit: 4 } as never), /unit/);
  assert.throws(() => recurrentEncoder('lstm', 0, 1), /units 0/);
  const v = TokenVocabulary.fit(['a b']);
  assert.throws(() => nextWordSequences(v, ['a b'], { sequenceLength: 5 }), WorkbookError);
  assert.throws(() => nextWordSequences(v, [], { sequenceLength: 1 }), /texts/);
  assert.throws(() => nextWordSequences(v, ['a b'], { sequenceLength: 0 }), /sequenceLength 0/);
});

test('nextWordLoss: log V for uniform logits, so an untrained zero-output model has perplexity V', () => {
  const loss = nextWordLoss(tf.tensor3d([1, 2, 3, 0], [2, 2, 1]), tf.zeros([2, 2, 5]));
  assert.ok(Math.abs(loss.dataSync()[0] - Math.log(5)) < 1e-5);
  loss.dispose();
  assert.throws(() => nextWordLoss(tf.zeros([2, 2]), tf.zeros([2, 2, 5])), /yTrue/);
});

test('a language model trained with fit learns a repeating text: perplexity falls from ≈V to near 1; no leaks', async () => {
  const v = TokenVocabulary.fit([CYCLE]);
  const d = nextWordSequences(v, [CYCLE], { sequenceLength: 8 });
  const run = async () => {
    const lm = languageModel({ vocabularySize: v.size, sequenceLength: 8, embeddingDim: 8, units: 16, seed: 1 });
    const start = perplexity(lm, d.x, d.y);
    const opt = tf.train.adam(3e-2);
    await fit(lm, d.x, d.y, { epochs: 30, batchSize: 4, optimizer: opt, loss: nextWordLoss, seed: 1 });
    const end = perplexity(lm, d.x, d.y);
    opt.dispose();
    lm.dispose();
    return [start, end];
  };
  const [start, end] = await run();
  assert.ok(start > v.size * 0.8 && start < v.size * 1.2, `untrained perplexity ${start} ≈ ${v.size}`);
  assert.ok(end < 1.5, `trained perplexity ${end}`);
  assert.deepEqual(await run(), [start, end], 'same seed, same perplexities');
  await assertNoLeak(run, 1);
  tf.dispose([d.x, d.y]);
});

test('outputVocabularySize: the model predicts the most frequent words only; rarer next words are <unk> targets', () => {
  // frequencies: a 4, b 3, c 2, d 1 → ids a 2, b 3, c 4, d 5 (0 <pad>, 1 <unk>)
  const v = TokenVocabulary.fit(['a a a a b b b c c d']);
  const d = nextWordSequences(v, ['a b c d a'], { sequenceLength: 4, outputVocabularySize: 4 });
  // next words b c d a → ids 3, <unk> (c is id 4 ≥ 4), <unk>, 2
  assert.deepEqual(Array.from(d.y.dataSync()), [3, 1, 1, 2]);
  assert.deepEqual(Array.from(d.x.dataSync()), v.ids('a b c d'), 'inputs keep every id');
  const lm = languageModel({ vocabularySize: v.size, outputVocabularySize: 4, sequenceLength: 4, seed: 1 });
  const logits = lm.predict(d.x) as tf.Tensor;
  assert.deepEqual(logits.shape, [1, 4, 4]);
  assert.deepEqual(lm.getLayer('embedding').getWeights()[0].shape[0], v.size);
  assert.ok(Number.isFinite(perplexity(lm, d.x, d.y)));
  assert.throws(
    () => languageModel({ vocabularySize: 6, outputVocabularySize: 7, sequenceLength: 2 }),
    /outputVocabularySize 7/,
  );
  assert.throws(
    () => languageModel({ vocabularySize: 6, outputVocabularySize: 1, sequenceLength: 2 }),
    /outputVocabularySize 1/,
  );
  assert.throws(
    () => nextWordSequences(v, ['a b c'], { sequenceLength: 2, outputVocabularySize: 99 }),
    /outputVocabularySize 99/,
  );
  tf.dispose([d.x, d.y, logits]);
  lm.dispose();
});
