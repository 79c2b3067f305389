/**
 * EDA — Easy Data Augmentation (Wei & Zou, EMNLP 2019): for one text, `numAug` variants, each made
 * by ONE of the four operations — synonym replacement, random insertion, random swap (each changing
 * n = max(1, round(α · words)) words) and random deletion (each word with probability pRd). As in the
 * authors' code, an operation whose α is 0 is not used, and the variants are generated evenly across
 * the used operations, then shuffled and cut to numAug. The original is not included.
 *
 * @example eda('Congratulations, you have won a free cruise', { alphaSr: 0.1, alphaRi: 0.1, alphaRs: 0.1, pRd: 0.1, numAug: 4, seed: 1 })
 */
import { check, checkInt, checkRange } from '../lib/errors';
import { toRng } from '../lib/random';
import { AugmentOptions, TextAugmentation } from './base';
import { RandomDeletion } from './ops/random-deletion';
import { RandomInsertion } from './ops/random-insertion';
import { RandomSwap } from './ops/random-swap';
import { SynonymReplacement } from './ops/synonym-replacement';
import { detokenize, resolveLanguage, tokenize } from './tokens';
import { checkArray, checkString } from '../lib/validate';
import { OptionsOf, defineOptions } from '../lib/define-options';

const EDA_OPTIONS = defineOptions('eda', {
  /** Synonym replacement α (fraction of words). Default 0.1. */
  alphaSr: undefined as number | undefined,
  /** Random insertion α. Default 0.1. */
  alphaRi: undefined as number | undefined,
  /** Random swap α. Default 0.1. */
  alphaRs: undefined as number | undefined,
  /** Random deletion probability per word. Default 0.1. */
  pRd: undefined as number | undefined,
  /** Variants per text. Default 9 (the paper's default). */
  numAug: undefined as number | undefined,
  /** 'en', 'zh' or 'auto' (default: detected from the script). */
  language: undefined as AugmentOptions['language'],
  /** A seed or a generator; same seed → same output. */
  seed: undefined as AugmentOptions['seed'],
});

export type EdaOptions = OptionsOf<typeof EDA_OPTIONS>;

/** Validates EDA options; returns them with defaults filled in. */
export function edaConfig(options: EdaOptions, where = 'eda'): Required<Omit<EdaOptions, 'seed' | 'language'>> {
  options = EDA_OPTIONS.read(options, 'edaConfig');
  if (where !== undefined) checkString('edaConfig', 'where', where, false);
  const { alphaSr = 0.1, alphaRi = 0.1, alphaRs = 0.1, pRd = 0.1, numAug = 9 } = options;
  checkRange(where, 'alphaSr', alphaSr, 0, 1);
  checkRange(where, 'alphaRi', alphaRi, 0, 1);
  checkRange(where, 'alphaRs', alphaRs, 0, 1);
  checkRange(where, 'pRd', pRd, 0, 1);
  checkInt(where, 'numAug', numAug, 1);
  check(alphaSr + alphaRi + alphaRs + pRd > 0, where, 'alphaSr/alphaRi/alphaRs/pRd', 0, 'at least one of them > 0');
  return { alphaSr, alphaRi, alphaRs, pRd, numAug };
}

/** `numAug` EDA variants of `text`. */
export function eda(text: string, options: EdaOptions = {}): string[] {
  options = EDA_OPTIONS.read(options);
  const config = edaConfig(options);
  const language = resolveLanguage('eda', text, options.language);
  const r = toRng(options.seed);
  const ops: TextAugmentation[] = [];
  if (config.alphaSr > 0) ops.push(new SynonymReplacement({ alpha: config.alphaSr }));
  if (config.alphaRi > 0) ops.push(new RandomInsertion({ alpha: config.alphaRi }));
  if (config.alphaRs > 0) ops.push(new RandomSwap({ alpha: config.alphaRs }));
  if (config.pRd > 0) ops.push(new RandomDeletion({ rate: config.pRd }));
  const tokens = tokenize(text, language);
  const perOp = Math.ceil(config.numAug / ops.length);
  const variants: string[] = [];
  for (const op of ops) for (let i = 0; i < perOp; i++) variants.push(detokenize(op.apply(tokens, language, r)));
  return r.shuffle(variants).slice(0, config.numAug);
}

/**
 * The paper's offline expansion of a labelled training set: every text followed by its numAug
 * EDA variants, each carrying the original's label.
 */
export function edaDataset<L>(
  texts: readonly string[],
  labels: ArrayLike<L>,
  options: EdaOptions = {},
): { texts: string[]; labels: L[] } {
  options = EDA_OPTIONS.read(options, 'edaDataset');
  checkArray('edaDataset', 'texts', texts, { nonEmpty: false });
  texts.forEach((t, i) => checkString('edaDataset', `texts[${i}]`, t, false));
  checkArray('edaDataset', 'labels', labels, { nonEmpty: false });
  check(
    Array.isArray(texts) && texts.length === labels.length,
    'edaDataset',
    'labels',
    `${labels.length} labels`,
    `one label per text (texts has ${texts.length})`,
  );
  const r = toRng(options.seed);
  const outTexts: string[] = [];
  const outLabels: L[] = [];
  texts.forEach((t, i) => {
    for (const v of [t, ...eda(t, { ...options, seed: r })]) {
      outTexts.push(v);
      outLabels.push(labels[i]);
    }
  });
  return { texts: outTexts, labels: outLabels };
}
