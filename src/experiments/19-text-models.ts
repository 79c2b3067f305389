/**
 * Notebook 19's harness: text classifiers of different architectures trained on the same task
 * (same training sample, same held-out set, same epochs) over several seeds, with their held-out
 * accuracy after every epoch: bag-of-words MLP, 1-D CNN, LSTM and GRU on token ids.
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt, checkOneOf } from '../lib/errors';
import { loadTextCorpus, TextCorpusName, Vocabulary, oneHotLabels, Tokenizer, wordTokens } from '../lib';
import { mlp } from '../lib';
import { fit } from '../lib';
import { TokenVocabulary, rnnClassifier, cnnClassifier } from '../lib/text';

export const TEXT_ARCHITECTURES = ['bag-of-words MLP', 'CNN', 'LSTM', 'GRU'] as const;
export type TextArchitecture = (typeof TEXT_ARCHITECTURES)[number];

export interface TextModelComparisonOptions {
  corpus?: TextCorpusName;
  architectures?: TextArchitecture[];
  seeds?: number[];
  trainSize?: number;
  testSize?: number;
  /** Ids per text for the sequence models (the MLP sees every word of the text). */
  sequenceLength?: number;
  vocabularySize?: number;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  tokenize?: Tokenizer;
  /** Initial embeddings per seed for the sequence models (e.g. Word2Vec), given the vocabulary built for that seed. */
  embeddings?: (vocab: TokenVocabulary, seed: number) => tf.Tensor2D | undefined;
  embeddingDim?: number;
  onResult?: (r: TextModelRun) => void;
}

export interface TextModelRun {
  architecture: string;
  seed: number;
  /** Held-out accuracy after each epoch. */
  curve: number[];
  accuracy: number;
  seconds: number;
  /** Training tokens (ids, padding included) per second. */
  tokensPerSecond: number;
  parameters: number;
}

/** Trains every architecture on every seed's training sample; accuracy is on one fixed held-out set. */
export async function compare(options: TextModelComparisonOptions = {}): Promise<TextModelRun[]> {
  const {
    corpus = 'spam-assassin',
    architectures = ['bag-of-words MLP', 'CNN', 'LSTM'],
    seeds = [1, 2, 3],
    trainSize = 800,
    testSize = 500,
    sequenceLength = 32,
    vocabularySize = 2000,
    epochs = 5,
    batchSize = 32,
    learningRate = 3e-3,
    tokenize = wordTokens,
    embeddingDim = 32,
  } = options;
  check(
    Array.isArray(architectures) && architectures.length > 0,
    'compareTextModels',
    'architectures',
    architectures,
    'a non-empty list',
  );
  architectures.forEach((a) => checkOneOf('compareTextModels', 'architecture', a, TEXT_ARCHITECTURES));
  checkInt('compareTextModels', 'epochs', epochs, 1);
  const runs: TextModelRun[] = [];
  for (const seed of seeds) {
    const { train, test } = loadTextCorpus(corpus, { trainSize, testSize, seed });
    const [y, ty] = [oneHotLabels(train.labels, 2), oneHotLabels(test.labels, 2)];
    const seqVocab = TokenVocabulary.fit(train.texts, { vocabularySize, tokenize });
    for (const architecture of architectures) {
      let x: tf.Tensor;
      let tx: tf.Tensor;
      let model: tf.LayersModel;
      let tokens: number;
      if (architecture === 'bag-of-words MLP') {
        const bag = Vocabulary.fit(train.texts, { maxSize: vocabularySize, minCount: 2, tokenize });
        [x, tx] = [bag.encode(train.texts), bag.encode(test.texts)];
        model = mlp({ inputShape: [bag.size], hidden: [32], dropout: 0.2, numClasses: 2, seed });
        tokens = train.texts.reduce((s, t) => s + Math.min(tokenize(t).length, sequenceLength), 0); // the same text the sequence models read
      } else {
        [x, tx] = [
          seqVocab.encode(train.texts, { sequenceLength, padding: 'pre' }),
          seqVocab.encode(test.texts, { sequenceLength, padding: 'pre' }),
        ];
        const embeddings = options.embeddings?.(seqVocab, seed);
        const common = { vocabularySize: seqVocab.size, sequenceLength, embeddingDim, seed, dropout: 0.2, embeddings };
        model =
          architecture === 'CNN'
            ? cnnClassifier({ ...common, filters: 32, kernelSizes: [3, 5] })
            : rnnClassifier({ ...common, units: 32, cell: architecture === 'LSTM' ? 'lstm' : 'gru' });
        embeddings?.dispose();
        tokens = x.size;
      }
      const optimizer = tf.train.adam(learningRate);
      const started = Date.now();
      const history = await fit(model, x, y, { epochs, batchSize, optimizer, seed, validationData: [tx, ty] });
      const seconds = (Date.now() - started) / 1000;
      const curve = history.history.val_acc as number[];
      const run: TextModelRun = {
        architecture,
        seed,
        curve,
        accuracy: curve[curve.length - 1],
        seconds,
        tokensPerSecond: (tokens * epochs) / seconds,
        parameters: model.countParams(),
      };
      runs.push(run);
      options.onResult?.(run);
      tf.dispose([x, tx]);
      optimizer.dispose();
      model.dispose();
    }
    tf.dispose([y, ty]);
  }
  return runs;
}

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const sd = (v: number[]) => Math.sqrt(mean(v.map((x) => (x - mean(v)) ** 2)));

/** Mean and sd over seeds per architecture: final accuracy, per-epoch curve, time. */
export function summariseTextModels(runs: TextModelRun[]): {
  architecture: string;
  accuracy: number;
  sd: number;
  curve: number[];
  curveSd: number[];
  seconds: number;
  tokensPerSecond: number;
  parameters: number;
}[] {
  const names = [...new Set(runs.map((r) => r.architecture))];
  return names.map((architecture) => {
    const rs = runs.filter((r) => r.architecture === architecture);
    const acc = rs.map((r) => r.accuracy);
    const curve = rs[0].curve.map((_, e) => mean(rs.map((r) => r.curve[e])));
    const curveSd = rs[0].curve.map((_, e) => sd(rs.map((r) => r.curve[e])));
    return {
      architecture,
      accuracy: mean(acc),
      sd: sd(acc),
      curve,
      curveSd,
      seconds: mean(rs.map((r) => r.seconds)),
      tokensPerSecond: mean(rs.map((r) => r.tokensPerSecond)),
      parameters: rs[0].parameters,
    };
  });
}
