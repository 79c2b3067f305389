// %% [markdown]
// # Text augmentation, in English and Chinese
// Image augmentation makes new training images that keep their label; text augmentation does the same
// for sentences. The anchor is **EDA** (Wei & Zou, 2019): synonym replacement, random insertion,
// random swap and random deletion. We add random case, shuffling and homophone replacement (the
// kind of noise speech recognition and typing produce), all with one API for English and Chinese.
//
// Language resources, all offline: English words come from WordNet (synonyms) and CMUdict
// (pronunciations); Chinese is segmented into words by jieba, homophones share their pinyin
// (pinyin-pro), and — there being no Chinese WordNet offline — Chinese "synonyms" are dictionary
// words that share an English gloss in CC-CEDICT (喜欢 "to like" ↔ 喜爱 "to like").
// %%
import { claim, showClaims, setup, loadSpamAssassin, show, showTable, barChart } from 'tfjs-workbook';
import {
  SynonymReplacement,
  RandomInsertion,
  RandomSwap,
  RandomDeletion,
  RandomCase,
  Shuffle,
  HomophoneReplacement,
  TextAugmentation,
  TextPipeline,
  OneOf,
  eda,
  wordChangeRate,
  CHINESE_SENTENCES,
} from 'tfjs-workbook/text-aug';
const backend = await setup({ seed: 10 });
// %% [markdown]
// ## The examples
// English texts are real emails from the SpamAssassin corpus (subject and the first words of the
// body). No Chinese sentence corpus ships offline, so the Chinese examples are everyday sentences and
// spam-style messages written for this workbook (`CHINESE_SENTENCES`).
// %%
const { test: emails } = loadSpamAssassin({ testSize: 100, maxWords: 22 });
const en = emails.texts[emails.labels.indexOf(1)];
const zh = CHINESE_SENTENCES[1];
showTable(
  [
    { language: 'English (spam email)', text: en },
    { language: 'Chinese', text: zh },
  ],
  'Originals',
);
// %% [markdown]
// ## Every operation, side by side
// Each operation is a class with validated parameters (`n` changes or a fraction `alpha` of the words,
// a `rate` per word) and a probability `p` used by pipelines. `augment(text, { seed })` detects the
// language. Random case has no meaning for Chinese characters, so it refuses Chinese with an error
// instead of silently returning the input.
// %%
const operations: [string, TextAugmentation][] = [
  ['synonym replacement (n = 2)', new SynonymReplacement({ n: 2 })],
  ['random insertion (n = 2)', new RandomInsertion({ n: 2 })],
  ['random swap (n = 2)', new RandomSwap({ n: 2 })],
  ['random deletion (rate 0.2)', new RandomDeletion({ rate: 0.2 })],
  ['random case (word, rate 0.3)', new RandomCase({ level: 'word', rate: 0.3 })],
  ['random case (char, rate 0.2)', new RandomCase({ level: 'char', rate: 0.2 })],
  ['shuffle words', new Shuffle({ unit: 'words' })],
  ['homophones (n = 2)', new HomophoneReplacement({ n: 2 })],
];
const attempt = (op: TextAugmentation, text: string) => {
  try {
    return op.augment(text, { seed: 3 });
  } catch (e) {
    return `⚠ ${(e as Error).message}`;
  }
};
showTable(
  operations.map(([name, op]) => ({ operation: name, English: attempt(op, en), Chinese: attempt(op, zh) })),
  'One variant per operation (seed 3)',
);
// %% [markdown]
// Sentence shuffling permutes whole sentences and keeps each one intact:
// %%
const twoSentencesEn = 'Act now. This offer ends on Friday! Reply to claim your prize.';
const twoSentencesZh = CHINESE_SENTENCES.slice(16, 18).join('');
showTable(
  [
    {
      English: new Shuffle({ unit: 'sentences' }).augment(twoSentencesEn, { seed: 1 }),
      Chinese: new Shuffle({ unit: 'sentences' }).augment(twoSentencesZh, { seed: 1 }),
    },
  ],
  'Shuffled sentences',
);
// %% [markdown]
// ## EDA
// `eda(text, { alphaSr, alphaRi, alphaRs, pRd, numAug })` returns `numAug` variants, each made by one of
// the four operations; each changes n = max(1, round(α · words)) words, so even a short text changes.
// %%
const edaOptions = { alphaSr: 0.1, alphaRi: 0.1, alphaRs: 0.1, pRd: 0.1, numAug: 4, seed: 5 };
const enVariants = eda(en, edaOptions),
  zhVariants = eda(zh, edaOptions);
showTable(
  enVariants.map((v, i) => ({ variant: i + 1, English: v, Chinese: zhVariants[i] })),
  'EDA, α = 0.1, four variants',
);
// %% [markdown]
// ## Pipelines
// A `TextPipeline` applies each operation with its probability `p`, seeded once: the same seed gives the
// same stream of variants, so an augmented training set can be rebuilt exactly.
// %%
const pipeline = new TextPipeline(
  [
    new OneOf([new SynonymReplacement({ n: 1 }), new HomophoneReplacement({ n: 1 })], { p: 0.8 }),
    new RandomSwap({ n: 1, p: 0.5 }),
    new RandomDeletion({ rate: 0.1, p: 0.3 }),
  ],
  { seed: 7 },
);
const pipelineInputs = [CHINESE_SENTENCES[16], emails.texts[0]];
showTable(
  pipeline
    .augmentMany(pipelineInputs, 3)
    .map((text, i) => ({ input: Math.floor(i / 3) + 1, variant: (i % 3) + 1, text })),
  'Pipeline output, three variants per text',
);
// %% [markdown]
// ## How much does each operation change a text?
// The share of words not kept in order (1 − longest common subsequence / length), averaged over 60
// SpamAssassin emails and all Chinese example sentences, for the settings above.
// %%
const EN_TEXTS = emails.texts.slice(0, 60);
const changeRate = (op: TextAugmentation, texts: readonly string[], language: 'en' | 'zh') =>
  texts.reduce((s, t, i) => s + wordChangeRate(t, op.augment(t, { seed: i, language }), language), 0) / texts.length;
const measured = operations
  .filter(([name]) => !name.startsWith('random case'))
  .map(([name, op]) => ({
    operation: name,
    English: changeRate(op, EN_TEXTS, 'en'),
    Chinese: changeRate(op, CHINESE_SENTENCES, 'zh'),
  }));
show(
  barChart(
    measured.map((m) => m.operation),
    [measured.map((m) => m.English), measured.map((m) => m.Chinese)],
    {
      groups: ['English', 'Chinese'],
      title: 'Share of words changed per operation',
      yTitle: 'changed words (fraction)',
    },
  ),
);
// %% [markdown]
// ## What we measured
// %%
const most = measured.reduce((a, b) => (b.English > a.English ? b : a));
const sr = measured[0];
console.log(
  `On ${EN_TEXTS.length} English emails (≤ 22 words) and ${CHINESE_SENTENCES.length} Chinese sentences, ` +
    `"${most.operation}" changed the most English words (${(most.English * 100).toFixed(1)}%); synonym replacement with n = 2 changed ` +
    `${(sr.English * 100).toFixed(1)}% of English and ${(sr.Chinese * 100).toFixed(1)}% of Chinese words ` +
    `(every occurrence of a chosen word is replaced, and a word without a synonym is skipped).`,
);
const shuffleRow = measured.find((m) => m.operation === 'shuffle words')!;
const leastEn = Math.min(...measured.map((m) => m.English)),
  leastZh = Math.min(...measured.map((m) => m.Chinese));
claim({
  id: 'every-operation-changes-text',
  text: 'every operation changes some words of a typical English email and Chinese sentence (smallest mean share, %)',
  measured: 100 * Math.min(leastEn, leastZh),
  expected: '>',
  against: 0,
  unit: '%',
});
claim({
  id: 'shuffle-changes-most',
  text: 'shuffling the words changes more of an English email than synonym replacement (n = 2)',
  measured: 100 * shuffleRow.English,
  expected: '>',
  against: 100 * sr.English,
  unit: '%',
});
showClaims();
