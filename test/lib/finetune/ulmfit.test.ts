import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { TokenVocabulary, languageModel } from '../../../src/lib/text';
import { adaptVocabulary, lmClassifier, fitUlmfit, ulmfitGroups, GradualUnfreezing } from '../../../src/lib/finetune';
import { Callback } from '../../../src/lib';
import { useBackend, assertNoLeak } from '../../helpers';

before(async () => {
  await useBackend();
});

test('adaptVocabulary: shared words keep their rows, new words start near the mean and differ; the encoder is copied', () => {
  const from = TokenVocabulary.fit(['the cat sat on the mat', 'the dog sat']);
  const to = TokenVocabulary.fit(['the bird sat on a branch', 'a bird flew']);
  const lm = languageModel({ vocabularySize: from.size, sequenceLength: 3, embeddingDim: 4, units: 3, seed: 1 });
  const { model, matched } = adaptVocabulary(lm, from, to, 1);
  const shared = to.tokens.filter((t) => from.tokens.includes(t));
  assert.equal(matched, shared.length / to.size);
  const [oldE, newE] = [lm.getLayer('embedding').getWeights()[0], model.getLayer('embedding').getWeights()[0]];
  const rowsOld = oldE.arraySync() as number[][];
  const rowsNew = newE.arraySync() as number[][];
  for (const t of shared) assert.deepEqual(rowsNew[to.idOf(t)], rowsOld[from.idOf(t)]);
  const fresh = to.tokens.filter((t) => !from.tokens.includes(t)).map((t) => rowsNew[to.idOf(t)]);
  assert.ok(fresh.length >= 2);
  assert.notDeepEqual(fresh[0], fresh[1]);
  const [a, b] = [lm.getLayer('encoder').getWeights(), model.getLayer('encoder').getWeights()];
  a.forEach((w, i) => assert.deepEqual(Array.from(w.dataSync()), Array.from(b[i].dataSync())));
  assert.deepEqual(model.getLayer('lm_logits').getWeights()[0].shape, [3, to.size]);
  // a smaller output layer: the first (most frequent) words of `to`, shared ones keep their columns
  const small = adaptVocabulary(lm, from, to, { seed: 1, outputVocabularySize: 4 }).model;
  assert.deepEqual(small.getLayer('lm_logits').getWeights()[0].shape, [3, 4]);
  assert.equal(small.getLayer('embedding').getWeights()[0].shape[0], to.size);
  const cols = (m: tf.LayersModel) => m.getLayer('lm_logits').getWeights()[0].transpose().arraySync() as number[][];
  assert.deepEqual(cols(small), cols(model).slice(0, 4));
  assert.deepEqual(
    Array.from(small.getLayer('embedding').getWeights()[0].dataSync()),
    Array.from(newE.dataSync()),
    'the input side is as without the option',
  );
  assert.throws(() => adaptVocabulary(lm, from, to, { outputVocabularySize: to.size + 1 }), /outputVocabularySize/);
  assert.throws(() => adaptVocabulary(lm, from, to, { seeds: 1 } as never), /seeds/);
  small.dispose();
  assert.throws(() => adaptVocabulary(lm, to, from), /from/);
  // seed 0 too is a fixed seed (tfjs would read 0 as "no seed")
  const [s0, s0again] = [adaptVocabulary(lm, from, to, 0).model, adaptVocabulary(lm, from, to, 0).model];
  const e0 = (m: tf.LayersModel) => Array.from(m.getLayer('embedding').getWeights()[0].dataSync());
  assert.deepEqual(e0(s0), e0(s0again));
  const [l0, l0again] = [0, 0].map(() => languageModel({ vocabularySize: 5, sequenceLength: 2 }));
  assert.deepEqual(e0(l0), e0(l0again));
  [s0, s0again, l0, l0again].forEach((m) => m.dispose());
  lm.dispose();
  model.dispose();
});

test("lmClassifier: the language model's embedding and encoder under a new head; freezeEncoder trains the head only", () => {
  const lm = languageModel({ vocabularySize: 9, sequenceLength: 4, embeddingDim: 3, units: 5, seed: 1 });
  const clf = lmClassifier(lm, { numClasses: 3, sequenceLength: 6, seed: 2 });
  assert.deepEqual(clf.outputs[0].shape, [null, 3]);
  assert.deepEqual(clf.inputs[0].shape, [null, 6]);
  for (const name of ['embedding', 'encoder'])
    lm.getLayer(name)
      .getWeights()
      .forEach((w, i) =>
        assert.deepEqual(Array.from(w.dataSync()), Array.from(clf.getLayer(name).getWeights()[i].dataSync())),
      );
  assert.deepEqual(
    ulmfitGroups(clf).map((g) => g.name),
    ['embedding', 'encoder', 'head'],
  );
  const frozen = lmClassifier(lm, { freezeEncoder: true });
  assert.equal(frozen.getLayer('encoder').trainable, false);
  assert.equal(frozen.getLayer('logits').trainable, true);
  assert.throws(() => lmClassifier(lm, { numClasses: 1 }), /numClasses 1/);
  assert.throws(() => lmClassifier(lm, { classes: 2 } as never), /classes/);
  assert.throws(() => lmClassifier(clf), /lm/);
  [lm, clf, frozen].forEach((m) => m.dispose());
});

// class 1 iff the text holds "spam" somewhere: the encoder must carry a word through time.
function toy(n: number): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const ids: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = Array.from({ length: 6 }, (_, j) => 2 + ((i * 7 + j * 3) % 6));
    if (i % 2) row[(i * 5) % 6] = 8;
    ids.push(...row);
    labels.push(i % 2);
  }
  return {
    x: tf.tensor2d(ids, [n, 6], 'int32'),
    y: tf.oneHot(tf.tensor1d(labels, 'int32'), 2).toFloat() as tf.Tensor2D,
  };
}

test('fitUlmfit: thaws one group per epoch from the top, follows the slanted triangular rate, learns, same seed → same model, no leaks', async () => {
  const { x, y } = toy(64);
  const lm = languageModel({ vocabularySize: 9, sequenceLength: 6, embeddingDim: 4, units: 8, seed: 1 });
  const run = async (record?: { trainable: string[][]; lr: number[] }) => {
    const clf = lmClassifier(lm, { seed: 1, dropout: 0 });
    const spy: Callback = {
      onEpochBegin: () => {
        record?.trainable.push(clf.layers.filter((l) => l.trainable && l.weights.length > 0).map((l) => l.name));
      },
      onBatchBegin: (_b, state) => {
        record?.lr.push((state.optimizer as unknown as { learningRate: number }).learningRate);
      },
    };
    const h = await fitUlmfit(clf, x, y, { epochs: 6, batchSize: 16, maxLr: 3e-2, seed: 3, callbacks: [spy] });
    const p = clf.predict(x) as tf.Tensor;
    const out = p.arraySync();
    p.dispose();
    clf.dispose();
    return { h, out };
  };
  const record = { trainable: [] as string[][], lr: [] as number[] };
  const a = await run(record);
  assert.deepEqual(record.trainable.slice(0, 3), [
    ['head_norm', 'logits'],
    ['encoder', 'head_norm', 'logits'],
    ['embedding', 'encoder', 'head_norm', 'logits'],
  ]);
  const peak = record.lr.indexOf(Math.max(...record.lr));
  assert.ok(peak > 0 && peak < record.lr.length / 4, `rises briefly (peak at step ${peak} of ${record.lr.length})`);
  assert.ok(record.lr[record.lr.length - 1] < record.lr[peak] / 4, 'then decays');
  assert.ok(a.h.history.acc.at(-1)! > 0.9, `training accuracy ${a.h.history.acc.at(-1)}`);
  const b = await run();
  assert.deepEqual(b.out, a.out, 'same seed, same model');
  await assertNoLeak(() => run(), 1);
  await assert.rejects(() => fitUlmfit(lm, x, y, { epochs: 1 }), /y/);
  const c = lmClassifier(lm);
  await assert.rejects(() => fitUlmfit(c, x, y, { epochs: 1, factor: 0.5 }), /factor/);
  c.dispose();
  assert.ok(GradualUnfreezing);
  lm.dispose();
  tf.dispose([x, y]);
});
