import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { TokenVocabulary, charTokens, rnnClassifier, cnnClassifier, PAD_ID, UNK_ID } from '../../../src/lib/text';
import { fit, evaluate } from '../../../src/lib';
import { oneHotLabels } from '../../../src/lib';
import { WorkbookError } from '../../../src/lib/errors';
import { useBackend, assertNoLeak } from '../../helpers';

test('TokenVocabulary: <pad> 0, <unk> 1, most frequent tokens next; padding and truncation both ways', () => {
  const v = TokenVocabulary.fit(['the cat sat', 'the dog sat', 'the end'], { vocabularySize: 4 });
  assert.deepEqual(v.tokens, ['<pad>', '<unk>', 'the', 'sat']);
  assert.equal(v.idOf('zebra'), UNK_ID);
  assert.deepEqual(Array.from(v.encodeToArray(['The zebra sat'], { sequenceLength: 5 })), [2, 1, 3, PAD_ID, PAD_ID]);
  assert.deepEqual(
    Array.from(v.encodeToArray(['the zebra sat'], { sequenceLength: 5, padding: 'pre' })),
    [0, 0, 2, 1, 3],
  );
  assert.deepEqual(Array.from(v.encodeToArray(['the zebra sat'], { sequenceLength: 2 })), [2, 1]);
  assert.deepEqual(Array.from(v.encodeToArray(['the zebra sat'], { sequenceLength: 2, truncating: 'pre' })), [1, 3]);
  assert.deepEqual(v.decode([2, 1, 3, 0]), ['the', '<unk>', 'sat']);
  const zh = TokenVocabulary.fit(['床前明月光', '疑是地上霜'], { tokenize: charTokens });
  assert.deepEqual(zh.decode(zh.encodeToArray(['明月 光'], { sequenceLength: 3 })), ['明', '月', '光']);
});

test('TokenVocabulary and the classifiers reject bad input naming the parameter', () => {
  assert.throws(() => TokenVocabulary.fit(['a b'], { vocabularySize: 1 }), /vocabularySize 1 is invalid/);
  assert.throws(() => TokenVocabulary.fit(['a b', '']), /texts\[1\] "" is invalid/);
  assert.throws(() => TokenVocabulary.fit([]), /texts/);
  assert.throws(() => TokenVocabulary.fit(['a'], { size: 3 } as never), /option "size"/);
  const v = TokenVocabulary.fit(['a b']);
  assert.throws(() => v.encode(['a'], { sequenceLength: 0 }), /sequenceLength 0 is invalid/);
  assert.throws(() => v.encode(['  '], { sequenceLength: 3 }), /texts\[0\]/);
  assert.throws(() => v.ids(''), /text "" is invalid/);
  assert.throws(() => rnnClassifier({ vocabularySize: 1, sequenceLength: 5 }), /vocabularySize 1/);
  assert.throws(() => rnnClassifier({ vocabularySize: 10, sequenceLength: 0 }), /sequenceLength 0/);
  assert.throws(() => rnnClassifier({ vocabularySize: 10, sequenceLength: 5, cell: 'rnn' as never }), /cell "rnn"/);
  assert.throws(() => cnnClassifier({ vocabularySize: 10, sequenceLength: 4, kernelSizes: [5] }), /kernelSizes\[0\] 5/);
  assert.throws(() => cnnClassifier({ vocabularySize: 10, sequenceLength: 4, units: 3 } as never), /option "units"/);
  const before = tf.memory().numTensors;
  assert.throws(
    () => cnnClassifier({ vocabularySize: 10, sequenceLength: 4, embeddings: tf.zeros([3, 3]) as tf.Tensor2D }),
    WorkbookError,
  );
  assert.equal(tf.memory().numTensors, before + 1); // only the test's own zeros tensor
});

// A task only word order or a specific word reveals: class 1 iff the text contains "spam".
function toyTask(n: number, seed: number): { texts: string[]; labels: number[] } {
  const words = ['alpha', 'beta', 'gamma', 'delta', 'eps', 'zeta', 'eta', 'theta'];
  let s = seed;
  const r = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const texts: string[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = Array.from({ length: 8 }, () => words[Math.floor(r() * words.length)]);
    const label = i % 2;
    if (label) t[Math.floor(r() * 8)] = 'spam';
    texts.push(t.join(' '));
    labels.push(label);
  }
  return { texts, labels };
}

for (const kind of ['lstm', 'gru', 'cnn'] as const) {
  test(`${kind} classifier learns a keyword task through fit, reproducibly and without leaks`, async () => {
    await useBackend();
    const { texts, labels } = toyTask(256, 1);
    const vocab = TokenVocabulary.fit(texts, { vocabularySize: 20 });
    const x = vocab.encode(texts, { sequenceLength: 8 });
    const y = oneHotLabels(labels, 2);
    const build = () =>
      kind === 'cnn'
        ? cnnClassifier({
            vocabularySize: vocab.size,
            sequenceLength: 8,
            embeddingDim: 8,
            filters: 8,
            kernelSizes: [1, 3],
            seed: 3,
          })
        : rnnClassifier({
            vocabularySize: vocab.size,
            sequenceLength: 8,
            embeddingDim: 8,
            units: 8,
            cell: kind,
            seed: 3,
          });
    const train = async () => {
      const model = build();
      const optimizer = tf.train.adam(0.02);
      await fit(model, x, y, { epochs: kind === 'cnn' ? 8 : 12, batchSize: 32, optimizer, seed: 2 });
      const acc = evaluate(model, x, y).accuracy!;
      const w = (model.getLayer('logits').getWeights()[0].dataSync() as Float32Array).slice();
      model.dispose();
      optimizer.dispose();
      return { acc, w };
    };
    const a = await train();
    assert.ok(a.acc > 0.9, `${kind} accuracy ${a.acc}`);
    const b = await train();
    assert.deepEqual(b.w, a.w, 'same seed, same weights');
    const before = tf.memory().numTensors;
    await train();
    assert.equal(tf.memory().numTensors, before, 'no tensor leak');
    tf.dispose([x, y]);
  });
}

test('classifiers start from given embeddings', async () => {
  await useBackend();
  const e = tf.randomNormal([10, 4], 0, 1, 'float32', 1) as tf.Tensor2D;
  const m = rnnClassifier({ vocabularySize: 10, sequenceLength: 3, embeddingDim: 4, embeddings: e });
  assert.deepEqual(Array.from(m.getLayer('embedding').getWeights()[0].dataSync()), Array.from(e.dataSync()));
  m.dispose();
  e.dispose();
  await assertNoLeak(() => cnnClassifier({ vocabularySize: 10, sequenceLength: 5 }).dispose());
});
