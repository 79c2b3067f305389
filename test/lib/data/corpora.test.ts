import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { loadTextCorpus, sotuParagraphs, chinesePoems, TEXT_CORPORA, splitTexts } from '../../../src/lib';
import { WorkbookError } from '../../../src/lib/errors';

const share = (labels: Int32Array) => labels.reduce((s, l) => s + l, 0) / labels.length;

test('loadTextCorpus: every corpus gives a stratified, seeded split with a test set fixed across seeds', () => {
  for (const name of TEXT_CORPORA) {
    const a = loadTextCorpus(name, { trainSize: 200, testSize: 300, seed: 1 });
    const b = loadTextCorpus(name, { trainSize: 200, testSize: 300, seed: 2 });
    assert.equal(a.train.texts.length, 200);
    assert.equal(a.test.texts.length, 300);
    assert.deepEqual(a.test.texts, b.test.texts, `${name}: test set depends only on testSeed`);
    assert.notDeepEqual(a.train.texts, b.train.texts, `${name}: seed changes the training sample`);
    assert.deepEqual(
      loadTextCorpus(name, { trainSize: 200, testSize: 300, seed: 1 }).train.texts,
      a.train.texts,
      `${name}: same seed, same sample`,
    );
    assert.ok(
      Math.abs(share(a.train.labels) - share(a.test.labels)) < 0.02,
      `${name}: stratified (${share(a.train.labels)} vs ${share(a.test.labels)})`,
    );
    assert.equal(a.train.classNames.length, 2);
    assert.ok(a.train.texts.every((t) => typeof t === 'string' && t.length > 0));
  }
});

test('loadTextCorpus: an unknown corpus lists the available ones; bad options name the parameter', () => {
  assert.throws(
    () => loadTextCorpus('moby-dick' as never),
    (e: unknown) => e instanceof WorkbookError && /available: spam-assassin, sotu, tang-song-poems/.test(e.message),
  );
  assert.throws(() => loadTextCorpus('sotu', { testSize: 1 }), /testSize 1 is invalid/);
  assert.throws(() => loadTextCorpus('sotu', { trainSize: 10 ** 7 }), /trainSize/);
  assert.throws(() => loadTextCorpus('sotu', { seed: -1 }), /seed -1/);
  assert.throws(() => loadTextCorpus('sotu', { tests: 3 } as never), /option "tests"/);
});

test('sotuParagraphs: about 1.8 million words of passages of whole sentences', () => {
  const { texts, years } = sotuParagraphs();
  const words = texts.reduce((s, t) => s + t.split(' ').length, 0);
  assert.ok(words > 1.5e6, `${words} words`);
  assert.ok(texts.every((t) => t.split(' ').length >= 60));
  assert.equal(years[0], 1790);
  assert.throws(() => sotuParagraphs({ passageWords: 0 }), WorkbookError);
});

test('chinesePoems: Tang and Song in similar numbers, mostly Han characters, in the kept range', () => {
  const p = chinesePoems();
  const song = p.labels.reduce((s, l) => s + l, 0);
  assert.ok(song > 3000 && p.texts.length - song > 3000, `${p.texts.length - song} Tang, ${song} Song`);
  assert.ok(
    p.texts.every(
      (t) => t.length >= 20 && t.length <= 100 && (t.match(/\p{Script=Han}/gu) ?? []).length >= 0.7 * t.length,
    ),
  );
  assert.throws(() => chinesePoems({ filesPerDynasty: 0 }), /filesPerDynasty/);
});

test('splitTexts keeps the class shares of any labelled set', () => {
  const all = {
    texts: Array.from({ length: 100 }, (_, i) => `t${i}`),
    labels: Int32Array.from({ length: 100 }, (_, i) => (i < 20 ? 1 : 0)),
    classNames: ['a', 'b'],
  };
  const { train, test } = splitTexts(all, { trainSize: 50, testSize: 30, seed: 3 });
  assert.equal(share(train.labels), 0.2);
  assert.equal(share(test.labels), 0.2);
  assert.equal(new Set([...train.texts, ...test.texts]).size, 80);
});
