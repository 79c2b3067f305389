/**
 * Pipelines: a list of operations, each applied with its own probability `p`, seeded once — the
 * same seed gives the same sequence of outputs. `OneOf` applies exactly one of its operations
 * (chosen with weights proportional to their p, uniformly when all are 0), like albumentations' OneOf
 * and image-aug's OneOf (both choose through random.ts' weightedIndex).
 *
 * @example
 * const aug = new TextPipeline([new SynonymReplacement({ n: 1, p: 0.5 }), new RandomSwap({ p: 0.3 })], { seed: 7 });
 * aug.augment('We will ship your order today'); aug.augmentMany(['a text', 'another text'], 3);
 */
import { check, checkInt } from '../lib/errors';
import { Rng, toRng, weightedIndex } from '../lib/random';
import { AugmentOptions, TextAugmentation } from './base';
import { Language, Token, detokenize, resolveLanguage, tokenize } from './tokens';
import { checkArray, checkNumber, checkOptions, checkRng, checkString } from '../lib/validate';

export class OneOf extends TextAugmentation {
  constructor(
    readonly operations: TextAugmentation[],
    p = 1,
  ) {
    super('OneOf', p);
    check(
      Array.isArray(operations) && operations.length > 0 && operations.every((o) => o instanceof TextAugmentation),
      this.name,
      'operations',
      operations,
      'a non-empty array of text augmentations',
    );
  }

  checkLanguage(language: Language): void {
    checkString('OneOf.checkLanguage', 'language', language, false);
    this.operations.forEach((o) => o.checkLanguage(language));
  }

  apply(tokens: readonly Token[], language: Language, r: Rng): Token[] {
    checkArray(this.name, 'tokens', tokens, { nonEmpty: false });
    checkString(this.name, 'language', language, false);
    checkRng(this.name, 'r', r);
    const op =
      this.operations[
        weightedIndex(
          r,
          this.operations.map((o) => o.p),
        )
      ];
    return op.apply(tokens, language, r);
  }
}

export interface PipelineOptions {
  seed?: number | Rng;
  language?: Language | 'auto';
}

export class TextPipeline {
  private readonly r: Rng;
  readonly language: Language | 'auto';

  constructor(
    readonly operations: TextAugmentation[],
    options: PipelineOptions = {},
  ) {
    options = checkOptions('TextPipeline', options, ['seed', 'language']);
    checkArray('TextPipeline', 'operations', operations, { nonEmpty: false });
    check(
      Array.isArray(operations) && operations.length > 0 && operations.every((o) => o instanceof TextAugmentation),
      'TextPipeline',
      'operations',
      operations,
      'a non-empty array of text augmentations',
    );
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
    for (const op of this.operations) if (this.r.next() < op.p) tokens = op.apply(tokens, language, this.r);
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
