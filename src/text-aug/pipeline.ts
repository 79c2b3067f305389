/**
 * Pipelines: a list of operations, each applied with its own probability `p` (the base's coin),
 * seeded once — the same seed gives the same sequence of outputs. `OneOf` applies exactly one of
 * its operations, `SomeOf` a random few; both follow lib/augment/choose.ts, the rule image-aug's
 * OneOf / SomeOf follow too (OneOf: weights proportional to the operations' p, uniform when all are
 * 0; SomeOf: n or [lo, hi] operations, in the order given, each with its own p).
 *
 * @example
 * const aug = new TextPipeline([new SynonymReplacement({ n: 1, p: 0.5 }), new RandomSwap({ p: 0.3 })], { seed: 7 });
 * aug.augment('We will ship your order today'); aug.augmentMany(['a text', 'another text'], 3);
 */
import { check, checkInt } from '../lib/errors';
import { Rng, toRng } from '../lib/random';
import { SOME_OF_OPTIONS, SomeOfOptions, checkSomeOf, chooseOne, chooseSome } from '../lib/augment/choose';
import { AugmentOptions, TextAugmentation } from './base';
import { Language, Token, detokenize, resolveLanguage, tokenize } from './tokens';
import { checkArray, checkNumber, checkOptions, checkRng, checkString } from '../lib/validate';
import { OptionsOf, defineOptions } from '../lib/define-options';

function checkOperations(where: string, operations: unknown): void {
  check(
    Array.isArray(operations) && operations.length > 0 && operations.every((o) => o instanceof TextAugmentation),
    where,
    'operations',
    operations,
    'a non-empty array of text augmentations',
  );
}

/** A choice among operations: checks them all against the text's language. */
abstract class Choice extends TextAugmentation {
  constructor(
    name: string,
    readonly operations: TextAugmentation[],
    options: object | undefined,
  ) {
    super(name, {}, options);
    checkOperations(name, operations);
  }

  checkLanguage(language: Language): void {
    checkString(`${this.name}.checkLanguage`, 'language', language, false);
    this.operations.forEach((o) => o.checkLanguage(language));
  }
}

/** Exactly one of its operations, chosen with weights proportional to their p. */
export class OneOf extends Choice {
  constructor(operations: TextAugmentation[], options: { p?: number; seed?: number | Rng } = {}) {
    super('OneOf', operations, options);
  }

  apply(tokens: readonly Token[], language: Language, r: Rng): Token[] {
    checkArray(this.name, 'tokens', tokens, { nonEmpty: false });
    checkString(this.name, 'language', language, false);
    checkRng(this.name, 'r', r);
    return chooseOne(r, this.operations).apply(tokens, language, r);
  }
}

/** `n` (or [lo, hi]) of its operations, in the order given, each applied with its own p. */
export class SomeOf extends Choice {
  readonly n: [number, number];
  readonly replace: boolean;

  constructor(operations: TextAugmentation[], options: SomeOfOptions = {}) {
    const { n, replace, ...rest } = SOME_OF_OPTIONS.read(options);
    super('SomeOf', operations, rest);
    ({ n: this.n, replace: this.replace } = checkSomeOf(this.name, n, replace, operations.length));
  }

  apply(tokens: readonly Token[], language: Language, r: Rng): Token[] {
    checkArray(this.name, 'tokens', tokens, { nonEmpty: false });
    checkString(this.name, 'language', language, false);
    checkRng(this.name, 'r', r);
    let out = tokens.map((t) => ({ ...t }));
    for (const op of chooseSome(r, this.operations, this.n, this.replace, true))
      if (op.coin(r)) out = op.apply(out, language, r);
    return out;
  }
}

const PIPELINE_OPTIONS = defineOptions('TextPipeline', {
  seed: undefined as number | Rng | undefined,
  language: undefined as Language | 'auto' | undefined,
});

export type PipelineOptions = OptionsOf<typeof PIPELINE_OPTIONS>;

export class TextPipeline {
  private readonly r: Rng;
  readonly language: Language | 'auto';

  constructor(
    readonly operations: TextAugmentation[],
    options: PipelineOptions = {},
  ) {
    options = PIPELINE_OPTIONS.read(options);
    checkArray('TextPipeline', 'operations', operations, { nonEmpty: false });
    checkOperations('TextPipeline', operations);
    this.r = toRng(options.seed);
    this.language = options.language ?? 'auto';
  }

  /** One augmented variant; each operation runs with its probability p, in order. */
  augment(text: string, options: Pick<AugmentOptions, 'language'> = {}): string {
    options = checkOptions('TextPipeline.augment', options, ['language']);
    checkString('TextPipeline.augment', 'text', text, false);
    const language = resolveLanguage('TextPipeline', text, options.language ?? this.language);
    this.operations.forEach((o) => o.checkLanguage(language));
    let tokens = tokenize(text, language);
    for (const op of this.operations) if (op.coin(this.r)) tokens = op.apply(tokens, language, this.r);
    return detokenize(tokens);
  }

  /** `perText` variants of every text, in order (text 0's variants first). */
  augmentMany(texts: readonly string[], perText = 1): string[] {
    checkArray('TextPipeline.augmentMany', 'texts', texts, { nonEmpty: false });
    if (perText !== undefined) checkNumber('TextPipeline.augmentMany', 'perText', perText);
    check(Array.isArray(texts), 'TextPipeline.augmentMany', 'texts', typeof texts, 'an array of strings');
    checkInt('TextPipeline.augmentMany', 'perText', perText, 1);
    return texts.flatMap((t) => Array.from({ length: perText }, () => this.augment(t)));
  }
}
