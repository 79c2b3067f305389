/**
 * ULMFiT's second stage for the notebook: the pretrained language model moved to the target
 * task's vocabulary (adaptVocabulary) and fine-tuned on the target texts, without their labels.
 */
import * as tf from '@tensorflow/tfjs';
import { Callback } from '../../lib';
import { TokenVocabulary, nextWordLoss, nextWordSequences, perplexity } from '../../lib/text';
import { adaptVocabulary, fitUlmfit } from '../../lib/finetune';

export interface TargetLmOptions {
  /** The pretrained language model and its vocabulary (left unchanged). */
  lm: tf.LayersModel;
  lmVocab: TokenVocabulary;
  /** Unlabelled target texts (the language model reads them; no label is used). */
  texts: string[];
  /** Held-out target texts for perplexity. */
  heldOut: string[];
  vocabularySize: number;
  /** Words the output layer predicts (the most frequent ones). Default: the whole vocabulary. */
  outputVocabularySize?: number;
  /** Tokens of target text the language model is fine-tuned on. Default: all of `texts`. */
  tokens?: number;
  epochs: number;
  maxLr: number;
  batchSize: number;
  seed: number;
  callbacks?: Callback[];
}

export interface TargetLm {
  /** The fine-tuned language model on the target vocabulary (the caller disposes it). */
  model: tf.LayersModel;
  vocab: TokenVocabulary;
  /** Share of target vocabulary words the pretrained vocabulary knew. */
  matched: number;
  /** Perplexity on held-out target text: pretrained only, after target fine-tuning. */
  perplexityBefore: number;
  perplexityAfter: number;
  tokens: number;
  seconds: number;
}

/** Adapts the vocabulary, then fine-tunes the language model on target text (slanted triangular, discriminative rates). */
export async function targetLanguageModel(o: TargetLmOptions): Promise<TargetLm> {
  const vocab = TokenVocabulary.fit(o.texts, { vocabularySize: o.vocabularySize });
  const outputVocabularySize = o.outputVocabularySize ?? vocab.size;
  const { model, matched } = adaptVocabulary(o.lm, o.lmVocab, vocab, { seed: o.seed, outputVocabularySize });
  const T = model.inputs[0].shape[1] as number;
  const data = nextWordSequences(vocab, o.texts, {
    sequenceLength: T,
    outputVocabularySize,
    ...(o.tokens !== undefined ? { maxTokens: o.tokens + 1 } : {}),
  });
  const test = nextWordSequences(vocab, o.heldOut, { sequenceLength: T, maxTokens: 10_000, outputVocabularySize });
  const perplexityBefore = perplexity(model, test.x, test.y);
  const started = Date.now();
  await fitUlmfit(model, data.x, data.y, {
    epochs: o.epochs,
    maxLr: o.maxLr,
    batchSize: o.batchSize,
    gradualUnfreezing: false,
    loss: nextWordLoss,
    seed: o.seed,
    callbacks: o.callbacks ?? [],
  });
  const seconds = (Date.now() - started) / 1000;
  const perplexityAfter = perplexity(model, test.x, test.y);
  tf.dispose([data.x, data.y, test.x, test.y]);
  return { model, vocab, matched, perplexityBefore, perplexityAfter, tokens: data.tokens, seconds };
}
