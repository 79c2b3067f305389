/**
 * The pretrained language model. Nothing can be downloaded here, so the project pretrains its own:
 * a small LSTM language model on State of the Union passages since 1945, saved under models/. The
 * recipe is stored with the files; a saved model with another recipe is retrained, so a changed
 * recipe never loads stale weights. The vocabulary is rebuilt from the recipe (it is cheap).
 */
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import {
  Callback,
  fit,
  loadModel,
  modelExists,
  modelsDir,
  readModelMetadata,
  saveModel,
  sotuParagraphs,
  wordTokens,
} from '../../lib';
import { TokenVocabulary, languageModel, nextWordLoss, nextWordSequences, perplexity } from '../../lib/text';

/** Hyperparameters of the pretrained language model, as named constants. */
export const LM_RECIPE = {
  name: 'sotu-lstm-lm',
  /** Passages of speeches from this year on (modern English). */
  fromYear: 1945,
  /** Training tokens (the first passages up to this many words). */
  trainTokens: 120_000,
  /** Every n-th passage is held out for perplexity. */
  heldOutEvery: 20,
  // 1,000 words, not 2,000: the output layer dominates the cost (with the fused LSTM, ≈19k vs ≈6k
  // tokens/s here), and the time saved goes to fine-tuning on every unlabelled email instead.
  vocabularySize: 1000,
  sequenceLength: 32,
  embeddingDim: 64,
  units: 64,
  cell: 'lstm',
  dropout: 0.1,
  epochs: 1,
  batchSize: 16,
  learningRate: 1e-2,
  seed: 1,
} as const;

export interface PretrainedLm {
  model: tf.LayersModel;
  vocab: TokenVocabulary;
  path: string;
  /** True when it was trained now (false: loaded from disk). */
  trained: boolean;
  /** Perplexity on held-out passages, measured when it was trained. */
  perplexity: number;
  /** Training tokens seen per epoch. */
  tokens: number;
  /** Seconds the pretraining took (when it was trained). */
  trainSeconds: number;
}

/** Where the pretrained language model lives: models/sotu-lstm-lm (see modelsDir). */
export function pretrainedLmPath(): string {
  return path.join(modelsDir(), LM_RECIPE.name);
}

/** The recipe's training and held-out passages and its vocabulary (deterministic: no randomness). */
export function pretrainingTexts(): { train: string[]; heldOut: string[]; vocab: TokenVocabulary } {
  const r = LM_RECIPE;
  const { texts, years } = sotuParagraphs();
  const modern = texts.filter((_, i) => years[i] >= r.fromYear);
  const train: string[] = [];
  const heldOut: string[] = [];
  let words = 0;
  modern.forEach((t, i) => {
    if (i % r.heldOutEvery === r.heldOutEvery - 1) heldOut.push(t);
    else if (words < r.trainTokens) {
      train.push(t);
      words += wordTokens(t).length;
    }
  });
  const vocab = TokenVocabulary.fit(train, { vocabularySize: r.vocabularySize });
  return { train, heldOut, vocab };
}

/**
 * Trains the language model on the recipe's passages (seeded: same weights every time) and saves it.
 * @example const lm = await pretrainLanguageModel({ callbacks: [progress()] });
 */
export async function pretrainLanguageModel(
  options: { path?: string; callbacks?: Callback[] } = {},
): Promise<PretrainedLm> {
  const r = LM_RECIPE;
  const target = options.path ?? pretrainedLmPath();
  const { train, heldOut, vocab } = pretrainingTexts();
  const data = nextWordSequences(vocab, train, { sequenceLength: r.sequenceLength, maxTokens: r.trainTokens + 1 });
  const test = nextWordSequences(vocab, heldOut, { sequenceLength: r.sequenceLength, maxTokens: 20_000 });
  const model = languageModel({
    vocabularySize: vocab.size,
    sequenceLength: r.sequenceLength,
    embeddingDim: r.embeddingDim,
    units: r.units,
    cell: r.cell,
    dropout: r.dropout,
    seed: r.seed,
  });
  const optimizer = tf.train.adam(r.learningRate);
  const started = Date.now();
  await fit(model, data.x, data.y, {
    epochs: r.epochs,
    batchSize: r.batchSize,
    optimizer,
    loss: nextWordLoss,
    seed: r.seed,
    callbacks: options.callbacks ?? [],
  });
  const trainSeconds = (Date.now() - started) / 1000;
  const ppl = perplexity(model, test.x, test.y);
  optimizer.dispose();
  tf.dispose([data.x, data.y, test.x, test.y]);
  await saveModel(model, target, {
    metadata: { recipe: r, perplexity: ppl, tokens: data.tokens, trainSeconds, backend: tf.getBackend() },
  });
  return { model, vocab, path: target, trained: true, perplexity: ppl, tokens: data.tokens, trainSeconds };
}

/**
 * The pretrained language model: loaded from models/ when saved with the current recipe, else pretrained now.
 * @example const { model, vocab, perplexity } = await pretrainedLanguageModel();
 */
export async function pretrainedLanguageModel(
  options: { path?: string; callbacks?: Callback[] } = {},
): Promise<PretrainedLm> {
  const target = options.path ?? pretrainedLmPath();
  const meta = readModelMetadata(target) as
    { recipe?: unknown; perplexity?: number; tokens?: number; trainSeconds?: number } | undefined;
  if (modelExists(target) && JSON.stringify(meta?.recipe) === JSON.stringify(LM_RECIPE)) {
    return {
      model: await loadModel(target),
      vocab: pretrainingTexts().vocab,
      path: target,
      trained: false,
      perplexity: meta!.perplexity ?? NaN,
      tokens: meta!.tokens ?? NaN,
      trainSeconds: meta!.trainSeconds ?? NaN,
    };
  }
  return pretrainLanguageModel(options);
}
