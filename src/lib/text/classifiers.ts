/**
 * Text classifiers on token ids ([N, sequenceLength] from TokenVocabulary.encode), all ending in
 * logits so they train with the one loop `fit`:
 *  - rnnClassifier: Embedding → LSTM (fused: ./fused-lstm.ts) or GRU (last state) → dense
 *  - cnnClassifier: Embedding → 1-D convolutions (Kim 2014) → global max pool → dense
 * (the bag-of-words MLP is `mlp` on `Vocabulary.encode` rows, see data/text.ts). Weights are
 * seeded; layer names are stable ('embedding', 'encoder', 'logits') so pretrained embeddings and
 * encoders can be copied in and layer groups named.
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt, checkOneOf, checkRange } from '../errors';
import { fusedLstm } from './fused-lstm';

export interface TextModelOptions {
  /** Ids in the vocabulary (`TokenVocabulary.size`), ≥ 2. */
  vocabularySize: number;
  /** Ids per text, ≥ 1. */
  sequenceLength: number;
  /** Width of the word vectors. Default 32. */
  embeddingDim?: number;
  /** Default 2. */
  numClasses?: number;
  /** Dropout before the logits. Default 0. */
  dropout?: number;
  seed?: number;
  /** Initial embedding matrix [vocabularySize, embeddingDim] (e.g. Word2Vec), copied in. */
  embeddings?: tf.Tensor2D;
}

export interface RnnClassifierOptions extends TextModelOptions {
  cell?: 'lstm' | 'gru';
  /** Recurrent units. Default 32. */
  units?: number;
  /**
   * LSTM only: the fused layer (`fusedLstm`: the whole sequence in one wasm kernel call each way,
   * same weights and results as tf.layers.lstm) rather than tf.layers.lstm. Default true for 'lstm'.
   */
  fused?: boolean;
}

export interface CnnClassifierOptions extends TextModelOptions {
  /** Filters per kernel size. Default 32. */
  filters?: number;
  /** One convolution per width (tokens), outputs concatenated. Default [3, 5]. */
  kernelSizes?: number[];
}

const BASE_KEYS = ['vocabularySize', 'sequenceLength', 'embeddingDim', 'numClasses', 'dropout', 'seed', 'embeddings'];
// Glorot, not orthogonal, recurrent weights: tfjs' orthogonal initializer warns and is slow past 2,000 elements.
// Uniform samplers honour seed 0, so these seeds go to tfjs as they are (random.ts tfSeed: only
// Gaussian ones need it); sending 0 as tfSeed(0) would move seed-0 weights for no gain.
const init = (seed: number, i: number) => tf.initializers.glorotUniform({ seed: seed * 1000 + i });

function validate(
  where: string,
  o: TextModelOptions,
  extraKeys: string[],
): Required<Omit<TextModelOptions, 'embeddings'>> {
  check(o !== null && typeof o === 'object', where, 'options', o, 'an object with vocabularySize and sequenceLength');
  for (const k of Object.keys(o)) checkOneOf(where, 'option', k, [...BASE_KEYS, ...extraKeys]);
  const { vocabularySize, sequenceLength, embeddingDim = 32, numClasses = 2, dropout = 0, seed = 0 } = o;
  checkInt(where, 'vocabularySize', vocabularySize, 2);
  checkInt(where, 'sequenceLength', sequenceLength, 1);
  checkInt(where, 'embeddingDim', embeddingDim, 1);
  checkInt(where, 'numClasses', numClasses, 2);
  checkRange(where, 'dropout', dropout, 0, 0.95);
  checkInt(where, 'seed', seed, 0);
  if (o.embeddings !== undefined) {
    const s = o.embeddings?.shape;
    check(
      o.embeddings instanceof tf.Tensor && s.length === 2 && s[0] === vocabularySize && s[1] === embeddingDim,
      where,
      'embeddings',
      s ? `[${s}]` : typeof o.embeddings,
      `a [${vocabularySize}, ${embeddingDim}] tensor`,
    );
  }
  return { vocabularySize, sequenceLength, embeddingDim, numClasses, dropout, seed };
}

function embeddingLayer(o: Required<Omit<TextModelOptions, 'embeddings'>>, embeddings?: tf.Tensor2D): tf.layers.Layer {
  return tf.layers.embedding({
    inputDim: o.vocabularySize,
    outputDim: o.embeddingDim,
    inputLength: o.sequenceLength,
    name: 'embedding',
    embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: o.seed * 1000 }),
    ...(embeddings ? { weights: [embeddings] } : {}),
  });
}

function head(m: tf.Sequential, o: { dropout: number; numClasses: number; seed: number }): void {
  // No seed: a seeded tfjs dropout layer draws the same mask on every call; unseeded it draws from
  // Math.random, which fit seeds, so runs stay reproducible.
  if (o.dropout > 0) m.add(tf.layers.dropout({ rate: o.dropout, name: 'dropout' }));
  m.add(tf.layers.dense({ units: o.numClasses, kernelInitializer: init(o.seed, 9), name: 'logits' }));
}

/**
 * Embedding → LSTM (or GRU) → logits. Padding is read like any token ('post' padding leaves the
 * last state after the pads; 'pre' padding puts the text last, which suits a last-state RNN).
 * @example const model = rnnClassifier({ vocabularySize: vocab.size, sequenceLength: 40, cell: 'gru' });
 */
export function rnnClassifier(options: RnnClassifierOptions): tf.Sequential {
  const o = validate('rnnClassifier', options, ['cell', 'units', 'fused']);
  const { cell = 'lstm', units = 32 } = options;
  checkOneOf('rnnClassifier', 'cell', cell, ['lstm', 'gru'] as const);
  checkInt('rnnClassifier', 'units', units, 1);
  const { fused = cell === 'lstm' } = options;
  checkOneOf('rnnClassifier', 'fused', fused, cell === 'lstm' ? [true, false] : [false]);
  const m = tf.sequential({ name: `${cell}_classifier` });
  m.add(embeddingLayer(o, options.embeddings));
  const rnn = { units, kernelInitializer: init(o.seed, 1), recurrentInitializer: init(o.seed, 2), name: 'encoder' };
  m.add(cell === 'gru' ? tf.layers.gru(rnn) : fused ? fusedLstm(rnn) : tf.layers.lstm(rnn));
  head(m, o);
  return m;
}

/**
 * Embedding → parallel 1-D convolutions (one per kernel size, ReLU) → global max pool → logits.
 * @example const model = cnnClassifier({ vocabularySize: vocab.size, sequenceLength: 40, kernelSizes: [3, 5] });
 */
export function cnnClassifier(options: CnnClassifierOptions): tf.LayersModel {
  const o = validate('cnnClassifier', options, ['filters', 'kernelSizes']);
  const { filters = 32, kernelSizes = [3, 5] } = options;
  checkInt('cnnClassifier', 'filters', filters, 1);
  check(
    Array.isArray(kernelSizes) && kernelSizes.length > 0,
    'cnnClassifier',
    'kernelSizes',
    kernelSizes,
    'a non-empty array of widths',
  );
  kernelSizes.forEach((k, i) => checkInt('cnnClassifier', `kernelSizes[${i}]`, k, 1, o.sequenceLength));
  const input = tf.input({ shape: [o.sequenceLength], name: 'ids' });
  const embedded = embeddingLayer(o, options.embeddings).apply(input) as tf.SymbolicTensor;
  const pooled = kernelSizes.map((k, i) => {
    const conv = tf.layers
      .conv1d({ filters, kernelSize: k, activation: 'relu', kernelInitializer: init(o.seed, 1 + i), name: `conv${k}` })
      .apply(embedded) as tf.SymbolicTensor;
    return tf.layers.globalMaxPooling1d({ name: `pool${k}` }).apply(conv) as tf.SymbolicTensor;
  });
  let x =
    pooled.length === 1 ? pooled[0] : (tf.layers.concatenate({ name: 'encoder' }).apply(pooled) as tf.SymbolicTensor);
  if (o.dropout > 0) x = tf.layers.dropout({ rate: o.dropout, name: 'dropout' }).apply(x) as tf.SymbolicTensor;
  const logits = tf.layers
    .dense({ units: o.numClasses, kernelInitializer: init(o.seed, 9), name: 'logits' })
    .apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: logits, name: 'cnn_classifier' });
}
