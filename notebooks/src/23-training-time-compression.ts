// %% [markdown]
// # Compression during training
// Notebook 18 compresses a model *after* training, and its unstructured pruning never makes a step
// faster: the zeros still go through every matrix product. This notebook compresses *during*
// training: **structured pruning** removes whole filters and units and rebuilds a smaller dense model
// (measured time per training step); **quantisation-aware training** shows the network its quantised
// weights in the forward pass (straight-through estimator in the backward pass) against plain
// post-training quantisation at 8, 4 and 2 bits; and **activation compression** shrinks the memory a
// step holds for the backward pass: reducing feature maps (average pooling, stride) and gradient
// checkpointing (recompute instead of store), measured in bytes per example — and **activation
// quantisation**, ReLU outputs rounded to 8, 4 or 2 bits during training (straight-through estimator).
// %%
import {
  setup,
  loadMnist,
  referenceCnn,
  smallCnn,
  show,
  showTable,
  barChart,
  claim,
  pairedClaim,
  showClaims,
  tf,
} from 'tfjs-workbook';
import {
  comparePruning,
  compareQat,
  compareActivationMemory,
  reducedCnn,
  compareActivationQuant,
} from 'tfjs-workbook/experiments/23-training-time-compression';
import { meanSd } from 'tfjs-workbook/eval';
const backend = await setup({ seed: 23 });
// %% [markdown]
// ## Data
// A seeded subset of MNIST: 3,000 training and 1,000 test digits. Times are medians of 10 training
// steps on a batch of 64, measured in this kernel (on a busy machine they move together).
// %%
const TRAIN_SIZE = 3000,
  TEST_SIZE = 1000,
  SEED = 23;
const { train, test } = loadMnist({ trainSize: TRAIN_SIZE, testSize: TEST_SIZE, seed: SEED });
// %% [markdown]
// ## Structured vs unstructured pruning
// The reference CNN (conv 32, conv 64, dense 128) is trained for one epoch, then pruned two ways and
// fine-tuned for one epoch: **structured**, half of every hidden layer's filters or units (smallest
// L1 norm) removed, which leaves a model with about a quarter of the weights; **unstructured**, the
// same number of weights zeroed by global magnitude pruning, kept at zero while fine-tuning.
// %%
const RATIO = 0.5;
const pruning = await comparePruning({
  train: train,
  test: test,
  makeModel: (seed: number) => referenceCnn({ seed }),
  seed: SEED,
  epochs: 1,
  fineTuneEpochs: 1,
  ratio: RATIO,
});
showTable(
  pruning.map((r) => ({
    model: r.model,
    parameters: r.parameters,
    'non-zero': r.nonZero,
    'test accuracy': r.accuracy,
    'ms / step': r.msPerStep,
  })),
  'Pruned reference CNN',
);
show(
  barChart(
    pruning.map((r) => r.model),
    pruning.map((r) => r.msPerStep),
    { title: 'Time per training step (batch 64, median of 10)', yTitle: 'ms', text: true },
  ),
);
// %% [markdown]
// ## Quantisation-aware training vs post-training quantisation
// The small CNN is trained for two epochs, then either (PTQ) trained one more epoch in float and
// quantised, or (QAT) trained that epoch with every weight fake-quantised to the target width in the
// forward pass, then quantised with the same quantiser (symmetric, per channel). At 8 and 4 bits
// rounding barely matters on this model; at 2 bits (three levels per channel) it does, and QAT recovers much of it.
// %%
const BITS = [8, 4, 2];
const quant = await compareQat({
  train: train,
  test: test,
  makeModel: (seed: number) => smallCnn({ seed }),
  seed: SEED,
  epochs: 2,
  qatEpochs: 1,
  bits: BITS,
});
show(
  barChart(
    BITS.map((b) => `${b} bits`),
    [quant.map((r) => r.float), quant.map((r) => r.ptq), quant.map((r) => r.qat)],
    {
      groups: ['float32', 'post-training quantisation', 'quantisation-aware training'],
      title: 'Test accuracy of the quantised small CNN',
      yTitle: 'test accuracy',
      text: true,
    },
  ),
);
// %% [markdown]
// ## Activation memory
// A training step keeps the forward pass's activations until the backward pass. We measure them
// (`activationBytes`: bytes alive at the top of the forward pass, per example) for the reference CNN,
// for the same CNN with its input **average-pooled** 2×2 or its first convolution at **stride 2**
// (every feature map 4× smaller: the stated factor), and for **gradient checkpointing** in 3 segments
// (the same model and the same gradients; only segment inputs are stored, each segment is recomputed
// during the backward pass). One epoch each.
// %%
const act = await compareActivationMemory({
  train: train,
  test: test,
  seed: SEED,
  epochs: 1,
  segments: 3,
  variants: [
    { name: 'reference CNN', make: (seed: number) => reducedCnn(seed, 'none') },
    { name: 'input average-pooled 2×2', make: (seed: number) => reducedCnn(seed, 'avgpool') },
    { name: 'first convolution at stride 2', make: (seed: number) => reducedCnn(seed, 'stride') },
  ],
});
showTable(
  act.map((r) => ({
    method: r.method,
    'KB held per example': r.bytesPerExample / 1024,
    'test accuracy': r.accuracy,
    'ms / step': r.msPerStep,
  })),
  'Activation memory, accuracy and step time',
);
show(
  barChart(
    act.map((r) => r.method),
    act.map((r) => r.bytesPerExample / 1024),
    { title: 'Bytes held for the backward pass, per example', yTitle: 'KB', text: true },
  ),
);
// %% [markdown]
// ## Activation quantisation
// The small CNN gets a fake-quantiser after each ReLU (`withActivationQuantisers`): the forward pass
// rounds every activation to 2^bits levels over the batch's range, the backward pass lets the gradient
// straight through. Two ways, per seed: quantise the activations of the float-trained model only
// *after* training, or *train* with quantised activations from the same initial weights (2 epochs).
// TF.js has no int8 tensors, so the memory column is computed, not measured: the float model's
// measured step (`activationBytes`) with the quantised ReLU outputs counted at bits/8 bytes each, as an
// integer store would hold them. Only those outputs are quantised here; the step also keeps each
// convolution's pre-activation output and the input in float, so the cut is far from 32/bits.
// %%
// Eight seeds: with four, the 2-bit comparison read +0.9 (se 0.8) on seeds 23–26 and +2.5 (se 0.5) on 27–30.
const ACT_SEEDS = Array.from({ length: 8 }, (_, i) => SEED + i);
const actQuant = await compareActivationQuant({
  train: train,
  test: test,
  makeModel: (seed: number) => smallCnn({ seed }),
  seeds: ACT_SEEDS,
  epochs: 2,
  bits: BITS,
});
const floatAcc = meanSd(actQuant.runs.map((r) => r.float));
const actStats = BITS.map((bits) => ({
  bits,
  after: meanSd(actQuant.runs.map((r) => r.afterTraining[bits])),
  trained: meanSd(actQuant.runs.map((r) => r.trained[bits])),
  memory: actQuant.memory.find((m) => m.bits === bits)!,
}));
show(
  barChart(
    ['float32', ...BITS.map((b) => `${b}-bit activations`)],
    [
      [floatAcc.mean, ...actStats.map((a) => a.after.mean)],
      [floatAcc.mean, ...actStats.map((a) => a.trained.mean)],
    ],
    {
      groups: ['quantised after training', 'trained with quantised activations (STE)'],
      error: [
        [floatAcc.sd, ...actStats.map((a) => a.after.sd)],
        [floatAcc.sd, ...actStats.map((a) => a.trained.sd)],
      ],
      title: `Test accuracy of the small CNN (mean ± sd, ${ACT_SEEDS.length} seeds)`,
      yTitle: 'test accuracy',
    },
  ),
);
showTable(
  actStats.map((a) => ({
    activations: `${a.bits} bits`,
    'quantised after training': a.after.mean,
    'trained quantised': a.trained.mean,
    'float step, KB per example (measured)': a.memory.float32Bytes / 1024,
    'with an integer store, KB (computed)': a.memory.integerStoreBytes / 1024,
  })),
  `Activation quantisation (float32: ${(100 * floatAcc.mean).toFixed(1)}%)`,
);
// %% [markdown]
// ## What we measured
// %%
const [trained, structured, unstructured] = pruning;
const q2 = quant.find((r) => r.bits === 2)!,
  q8 = quant.find((r) => r.bits === 8)!,
  q4 = quant.find((r) => r.bits === 4)!;
const [plainAct, pooledAct, strideAct, ckptAct] = act;
const poolFactor = plainAct.bytesPerExample / pooledAct.bytesPerExample;
const ckptFactor = plainAct.bytesPerExample / ckptAct.bytesPerExample;
console.log(
  `Removing ${100 * RATIO}% of every hidden layer's filters left ${structured.parameters.toLocaleString()} of ${trained.parameters.toLocaleString()} parameters and made a training step ` +
    `${(trained.msPerStep / structured.msPerStep).toFixed(2)}× faster (${trained.msPerStep.toFixed(0)} → ${structured.msPerStep.toFixed(0)} ms) at ${(100 * structured.accuracy).toFixed(1)}% test accuracy; ` +
    `zeroing the same number of weights (unstructured) kept ${(100 * unstructured.accuracy).toFixed(1)}% but stepped ${(trained.msPerStep / unstructured.msPerStep).toFixed(2)}× as fast. ` +
    `Quantised to 8 / 4 / 2 bits, post-training quantisation scored ${[q8, q4, q2].map((r) => (100 * r.ptq).toFixed(1)).join(' / ')}% and quantisation-aware training ` +
    `${[q8, q4, q2].map((r) => (100 * r.qat).toFixed(1)).join(' / ')}% (float ${(100 * q8.float).toFixed(1)}%). ` +
    `Average-pooling the input cut activation memory ${poolFactor.toFixed(2)}× (${(plainAct.bytesPerExample / 1024).toFixed(0)} → ${(pooledAct.bytesPerExample / 1024).toFixed(0)} KB per example; stride 2: ` +
    `${(plainAct.bytesPerExample / strideAct.bytesPerExample).toFixed(2)}×) at ${(100 * pooledAct.accuracy).toFixed(1)}% vs ${(100 * plainAct.accuracy).toFixed(1)}% after one epoch; ` +
    `gradient checkpointing cut it ${ckptFactor.toFixed(2)}× with the same gradients, at ${(ckptAct.msPerStep / plainAct.msPerStep).toFixed(2)}× the step time.`,
);
const [a8, a4, a2] = actStats;
console.log(
  `Trained with 8 / 4 / 2-bit activations the small CNN reached ${actStats.map((a) => (100 * a.trained.mean).toFixed(1)).join(' / ')}% (float ${(100 * floatAcc.mean).toFixed(1)}%, ${ACT_SEEDS.length} seeds); ` +
    `quantising the float model's activations only after training gave ${actStats.map((a) => (100 * a.after.mean).toFixed(1)).join(' / ')}%. ` +
    `An integer store of the quantised ReLU outputs would cut the step's activation memory from ${(a8.memory.float32Bytes / 1024).toFixed(0)} KB to ` +
    `${actStats.map((a) => (a.memory.integerStoreBytes / 1024).toFixed(0)).join(' / ')} KB per example (computed from the measured float step; TF.js holds float32).`,
);
claim({
  id: 'structured-pruning-speeds-up',
  text: `structured pruning (${100 * RATIO}% of filters) makes a training step faster (speed-up ×, measured in this kernel)`,
  measured: trained.msPerStep / structured.msPerStep,
  expected: '>',
  against: 1.3,
  unit: '×',
});
claim({
  id: 'unstructured-pruning-no-speed-up',
  text: 'unstructured pruning to the same number of weights gives no comparable speed-up (speed-up ×)',
  measured: trained.msPerStep / unstructured.msPerStep,
  expected: '<',
  against: trained.msPerStep / structured.msPerStep,
  unit: '×',
});
claim({
  id: 'avgpool-cuts-activation-memory-4x',
  text: 'average-pooling the input 2×2 cuts activation memory per example by the stated factor of 4 (measured factor)',
  measured: poolFactor,
  expected: '≈',
  against: 4,
  tolerance: 0.4,
  unit: '×',
});
claim({
  id: 'checkpointing-cuts-activation-memory',
  text: 'gradient checkpointing in 3 segments holds less activation memory (reduction factor)',
  measured: ckptFactor,
  expected: '>',
  against: 1.2,
  unit: '×',
});
claim({
  id: 'qat-beats-ptq-at-2-bits',
  text: 'at 2 bits, quantisation-aware training scores higher than post-training quantisation',
  measured: 100 * q2.qat,
  expected: '>',
  against: 100 * q2.ptq,
  unit: '%',
});
claim({
  id: 'int8-activations-match-float',
  text: `trained with 8-bit activations (straight-through estimator), test accuracy matches float within 1 point (${ACT_SEEDS.length} seeds)`,
  measured: 100 * a8.trained.mean,
  expected: '≈',
  against: 100 * floatAcc.mean,
  tolerance: 1,
  spread: 100 * a8.trained.sd,
  unit: '%',
});
claim({
  id: 'int4-activations-within-2-points',
  text: `trained with 4-bit activations, test accuracy stays within 2 points of float (${ACT_SEEDS.length} seeds)`,
  measured: 100 * a4.trained.mean,
  expected: '≈',
  against: 100 * floatAcc.mean,
  tolerance: 2,
  spread: 100 * a4.trained.sd,
  unit: '%',
});
// Seed by seed (same initial weights): a gap beyond two standard errors, or a null result.
const { gap: gap2 } = pairedClaim({
  a: actQuant.runs.map((r) => r.trained[2]),
  b: actQuant.runs.map((r) => r.afterTraining[2]),
  scale: 100,
  unit: '%',
  ahead: {
    id: 'training-with-2-bit-activations-beats-quantising-after',
    text: `at 2 bits, training with quantised activations scores higher than quantising the float model's activations after training, by more than two standard errors (${ACT_SEEDS.length} seeds)`,
  },
  behind: {
    id: 'quantising-after-beats-training-with-2-bit-activations',
    text: `negative result: at 2 bits, quantising the float model's activations after training scores higher than training with them, by more than two standard errors (${ACT_SEEDS.length} seeds)`,
  },
  tie: {
    id: 'training-with-2-bit-activations-vs-after-null',
    text: `null result: at 2 bits, training with quantised activations and quantising after training differ by less than two standard errors of the seed-by-seed gap (${ACT_SEEDS.length} seeds)`,
  },
});
console.log(
  `At 2 bits, training with quantised activations minus quantising after: ${gap2.mean >= 0 ? '+' : ''}${(100 * gap2.mean).toFixed(1)} points seed by seed ` +
    `(standard error ${(100 * gap2.se).toFixed(1)}), ahead on ${gap2.wins} of ${gap2.n} seeds.`,
);
showClaims();
train.dispose();
test.dispose();
