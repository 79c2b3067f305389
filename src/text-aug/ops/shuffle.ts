/**
 * Shuffle: `unit: 'words'` permutes the words inside each sentence (punctuation stays put, so a
 * sentence still ends with its full stop); `unit: 'sentences'` permutes the sentences of the text.
 * A text of one sentence is unchanged by sentence shuffling, a sentence of one word by word shuffling.
 *
 * @example new Shuffle({ unit: 'sentences' }).augment('Act now. Offer ends soon! Reply today.', { seed: 1 })
 */
import { Rng } from '../../lib/random';
import { OptionsOf, ParamDecls, ParamsOf } from '../../lib/augment/params';
import { AugmentOptions, TextAugmentation, augmentOnce } from '../base';
import { Language, Token, splitSentences, wordPositions, wordSeparator } from '../tokens';
import { checkArray, checkOptions, checkRng, checkString } from '../../lib/validate';

const PARAMS = {
  unit: { type: 'choice', options: ['words', 'sentences'], default: 'words', doc: 'what is permuted' },
} as const satisfies ParamDecls;

export type ShuffleUnit = (typeof PARAMS.unit.options)[number];
export type ShuffleOptions = OptionsOf<typeof PARAMS>;

function shuffleWords(sentence: Token[], r: Rng): Token[] {
  const out = sentence.map((t) => ({ ...t }));
  const positions = wordPositions(out);
  const words = r.shuffle(positions.map((i) => out[i]));
  positions.forEach((pos, k) => (out[pos] = words[k]));
  return out;
}

export class Shuffle extends TextAugmentation<ParamsOf<typeof PARAMS>> {
  constructor(options: ShuffleOptions = {}) {
    super('Shuffle', PARAMS, options);
  }

  get unit(): ShuffleUnit {
    return this.params.unit;
  }

  apply(tokens: readonly Token[], language: Language, r: Rng): Token[] {
    checkArray(this.name, 'tokens', tokens, { nonEmpty: false });
    checkString(this.name, 'language', language, false);
    checkRng(this.name, 'r', r);
    const sentences = splitSentences(tokens);
    if (this.unit === 'words') return sentences.flatMap((s) => shuffleWords(s, r));
    // Each sentence loses its trailing space; the shuffled ones are re-joined with one separator.
    const trimmed = sentences.map((s) => {
      let end = s.length;
      while (end > 0 && s[end - 1].kind === 'space') end--;
      return s.slice(0, end).map((t) => ({ ...t }));
    });
    const trailing = sentences[sentences.length - 1].slice(trimmed[trimmed.length - 1].length);
    const sep = wordSeparator(language);
    const out: Token[] = [];
    r.shuffle(trimmed).forEach((s, i) => {
      if (i > 0 && sep) out.push({ text: sep, kind: 'space' });
      out.push(...s);
    });
    return out.concat(trailing.map((t) => ({ ...t })));
  }
}

/** One shuffled variant of `text`. */
export function shuffle(text: string, options: ShuffleOptions & AugmentOptions = {}): string {
  return augmentOnce('shuffle', PARAMS, (o) => new Shuffle(o), text, options);
}
