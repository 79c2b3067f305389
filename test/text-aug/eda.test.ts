import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  eda,
  edaDataset,
  TextPipeline,
  OneOf,
  RandomSwap,
  RandomDeletion,
  SynonymReplacement,
  RandomCase,
  tokenize,
  synonymReplacement,
  randomInsertion,
  shuffle,
} from '../../src/text-aug';
import { WorkbookError } from '../../src/lib/errors';

const EN = 'Congratulations, you have been selected to receive a free cruise to the Bahamas.';
const ZH = '恭喜您被选中获得免费的巴哈马游轮之旅。';
const bag = (t: string, lang: 'en' | 'zh') =>
  tokenize(t, lang)
    .filter((x) => x.kind === 'word')
    .map((x) => x.text.toLowerCase())
    .sort();

test('eda returns numAug variants of English and Chinese text, deterministic per seed', () => {
  for (const [text, numAug] of [
    [EN, 16],
    [ZH, 8],
  ] as const) {
    const a = eda(text, { alphaSr: 0.1, alphaRi: 0.1, alphaRs: 0.1, pRd: 0.1, numAug, seed: 1 });
    assert.equal(a.length, numAug);
    assert.deepEqual(eda(text, { numAug, seed: 1 }), a);
    assert.ok(a.filter((v) => v !== text).length >= numAug / 2, 'most variants differ from the original');
  }
});

test('eda makes at least one change per operation when its alpha > 0 (swap only → permutations)', () => {
  const variants = eda(EN, { alphaSr: 0, alphaRi: 0, alphaRs: 0.01, pRd: 0, numAug: 5, seed: 2 });
  for (const v of variants) {
    assert.notEqual(v, EN); // α·len rounds to 0, yet one swap happens
    assert.deepEqual(bag(v, 'en'), bag(EN, 'en'));
  }
  const inserted = eda(EN, { alphaSr: 0, alphaRi: 0.01, alphaRs: 0, pRd: 0, numAug: 3, seed: 2 });
  for (const v of inserted) assert.equal(bag(v, 'en').length, bag(EN, 'en').length + 1);
});

test('edaDataset keeps each original followed by its variants with the same label', () => {
  const d = edaDataset(['free money now', 'meeting at noon'], [1, 0], { numAug: 3, seed: 1 });
  assert.equal(d.texts.length, 8);
  assert.deepEqual(d.labels, [1, 1, 1, 1, 0, 0, 0, 0]);
  assert.equal(d.texts[4], 'meeting at noon');
});

test('pipelines: per-operation probability, same seed → same outputs', () => {
  const make = (seed: number) =>
    new TextPipeline(
      [new SynonymReplacement({ n: 1, p: 0.5 }), new RandomSwap({ p: 0.5 }), new RandomDeletion({ rate: 0.2, p: 0.3 })],
      { seed },
    );
  assert.deepEqual(make(4).augmentMany([EN, ZH], 4), make(4).augmentMany([EN, ZH], 4));
  assert.notDeepEqual(make(4).augmentMany([EN], 6), make(5).augmentMany([EN], 6));
  const never = new TextPipeline([new RandomSwap({ p: 0 })], { seed: 1 });
  assert.deepEqual(never.augmentMany([EN], 5), Array(5).fill(EN));
  const one = new TextPipeline([new OneOf([new RandomSwap({ n: 2 }), new RandomDeletion({ rate: 0.3 })])], { seed: 1 });
  for (const v of one.augmentMany([EN], 6)) {
    const swapped = JSON.stringify(bag(v, 'en')) === JSON.stringify(bag(EN, 'en'));
    assert.ok(swapped || bag(v, 'en').length < bag(EN, 'en').length, `exactly one of swap / deletion ran: ${v}`);
  }
  assert.throws(() => new TextPipeline([new RandomCase()]).augment(ZH), /no upper\/lower case/);
});

test('bad input: a WorkbookError naming the parameter and the accepted range', () => {
  const cases: [() => unknown, RegExp][] = [
    [() => eda(42 as unknown as string), /eda: text .*accepted: a non-empty string/],
    [() => eda('   '), /eda: text .*non-empty string/],
    [() => eda(EN, { alphaSr: 1.5 }), /eda: alphaSr 1.5 is invalid; accepted: a number in \[0, 1\]/],
    [() => eda(EN, { pRd: -0.1 }), /eda: pRd -0.1 is invalid; accepted: a number in \[0, 1\]/],
    [() => eda(EN, { numAug: 0 }), /eda: numAug 0 is invalid; accepted: an integer in \[1, ∞\]/],
    [() => eda(EN, { alphaSr: 0, alphaRi: 0, alphaRs: 0, pRd: 0 }), /at least one of them > 0/],
    [
      () => synonymReplacement(EN, { n: 1.5 }),
      /SynonymReplacement: n 1.5 is invalid; accepted: an integer in \[1, ∞\]/,
    ],
    [() => randomInsertion(EN, { alpha: 2 }), /RandomInsertion: alpha 2 is invalid/],
    [() => new RandomSwap({ p: 3 }), /RandomSwap: p 3 is invalid; accepted: a number in \[0, 1\]/],
    [
      () => shuffle(EN, { unit: 'letters' as 'words' }),
      /Shuffle: unit "letters" is invalid; accepted: one of "words", "sentences"/,
    ],
    [
      () => synonymReplacement(EN, { language: 'fr' as 'en' }),
      /language "fr" is invalid; accepted: one of "auto", "en", "zh"/,
    ],
    [() => new RandomDeletion({ rate: 1.1 }), /RandomDeletion: rate 1.1 is invalid/],
    [() => new TextPipeline([]), /TextPipeline: operations/],
  ];
  for (const [fn, message] of cases)
    assert.throws(fn, (e: unknown) => e instanceof WorkbookError && message.test((e as Error).message));
});
