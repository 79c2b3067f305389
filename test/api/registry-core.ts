/** Baseline calls for the root API's core: errors, random, setup, claims, backend, data, models, io, plot. */
import * as tf from '@tensorflow/tfjs';
import * as path from 'node:path';
import { W } from './all';
import { Entry } from './fuzz-harness';
import * as F from './fixtures';

const GLOBAL =
  'changes process-wide state (backend, kernels, seeds) that the rest of the suite depends on; covered by test/lib/backend';
const SLOW = 'minutes of training or benchmarking; covered by its own test and benchmark';

export const core: Record<string, Entry> = {
  // errors, random, validation
  WorkbookError: { args: () => ['where', 'param', 1, 'something'], methods: { toString: () => [] } },
  check: { args: () => [true, 'where', 'param', 1, 'something'] },
  checkRange: { args: () => ['where', 'param', 0.5, 0, 1] },
  checkInt: { args: () => ['where', 'param', 2, 0, 5] },
  checkOneOf: { args: () => ['where', 'param', 'a', ['a', 'b']] },
  setGlobalSeed: { args: () => [42] },
  getGlobalSeed: { args: () => [] },
  rng: { args: () => [7] },
  isRng: { args: () => [W.rng(1)] },
  toRng: { args: () => [3, 'where', 'seed'] },
  seedEverything: { args: () => [42] },
  weightedIndex: { args: () => [W.rng(1), [1, 2, 0]] },
  interruptible: { args: () => [() => 1] },
  InterruptedError: { args: () => ['where'] },
  anneal: { args: () => [{ from: 1, to: 0.1, steps: 10, shape: 'cosine' }, 'where'] },
  setup: { args: () => [{ seed: 42, backend: 'wasm', quiet: true }] },
  // claims
  claimHolds: { args: () => [2, '>', 1, 0] },
  makeClaim: {
    args: () => [
      {
        id: 'fuzz',
        text: 'two is about two',
        measured: 2,
        expected: '≈',
        against: 2.1,
        tolerance: 0.2,
        spread: 0.1,
        unit: 'x',
      },
    ],
  },
  claim: { args: () => [{ id: 'fuzz', text: 'two beats one', measured: 2, expected: '>', against: 1 }] },
  pairedClaim: {
    args: () => [
      {
        a: [0.8, 0.9, 0.85],
        b: [0.78, 0.91, 0.8],
        ahead: { id: 'fuzz-a', text: 'a ahead' },
        behind: { id: 'fuzz-b', text: 'b ahead' },
        tie: { id: 'fuzz-tie', text: 'no clear difference' },
      },
    ],
  },
  claims: { args: () => [] },
  clearClaims: { args: () => [] },
  claimComparison: { args: () => [W.makeClaim({ id: 'c', text: 't', measured: 2, expected: '>', against: 1 })] },
  showClaims: { args: () => [[W.makeClaim({ id: 'c', text: 't', measured: 2, expected: '>', against: 1 })]] },
  readClaims: { args: () => [{ cells: [] }] },
  // backend
  registerWasmTrainingKernels: { skip: GLOBAL },
  WASM_TRAINING_KERNELS: {
    skip: 'kernel configs registered with TF.js (their kernelFuncs are reached through tf ops; test/lib/backend/kernels*)',
  },
  dfd: { skip: 'danfo.js itself, re-exported' },
  installFusedAdam: { skip: GLOBAL },
  uninstallFusedAdam: { skip: GLOBAL },
  stockAdamApplyGradients: {
    skip: 'the stock tfjs Adam step, kept to be called as an optimizer method (this-bound); covered by test/lib/backend/fused-adam',
  },
  selectBackend: { args: () => [{ force: 'wasm' }] },
  currentBackend: { args: () => [] },
  describeBackend: { args: async () => [await W.selectBackend({ force: 'wasm' })] },
  onBackend: { skip: GLOBAL },
  setTrainingThreads: { skip: GLOBAL },
  maxTrainingThreads: { args: () => [] },
  setNativeKernels: { skip: GLOBAL },
  nativeKernelsActive: { args: () => [] },
  setNativeIsa: { skip: GLOBAL },
  nativeIsa: { args: () => [] },
  trainingThreads: { args: () => [] },
  threadsPerWorker: { args: () => [2, 2] },
  modelGradients: { skip: SLOW },
  maxRelativeDifference: { args: () => [[new Float32Array([1, 2])], [new Float32Array([1, 2.1])]] },
  compareGradients: { skip: SLOW },
  buildBenchModel: { args: () => ['mlp', 0] },
  timeTrainingStep: { skip: SLOW },
  profileTrainingStep: { skip: SLOW },
  findTorchPython: {
    args: () => [['/nonexistent/python3']],
    baselineOnly: 'without candidates it looks for a real PyTorch install (tens of seconds)',
  },
  torchStepTimings: {
    args: () => [['mlp'], { python: null }],
    baselineOnly: 'any python option but null looks for PyTorch and times it (minutes)',
  },
  torchStepTiming: {
    args: () => ['mlp', { python: null }],
    baselineOnly: 'any python option but null looks for PyTorch and times it (minutes)',
  },
  backendTable: { args: async () => [await W.selectBackend({ force: 'wasm' })] },
  quickBenchmark: { skip: SLOW },
  benchmarkChart: { args: () => [[{ model: 'cnn', runtime: 'wasm', msPerStep: 200, steps: 5 }], 'title'] },
  epochSeconds: { args: () => [100, 640, 64] },
  // data
  readMnistRaw: { args: () => ['t10k'], baselineOnly: 'reads the 10k-image file (a second per call)' },
  loadMnist: {
    args: () => [{ trainSize: 20, testSize: 10, digits: [0, 1], seed: 1, flat: true }],
    noHuge: ['trainSize', 'testSize'],
    fixed: ['0'],
  }, // options undefined = all 70,000 images (half a minute): its keys are fuzzed one by one
  emailToText: { args: () => ['Subject: hi\n\nCheap = Buy now!', 60] },
  loadSpamAssassin: { args: () => [{ trainSize: 20, testSize: 10, seed: 1, testSeed: 2, maxWords: 30 }] },
  wordTokens: { args: () => ['Hello, world'] },
  Vocabulary: {
    instance: () => W.Vocabulary.fit(['free money now', 'meeting at noon', 'free lunch']),
    statics: { fit: () => [['free money now', 'meeting at noon'], { maxSize: 10, minCount: 1 }] },
    methods: { indexOf: () => ['free'], encode: () => [['free money', 'noon'], 'tfidf'] },
  },
  oneHotLabels: { args: () => [[0, 1, 1, 0], 2] },
  isMissing: { args: () => [NaN] },
  checkFrame: { args: () => ['where', F.frame(), false] },
  checkColumns: { args: () => ['where', F.frame(), ['a'], 'columns'] },
  numericColumns: { args: () => [F.frame()] },
  columnValues: { args: () => [F.frame(), 'a'] },
  frameColumns: { args: () => [F.frame()] },
  frameFromColumns: { args: () => [{ a: [1, 2], b: ['x', 'y'] }, ['a', 'b']] },
  takeFrameRows: { args: () => [F.frame(), [0, 2]] },
  frameRows: { args: () => [F.frame()] },
  showFrame: { args: () => [F.frame(), 'title', 3] },
  dropDuplicates: { args: () => [F.frame(), { subset: ['y'], keep: 'first' }] },
  missingReport: { args: () => [F.frameWithGaps()] },
  dropMissing: { args: () => [F.frameWithGaps(), { subset: ['a'] }] },
  describeColumns: { args: () => [F.frame(), ['a', 'b']] },
  median: { args: () => [[3, 1, 2]] },
  quantile: { args: () => [[1, 2, 3, 4], 0.5] },
  SimpleImputer: {
    args: () => [{ strategy: 'mean', columns: ['a'] }],
    methods: {
      fit: () => [F.frameWithGaps()],
      transform: (s) => (s.fit(F.frameWithGaps()), [F.frameWithGaps()]),
      fitTransform: () => [F.frameWithGaps()],
    },
  },
  OutlierFilter: {
    args: () => [{ method: 'iqr', threshold: 1.5, action: 'clip', columns: ['a'] }],
    methods: {
      fit: () => [F.frame()],
      mask: (s) => (s.fit(F.frame()), [F.frame()]),
      transform: (s) => (s.fit(F.frame()), [F.frame()]),
      fitTransform: () => [F.frame()],
    },
  },
  MinMaxScaler: { args: () => [{ columns: ['a', 'b'] }], methods: scalerMethods() },
  StandardScaler: { args: () => [{ columns: ['a', 'b'] }], methods: scalerMethods() },
  rowsByClass: { args: () => [F.frame(), 'y', 'where'] },
  randomOversample: { args: () => [F.frame(), 'y', { seed: 1 }] },
  randomUndersample: { args: () => [F.frame(), 'y', { seed: 1 }] },
  smote: { args: () => [F.frame(), 'y', { k: 2, features: ['a', 'b'], seed: 1 }] },
  emailFeatures: {
    args: () => ['Subject: free money!!! click http://x.y now'],
    nanOk: 'a missing header is NaN on purpose: the data-cleaning notebook imputes it',
  },
  loadEmailFeatures: {
    args: () => [{ groups: ['easy-ham-1', 'spam-1'] }],
    baselineOnly: 'parses the whole SpamAssassin corpus (seconds per call)',
  },
  frameToTensors: { args: () => [F.frame(), ['a', 'b'], 'y', 2] },
  subset: { args: () => [F.dataset(), [0, 1, 2]], nanOk: 'copies the rows it is given, NaN included' },
  // models
  referenceCnn: { args: () => [{ inputShape: [28, 28, 1], numClasses: 10, seed: 1 }], noHuge: ['numClasses'] },
  smallCnn: { args: () => [{ inputShape: [8, 8, 1], numClasses: 2, seed: 1 }], noHuge: ['numClasses'] },
  checkModelOptions: { args: () => ['where', { inputShape: [4], numClasses: 2, seed: 1, hidden: [3], dropout: 0.1 }] },
  mlp: { args: () => [{ inputShape: [4], hidden: [3], dropout: 0.1, numClasses: 2, seed: 1 }], noHuge: ['numClasses'] },
  // io
  modelFiles: { args: () => [path.join(F.tmpDir(), 'm'), 'where'] },
  saveArtifacts: { args: async () => [F.tmpDir(), await artifacts()] },
  loadArtifacts: { args: async () => [await saved()] },
  fileHandler: { args: () => [F.tmpDir()] },
  registerFileRouter: { args: () => [] },
  saveModel: { args: () => [F.model(), F.tmpDir(), { metadata: { recipe: 'fuzz' }, includeOptimizer: false }] },
  loadModel: { args: async () => [await saved()] },
  modelExists: { args: async () => [await saved()] },
  readModelMetadata: { args: async () => [await saved()] },
  cloneModel: { args: () => [F.model()] },
  projectRoot: { args: () => [process.cwd()] },
  modelsDir: { args: () => [] },
  // plot
  lineChart: {
    args: () => [[{ name: 'loss', y: [3, 2, 1] }], { title: 'Loss', xTitle: 'epoch', logY: true, height: 300 }],
    nanOk: 'a NaN value is a gap in a plotly trace, as plotly draws it',
  },
  barChart: {
    args: () => [['a', 'b'], [1, 2], { error: [0.1, 0.2], text: true }],
    nanOk: 'a NaN value is a gap in a plotly trace, as plotly draws it',
  },
  heatmap: {
    args: () => [
      [
        [5, 1],
        [0, 7],
      ],
      { annotate: true, xLabels: ['a', 'b'], yLabels: ['c', 'd'] },
    ],
    nanOk: 'a NaN value is a gap in a plotly trace, as plotly draws it',
  },
  scatterChart: {
    args: () => [[{ name: 'pts', x: [1, 2], y: [3, 4] }], { text: ['p', 'q'] }],
    nanOk: 'a NaN value is a gap in a plotly trace, as plotly draws it',
  },
  imageGrid: {
    args: () => [F.images(), { cols: 2, captions: ['a', 'b'], title: 't', tileSize: 32 }],
    noHuge: ['tileSize'],
  },
  inNotebook: { args: () => [] },
  figureHtml: { args: () => [W.lineChart([{ name: 'a', y: [1, 2] }]), 'id1'] },
  figureText: { args: () => [W.lineChart([{ name: 'a', y: [1, 2] }])] },
  show: { args: () => [W.lineChart([{ name: 'a', y: [1, 2] }])] },
  showHtml: { args: () => ['<b>hi</b>', 'hi'] },
  liveFigure: { args: () => [], methods: {} },
  showTable: { args: () => [[{ a: 1, b: 'x' }], 'title'] },
  progress: { args: () => [{ title: 'fuzz', everyBatches: 1, keys: ['loss'] }] },
};

function scalerMethods(): Entry['methods'] {
  return {
    stats: 'protected: the statistics a subclass computes, called by fit',
    fit: () => [F.frame()],
    transform: (s) => (s.fit(F.frame()), [F.frame()]),
    inverseTransform: (s) => (s.fit(F.frame()), [F.frame()]),
    fitTransform: () => [F.frame()],
    apply: 'protected: the shared body of transform and inverseTransform',
  };
}

async function artifacts(): Promise<tf.io.ModelArtifacts> {
  const m = F.model();
  let out: tf.io.ModelArtifacts | undefined;
  await m.save(
    tf.io.withSaveHandler(
      async (a) => ((out = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }),
    ),
  );
  m.dispose();
  return out!;
}

async function saved(): Promise<string> {
  const dir = F.tmpDir();
  const m = F.model();
  await W.saveModel(m, dir, { metadata: { recipe: 'fuzz' } });
  m.dispose();
  return dir;
}
