/** Baseline calls for training, evaluation, distillation, fine-tuning and compression. */
import * as tf from '@tensorflow/tfjs';
import { W } from './all';
import { Entry, WORKER_START_LIMIT } from './fuzz-harness';
import * as F from './fixtures';

const SLOW = 'minutes of training or benchmarking; covered by its own test and benchmark';
const HARNESS = "a notebook's experiment harness (many seeded trainings); covered by its notebook";
const POOL =
  'the worker pool behind fitDataParallel (worker threads); reached through fitDataParallel here and test/lib/train/data-parallel';
const fitOpts = () => ({ epochs: 1, batchSize: 4, seed: 1, shuffle: true, validationBatchSize: 4, initialEpoch: 0 });
const build = (seed: number) => F.model(seed);
const grads = () => ({ a: tf.tensor1d([3, 4]), b: tf.tensor1d([0.5]) });
const info = () => ({ epoch: 0, batch: 0, seed: 1, indices: Int32Array.from([0, 1]), state: {} as any });
const searchResult = async () =>
  W.randomSearch((p: any) => (p.x as number) ** 2, { x: W.floatParam(-1, 1) }, { trials: 3, seed: 1 });
const transferRuns = (): any[] => [
  {
    strategy: 'scratch',
    size: 10,
    seed: 1,
    accuracy: 0.5,
    macroF1: 0.4,
    macroRecall: 0.45,
    curve: [0.3, 0.5],
    seconds: 1,
  },
  {
    strategy: 'fine-tune',
    size: 10,
    seed: 1,
    accuracy: 0.7,
    macroF1: 0.6,
    macroRecall: 0.65,
    curve: [0.5, 0.7],
    seconds: 1,
  },
];

export const train: Record<string, Entry> = {
  // training loop and callbacks
  runCallbacks: { args: () => [[W.progress()], 'onTrainEnd', { epoch: 0 }] },
  resolveLoss: { args: () => ['meanSquaredError', 'where'] },
  getLearningRate: { args: () => [tf.train.sgd(0.1)] },
  setLearningRate: { args: () => [tf.train.sgd(0.1), 0.05] },
  makeOptimizer: { args: () => ['adam', 0.01] },
  trainableVariables: { args: () => [F.model()] },
  fit: {
    args: () => [
      F.model(),
      F.xs(),
      F.ys(),
      { ...fitOpts(), loss: 'softmaxCrossEntropy', validationData: [F.xs(), F.ys()], callbacks: [W.progress()] },
    ],
    noHuge: ['epochs'],
  },
  predict: {
    args: () => [F.model(), F.xs(), 4],
    nanOk: 'predictions of NaN inputs are NaN, as model.predict gives them',
  },
  evaluate: { args: () => [F.model(), F.xs(), F.ys(), { batchSize: 4, loss: 'softmaxCrossEntropy' }] },
  constantLr: { args: () => [0.1] },
  stepDecay: { args: () => [{ initialLr: 0.1, stepSize: 3, factor: 0.5 }] },
  exponentialDecay: { args: () => [{ initialLr: 1, decayRate: 0.5, decaySteps: 2, staircase: false }] },
  cosineAnnealing: { args: () => [{ initialLr: 1, totalSteps: 10, minLr: 0.1 }] },
  cosineWarmRestarts: { args: () => [{ initialLr: 1, firstPeriod: 4, periodMultiplier: 2, minLr: 0 }] },
  withWarmup: { args: () => [W.constantLr(0.1), { warmupSteps: 10, startLr: 0 }] },
  oneCycle: { args: () => [{ maxLr: 1, totalSteps: 100, pctStart: 0.3, divFactor: 25, finalDivFactor: 1e4 }] },
  slantedTriangular: { args: () => [{ maxLr: 0.01, totalSteps: 100, cutFrac: 0.1, ratio: 32 }] },
  scheduleCurve: { args: () => [W.constantLr(0.1), 10, 'lr'], noHuge: ['1'] },
  lrScheduler: { args: () => [W.constantLr(0.1), { per: 'epoch' }] },
  reduceLROnPlateau: {
    args: () => [
      { monitor: 'val_loss', factor: 0.5, patience: 2, minDelta: 0, cooldown: 1, minLr: 0.001, mode: 'min' },
    ],
  },
  monitorMode: { args: () => ['val_loss', 'auto'] },
  Monitor: {
    nanOk: 'value() reads the logged metric as it is (fit reports a NaN loss itself)',
    args: () => ['where', 'val_loss', 'min', 0],
    methods: { reset: () => [], value: () => [{ val_loss: 1 }], update: () => [{ val_loss: 1 }, 0] },
  },
  composeGradientHooks: { args: () => [W.clipByValue(1), W.clipByGlobalNorm(5)] },
  accumulateGradients: { args: () => [2] },
  globalNorm: {
    args: () => [grads()],
    nanOk: 'the norm of NaN gradients is NaN (clipByGlobalNorm passes it on; fit then reports the non-finite loss)',
  },
  clipByGlobalNorm: { args: () => [5] },
  clipByValue: { args: () => [2] },
  gradientNormRecorder: { args: () => [] },
  EarlyStopping: {
    args: () => [{ monitor: 'val_loss', minDelta: 0, patience: 1, mode: 'min', restoreBestWeights: true }],
    methods: { dropSaved: () => [] },
  },
  saveCheckpoint: { args: () => [F.tmpDir(), F.model(), { epoch: 1, logs: { loss: 1 } }] },
  loadCheckpoint: {
    args: async () => {
      const dir = F.tmpDir();
      const m = F.model();
      await W.saveCheckpoint(dir, m, { epoch: 0 });
      m.dispose();
      return [dir, F.model()];
    },
  },
  ModelCheckpoint: {
    args: () => [
      { dir: F.tmpDir(), monitor: 'loss', mode: 'min', saveBest: true, saveLast: true, saveOptimizer: false },
    ],
  },
  weightPenaltyValue: { args: () => [F.model(), { l1: 0.5, l2: 0.25, include: 'kernels' }] },
  weightPenalty: { args: () => [{ l2: 1e-2 }] },
  sparsity: { args: () => [F.model(), 1e-3] },
  withDropout: { args: () => [F.model(), 0.5] },
  sizeAgnosticCnn: {
    args: () => [{ channels: 1, numClasses: 2, filters: [2, 2, 2], seed: 1 }],
    noHuge: ['numClasses'],
  },
  difficultyByLoss: { args: () => [F.model(), F.xs(), F.ys()] },
  progressiveFit: {
    args: () => [
      F.cnn(),
      F.imagesGrey(),
      F.ys(),
      {
        stages: [
          { epochs: 1, size: 8 },
          { epochs: 1, fraction: 0.5 },
        ],
        batchSize: 4,
        seed: 1,
      },
    ],
  },
  shardSizes: { args: () => [10, 3] },
  ReplicaPool: {
    instance: () => null,
    statics: { start: POOL },
    methods: { compute: POOL, applied: POOL, sync: POOL, replicaWeights: POOL, kernelThreads: POOL, close: POOL },
  },
  fitDataParallel: {
    args: () => [F.model(), F.xs(), F.ys(), { workers: 1, epochs: 1, batchSize: 4, seed: 1 }],
    noHuge: ['epochs', 'workers'],
    timeLimit: WORKER_START_LIMIT,
  },
  dataParallelThroughput: { skip: SLOW },
  // distillation
  checkTemperature: { args: () => ['where', 4] },
  checkAlpha: { args: () => ['where', 0.5] },
  softTargets: {
    args: () => [tf.tensor2d([[1, 2, 3]]), 2],
    nanOk:
      'softmax of NaN logits is NaN, as in TF.js; it runs inside the training step, where fit reports the non-finite loss',
  },
  averageSoftTargets: { args: () => [[tf.tensor2d([[1, 2]]), tf.tensor2d([[2, 1]])], 2, [3, 1]] },
  normaliseWeights: { args: () => ['where', [3, 1], 2] },
  softTargetKl: {
    args: () => [tf.tensor2d([[0.2, 0.8]]), tf.tensor2d([[1, 2]]), 2],
    nanOk: 'a loss of NaN logits is NaN, as in TF.js; fit stops at it with a WorkbookError naming the non-finite loss',
  },
  distillationLoss: {
    args: () => [
      tf.tensor2d([[0.2, 0.8]]),
      tf.tensor2d([[1, 2]]),
      tf.tensor2d([[0, 1]]),
      { temperature: 2, alpha: 0.5 },
    ],
    nanOk: 'a loss of NaN logits is NaN, as in TF.js; fit stops at it with a WorkbookError naming the non-finite loss',
  },
  annealTemperature: { args: () => [{ from: 8, to: 2, epochs: 3, shape: 'cosine' }] },
  temperatureAt: { args: () => [4, 0, 2, 'where'] },
  endsInSoftmax: { args: () => [F.model()] },
  toLogits: { args: () => [F.model(), 'where'] },
  teacherLogits: {
    args: () => [F.model(), F.xs(), 4],
    nanOk: 'predictions of NaN inputs are NaN, as model.predict gives them',
  },
  distillationHook: { args: () => [F.xs(), F.ys(), { teacher: F.model(2), temperature: 2, alpha: 0.5, epochs: 1 }] },
  distill: {
    args: () => [F.model(), F.xs(), F.ys(), { teacher: F.model(2), temperature: 2, alpha: 0.5, ...fitOpts() }],
    noHuge: ['epochs'],
  },
  hintRegressor: { args: () => [[3], [3], 1] },
  hintTrain: {
    args: () => [
      W.mlp({ inputShape: [4], hidden: [3], numClasses: 2, seed: 1 }),
      F.xs(),
      F.ys(),
      { teacher: F.model(2), studentLayer: layerName(), teacherLayer: layerName(), ...fitOpts() },
    ],
    noHuge: ['epochs'],
  },
  fitnets: {
    args: () => [
      F.model(),
      F.xs(),
      F.ys(),
      {
        teacher: F.model(2),
        studentLayer: layerName(),
        teacherLayer: layerName(),
        hintEpochs: 1,
        epochs: 1,
        batchSize: 4,
        temperature: 2,
        alpha: 0.5,
        seed: 1,
      },
    ],
    noHuge: ['epochs', 'hintEpochs'],
  },
  classBiasCurve: { args: () => [F.model(), F.xs(), F.labels(), { classIndex: 1, biases: [0, 0.5] }] },
  // fine-tuning
  describeLayers: { args: () => [F.model()] },
  selectLayers: { args: () => [F.model(), { from: 0, to: -1 }, 'where'] },
  freeze: { args: () => [F.model(), { from: 0, to: 0 }] },
  unfreeze: { args: () => [F.model(), { from: 0, to: -1 }] },
  trainableSummary: { args: () => [F.model()] },
  countTrainableParams: { args: () => [F.model()] },
  layerGroups: { args: () => [F.model(), 2] },
  groupMultipliers: {
    args: () => {
      const m = F.model();
      return [W.layerGroups(m, 2), 2.6, m];
    },
  },
  replaceHead: {
    args: () => [F.model(), 3, { drop: 1, hidden: [2], dropout: 0.1, freezeBody: true, seed: 1, name: 'head' }],
    noHuge: ['1'],
  },
  DiscriminativeLr: {
    args: () => {
      const m = F.model();
      return [m, W.layerGroups(m, 2), { factor: 2.6 }];
    },
    methods: { rates: () => [0.01], dispose: () => [] },
  },
  discriminativeLr: {
    args: () => {
      const m = F.model();
      return [m, W.layerGroups(m, 2), { factor: 2.6 }];
    },
  },
  unfrozenGroupCount: { args: () => [1, 3, 1, 1] },
  GradualUnfreezing: {
    args: () => {
      const m = F.model();
      return [m, W.layerGroups(m, 2), { every: 1, initial: 1 }];
    },
    methods: { apply: () => [0] },
  },
  gradualUnfreezing: {
    args: () => {
      const m = F.model();
      return [m, W.layerGroups(m, 2), { every: 1, initial: 1 }];
    },
  },
  macroScores: { args: () => [F.labels(), F.preds(), 2] },
  scoreModel: { args: () => [F.model(), F.xs(), F.labels()] },
  sourceModelPath: { args: () => [] },
  pretrainSourceModel: { skip: SLOW },
  sourceModel: { skip: 'loads (or first pretrains, minutes) the shared MNIST 0-4 source model' },
  prepareTransfer: {
    args: () => [
      'fine-tune',
      F.model(),
      2,
      {
        scratch: (s: number, n: number) => W.mlp({ inputShape: [4], hidden: [3], numClasses: n, seed: s }),
        seed: 1,
        learningRate: 0.01,
        factor: 2.6,
      },
    ],
  },
  summariseTransfer: { args: () => [transferRuns()] },
  selectOnValidation: { skip: HARNESS },
  transferScoresChart: { args: () => [W.summariseTransfer(transferRuns()), 10] },
  transferCurvesChart: { args: () => [transferRuns(), 10] },
  // evaluation
  toLabels: { args: () => [F.labels(), 'where', 'y'] },
  toScores: { args: () => [F.scores(), 'where', 's'] },
  checkSameLength: { args: () => ['where', [1, 2], [3, 4], ['a', 'b']] },
  resolveClasses: { args: () => ['where', 3, [0, 1]] },
  confusionMatrix: { args: () => [F.labels(), F.preds(), { numClasses: 2, normalize: 'true' }] },
  accuracy: { args: () => [F.labels(), F.preds(), { normalize: true }] },
  precisionRecallFscore: {
    args: () => [F.labels(), F.preds(), { average: 'macro', numClasses: 2, zeroDivision: 0, beta: 1, posLabel: 1 }],
    nanOk: 'zeroDivision: NaN asks for NaN on 0/0, as in scikit-learn',
  },
  precision: { args: () => [F.labels(), F.preds(), { average: 'macro', zeroDivision: 0 }] },
  recall: { args: () => [F.labels(), F.preds(), { average: 'macro', zeroDivision: 0 }] },
  f1Score: { args: () => [F.labels(), F.preds(), { average: 'macro', zeroDivision: 0 }] },
  classificationReport: {
    args: () => [F.labels(), F.preds(), { numClasses: 2, names: ['a', 'b'], zeroDivision: 0 }],
    nanOk: "the accuracy row's precision and recall are blank (NaN), as in scikit-learn's report",
  },
  rocCurve: { args: () => [F.labels(), F.scores(), { posLabel: 1 }] },
  auc: {
    args: () => [
      [0, 0.5, 1],
      [0, 1, 1],
    ],
  },
  rocCurveOneVsRest: {
    args: () => [
      [0, 1, 2, 2],
      [
        [0.8, 0.1, 0.1],
        [0.2, 0.7, 0.1],
        [0.1, 0.2, 0.7],
        [0.3, 0.3, 0.4],
      ],
    ],
  },
  rocAucScore: { args: () => [F.labels(), F.scores(), { average: 'macro' }] },
  logLoss: { args: () => [F.labels(), F.probs2(), { eps: 1e-15, fromLogits: false }] },
  softmaxRows: {
    args: () => [
      tf.tensor2d([
        [1, 2],
        [3, 1],
      ]),
    ],
    nanOk: 'softmax of NaN logits is NaN, as in TF.js',
  },
  indicesByClass: { args: () => [F.labels()] },
  trainTestSplit: { args: () => [8, { testSize: 0.25, stratify: F.labels(), seed: 1, shuffle: true }] },
  takeRows: { args: () => [F.xs(), [0, 2]], nanOk: 'copies the rows it is given, NaN included' },
  kFold: { args: () => [8, { k: 2, shuffle: true, seed: 1 }] },
  stratifiedKFold: { args: () => [F.labels(), { k: 2, shuffle: true, seed: 1 }] },
  meanSd: { args: () => [[1, 2, 3]] },
  crossValidate: {
    args: () => [
      ({ test }: { test: Int32Array }, fold: number) => ({ score: fold, size: test.length }),
      { k: 2, labels: F.labels(), seed: 1 },
    ],
  },
  classCounts: { args: () => [F.labels()] },
  floatParam: { args: () => [-1, 1] },
  logFloatParam: { args: () => [1e-4, 1] },
  intParam: { args: () => [1, 8] },
  categoricalParam: { args: () => [['a', 'b']] },
  validateSpace: { args: () => ['where', { x: W.floatParam(-1, 1) }] },
  sampleParams: { args: () => [{ x: W.floatParam(-1, 1), c: W.categoricalParam(['a', 'b']) }, W.rng(1)] },
  gridParams: { args: () => [{ x: W.floatParam(-1, 1), n: W.intParam(1, 3) }, 3], noHuge: ['1'] },
  encodeParams: { args: () => [{ x: W.floatParam(-1, 1) }, { x: 0.5 }] },
  numericDims: { args: () => [{ x: W.floatParam(-1, 1), c: W.categoricalParam(['a']) }] },
  fitGaussianProcess: { args: () => [[[0], [0.5], [1]], [0, 0.25, 1], 1e-6] },
  normalPdf: { args: () => [0.5] },
  normalCdf: { args: () => [0.5] },
  expectedImprovement: { args: () => [0.5, 0.1, 0.4, 0.01] },
  search: {
    args: () => [
      'random',
      (p: any) => (p.x as number) ** 2,
      { x: W.floatParam(-1, 1) },
      { trials: 4, direction: 'minimize', seed: 1 },
    ],
    noHuge: ['trials'],
  },
  gridSearch: {
    args: () => [
      (p: any) => (p.x as number) ** 2,
      { x: W.floatParam(-1, 1) },
      { trials: 4, seed: 1, pointsPerAxis: 2 },
    ],
    noHuge: ['trials', 'pointsPerAxis'],
  },
  randomSearch: {
    args: () => [(p: any) => (p.x as number) ** 2, { x: W.floatParam(-1, 1) }, { trials: 4, seed: 1 }],
    noHuge: ['trials'],
  },
  bayesianSearch: {
    args: () => [
      (p: any) => (p.x as number) ** 2,
      { x: W.floatParam(-1, 1) },
      { trials: 4, seed: 1, initialTrials: 2, candidates: 10 },
    ],
    noHuge: ['trials', 'candidates', 'initialTrials'],
  },
  searchFrame: { args: async () => [await searchResult()] },
  bestSoFarFigure: { args: async () => [[await searchResult()], { title: 't', yTitle: 'y' }] },
  searchProgress: { args: () => ['random', 4, []] },
  averageOutputs: {
    args: () => [[F.model(1), F.model(2)], F.xs(), { weights: [3, 1] }],
    nanOk: 'predictions of NaN inputs are NaN, as model.predict gives them',
  },
  softVote: {
    args: () => [[F.model(1), F.model(2)], F.xs(), { weights: [3, 1], fromLogits: true }],
    nanOk: 'predictions of NaN inputs are NaN, as model.predict gives them',
  },
  majorityVote: { args: () => [[F.model(1), F.model(2), F.model(3)], F.xs(), { weights: [1, 1, 1] }] },
  majorityOfLabels: {
    args: () => [
      [
        [0, 1, 2],
        [1, 1, 0],
        [1, 2, 2],
      ],
      [1, 1, 1],
    ],
  },
  bagging: {
    args: () => [build, F.xs(), F.ys(), { estimators: 2, maxSamples: 1, ...fitOpts() }],
    noHuge: ['estimators', 'epochs'],
  },
  crossValidateModel: { args: () => [build, F.xs(), F.ys(), { k: 2, ...fitOpts() }], noHuge: ['epochs'] },
  confusionFigure: { args: () => [W.confusionMatrix([0, 1, 1], [0, 1, 0]), { names: ['a', 'b'], title: 't' }] },
  rocFigure: { args: () => [[W.rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])], { names: ['pos'], title: 't' }] },
  classifierScores: { args: () => [F.model(), F.xs(), F.labels(), { positive: 1 }] },
  comparisonFigure: { args: () => [[{ method: 'random', mean: [1, 0.5], sd: [0, 0], finals: [0.5] }], { title: 't' }] },
  // compression
  prunableWeights: { args: () => [F.model()] },
  smallestMagnitudeMask: { args: () => [new Float32Array([0.1, -2, 0.3, 4]), 2] },
  computeMasks: { args: () => [F.model(), { sparsity: 0.5, scope: 'global' }] },
  applyMasks: {
    args: () => {
      const m = F.model();
      return [m, W.computeMasks(m, { sparsity: 0.5 })];
    },
  },
  magnitudePrune: { args: () => [F.model(), { sparsity: 0.5, scope: 'layer' }] },
  disposeMasks: {
    args: () => {
      const m = F.model();
      return [W.computeMasks(m, { sparsity: 0.5 }), m];
    },
  },
  sparsityReport: { args: () => [F.model()] },
  polynomialDecay: {
    args: () => [{ initialSparsity: 0, finalSparsity: 0.5, beginStep: 0, endStep: 10, power: 3, frequency: 2 }],
  },
  constantSparsity: { args: () => [{ sparsity: 0.5, beginStep: 0, endStep: 10, frequency: 2 }] },
  GradualPruning: {
    args: () => [{ schedule: W.constantSparsity({ sparsity: 0.5 }), scope: 'layer' }],
    methods: {
      prune: 'needs the model fit hands to onTrainBegin; covered by test/lib/compress/prune',
      releaseMasks: () => [],
      dispose: () => [],
    },
  },
  KeepPruned: { args: () => [new Map([['k', tf.ones([2])]])] },
  float32ToHalfBits: { args: () => [1] },
  halfBitsToFloat32: { args: () => [0x3c00], nanOk: 'the half-precision NaN bit patterns decode to NaN' },
  toFloat16: { args: () => [[1, 2, 3]] },
  toFloat32: { args: () => [new Uint16Array([0x3c00])] },
  quantRange: { args: () => ['int8', 8] },
  chooseScale: { args: () => [-1, 1, -128, 127, false] },
  quantiseTensor: {
    args: () => [
      [0.1, -0.5, 0.7, 1],
      [2, 2],
      { dtype: 'int8', granularity: 'per-channel', bits: 8, symmetric: true, axis: 1 },
    ],
  },
  dequantiseTensor: { args: () => [W.quantiseTensor([0.1, -0.5, 0.7, 1], [4], { dtype: 'int8' })] },
  storedBytes: { args: () => [W.quantiseTensor([0.1, -0.5, 0.7, 1], [4], { dtype: 'int8' })] },
  quantiseModel: { args: () => [F.model(), { dtype: 'int8', granularity: 'per-channel' }] },
  applyQuantised: {
    args: () => {
      const m = F.model();
      return [m, W.quantiseModel(m, { dtype: 'int8' })];
    },
  },
  withQuantisedWeights: {
    args: () => {
      const m = F.model();
      return [m, W.quantiseModel(m, { dtype: 'int8' }), () => 1];
    },
  },
  quantisationStudy: {
    args: () => [F.model(), F.xs(), F.ys(), [{ dtype: 'int8', granularity: 'per-channel', bits: 8 }]],
  },
  separableCnn: {
    args: () => [{ inputShape: [8, 8, 1], numClasses: 2, seed: 1, separableFirst: true }],
    noHuge: ['numClasses'],
  },
  layerMacs: {
    args: () => {
      const m = F.model();
      return [m.layers[0], m];
    },
  },
  layerCosts: { args: () => [F.model()] },
  modelCost: { args: () => [F.model()] },
  saveTfjs: { args: () => [F.model(), F.tmpDir(), {}] },
  loadTfjs: {
    args: async () => {
      const dir = F.tmpDir();
      const m = F.model();
      await W.saveTfjs(m, dir);
      m.dispose();
      return [dir];
    },
  },
  OnnxGraph: { args: () => [], methods: onnxGraphMethods() },
  tfPads: { args: () => ['same', [8, 8], [3, 3], [2, 2], [1, 1]] },
  exportOnnx: { args: () => [F.model(), { name: 'fuzz' }] },
  runOnnx: {
    args: () => {
      const m = F.model();
      const b = W.exportOnnx(m);
      m.dispose();
      return [b, F.xs()];
    },
  },
  checkOnnx: {
    args: () => {
      const m = F.model();
      return [m, W.exportOnnx(m), F.xs()];
    },
  },
  sparsitySweep: { skip: HARNESS },
};

function layerName(): string {
  return 'fc1';
}

function onnxGraphMethods(): Entry['methods'] {
  const reason =
    'a graph-building step of exportOnnx (internal protocol, checked by onnxruntime in test/lib/compress/onnx-export)';
  return { fresh: reason, weight: reason, int64: reason, node: reason, toNchw: reason, toNhwc: reason, build: reason };
}
