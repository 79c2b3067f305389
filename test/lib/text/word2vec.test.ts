import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { trainWord2Vec, skipGramRows, TokenVocabulary } from '../../../src/lib/text';
import { useBackend } from '../../helpers';

// Two topics that never share a sentence: words of one topic should end up nearer each other.
function corpus(n: number): string[] {
  const a = ['ship', 'navy', 'sea', 'sailor', 'harbor'];
  const b = ['tax', 'revenue', 'budget', 'income', 'treasury'];
  let s = 7;
  const r = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: 8 }, () => (i % 2 ? a : b)[Math.floor(r() * 5)]).join(' '),
  );
}

test('skipGramRows: centre, context within the window, k negatives; seeded', () => {
  const rows = skipGramRows([[2, 3, 4, 5]], [0, 0, 10, 10, 10, 10], { window: 1, negatives: 2, subsample: 1, seed: 1 });
  assert.equal(rows.length % 4, 0);
  assert.equal(rows.length / 4, 6, 'window 1 over 4 words: 6 (centre, context) pairs');
  for (let i = 0; i < rows.length; i += 4) assert.equal(Math.abs(rows[i] - rows[i + 1]), 1);
  assert.ok(
    Array.from(rows).every((id) => id >= 2 && id <= 5),
    'negatives never <pad> or <unk>',
  );
  assert.deepEqual(
    skipGramRows([[2, 3, 4, 5]], [0, 0, 10, 10, 10, 10], { window: 1, negatives: 2, subsample: 1, seed: 1 }),
    rows,
  );
});

test('trainWord2Vec: words of one topic become neighbours; analogies and bad input', async () => {
  await useBackend();
  const before = tf.memory().numTensors;
  const w2v = await trainWord2Vec(corpus(400), {
    dim: 8,
    epochs: 3,
    window: 2,
    subsample: 1,
    learningRate: 0.05,
    batchSize: 256,
    seed: 1,
  });
  const near = w2v.nearest('navy', 4).map((n) => n.word);
  assert.ok(
    near.filter((w) => ['ship', 'sea', 'sailor', 'harbor'].includes(w)).length >= 3,
    `neighbours of navy: ${near}`,
  );
  assert.equal(w2v.analogy('tax', 'revenue', 'navy', 2).length, 2);
  assert.throws(() => w2v.nearest('zebra'), /"zebra" is not in the vocabulary/);
  const target = TokenVocabulary.fit(['navy zebra'], { vocabularySize: 10 });
  const v = w2v.vectorsFor(target, 1);
  assert.deepEqual(v.shape, [target.size, 8]);
  v.dispose();
  w2v.dispose();
  assert.equal(tf.memory().numTensors, before, 'no tensor leak');
  await assert.rejects(trainWord2Vec(['a b'], { dim: 0 }), /dim 0 is invalid/);
  await assert.rejects(trainWord2Vec(['a b'], { windows: 2 } as never), /option "windows"/);
});
