/**
 * Texts → padded sequences of token ids, the input of Embedding-based models (RNN, CNN, language
 * model). Id 0 is `<pad>`, id 1 is `<unk>` (any token outside the vocabulary); the other ids go to
 * the most frequent tokens of the training texts. Tokens are words for English (`wordTokens`) and
 * characters for Chinese (`charTokens`); any Tokenizer works (e.g. jieba words).
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt, checkOneOf } from '../errors';
import { Tokenizer, wordTokens } from '../data/text';

export const PAD = '<pad>';
export const UNK = '<unk>';
export const PAD_ID = 0;
export const UNK_ID = 1;

/** Every character except whitespace (Chinese is read character by character). */
export const charTokens: Tokenizer = (text) => {
  check(typeof text === 'string', 'charTokens', 'text', text, 'a string');
  return Array.from(text).filter((c) => !/\s/u.test(c));
};

export interface TokenVocabularyOptions {
  /** Ids in all, `<pad>` and `<unk>` included (≥ 2). Default 5000. */
  vocabularySize?: number;
  /** Tokens seen fewer times than this map to `<unk>`. Default 1. */
  minCount?: number;
  tokenize?: Tokenizer;
}

export interface EncodeOptions {
  /** Ids per text (≥ 1): shorter texts are padded with `<pad>`, longer ones truncated. */
  sequenceLength: number;
  /** Where a long text is cut: 'post' keeps its start (default), 'pre' its end. */
  truncating?: 'pre' | 'post';
  /** Where the padding goes: 'post' after the text (default), 'pre' before it (Keras' default). */
  padding?: 'pre' | 'post';
}

function checkTexts(where: string, texts: readonly string[]): void {
  check(
    Array.isArray(texts) && texts.length > 0,
    where,
    'texts',
    Array.isArray(texts) ? '[]' : typeof texts,
    'a non-empty array of strings',
  );
  texts.forEach((t, i) =>
    check(typeof t === 'string' && t.trim().length > 0, where, `texts[${i}]`, t, 'a non-empty string'),
  );
}

export class TokenVocabulary {
  private readonly index: Map<string, number>;

  private constructor(
    readonly tokens: string[],
    readonly counts: Int32Array,
    readonly tokenize: Tokenizer,
  ) {
    this.index = new Map(tokens.map((w, i) => [w, i]));
  }

  /**
   * Builds the vocabulary from training texts (token frequency decides who gets an id).
   * @example const vocab = TokenVocabulary.fit(train.texts, { vocabularySize: 5000 });
   */
  static fit(texts: readonly string[], options: TokenVocabularyOptions = {}): TokenVocabulary {
    check(
      options != null && typeof options === 'object',
      'TokenVocabulary.fit',
      'options',
      options,
      'an options object',
    );
    for (const k of Object.keys(options))
      checkOneOf('TokenVocabulary.fit', 'option', k, ['vocabularySize', 'minCount', 'tokenize']);
    const { vocabularySize = 5000, minCount = 1, tokenize = wordTokens } = options;
    checkInt('TokenVocabulary.fit', 'vocabularySize', vocabularySize, 2);
    checkInt('TokenVocabulary.fit', 'minCount', minCount, 1);
    checkTexts('TokenVocabulary.fit', texts);
    const counts = new Map<string, number>();
    for (const t of texts) for (const w of tokenize(t)) counts.set(w, (counts.get(w) ?? 0) + 1);
    const ranked = [...counts]
      .filter(([w, c]) => c >= minCount && w !== PAD && w !== UNK)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, vocabularySize - 2);
    const unknown = [...counts].reduce((s, [, c]) => s + c, 0) - ranked.reduce((s, [, c]) => s + c, 0);
    return new TokenVocabulary(
      [PAD, UNK, ...ranked.map(([w]) => w)],
      Int32Array.from([0, unknown, ...ranked.map(([, c]) => c)]),
      tokenize,
    );
  }

  /** Ids in all (`<pad>` and `<unk>` included): the Embedding layer's inputDim. */
  get size(): number {
    return this.tokens.length;
  }

  /** The id of a token (`<unk>`'s id for an unknown one). */
  idOf(token: string): number {
    return this.index.get(token) ?? UNK_ID;
  }

  /** A text's ids, unpadded. */
  ids(text: string): number[] {
    check(
      typeof text === 'string' && text.trim().length > 0,
      'TokenVocabulary.ids',
      'text',
      text,
      'a non-empty string',
    );
    return this.tokenize(text).map((w) => this.idOf(w));
  }

  /** Ids back to tokens (padding dropped). */
  decode(ids: ArrayLike<number>): string[] {
    check(
      ids != null && typeof ids === 'object' && typeof ids.length === 'number',
      'TokenVocabulary.decode',
      'ids',
      ids,
      'an array of token ids',
    );
    return Array.from(ids)
      .filter((i) => i !== PAD_ID)
      .map((i) => this.tokens[i] ?? UNK);
  }

  /** Texts → [N, sequenceLength] int32 ids, padded/truncated. The caller owns the tensor. */
  encode(texts: readonly string[], options: EncodeOptions): tf.Tensor2D {
    return tf.tensor2d(this.encodeToArray(texts, options), [texts.length, options.sequenceLength], 'int32');
  }

  /** As `encode`, to a flat Int32Array (row-major), no tensor. */
  encodeToArray(texts: readonly string[], options: EncodeOptions): Int32Array {
    check(
      options !== null && typeof options === 'object',
      'TokenVocabulary.encode',
      'options',
      options,
      'an object with sequenceLength',
    );
    for (const k of Object.keys(options))
      checkOneOf('TokenVocabulary.encode', 'option', k, ['sequenceLength', 'truncating', 'padding']);
    const { sequenceLength, truncating = 'post', padding = 'post' } = options;
    checkInt('TokenVocabulary.encode', 'sequenceLength', sequenceLength, 1);
    checkOneOf('TokenVocabulary.encode', 'truncating', truncating, ['pre', 'post'] as const);
    checkOneOf('TokenVocabulary.encode', 'padding', padding, ['pre', 'post'] as const);
    checkTexts('TokenVocabulary.encode', texts);
    const out = new Int32Array(texts.length * sequenceLength); // zeros = <pad>
    texts.forEach((t, r) => {
      let ids = this.tokenize(t).map((w) => this.idOf(w));
      if (ids.length > sequenceLength)
        ids = truncating === 'post' ? ids.slice(0, sequenceLength) : ids.slice(ids.length - sequenceLength);
      out.set(ids, r * sequenceLength + (padding === 'pre' ? sequenceLength - ids.length : 0));
    });
    return out;
  }
}
