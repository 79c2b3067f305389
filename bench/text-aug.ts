/**
 * Text augmentation throughput: sentences per second for every operation, on English sentences
 * drawn from the SpamAssassin emails and on the Chinese example sentences. Language resources
 * (WordNet, CMUdict, CC-CEDICT, pinyin index) are loaded once before timing; their load time is
 * reported separately. Last line: {"sentences_per_s": {"<op>_<lang>": ...}, ...}.
 */
process.env.DOTENV_CONFIG_QUIET = 'true';
import { loadSpamAssassin } from '../src/lib';
import { rng } from '../src/lib/random';
import {
  TextAugmentation,
  SynonymReplacement,
  RandomInsertion,
  RandomSwap,
  RandomDeletion,
  RandomCase,
  Shuffle,
  HomophoneReplacement,
  CHINESE_SENTENCES,
  Language,
  eda,
  tokenize,
  splitSentences,
  detokenize,
  countWords,
} from '../src/text-aug';

const ENGLISH_SENTENCES = 2000;
const MIN_SECONDS = 1.5;

/** Sentences of 5–40 words from the email bodies. */
function englishSentences(): string[] {
  const { train } = loadSpamAssassin({ testSize: 1, maxWords: 200 });
  const out: string[] = [];
  for (const text of train.texts) {
    for (const s of splitSentences(tokenize(text, 'en'))) {
      const n = countWords(s);
      if (n >= 5 && n <= 40) out.push(detokenize(s).trim());
    }
    if (out.length >= ENGLISH_SENTENCES * 3) break;
  }
  return rng(1).shuffle(out).slice(0, ENGLISH_SENTENCES);
}

function rate(sentences: readonly string[], language: Language, augment: (s: string, seed: number) => unknown): number {
  let done = 0;
  const started = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < MIN_SECONDS) {
    for (let i = 0; i < sentences.length; i++) augment(sentences[i], done + i);
    done += sentences.length;
    elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  }
  return done / elapsed;
}

function main(): void {
  const en = englishSentences();
  const zh = CHINESE_SENTENCES;
  const ops: [string, TextAugmentation, Language[]][] = [
    ['synonymReplacement', new SynonymReplacement({ alpha: 0.1 }), ['en', 'zh']],
    ['randomInsertion', new RandomInsertion({ alpha: 0.1 }), ['en', 'zh']],
    ['randomSwap', new RandomSwap({ alpha: 0.1 }), ['en', 'zh']],
    ['randomDeletion', new RandomDeletion({ rate: 0.1 }), ['en', 'zh']],
    ['randomCase', new RandomCase({ level: 'word' }), ['en']],
    ['shuffle', new Shuffle({ unit: 'words' }), ['en', 'zh']],
    ['homophoneReplacement', new HomophoneReplacement({ n: 1 }), ['en', 'zh']],
  ];
  const loadStart = Date.now();
  for (const [, op, languages] of ops)
    for (const language of languages) op.augment(language === 'en' ? en[0] : zh[0], { language, seed: 0 });
  const loadSeconds = (Date.now() - loadStart) / 1000;
  console.log(
    `${en.length} English sentences (SpamAssassin, mean ${(en.reduce((s, t) => s + countWords(tokenize(t, 'en')), 0) / en.length).toFixed(1)} words), ${zh.length} Chinese sentences; resources loaded in ${loadSeconds.toFixed(1)} s`,
  );
  const result: Record<string, number> = {};
  for (const [name, op, languages] of ops) {
    for (const language of languages) {
      const sentences = language === 'en' ? en : zh;
      const perSecond = rate(sentences, language, (s, seed) => op.augment(s, { language, seed }));
      result[`${name}_${language}`] = Math.round(perSecond);
      console.log(
        `${name.padEnd(22)} ${language}  ${Math.round(perSecond).toLocaleString('en-US').padStart(9)} sentences/s`,
      );
    }
  }
  for (const language of ['en', 'zh'] as const) {
    const sentences = language === 'en' ? en.slice(0, 500) : zh;
    const perSecond = rate(sentences, language, (s, seed) => eda(s, { numAug: 9, seed, language }));
    result[`eda9_${language}`] = Math.round(perSecond);
    console.log(
      `${'eda (numAug 9)'.padEnd(22)} ${language}  ${Math.round(perSecond).toLocaleString('en-US').padStart(9)} input sentences/s`,
    );
  }
  console.log(
    JSON.stringify({
      sentences_per_s: result,
      english_sentences: en.length,
      chinese_sentences: zh.length,
      resource_load_s: loadSeconds,
    }),
  );
}

main();
