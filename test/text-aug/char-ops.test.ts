import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  CharDeletion,
  CharInsertion,
  CharSwap,
  CharShuffle,
  KeyboardSubstitution,
  OcrSubstitution,
  EquivalentCharReplacement,
  charSwap,
  equivalentCharReplacement,
  TextPipeline,
} from '../../src/text-aug';
import { keyboardNeighbours } from '../../src/text-aug/resources/keyboard';
import { ocrConfusions } from '../../src/text-aug/resources/ocr';
import { equivalentChar } from '../../src/text-aug/resources/equivalent-chars';
import { WorkbookError } from '../../src/lib/errors';

const EN = 'Please confirm your account details before Friday, 10 May.';
const ZH = '我们今天去银行取一百元。這個問題非常重要！';
const letters = (t: string) => Array.from(t).filter((c) => /\p{L}/u.test(c));
const sorted = (xs: string[]) => [...xs].sort().join('');
const diffPositions = (a: string, b: string) => Array.from(a).filter((c, i) => Array.from(b)[i] !== c).length;

test('character operations: same seed same output, another seed another output, English and Chinese', () => {
  const ops = [
    new CharDeletion({ n: 2 }),
    new CharInsertion({ n: 2 }),
    new CharSwap({ n: 2 }),
    new CharShuffle({ n: 2 }),
  ];
  for (const op of ops) {
    for (const text of [EN, ZH]) {
      const a = op.augment(text, { seed: 1 });
      assert.equal(op.augment(text, { seed: 1 }), a, `${op.name} is seeded`);
      assert.notEqual(a, text, `${op.name} changes ${text}`);
      const others = [2, 3, 4, 5].map((s) => op.augment(text, { seed: s }));
      assert.ok(
        others.some((o) => o !== a),
        `${op.name}: seeds give different variants`,
      );
    }
  }
});

test('deletion removes exactly n letters and keeps the rest in order; never the last letter', () => {
  const out = new CharDeletion({ n: 3 }).augment(EN, { seed: 7 });
  assert.equal(letters(out).length, letters(EN).length - 3);
  assert.equal(letters(new CharDeletion({ n: 5 }).augment('ab', { seed: 1 })).length, 1);
  assert.equal(
    new CharDeletion({ n: 2 }).augment('I a', { seed: 1, language: 'en' }),
    'I a',
    'one-letter English words are not deleted',
  );
});

test('insertion adds n characters: keyboard neighbours in English, characters of the text in Chinese', () => {
  const en = new CharInsertion({ n: 4 }).augment('hello world', { seed: 3 });
  assert.equal(letters(en).length, 10 + 4);
  const zh = new CharInsertion({ n: 3 }).augment(ZH, { seed: 3 });
  assert.equal(Array.from(zh).length, Array.from(ZH).length + 3);
  assert.ok(Array.from(zh).every((c) => ZH.includes(c)));
});

test('swap and shuffle keep the multiset of characters; English shuffle keeps first and last letters', () => {
  for (const text of [EN, ZH]) {
    assert.equal(sorted(Array.from(new CharSwap({ n: 3 }).augment(text, { seed: 2 }))), sorted(Array.from(text)));
    assert.equal(sorted(Array.from(new CharShuffle({ n: 3 }).augment(text, { seed: 2 }))), sorted(Array.from(text)));
  }
  const out = new CharShuffle({ n: 1 }).augment('Cambridge', { seed: 1 });
  assert.ok(out[0] === 'C' && out.endsWith('e') && out !== 'Cambridge', out);
  assert.equal(diffPositions(charSwap('abcdef', { n: 1, seed: 4 }), 'abcdef'), 2);
});

test('keyboard and OCR substitutions change n characters to a neighbour / a confusable one', () => {
  const kb = new KeyboardSubstitution({ n: 3 }).augment('hello world', { seed: 5 });
  assert.equal(diffPositions(kb, 'hello world'), 3);
  Array.from(kb).forEach(
    (c, i) => c !== 'hello world'[i] && assert.ok(keyboardNeighbours('hello world'[i]).includes(c)),
  );
  assert.ok(
    keyboardNeighbours('g').includes('h') &&
      keyboardNeighbours('g').includes('t') &&
      !keyboardNeighbours('g').includes('p'),
  );
  const ocr = new OcrSubstitution({ n: 2 }).augment('Invoice 1050 is due', { seed: 5 });
  assert.equal(diffPositions(ocr, 'Invoice 1050 is due'), 2);
  Array.from(ocr).forEach(
    (c, i) => c !== 'Invoice 1050 is due'[i] && assert.ok(ocrConfusions('Invoice 1050 is due'[i]).includes(c)),
  );
});

test('equivalent characters: numerals and one-to-one simplified/traditional forms, both ways', () => {
  assert.equal(equivalentChar('一'), '壹');
  assert.equal(equivalentChar('壹'), '一');
  assert.equal(equivalentChar('们'), '們');
  assert.equal(equivalentChar('們'), '们');
  assert.equal(equivalentChar('发'), undefined, '发 stands for 發 and 髮');
  const out = equivalentCharReplacement('我们取一百元', { n: 6, seed: 1 });
  assert.equal(Array.from(out).length, 6);
  Array.from(out).forEach((c, i) => c !== '我们取一百元'[i] && assert.equal(equivalentChar('我们取一百元'[i]), c));
});

test('bad parameters and unsupported languages are WorkbookErrors naming what is wrong', () => {
  assert.throws(() => new CharDeletion({ n: 0 }), /CharDeletion: n 0 is invalid/);
  assert.throws(() => new CharSwap({ n: 1, alpha: 0.1 }), /either n or alpha/);
  assert.throws(() => new CharInsertion({ alpha: 2 }), /alpha 2/);
  assert.throws(() => new CharShuffle({ p: 1.5 }), /p 1.5/);
  assert.throws(
    () => new KeyboardSubstitution().augment(ZH),
    (e: unknown) => e instanceof WorkbookError && /works on en text only/.test(e.message),
  );
  assert.throws(() => new OcrSubstitution().augment(ZH), WorkbookError);
  assert.throws(() => new EquivalentCharReplacement().augment(EN), /works on zh text only/);
});

test('character operations chain in a pipeline and survive arbitrary text', () => {
  const pipe = new TextPipeline(
    [new CharSwap({ n: 1 }), new KeyboardSubstitution({ n: 1 }), new CharDeletion({ n: 1 })],
    { seed: 1 },
  );
  assert.notEqual(pipe.augment(EN), EN);
  fc.assert(
    fc.property(
      fc.string({ maxLength: 40 }).filter((t) => /[\p{L}\p{N}]/u.test(t)),
      fc.integer({ min: 0, max: 1000 }),
      (s, seed) => {
        for (const op of [
          new CharDeletion({ n: 2 }),
          new CharInsertion({ n: 2 }),
          new CharSwap({ n: 2 }),
          new CharShuffle({ n: 2 }),
          new KeyboardSubstitution({ n: 2 }),
          new OcrSubstitution({ n: 2 }),
        ]) {
          const out = op.augment(s, { seed, language: 'en' });
          assert.equal(typeof out, 'string');
        }
      },
    ),
    { numRuns: 100 },
  );
});
