/**
 * Random case: at `level: 'word'` each word is, with probability `rate`, rewritten as UPPER, lower
 * or Title case (one that differs from its current form); at `level: 'char'` each letter's case is
 * flipped with probability `rate`. Chinese script has no letter case, so for 'zh' it throws.
 *
 * @example new RandomCase({ level: 'char', rate: 0.2 }).augment('Free money waiting for you', { seed: 1 })
 */
import { WorkbookError } from '../../lib/errors';
import { Rng } from '../../lib/random';
import { OptionsOf, ParamDecls, ParamsOf } from '../../lib/augment/params';
import { AugmentOptions, TextAugmentation, augmentOnce } from '../base';
import { Language, Token } from '../tokens';
import { checkArray, checkOptions, checkRng, checkString } from '../../lib/validate';

const PARAMS = {
  level: { type: 'choice', options: ['word', 'char'], default: 'word', doc: 'change whole words or single letters' },
  rate: { type: 'number', range: [0, 1], default: 0.3, doc: "probability per word (level 'word') or per letter" },
} as const satisfies ParamDecls;

export type CaseLevel = (typeof PARAMS.level.options)[number];
export type RandomCaseOptions = OptionsOf<typeof PARAMS>;

function caseForms(word: string): string[] {
  const forms = [word.toUpperCase(), word.toLowerCase(), word[0].toUpperCase() + word.slice(1).toLowerCase()];
  return [...new Set(forms)].filter((f) => f !== word);
}

export class RandomCase extends TextAugmentation<ParamsOf<typeof PARAMS>> {
  constructor(options: RandomCaseOptions = {}) {
    super('RandomCase', PARAMS, options);
  }

  get level(): CaseLevel {
    return this.params.level;
  }

  get rate(): number {
    return this.params.rate;
  }

  checkLanguage(language: Language): void {
    checkString(this.name, 'language', language, false);
    if (language === 'zh')
      throw new WorkbookError(
        this.name,
        'language',
        language,
        '"en"',
        'RandomCase: language "zh" is not supported: Chinese characters have no upper/lower case; accepted: "en"',
      );
  }

  apply(tokens: readonly Token[], language: Language, r: Rng): Token[] {
    checkArray(this.name, 'tokens', tokens, { nonEmpty: false });
    checkString(this.name, 'language', language, false);
    checkRng(this.name, 'r', r);
    this.checkLanguage(language);
    return tokens.map((t) => {
      if (t.kind !== 'word') return { ...t };
      if (this.level === 'word') {
        const forms = caseForms(t.text);
        return { ...t, text: forms.length && r.bool(this.rate) ? r.choice(forms) : t.text };
      }
      const chars = [...t.text].map((c) => {
        const flipped = c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase();
        return flipped !== c && r.bool(this.rate) ? flipped : c;
      });
      return { ...t, text: chars.join('') };
    });
  }
}

/** One variant of `text` with random letter case. */
export function randomCase(text: string, options: RandomCaseOptions & AugmentOptions = {}): string {
  return augmentOnce('randomCase', PARAMS, (o) => new RandomCase(o), text, options);
}
