/**
 * Next-word prediction data, loss and perplexity for `languageModel`. The texts are read as one
 * stream of token ids (text after text, as ULMFiT reads its corpus) and cut into windows: x is a
 * window, y the same window shifted by one word. Targets are kept as ids ([N, T, 1]) rather than
 * one-hot rows ([N, T, V] would hold 2,000 floats per word); the loss one-hots each batch only.
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt } from '../errors';
import { checkModel, checkOptions, checkTensor } from '../validate';
import { TokenVocabulary, UNK_ID } from './token-vocabulary';

export interface NextWordOptions {
  /** Ids per window, ≥ 1. */
  sequenceLength: number;
  /** Stop after this many tokens of the stream (default: all). */
  maxTokens?: number;
  /**
   * The model's output size (`languageModel`'s outputVocabularySize): a next word with a larger
   * id is a target of `<unk>`. Default: the vocabulary's size.
   */
  outputVocabularySize?: number;
}

export interface NextWordData {
  /** [windows, sequenceLength] int32 ids. */
  x: tf.Tensor2D;
  /** [windows, sequenceLength, 1] the next id at each position (float32, as fit's y). */
  y: tf.Tensor3D;
  /** Tokens in the stream that was cut. */
  tokens: number;
  /** Share of those tokens that are `<unk>`. */
  unknownRate: number;
}

/**
 * Texts → next-word training windows (non-overlapping; a last partial window is dropped). The
 * caller owns x and y.
 * @example const { x, y } = nextWordSequences(vocab, texts, { sequenceLength: 32, maxTokens: 200_000 });
 */
export function nextWordSequences(
  vocab: TokenVocabulary,
  texts: readonly string[],
  options: NextWordOptions,
): NextWordData {
  check(vocab instanceof TokenVocabulary, 'nextWordSequences', 'vocab', typeof vocab, 'a TokenVocabulary');
  const o = checkOptions('nextWordSequences', options, ['sequenceLength', 'maxTokens', 'outputVocabularySize']);
  check(o.sequenceLength !== undefined, 'nextWordSequences', 'sequenceLength', undefined, 'an integer ≥ 1');
  checkInt('nextWordSequences', 'sequenceLength', o.sequenceLength, 1, 1 << 16);
  const maxTokens = o.maxTokens ?? Number.MAX_SAFE_INTEGER;
  checkInt('nextWordSequences', 'maxTokens', maxTokens, o.sequenceLength + 1);
  const outputs = o.outputVocabularySize ?? vocab.size;
  checkInt('nextWordSequences', 'outputVocabularySize', outputs, 2, vocab.size);
  check(
    Array.isArray(texts) && texts.length > 0 && texts.every((t) => typeof t === 'string'),
    'nextWordSequences',
    'texts',
    Array.isArray(texts) ? `${texts.length} items` : typeof texts,
    'a non-empty array of strings',
  );
  const stream: number[] = [];
  for (const t of texts) {
    if (stream.length >= maxTokens) break;
    if (t.trim().length > 0) for (const id of vocab.ids(t)) stream.push(id);
  }
  stream.length = Math.min(stream.length, maxTokens);
  const T = o.sequenceLength;
  const windows = Math.floor((stream.length - 1) / T);
  check(
    windows > 0,
    'nextWordSequences',
    'texts',
    `${stream.length} tokens`,
    `at least sequenceLength + 1 = ${T + 1} tokens`,
  );
  const xs = new Int32Array(windows * T);
  const ys = new Float32Array(windows * T);
  for (let w = 0; w < windows; w++) {
    for (let t = 0; t < T; t++) {
      xs[w * T + t] = stream[w * T + t];
      const next = stream[w * T + t + 1];
      ys[w * T + t] = next < outputs ? next : UNK_ID;
    }
  }
  const used = windows * T + 1;
  let unknown = 0;
  for (let i = 0; i < used; i++) if (stream[i] === 1) unknown++;
  return {
    x: tf.tensor2d(xs, [windows, T], 'int32'),
    y: tf.tensor3d(ys, [windows, T, 1], 'float32'),
    tokens: used,
    unknownRate: unknown / used,
  };
}

/**
 * Mean cross-entropy (nats per word) of next-word ids [B, T, 1] against logits [B, T, V]: the loss
 * to give `fit` for a language model.
 */
export function nextWordLoss(yTrue: tf.Tensor, logits: tf.Tensor): tf.Scalar {
  checkTensor('nextWordLoss', 'yTrue', yTrue);
  checkTensor('nextWordLoss', 'logits', logits);
  check(
    logits.rank === 3 &&
      yTrue.rank === 3 &&
      yTrue.shape[2] === 1 &&
      yTrue.shape[0] === logits.shape[0] &&
      yTrue.shape[1] === logits.shape[1],
    'nextWordLoss',
    'yTrue',
    `[${yTrue.shape}] vs logits [${logits.shape}]`,
    'ids [B, T, 1] for logits [B, T, V]',
  );
  return tf.tidy(() => {
    const ids = tf.reshape(yTrue, [-1]).toInt();
    const flat = tf.reshape(logits, [-1, logits.shape[2]!]);
    return tf.losses.softmaxCrossEntropy(tf.oneHot(ids, logits.shape[2]!), flat) as tf.Scalar;
  });
}

/**
 * exp(mean next-word cross-entropy) of a language model on windows (x, y), in batches (inference
 * mode): how many words the model is as unsure as a uniform guess among. A uniform model scores
 * the vocabulary size.
 * @example const ppl = perplexity(lm, test.x, test.y);
 */
export function perplexity(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, batchSize = 128): number {
  checkModel('perplexity', 'model', model);
  checkTensor('perplexity', 'x', x);
  checkTensor('perplexity', 'y', y);
  checkInt('perplexity', 'batchSize', batchSize, 1);
  check(
    x.rank === 2 && y.rank === 3 && y.shape[0] === x.shape[0] && y.shape[1] === x.shape[1] && y.shape[2] === 1,
    'perplexity',
    'y',
    `[${y.shape}] for x [${x.shape}]`,
    'next-word ids [N, T, 1] for x [N, T] (see nextWordSequences)',
  );
  const inShape = model.inputs[0].shape;
  check(
    inShape.length === 2 && (inShape[1] === null || inShape[1] === x.shape[1]),
    'perplexity',
    'x',
    `[${x.shape}]`,
    `windows of the model's length [N, ${inShape[1]}]`,
  );
  const n = x.shape[0];
  let total = 0;
  for (let i = 0; i < n; i += batchSize) {
    const size = Math.min(batchSize, n - i);
    const l = tf.tidy(() => nextWordLoss(y.slice(i, size), model.predict(x.slice(i, size)) as tf.Tensor));
    total += l.dataSync()[0] * size;
    l.dispose();
  }
  return Math.exp(total / n);
}
