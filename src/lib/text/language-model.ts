/**
 * A small word-level language model: Embedding → recurrent encoder (every step's state) → dense
 * logits over the vocabulary at every position, trained through `fit` to predict the next word.
 * Layer names are stable ('embedding', 'encoder', 'lm_dropout', 'lm_logits') so `lmClassifier`
 * (finetune/ulmfit) can lift the encoder out. The recurrent cell is built in one place,
 * `recurrentEncoder`, so changing the cell type (or plugging a faster fused layer) is one line.
 *
 * Measured here (wasm backend, 2 shared cores, 64 units, 32-word windows, random ids): with the
 * fused LSTM a language model trains ≈5.7k tokens/s with a 2,000-word vocabulary, ≈19k with 1,000
 * and ≈31k with 500 (stock tf.layers.lstm: 4.2k / 6.4k / 7.1k): the output layer dominates.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInt, checkOneOf, checkRange } from '../errors';
import { checkOptions } from '../validate';
import { tfSeed } from '../random';
import { fusedLstm } from './fused-lstm';

export const RECURRENT_CELLS = ['lstm', 'gru'] as const;
export type RecurrentCell = (typeof RECURRENT_CELLS)[number];

export interface LanguageModelOptions {
  /** Ids in the vocabulary (`TokenVocabulary.size`), ≥ 2. */
  vocabularySize: number;
  /**
   * Words the output layer predicts: the first (most frequent) ids, 2 … vocabularySize. Default:
   * all. A smaller output reads a large vocabulary at the cost of a small one: the output layer is
   * most of the cost, the embedding almost none; rarer words are predicted as `<unk>` (see
   * nextWordSequences) but still get trained input vectors from their contexts.
   */
  outputVocabularySize?: number;
  /** Ids per training window, ≥ 1. */
  sequenceLength: number;
  /** Width of the word vectors. Default 64. */
  embeddingDim?: number;
  /** Recurrent units. Default 64. */
  units?: number;
  /** Default 'lstm'. */
  cell?: RecurrentCell;
  /** Dropout between the encoder and the output layer. Default 0.1. */
  dropout?: number;
  seed?: number;
}

export const LANGUAGE_MODEL_KEYS = [
  'vocabularySize',
  'outputVocabularySize',
  'sequenceLength',
  'embeddingDim',
  'units',
  'cell',
  'dropout',
  'seed',
];

// Glorot, not orthogonal, recurrent weights: tfjs' orthogonal initializer warns and is slow past 2,000 elements.
const init = (seed: number, i: number) => tf.initializers.glorotUniform({ seed: seed * 1000 + i });

/**
 * THE place the recurrent cell is made (language model and the classifiers built on its encoder):
 * returns every step's state, so a language model can predict at each position.
 */
export function recurrentEncoder(cell: RecurrentCell, units: number, seed: number, name = 'encoder'): tf.layers.Layer {
  checkOneOf('recurrentEncoder', 'cell', cell, RECURRENT_CELLS);
  checkInt('recurrentEncoder', 'units', units, 1, 4096);
  checkInt('recurrentEncoder', 'seed', seed, 0);
  const config = {
    units,
    returnSequences: true,
    kernelInitializer: init(seed, 1),
    recurrentInitializer: init(seed, 2),
    name,
  };
  // The LSTM is the fused layer (whole sequence in one wasm kernel call; same weights as
  // tf.layers.lstm): ≈1.4× faster for the language model, ≈4× once the output layer is small.
  return cell === 'lstm' ? fusedLstm(config) : tf.layers.gru(config);
}

/** Options with their defaults filled in, checked (the recipe a saved model is compared against). */
export function languageModelRecipe(options: LanguageModelOptions): Required<LanguageModelOptions> {
  const o = checkOptions('languageModel', options, LANGUAGE_MODEL_KEYS);
  const { vocabularySize, sequenceLength, embeddingDim = 64, units = 64, cell = 'lstm', dropout = 0.1, seed = 0 } = o;
  checkInt('languageModel', 'vocabularySize', vocabularySize, 2, 1 << 20);
  const outputVocabularySize = o.outputVocabularySize ?? vocabularySize;
  checkInt('languageModel', 'outputVocabularySize', outputVocabularySize, 2, vocabularySize);
  checkInt('languageModel', 'sequenceLength', sequenceLength, 1, 1 << 16);
  checkInt('languageModel', 'embeddingDim', embeddingDim, 1, 4096);
  checkInt('languageModel', 'units', units, 1, 4096);
  checkOneOf('languageModel', 'cell', cell, RECURRENT_CELLS);
  checkRange('languageModel', 'dropout', dropout, 0, 0.95);
  checkInt('languageModel', 'seed', seed, 0);
  return { vocabularySize, outputVocabularySize, sequenceLength, embeddingDim, units, cell, dropout, seed };
}

/**
 * Next-word language model: ids [N, sequenceLength] → logits [N, sequenceLength, outputVocabularySize]
 * (position t predicts id t + 1). Train with `fit(model, x, y, { loss: nextWordLoss })` on
 * `nextWordSequences`. Weights are seeded.
 * @example const lm = languageModel({ vocabularySize: vocab.size, sequenceLength: 32, seed: 1 });
 */
export function languageModel(options: LanguageModelOptions): tf.Sequential {
  const o = languageModelRecipe(options);
  const m = tf.sequential({ name: `${o.cell}_language_model` });
  m.add(
    tf.layers.embedding({
      inputDim: o.vocabularySize,
      outputDim: o.embeddingDim,
      inputLength: o.sequenceLength,
      name: 'embedding',
      embeddingsInitializer: tf.initializers.randomUniform({
        minval: -0.05,
        maxval: 0.05,
        seed: tfSeed(o.seed * 1000),
      }),
    }),
  );
  m.add(recurrentEncoder(o.cell, o.units, o.seed));
  // No seed: a seeded tfjs dropout layer draws the same mask on every call; unseeded it draws from
  // Math.random, which fit seeds, so runs stay reproducible.
  if (o.dropout > 0) m.add(tf.layers.dropout({ rate: o.dropout, name: 'lm_dropout' }));
  m.add(tf.layers.dense({ units: o.outputVocabularySize, kernelInitializer: init(o.seed, 9), name: 'lm_logits' }));
  return m;
}
