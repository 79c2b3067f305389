/**
 * Word2Vec: skip-gram with negative sampling (Mikolov et al., 2013), trained with the one loop
 * `fit`. Each training row is (centre word, true context word, k sampled words); the model scores
 * each pair by the dot product of the centre's input vector and the other word's output vector,
 * and binary cross-entropy on those logits pushes the true pair up and the sampled ones down.
 * Frequent words are subsampled and negatives drawn from unigram^0.75, as in the paper.
 */
import * as tf from '@tensorflow/tfjs';
import { check, checkInt, checkRange, WorkbookError } from '../errors';
import { rng } from '../random';
import { fit } from '../train/loop';
import { Callback, History } from '../train/callback';
import { Tokenizer, wordTokens } from '../data/text';
import { TokenVocabulary, UNK_ID, PAD_ID } from './token-vocabulary';

export interface Word2VecOptions {
  /** Ids in the vocabulary (`<pad>`, `<unk>` included). Default 5000. */
  vocabularySize?: number;
  /** Vector width. Default 64. */
  dim?: number;
  /** Context words on each side (a random 1..window per centre, as word2vec does). Default 3. */
  window?: number;
  /** Negative samples per true pair. Default 5. */
  negatives?: number;
  /** Subsampling threshold t (words with frequency f kept with probability √(t/f)). Default 1e-4. */
  subsample?: number;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  seed?: number;
  tokenize?: Tokenizer;
  callbacks?: Callback[];
}

/** The skip-gram scorer: two embedding tables, logits = <in[centre], out[other]> for the 1 + k others. */
class SkipGramScores extends tf.layers.Layer {
  static className = 'SkipGramScores';
  private input_!: tf.LayerVariable;
  private output_!: tf.LayerVariable;

  constructor(private readonly cfg: { vocabularySize: number; dim: number; seed: number; name: string }) {
    super({ name: cfg.name });
  }

  build(): void {
    const { vocabularySize, dim, seed } = this.cfg;
    this.input_ = this.addWeight(
      'input_vectors',
      [vocabularySize, dim],
      'float32',
      tf.initializers.randomUniform({ minval: -0.5 / dim, maxval: 0.5 / dim, seed }),
    );
    this.output_ = this.addWeight('output_vectors', [vocabularySize, dim], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  computeOutputShape(inputShape: tf.Shape): tf.Shape {
    return [inputShape[0], (inputShape[1] as number) - 1];
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const ids = (Array.isArray(inputs) ? inputs[0] : inputs).toInt();
      const [centre, others] = tf.split(ids, [1, ids.shape[1]! - 1], 1);
      const c = tf.gather(this.input_.read(), centre.squeeze([1])); // [B, d]
      const o = tf.gather(this.output_.read(), others); // [B, 1+k, d]
      return tf.sum(tf.mul(o, c.expandDims(1)), -1); // [B, 1+k]
    });
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.cfg };
  }
}
tf.serialization.registerClass(SkipGramScores);

export class Word2Vec {
  constructor(
    readonly vocab: TokenVocabulary,
    readonly model: tf.LayersModel,
    readonly history: History,
  ) {}

  /** The input vectors [vocabulary, dim] (a copy the caller owns). */
  vectors(): tf.Tensor2D {
    return tf.tidy(() => (this.model.getLayer('skipgram').getWeights()[0] as tf.Tensor2D).clone());
  }

  /** Vectors for another vocabulary's ids (e.g. a classifier's), rows of unknown words left at `fill` × small noise. */
  vectorsFor(target: TokenVocabulary, seed = 0): tf.Tensor2D {
    const where = 'Word2Vec.vectorsFor';
    check(target instanceof TokenVocabulary, where, 'target', target, "a TokenVocabulary (e.g. a classifier's)");
    check(typeof seed === 'number' && Number.isSafeInteger(seed), where, 'seed', seed, 'an integer');
    const all = this.model.getLayer('skipgram').getWeights()[0].arraySync() as number[][];
    const dim = all[0].length;
    const r = rng(`w2v-fill:${seed}`);
    const rows = target.tokens.map((t, i) => {
      const j = this.vocab.idOf(t);
      return i !== PAD_ID && j !== UNK_ID ? all[j] : Array.from({ length: dim }, () => r.uniform(-0.05, 0.05));
    });
    return tf.tensor2d(rows, [target.size, dim]);
  }

  private normalised(): number[][] {
    const all = this.model.getLayer('skipgram').getWeights()[0].arraySync() as number[][];
    return all.map((v) => {
      const n = Math.hypot(...v) || 1;
      return v.map((x) => x / n);
    });
  }

  private rank(
    query: number[],
    exclude: Set<number>,
    k: number,
    all: number[][],
  ): { word: string; similarity: number }[] {
    const scored = all
      .map((v, i) => ({ i, s: v.reduce((a, x, d) => a + x * query[d], 0) }))
      .filter(({ i }) => i > UNK_ID && !exclude.has(i));
    return scored
      .sort((a, b) => b.s - a.s)
      .slice(0, k)
      .map(({ i, s }) => ({ word: this.vocab.tokens[i], similarity: s }));
  }

  private known(word: string, where: string, parameter = 'word'): number {
    check(typeof word === 'string' && word !== '', where, parameter, word, 'a word (a non-empty string)');
    const id = this.vocab.idOf(word.toLowerCase());
    if (id === UNK_ID)
      throw new WorkbookError(
        where,
        parameter,
        word,
        'a word in the vocabulary',
        `${where}: ${parameter} "${word}" is not in the vocabulary (${this.vocab.size} words)`,
      );
    return id;
  }

  /** The k words with the most similar vectors (cosine). */
  nearest(word: string, k = 5): { word: string; similarity: number }[] {
    checkInt('Word2Vec.nearest', 'k', k, 1);
    const all = this.normalised();
    const id = this.known(word, 'Word2Vec.nearest');
    return this.rank(all[id], new Set([id]), k, all);
  }

  /** a is to b as c is to …: the words nearest b − a + c (3CosAdd), a, b and c excluded. */
  analogy(a: string, b: string, c: string, k = 3): { word: string; similarity: number }[] {
    checkInt('Word2Vec.analogy', 'k', k, 1);
    const all = this.normalised();
    const [ia, ib, ic] = [a, b, c].map((w, i) => this.known(w, 'Word2Vec.analogy', 'abc'[i]));
    const q = all[ib].map((x, d) => x - all[ia][d] + all[ic][d]);
    return this.rank(q, new Set([ia, ib, ic]), k, all);
  }

  dispose(): void {
    this.model.dispose();
  }
}

/** Skip-gram rows (centre, context, k negatives) from id sequences, seeded. */
export function skipGramRows(
  sequences: number[][],
  counts: ArrayLike<number>,
  o: { window: number; negatives: number; subsample: number; seed: number },
): Int32Array {
  const r = rng(`skipgram:${o.seed}`);
  const total = Array.from(counts).reduce((a, b) => a + b, 0);
  const keep = Array.from(counts, (c) =>
    c > 0 ? Math.min(1, Math.sqrt(o.subsample / (c / total)) + o.subsample / (c / total)) : 0,
  );
  // Unigram^0.75 table for negatives (pad and unk never drawn).
  const weights = Array.from(counts, (c, i) => (i > UNK_ID ? Math.pow(c, 0.75) : 0));
  const table = new Int32Array(1e5);
  const sum = weights.reduce((a, b) => a + b, 0);
  for (let i = 0, acc = 0, j = 0; i < table.length; i++) {
    while (j < weights.length - 1 && (i + 0.5) / table.length > (acc + weights[j]) / sum) acc += weights[j++];
    table[i] = j;
  }
  const rows: number[] = [];
  for (const seq of sequences) {
    const kept = seq.filter((id) => id > UNK_ID && r.next() < keep[id]);
    kept.forEach((centre, i) => {
      const w = r.int(1, o.window);
      for (let j = Math.max(0, i - w); j <= Math.min(kept.length - 1, i + w); j++) {
        if (j === i) continue;
        rows.push(centre, kept[j]);
        for (let n = 0; n < o.negatives; n++) rows.push(table[r.int(0, table.length - 1)]);
      }
    });
  }
  return Int32Array.from(rows);
}

/**
 * Trains word vectors on texts.
 * @example const w2v = await trainWord2Vec(sotuParagraphs().texts.slice(0, 3000), { epochs: 2 });
 *          w2v.nearest('war'); w2v.analogy('man', 'king', 'woman');
 */
export async function trainWord2Vec(texts: readonly string[], options: Word2VecOptions = {}): Promise<Word2Vec> {
  const keys = [
    'vocabularySize',
    'dim',
    'window',
    'negatives',
    'subsample',
    'epochs',
    'batchSize',
    'learningRate',
    'seed',
    'tokenize',
    'callbacks',
  ];
  for (const k of Object.keys(options))
    check(keys.includes(k), 'trainWord2Vec', `option "${k}"`, k, `one of ${keys.join(', ')}`);
  const {
    vocabularySize = 5000,
    dim = 64,
    window = 3,
    negatives = 5,
    subsample = 1e-4,
    epochs = 2,
    batchSize = 512,
    learningRate = 0.01,
    seed = 0,
    tokenize = wordTokens,
  } = options;
  checkInt('trainWord2Vec', 'vocabularySize', vocabularySize, 3);
  checkInt('trainWord2Vec', 'dim', dim, 1);
  checkInt('trainWord2Vec', 'window', window, 1);
  checkInt('trainWord2Vec', 'negatives', negatives, 1);
  checkRange('trainWord2Vec', 'subsample', subsample, 1e-9, 1);
  checkInt('trainWord2Vec', 'epochs', epochs, 1);
  const vocab = TokenVocabulary.fit(texts, { vocabularySize, tokenize });
  const rows = skipGramRows(
    texts.map((t) => vocab.ids(t)),
    vocab.counts,
    { window, negatives, subsample, seed },
  );
  const width = 2 + negatives;
  check(
    rows.length >= width,
    'trainWord2Vec',
    'texts',
    `${texts.length} texts`,
    'texts with at least two in-vocabulary words near each other',
  );
  const input = tf.input({ shape: [width], name: 'ids' });
  const scores = new SkipGramScores({ vocabularySize: vocab.size, dim, seed, name: 'skipgram' }).apply(
    input,
  ) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: scores, name: 'word2vec' });
  const n = rows.length / width;
  const x = tf.tensor2d(rows, [n, width], 'int32');
  const label = new Float32Array(n * (width - 1));
  for (let i = 0; i < n; i++) label[i * (width - 1)] = 1; // the true context is column 0
  const y = tf.tensor2d(label, [n, width - 1]);
  const optimizer = tf.train.adam(learningRate);
  const history = await fit(model, x, y, {
    epochs,
    batchSize,
    optimizer,
    seed,
    loss: 'binaryCrossentropyFromLogits',
    callbacks: options.callbacks ?? [],
  });
  tf.dispose([x, y]);
  optimizer.dispose();
  return new Word2Vec(vocab, model, history);
}
