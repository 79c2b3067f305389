import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { loadSpamAssassin, emailToText, Vocabulary, oneHotLabels } from '../../../src/lib';
import { WorkbookError } from '../../../src/lib/errors';
import { useBackend, assertNoLeak } from '../../helpers';

test('loadSpamAssassin: fixed test set across seeds, disjoint seeded train sample, both classes', () => {
  const a = loadSpamAssassin({ trainSize: 300, testSize: 200, seed: 1 });
  const b = loadSpamAssassin({ trainSize: 300, testSize: 200, seed: 2 });
  assert.deepEqual(a.test.texts, b.test.texts);
  assert.notDeepEqual(a.train.texts, b.train.texts);
  assert.deepEqual(loadSpamAssassin({ trainSize: 300, testSize: 200, seed: 1 }).train.texts, a.train.texts);
  const test = new Set(a.test.texts);
  assert.ok(a.train.texts.filter((t) => test.has(t)).length < 5, 'train and test come from different emails'); // the corpus has a few duplicate emails
  const spam = a.train.labels.reduce((s, l) => s + l, 0);
  assert.ok(spam > 50 && spam < 150, `spam share ${spam}/300 near the corpus's 31%`);
  assert.ok(a.train.texts.every((t) => t.split(' ').length <= 60 && !/<[a-z]+[ >]/i.test(t) && !/^Received:/m.test(t)));
  assert.throws(() => loadSpamAssassin({ trainSize: 0 }), WorkbookError);
  assert.throws(() => loadSpamAssassin({ testSize: 7000 }), /testSize 7000 is invalid/);
});

test('emailToText keeps the subject and the plain body', () => {
  const raw =
    'From: a@b.c\nSubject: Cheap =\n pills\nContent-Type: text/html\n\n<html><b>Buy</b> now=\n!&nbsp;today</html>';
  assert.equal(emailToText(raw), 'Cheap = Buy now! today');
});

test('Vocabulary ranks by document frequency and encodes binary, count and tf-idf rows', async () => {
  await useBackend();
  const texts = ['free money now', 'free free offer', 'meeting now', 'money offer'];
  const v = Vocabulary.fit(texts, { maxSize: 3, minCount: 2 });
  assert.deepEqual(v.words, ['free', 'money', 'now']);
  const x = v.encode(['Free free money', 'nothing here']);
  assert.deepEqual(await x.array(), [
    [1, 1, 0],
    [0, 0, 0],
  ]);
  const c = v.encode(['free free money'], 'count');
  assert.deepEqual(await c.array(), [[2, 1, 0]]);
  const t = v.encode(['free money'], 'tfidf');
  const row = (await t.array())[0];
  assert.ok(Math.abs(Math.hypot(...row) - 1) < 1e-5);
  tf.dispose([x, c, t]);
  await assertNoLeak(() => tf.dispose([v.encode(texts), oneHotLabels([0, 1, 1, 0], 2)]));
  assert.throws(() => v.encode(texts, 'bm25' as 'binary'), /mode "bm25" is invalid/);
  assert.throws(() => Vocabulary.fit([]), /Vocabulary.fit: texts/);
});
