/** Baseline calls for the exports added with the text, robust, compress and text-aug char operations. */
import * as tf from '@tensorflow/tfjs';
import { W } from './all';
import { Entry } from './fuzz-harness';
import * as F from './fixtures';

const BIG = 'reads and splits a whole bundled corpus (seconds per call); covered by test/lib/data/corpora';
const x2 = () => tf.randomUniform([2, 8, 8, 1], 0, 1, 'float32', 3);
const y2 = () => tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1], 'int32'), 2).toFloat());
const charOp = (text = F.EN): Entry => ({
  args: () => [{ n: 1, seed: 1 }],
  methods: { ...opMethods, augment: () => [text, { seed: 1 }] },
});
const charFn = (text = F.EN): Entry => ({ args: () => [text, { n: 1, seed: 1 }] });
const PROTECTED = 'protected: part of a char operation, called by augment/apply';
const opMethods = { candidates: PROTECTED, limit: PROTECTED, edit: PROTECTED };
const texts = () => ['the cat sat', 'the dog sat', 'the end', 'a cat ran'];
const w2vTexts = () =>
  Array.from({ length: 20 }, (_, i) => ['the cat sat', 'the dog sat on the mat', 'a cat ran'][i % 3]);
const seqModel = () => F.model(1);
/** A classifier on a tiny language model (the language model itself is freed: the classifier holds copies). */
const smallLmClassifier = () => {
  const lm = W.languageModel({ vocabularySize: 6, sequenceLength: 3, embeddingDim: 3, units: 3 });
  const clf = W.lmClassifier(lm);
  lm.dispose();
  return clf;
};

export const added: Record<string, Entry> = {
  // root: text corpora
  loadTextCorpus: { args: () => ['sotu', { trainSize: 20, testSize: 20, seed: 1 }], baselineOnly: BIG },
  sotuParagraphs: { args: () => [{ passageWords: 50 }], baselineOnly: BIG },
  chinesePoems: { args: () => [{}], baselineOnly: BIG },
  splitTexts: {
    args: () => [
      { texts: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'], labels: [0, 1, 0, 1, 0, 1, 0, 1, 0, 1] },
      { trainSize: 4, testSize: 4, seed: 1 },
    ],
    noHuge: ['trainSize', 'testSize'],
  },
  // ./train
  widenLayer: {
    args: () => {
      const m = seqModel();
      return [m, m.layers[0].name, 5];
    },
    noHuge: ['2'],
  },
  deepenAfter: {
    args: () => {
      const m = seqModel();
      return [m, m.layers[0].name];
    },
  },
  infoNce: {
    args: () => [tf.randomNormal([4, 3], 0, 1, 'float32', 1), tf.randomNormal([4, 3], 0, 1, 'float32', 2)],
    nanOk:
      'NaN embeddings give a NaN loss, as every tf.losses function does; a data check would read the tensors on every training step',
  },
  // ./text
  TokenVocabulary: {
    instance: () => W.TokenVocabulary.fit(texts(), { vocabularySize: 8 }),
    statics: { fit: () => [texts(), { vocabularySize: 8 }] },
    methods: {
      decode: () => [[2, 3]],
      encode: () => [['the cat', 'a dog'], { sequenceLength: 4 }],
      encodeToArray: () => [['the cat', 'a dog'], { sequenceLength: 4 }],
      idOf: () => ['cat'],
      ids: () => ['the cat'],
    },
  },
  charTokens: { args: () => [F.ZH] },
  rnnClassifier: {
    args: () => [{ vocabularySize: 10, sequenceLength: 5, embeddingDim: 4, units: 4, seed: 1 }],
    noHuge: ['vocabularySize', 'sequenceLength', 'embeddingDim', 'units'],
  },
  fusedLstm: {
    args: () => [{ units: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }],
    noHuge: ['units'],
  },
  cnnClassifier: {
    args: () => [{ vocabularySize: 10, sequenceLength: 5, embeddingDim: 4, filters: 4, kernelSizes: [1, 3], seed: 1 }],
    noHuge: ['vocabularySize', 'sequenceLength', 'embeddingDim', 'filters'],
  },
  Word2Vec: {
    instance: () => W.trainWord2Vec(w2vTexts(), { dim: 4, epochs: 1, window: 2, subsample: 1, seed: 1 }),
    methods: {
      analogy: () => ['cat', 'sat', 'dog'],
      dispose: () => [],
      known: 'private: a helper of nearest/analogy',
      nearest: () => ['cat'],
      normalised: 'private: a helper of nearest/analogy',
      rank: 'private: a helper of nearest/analogy',
      vectors: () => [],
      vectorsFor: (self) => [self.vocab],
    },
  },
  trainWord2Vec: {
    args: () => [w2vTexts(), { dim: 4, epochs: 1, window: 2, subsample: 1, seed: 1 }],
    baselineOnly: 'trains a skip-gram model per call; its options are checked in test/lib/text/word2vec',
  },
  skipGramRows: {
    args: () => [[[2, 3, 4, 5]], [0, 0, 10, 10, 10, 10], { window: 1, negatives: 2, subsample: 1, seed: 1 }],
    baselineOnly:
      'the internal sampling helper of trainWord2Vec (inputs already checked there); huge values allocate without bound',
  },
  // ./text-aug char operations
  CharOperation: { skip: 'abstract base (its methods are fuzzed on every char operation)' },
  CharDeletion: charOp(),
  CharInsertion: charOp(),
  CharSwap: charOp(),
  CharShuffle: charOp(),
  KeyboardSubstitution: charOp(),
  OcrSubstitution: charOp(),
  EquivalentCharReplacement: {
    args: () => [{ n: 1, seed: 1 }],
    methods: { ...opMethods, augment: () => [F.ZH, { seed: 1, language: 'zh' }], checkLanguage: () => ['zh'] },
  },
  charDeletion: charFn(),
  charInsertion: charFn(),
  charSwap: charFn(),
  charShuffle: charFn(),
  keyboardSubstitution: charFn(),
  ocrSubstitution: charFn(),
  equivalentCharReplacement: { args: () => [F.ZH, { n: 1, seed: 1, language: 'zh' }] },
  isLetter: { args: () => ['a'] },
  letterRuns: { args: () => [Array.from('ab, cd')] },
  // ./robust
  numClassesOf: { args: () => [F.cnn()] },
  targetMask: { args: () => [F.cnn(), x2(), [0, 1]] },
  classScoreGradient: { args: () => [F.cnn(), x2(), y2()] },
  gradientSaliency: { args: () => [F.cnn(), x2(), {}] },
  smoothGrad: { args: () => [F.cnn(), x2(), { samples: 2, seed: 1 }], noHuge: ['samples'] },
  integratedGradients: { args: () => [F.cnn(), x2(), { steps: 2 }], noHuge: ['steps'] },
  saliencyMap: { args: () => [x2()] },
  featureMapLayers: { args: () => [F.cnn()] },
  gradCam: { args: () => [F.cnn(), x2(), {}] },
  heatOverlay: {
    args: () => [
      tf.randomUniform([2, 8, 8, 1], 0, 1, 'float32', 1),
      tf.randomUniform([2, 8, 8], 0, 1, 'float32', 2),
      0.8,
    ],
  },
  lossGradient: { args: () => [F.cnn(), x2(), y2()] },
  fgsm: { args: () => [F.cnn(), x2(), [0, 1], { epsilon: 0.1 }] },
  pgd: { args: () => [F.cnn(), x2(), [0, 1], { epsilon: 0.1, steps: 2, seed: 1 }], noHuge: ['steps'] },
  attack: { args: () => ['fgsm', F.cnn(), x2(), [0, 1], { epsilon: 0.1 }] },
  robustAccuracy: { args: () => [F.cnn(), x2(), y2(), { attack: 'fgsm', epsilon: 0.1, batchSize: 2 }] },
  adversarialBatchHook: { args: () => [F.cnn(), { attack: 'fgsm', epsilon: 0.1 }], noHuge: ['steps'] },
  // ./compress
  filterNorms: { args: () => [tf.randomNormal([3, 3, 1, 4], 0, 1, 'float32', 1)] },
  pruneChannels: { args: () => [F.cnn(), { ratio: 0.5 }] },
  QuantisationAwareTraining: {
    args: () => [{ bits: 4 }],
    methods: {
      restore: 'a training callback step (restores the float weights), called by fit; covered by test/lib/compress',
    },
  },
  checkBits: { args: () => ['where', 4] },
  activationBytes: { args: () => [F.cnn(), x2(), y2()] },
  splitSegments: {
    args: () => [[1, 2, 3, 4], 2],
    noHuge: ['1'],
    nanOk: 'copies the elements it is given into groups, NaN included',
  },
  checkpointedGradients: { args: () => [F.cnn(), x2(), y2(), { segments: 2 }], noHuge: ['segments'] },
  checkpointedSource: { args: () => [F.cnn(), x2(), y2(), { segments: 2 }], noHuge: ['segments'] },
  fakeQuantiseActivation: { args: () => [x2(), { bits: 4 }] },
  activationQuantiser: { args: () => [{ bits: 4, name: 'q' }] },
  withActivationQuantisers: { args: () => [F.cnn(), { bits: 4 }] },
  quantisedActivationBytes: { args: () => [F.cnn(), x2(), y2(), { bits: 4 }] },
  // ./text: the language model; ./finetune: ULMFiT
  languageModel: {
    args: () => [{ vocabularySize: 10, sequenceLength: 5, embeddingDim: 4, units: 4, seed: 1 }],
    noHuge: ['vocabularySize', 'sequenceLength', 'embeddingDim', 'units'],
  },
  languageModelRecipe: { args: () => [{ vocabularySize: 10, sequenceLength: 5, embeddingDim: 4, units: 4, seed: 1 }] },
  recurrentEncoder: { args: () => ['gru', 4, 1] },
  nextWordSequences: {
    args: () => [W.TokenVocabulary.fit(texts()), texts(), { sequenceLength: 2, maxTokens: 9 }],
  },
  nextWordLoss: {
    nanOk: 'NaN logits, NaN loss (documented; fit stops at a non-finite loss, naming it)',
    args: () => [tf.tensor3d([1, 2, 3, 0], [2, 2, 1]), tf.randomNormal([2, 2, 5], 0, 1, 'float32', 1)],
  },
  perplexity: {
    args: () => [
      W.languageModel({ vocabularySize: 5, sequenceLength: 2, embeddingDim: 3, units: 3, seed: 1 }),
      tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32'),
      tf.tensor3d([2, 3, 4, 0], [2, 2, 1]),
    ],
    noHuge: ['3'],
  },
  adaptVocabulary: {
    args: () => {
      const from = W.TokenVocabulary.fit(texts());
      const to = W.TokenVocabulary.fit(['the bird flew', 'a bird sat']);
      return [
        W.languageModel({ vocabularySize: from.size, sequenceLength: 3, embeddingDim: 3, units: 3 }),
        from,
        to,
        1,
      ];
    },
  },
  lmClassifier: {
    args: () => [
      W.languageModel({ vocabularySize: 6, sequenceLength: 3, embeddingDim: 3, units: 3, seed: 1 }),
      { numClasses: 2, seed: 1 },
    ],
    noHuge: ['numClasses', 'sequenceLength'],
  },
  ulmfitGroups: { args: () => [smallLmClassifier()] },
  fitUlmfit: {
    args: () => [
      smallLmClassifier(),
      tf.tensor2d([1, 2, 3, 4, 5, 0], [2, 3], 'int32'),
      y2(),
      { epochs: 1, batchSize: 2, maxLr: 1e-2, seed: 1 },
    ],
    noHuge: ['epochs', 'batchSize'],
  },
};
