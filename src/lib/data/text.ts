/**
 * Bag-of-words for text classification: a vocabulary of the most frequent words of the training
 * texts, and an encoder from texts to [N, vocabularySize] rows (binary presence, counts or TF-IDF)
 * that an `mlp` can classify. Tokens are lower-cased runs of letters and digits; pass your own
 * `tokenize` for other languages (e.g. jieba for Chinese).
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt, checkOneOf } from '../errors';
import { checkArray, checkNumber, checkString } from '../validate';
import { OptionsOf, defineOptions } from '../define-options';

export type Tokenizer = (text: string) => string[];
export type BagMode = 'binary' | 'count' | 'tfidf';

export const wordTokens: Tokenizer = (text) =>
  (checkString('wordTokens', 'text', text, false), text).toLowerCase().match(/[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu) ?? [];

const VOCABULARY_OPTIONS = defineOptions('Vocabulary.fit', {
  /** Keep the maxSize most frequent words. Default 2000. */
  maxSize: undefined as number | undefined,
  /** Drop words seen in fewer than minCount texts. Default 2. */
  minCount: undefined as number | undefined,
  tokenize: undefined as Tokenizer | undefined,
});

export type VocabularyOptions = OptionsOf<typeof VOCABULARY_OPTIONS>;

export class Vocabulary {
  private readonly index: Map<string, number>;

  private constructor(
    readonly words: string[],
    readonly documentFrequency: Float32Array,
    readonly documents: number,
    readonly tokenize: Tokenizer,
  ) {
    this.index = new Map(words.map((w, i) => [w, i]));
  }

  /** Builds the vocabulary from training texts (document frequency decides the ranking). */
  static fit(texts: readonly string[], options: VocabularyOptions = {}): Vocabulary {
    options = VOCABULARY_OPTIONS.read(options);
    checkArray('Vocabulary.fit', 'texts', texts, { nonEmpty: false });
    const { maxSize = 2000, minCount = 2, tokenize = wordTokens } = options;
    check(
      Array.isArray(texts) && texts.length > 0 && texts.every((t) => typeof t === 'string'),
      'Vocabulary.fit',
      'texts',
      typeof texts,
      'a non-empty array of strings',
    );
    checkInt('Vocabulary.fit', 'maxSize', maxSize, 1);
    checkInt('Vocabulary.fit', 'minCount', minCount, 1);
    const df = new Map<string, number>();
    for (const t of texts) for (const w of new Set(tokenize(t))) df.set(w, (df.get(w) ?? 0) + 1);
    const ranked = [...df]
      .filter(([, c]) => c >= minCount)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, maxSize);
    return new Vocabulary(
      ranked.map(([w]) => w),
      Float32Array.from(ranked, ([, c]) => c),
      texts.length,
      tokenize,
    );
  }

  get size(): number {
    return this.words.length;
  }

  indexOf(word: string): number {
    checkString('Vocabulary.indexOf', 'word', word, false);
    return this.index.get(word) ?? -1;
  }

  /** Texts → [N, size] float32 rows; words outside the vocabulary are ignored. The caller owns the tensor. */
  encode(texts: readonly string[], mode: BagMode = 'binary'): tf.Tensor2D {
    checkArray('Vocabulary.encode', 'texts', texts, { nonEmpty: false });
    if (mode !== undefined) checkString('Vocabulary.encode', 'mode', mode, false);
    check(Array.isArray(texts), 'Vocabulary.encode', 'texts', typeof texts, 'an array of strings');
    checkOneOf('Vocabulary.encode', 'mode', mode, ['binary', 'count', 'tfidf'] as const);
    const v = this.size;
    const rows = new Float32Array(texts.length * v);
    texts.forEach((t, r) => {
      for (const w of this.tokenize(t)) {
        const j = this.index.get(w);
        if (j === undefined) continue;
        rows[r * v + j] = mode === 'binary' ? 1 : rows[r * v + j] + 1;
      }
      if (mode === 'tfidf') {
        let norm = 0;
        for (let j = 0; j < v; j++) {
          const x = rows[r * v + j] * Math.log((1 + this.documents) / (1 + this.documentFrequency[j]) + 1);
          rows[r * v + j] = x;
          norm += x * x;
        }
        if (norm > 0) for (let j = 0; j < v; j++) rows[r * v + j] /= Math.sqrt(norm);
      }
    });
    return tf.tensor2d(rows, [texts.length, v]);
  }
}

/** Class indices → one-hot [N, numClasses] float32 (the labels `fit` expects). */
export function oneHotLabels(labels: ArrayLike<number>, numClasses: number): tf.Tensor2D {
  checkArray('oneHotLabels', 'labels', labels, { nonEmpty: false });
  checkNumber('oneHotLabels', 'numClasses', numClasses);
  checkInt('oneHotLabels', 'numClasses', numClasses, 2);
  return tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from(labels), 'int32'), numClasses).toFloat()) as tf.Tensor2D;
}
