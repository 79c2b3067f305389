import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  RandomDeletion,
  RandomInsertion,
  RandomSwap,
  SynonymReplacement,
  HomophoneReplacement,
  Shuffle,
  eda,
  tokenize,
  detokenize,
  countWords,
  resources,
} from '../../src/text-aug';
import { rng } from '../../src/lib/random';

// Random texts: real English words (some with synonyms/homophones), made-up words, punctuation, spaces.
const EN_WORDS = [
  'the',
  'free',
  'offer',
  'money',
  'meeting',
  'tomorrow',
  'please',
  'reply',
  'big',
  'house',
  'their',
  'there',
  'xqzt',
  'Blorf',
  'right',
  'write',
  'CLICK',
  'fast',
];
const ZH_WORDS = ['我们', '今天', '银行', '高兴', '问题', '重要', '免费', '会议', '明天', '回复', '的', '很'];
const PUNCT = [',', '.', '!', '?', ' - ', '，', '。'];
const text = (vocab: string[], sep: string) =>
  fc
    .array(
      fc.oneof(
        { weight: 5, arbitrary: fc.constantFrom(...vocab) },
        { weight: 1, arbitrary: fc.constantFrom(...PUNCT) },
      ),
      { minLength: 1, maxLength: 25 },
    )
    .map((parts) => parts.join(sep))
    .filter((t) => /[\p{L}\p{N}]/u.test(t));
const english = text(EN_WORDS, ' ');
const chinese = text(ZH_WORDS, '');
const sortedTexts = (tokens: { text: string }[]) => tokens.map((t) => t.text).sort();
const RUNS = { numRuns: 60 };

test('property: tokens join back to the exact text (en, zh)', () => {
  fc.assert(
    fc.property(english, (t) => detokenize(tokenize(t, 'en')) === t),
    RUNS,
  );
  fc.assert(
    fc.property(chinese, (t) => detokenize(tokenize(t, 'zh')) === t),
    RUNS,
  );
});

test('property: arbitrary Unicode survives tokenisation, and no operation crashes on it', () => {
  for (const lang of ['en', 'zh'] as const)
    fc.assert(
      fc.property(fc.fullUnicodeString({ maxLength: 40 }), (t) => detokenize(tokenize(t, lang)) === t),
      { numRuns: 300 },
    );
  const ops = [
    new SynonymReplacement({ n: 2 }),
    new RandomInsertion({ n: 2 }),
    new RandomSwap({ n: 2 }),
    new RandomDeletion({ rate: 0.5 }),
    new Shuffle(),
    new Shuffle({ unit: 'sentences' }),
    new HomophoneReplacement({ n: 2 }),
  ];
  const text = fc.fullUnicodeString({ minLength: 1, maxLength: 40 }).filter((t) => t.trim().length > 0);
  fc.assert(
    fc.property(text, fc.nat(), (t, seed) => ops.every((op) => typeof op.augment(t, { seed }) === 'string')),
    { numRuns: 100 },
  );
});

test('property: swap and shuffle keep the multiset of tokens', () => {
  for (const [arb, lang] of [
    [english, 'en'],
    [chinese, 'zh'],
  ] as const) {
    fc.assert(
      fc.property(arb, fc.integer({ min: 1, max: 5 }), fc.nat(), (t, n, seed) => {
        const tokens = tokenize(t, lang);
        assert.deepEqual(sortedTexts(new RandomSwap({ n }).apply(tokens, lang, rng(seed))), sortedTexts(tokens));
        assert.deepEqual(sortedTexts(new Shuffle().apply(tokens, lang, rng(seed))), sortedTexts(tokens));
      }),
      RUNS,
    );
  }
});

test('property: deletion keeps at least one word and only removes', () => {
  fc.assert(
    fc.property(english, fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(), (t, rate, seed) => {
      const out = new RandomDeletion({ rate }).apply(tokenize(t, 'en'), 'en', rng(seed));
      assert.ok(countWords(out) >= 1);
      assert.ok(countWords(out) <= countWords(tokenize(t, 'en')));
    }),
    RUNS,
  );
});

test('property: insertion adds exactly n words when any word has a synonym, else none', () => {
  for (const [arb, lang] of [
    [english, 'en'],
    [chinese, 'zh'],
  ] as const) {
    fc.assert(
      fc.property(arb, fc.integer({ min: 1, max: 4 }), fc.nat(), (t, n, seed) => {
        const tokens = tokenize(t, lang);
        const hasSynonyms = tokens.some(
          (x) =>
            x.kind === 'word' &&
            !resources.isStopword(x.text, lang) &&
            resources.synonymsOf(x.text.toLowerCase(), lang).length > 0,
        );
        const out = new RandomInsertion({ n }).apply(tokens, lang, rng(seed));
        assert.equal(countWords(out), countWords(tokens) + (hasSynonyms ? n : 0));
      }),
      RUNS,
    );
  }
});

test('property: replacements keep the word count; homophones keep the sound', () => {
  fc.assert(
    fc.property(english, fc.nat(), (t, seed) => {
      const tokens = tokenize(t, 'en');
      assert.equal(countWords(new SynonymReplacement({ n: 2 }).apply(tokens, 'en', rng(seed))), countWords(tokens));
      const out = new HomophoneReplacement({ n: 2 }).apply(tokens, 'en', rng(seed));
      out.forEach((x, i) => {
        if (x.text !== tokens[i].text)
          assert.ok(
            resources.pronunciationsOf(x.text).some((p) => resources.pronunciationsOf(tokens[i].text).includes(p)),
            `${tokens[i].text} → ${x.text}`,
          );
      });
    }),
    RUNS,
  );
});

test('property: eda is deterministic and returns numAug non-empty variants', () => {
  fc.assert(
    fc.property(fc.oneof(english, chinese), fc.integer({ min: 1, max: 6 }), fc.nat(), (t, numAug, seed) => {
      const a = eda(t, { numAug, seed });
      assert.equal(a.length, numAug);
      assert.ok(a.every((v) => /[\p{L}\p{N}]/u.test(v)));
      assert.deepEqual(eda(t, { numAug, seed }), a);
    }),
    { numRuns: 30 },
  );
});
