/**
 * ULMFiT's two model changes around a pretrained language model (Howard & Ruder, 2018):
 *  - adaptVocabulary: the target texts have their own frequent words; rows of the embedding and
 *    of the output layer are carried over for words both vocabularies know, and a new word starts
 *    at the mean of the pretrained rows (fastai's `match_embeds`).
 *  - lmClassifier: the language model's embedding and encoder under a new head: concat pooling
 *    (max and mean of the encoder's states over the text's words, pads left out) → BatchNorm →
 *    dropout → logits.
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt, checkRange } from '../errors';
import { checkBoolean, checkModel, checkOptions } from '../validate';
import { TokenVocabulary } from '../text/token-vocabulary';
import { languageModel, recurrentEncoder, RecurrentCell } from '../text/language-model';
import { tfSeed } from '../random';
import { freeze } from './layers';
import { FusedLstm } from '../text/fused-lstm';
import { maskedConcatPool } from './masked-concat-pool';

interface LmShape {
  vocabularySize: number;
  outputVocabularySize: number;
  embeddingDim: number;
  sequenceLength: number;
  units: number;
  cell: RecurrentCell;
  dropout: number;
}

/** Reads the shape of a `languageModel` (fails, naming the parameter, on any other model). */
function lmShape(where: string, lm: tf.LayersModel): LmShape {
  checkModel(where, 'lm', lm);
  const names = lm.layers.map((l) => l.name);
  check(
    names.includes('embedding') && names.includes('encoder') && names.includes('lm_logits'),
    where,
    'lm',
    names.join(', '),
    "a languageModel (layers 'embedding', 'encoder', 'lm_logits')",
  );
  const [vocabularySize, embeddingDim] = lm.getLayer('embedding').getWeights()[0].shape;
  const encoder = lm.getLayer('encoder');
  const kind = encoder.getClassName();
  const lstm = kind === 'LSTM' || kind === FusedLstm.className;
  check(lstm || kind === 'GRU', where, 'lm encoder', kind, 'an LSTM (stock or fused) or GRU layer');
  const dropoutLayer = names.includes('lm_dropout') ? lm.getLayer('lm_dropout') : undefined;
  return {
    vocabularySize,
    outputVocabularySize: lm.getLayer('lm_logits').getWeights()[0].shape[1] as number,
    embeddingDim,
    sequenceLength: lm.inputs[0].shape[1] as number,
    units: encoder.getConfig().units as number,
    cell: lstm ? 'lstm' : 'gru',
    dropout: dropoutLayer ? (dropoutLayer.getConfig().rate as number) : 0,
  };
}

export interface AdaptVocabularyOptions {
  seed?: number;
  /** Words the adapted model's output layer predicts (the first ids of `to`). Default: all of `to`. */
  outputVocabularySize?: number;
}

/**
 * A copy of `lm` for the vocabulary `to`: each word of `to` gets its row from `from` where `from`
 * knows it, otherwise the mean pretrained row (plus seeded noise in the embedding); likewise for
 * the output layer's columns (where `lm` predicted the word). The encoder is copied as is. `lm` is unchanged.
 * `options` is the seed, or { seed, outputVocabularySize }.
 * @example const { model, matched } = adaptVocabulary(pretrained, sotuVocab, spamVocab);
 * @example adaptVocabulary(pretrained, sotuVocab, bigSpamVocab, { seed: 1, outputVocabularySize: 1000 });
 */
export function adaptVocabulary(
  lm: tf.LayersModel,
  from: TokenVocabulary,
  to: TokenVocabulary,
  options: number | AdaptVocabularyOptions = 0,
): { model: tf.Sequential; matched: number } {
  const s = lmShape('adaptVocabulary', lm);
  check(from instanceof TokenVocabulary, 'adaptVocabulary', 'from', typeof from, 'a TokenVocabulary');
  check(to instanceof TokenVocabulary, 'adaptVocabulary', 'to', typeof to, 'a TokenVocabulary');
  // a bare number is the seed (the original signature)
  if (typeof options === 'number') checkInt('adaptVocabulary', 'options (the seed)', options, 0);
  const o: AdaptVocabularyOptions =
    typeof options === 'number'
      ? { seed: options }
      : checkOptions('adaptVocabulary', options, ['seed', 'outputVocabularySize']);
  const { seed = 0, outputVocabularySize = to.size } = o;
  checkInt('adaptVocabulary', 'seed', seed, 0);
  checkInt('adaptVocabulary', 'outputVocabularySize', outputVocabularySize, 2, to.size);
  check(
    from.size === s.vocabularySize,
    'adaptVocabulary',
    'from',
    `${from.size} tokens`,
    `the vocabulary lm was trained on (${s.vocabularySize} tokens)`,
  );
  const known = new Map(from.tokens.map((t, i) => [t, i]));
  const rows = to.tokens.map((t) => known.get(t) ?? -1);
  const matched = rows.filter((r) => r >= 0).length;
  const model = languageModel({ ...s, vocabularySize: to.size, outputVocabularySize, seed: 0 });
  tf.tidy(() => {
    // A new word's row: the mean pretrained row plus seeded noise of the rows' own spread, so new
    // words stay distinguishable (with the mean alone, every new word reads the same to the encoder).
    // `table` has one row per word lm knew there (its input or its output vocabulary).
    const pick = (table: tf.Tensor2D, noisy: boolean, size = to.size): tf.Tensor2D => {
      const { mean, variance } = tf.moments(table, 0, true);
      const source = rows.slice(0, size).map((r) => (r >= 0 && r < table.shape[0] ? r : table.shape[0]));
      const known = tf.gather(tf.concat([table, mean]), source);
      if (!noisy) return known as tf.Tensor2D;
      const noise = tf.mul(tf.randomNormal(known.shape, 0, 1, 'float32', tfSeed(seed)), tf.sqrt(variance));
      const isNew = tf.tensor2d(
        source.map((r) => (r === table.shape[0] ? 1 : 0)),
        [source.length, 1],
      );
      return tf.add(known, tf.mul(noise, isNew)) as tf.Tensor2D;
    };
    const [emb] = lm.getLayer('embedding').getWeights() as [tf.Tensor2D];
    const [kernel, bias] = lm.getLayer('lm_logits').getWeights();
    model.getLayer('embedding').setWeights([pick(emb, true)]);
    model.getLayer('encoder').setWeights(lm.getLayer('encoder').getWeights());
    model
      .getLayer('lm_logits')
      .setWeights([
        pick((kernel as tf.Tensor2D).transpose(), false, outputVocabularySize).transpose(),
        pick(bias.reshape([-1, 1]), false, outputVocabularySize).reshape([-1]),
      ]);
  });
  return { model, matched: matched / to.size };
}

export interface LmClassifierOptions {
  /** Classes of the target task (≥ 2). Default 2. */
  numClasses?: number;
  /** Ids per text the classifier reads. Default: the language model's window. */
  sequenceLength?: number;
  /** Dropout before the logits. Default 0.2. */
  dropout?: number;
  /** Freeze the embedding and the encoder (frozen features: only the head trains). Default false. */
  freezeEncoder?: boolean;
  /** Seed of the head's weights. */
  seed?: number;
}

/**
 * A classifier on the language model's embedding and encoder (weights copied; `lm` unchanged):
 * ids [N, sequenceLength] → embedding → encoder → [max, mean] over the non-pad positions → BatchNorm → dropout →
 * logits. Layer names 'embedding', 'encoder', 'logits' (groups for `fitUlmfit`).
 * With few labelled examples, call `recalibrateBatchNorm(clf, x)` (train) after training: a few
 * dozen steps leave the head's BatchNorm running statistics behind the final weights.
 * @example const clf = lmClassifier(lm, { numClasses: 2, seed: 1 });
 */
export function lmClassifier(lm: tf.LayersModel, options: LmClassifierOptions = {}): tf.LayersModel {
  const s = lmShape('lmClassifier', lm);
  const o = checkOptions('lmClassifier', options, ['numClasses', 'sequenceLength', 'dropout', 'freezeEncoder', 'seed']);
  const { numClasses = 2, sequenceLength = s.sequenceLength, dropout = 0.2, freezeEncoder = false, seed = 0 } = o;
  checkInt('lmClassifier', 'numClasses', numClasses, 2, 1 << 16);
  checkInt('lmClassifier', 'sequenceLength', sequenceLength, 1, 1 << 16);
  checkRange('lmClassifier', 'dropout', dropout, 0, 0.95);
  checkBoolean('lmClassifier', 'freezeEncoder', freezeEncoder);
  checkInt('lmClassifier', 'seed', seed, 0);
  const input = tf.input({ shape: [sequenceLength], name: 'ids' });
  const embedding = tf.layers.embedding({
    inputDim: s.vocabularySize,
    outputDim: s.embeddingDim,
    inputLength: sequenceLength,
    name: 'embedding',
  });
  const encoder = recurrentEncoder(s.cell, s.units, seed);
  const states = encoder.apply(embedding.apply(input)) as tf.SymbolicTensor;
  const pooled = maskedConcatPool(states, input);
  // BatchNorm on the pooled states, as ULMFiT's head has: a pretrained encoder's states sit near
  // ±1 with little spread between texts, which a linear head alone learns slowly from. Momentum 0.9, not Keras' 0.99: with 100 labels
  // training is ~40 steps, too few for 0.99's running statistics to reach the batch statistics.
  let x = tf.layers.batchNormalization({ momentum: 0.9, name: 'head_norm' }).apply(pooled) as tf.SymbolicTensor;
  // No seed: a seeded tfjs dropout layer draws the same mask on every call; unseeded it draws from
  // Math.random, which fit seeds, so runs stay reproducible.
  if (dropout > 0) x = tf.layers.dropout({ rate: dropout, name: 'head_dropout' }).apply(x) as tf.SymbolicTensor;
  const logits = tf.layers
    .dense({
      units: numClasses,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed * 1000 + 9 }),
      name: 'logits',
    })
    .apply(x) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: logits, name: `${s.cell}_lm_classifier` });
  embedding.setWeights(lm.getLayer('embedding').getWeights());
  encoder.setWeights(lm.getLayer('encoder').getWeights());
  if (freezeEncoder) freeze(model, ['embedding', 'encoder']);
  return model;
}
