// %% [markdown]
// # Compression and export
// A trained network usually carries far more precision and far more weights than it needs. This notebook
// measures three ways to shrink one — **pruning** (zero out the smallest weights), **quantisation**
// (store weights in 16, 8 or fewer bits) and **depthwise-separable convolutions** (a cheaper layer,
// MobileNet's building block) — and then **exports** the model in the TensorFlow.js format and as
// **ONNX**, checking the ONNX file in ONNX Runtime against TensorFlow.js.
// %%
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  claim,
  showClaims,
  setup,
  loadMnist,
  mlp,
  referenceCnn,
  fit,
  evaluate,
  progress,
  show,
  showTable,
  lineChart,
  barChart,
  tf,
} from 'tfjs-workbook';
import {
  separableCnn,
  GradualPruning,
  polynomialDecay,
  sparsityReport,
  quantisationStudy,
  layerCosts,
  saveTfjs,
  loadTfjs,
  exportOnnx,
  checkOnnx,
} from 'tfjs-workbook/compress';
import { sparsitySweep, compare, matchedCnn } from 'tfjs-workbook/experiments/18-compression-and-export';
import { meanSd } from 'tfjs-workbook/eval';
const backend = await setup({ seed: 18 });
// %% [markdown]
// ## Data and a model to compress
// 2,000 MNIST training digits and 1,000 test digits (a seeded subset, to keep the notebook to under a
// minute). The first subject is a multilayer perceptron 784 → 256 → 128 → 10: its 235,000 weights are
// almost all in dense kernels, the part magnitude pruning acts on.
// %%
const TRAIN_SIZE = 2000,
  TEST_SIZE = 1000,
  SEED = 18;
const { train, test } = loadMnist({ trainSize: TRAIN_SIZE, testSize: TEST_SIZE, seed: SEED });
const net = mlp({ inputShape: [28, 28, 1], hidden: [256, 128], seed: SEED });
await fit(net, train.xs, train.ys, {
  epochs: 4,
  batchSize: 32,
  seed: SEED,
  callbacks: [progress({ title: 'MLP 784-256-128-10' })],
});
const denseAccuracy = evaluate(net, test.xs, test.ys).accuracy!;
console.log(`dense MLP: ${net.countParams()} parameters, test accuracy ${(100 * denseAccuracy).toFixed(1)}%`);
// %% [markdown]
// ## Pruning: accuracy against sparsity
// Magnitude pruning sets the weights with the smallest |w| to zero. *One-shot* prunes the trained model
// and stops; *layer-wise* takes the same fraction from every kernel, *global* ranks all kernels together.
// *Gradual* (TF Model Optimization's recipe) raises sparsity along a polynomial schedule while
// fine-tuning for one epoch with the one training loop `fit`, re-applying the masks after every step.
// Every point starts from the same trained weights.
// %%
const SPARSITIES = [0, 0.5, 0.8, 0.9, 0.95, 0.98, 0.99];
const sweep = await sparsitySweep(net, train, test, { sparsities: SPARSITIES, fineTuneEpochs: 1, seed: SEED });
const pct = SPARSITIES.map((s) => 100 * s);
show(
  lineChart(
    [
      { name: 'one-shot, layer-wise', x: pct, y: sweep.map((r) => r.layerOneShot), dash: 'dot' },
      { name: 'one-shot, global', x: pct, y: sweep.map((r) => r.globalOneShot), dash: 'dash' },
      { name: 'gradual + 1 epoch fine-tuning (global)', x: pct, y: sweep.map((r) => r.fineTuned) },
    ],
    {
      title: 'MLP test accuracy vs fraction of kernel weights pruned',
      xTitle: 'sparsity (%)',
      yTitle: 'test accuracy',
    },
  ),
);
// %% [markdown]
// ## Gradual pruning as a callback, and the per-layer report
// The same technique used directly: a `GradualPruning` callback with a polynomial schedule from 0 to 90%
// over the first 70% of the fine-tuning steps; after its end step the masks stay fixed. Its
// `gradientHook` also zeroes the gradients of pruned weights, so Adam keeps no momentum for them.
// Global ranking leaves the small output layer denser than the big first layer.
// %%
const FINAL_SPARSITY = 0.9,
  FINE_TUNE_EPOCHS = 2;
const steps = FINE_TUNE_EPOCHS * Math.ceil(TRAIN_SIZE / 32);
const pruning = new GradualPruning({
  scope: 'global',
  schedule: polynomialDecay({ finalSparsity: FINAL_SPARSITY, endStep: Math.round(0.7 * steps), frequency: 10 }),
});
const fineTuner = tf.train.adam(5e-4);
await fit(net, train.xs, train.ys, {
  epochs: FINE_TUNE_EPOCHS,
  batchSize: 32,
  seed: SEED,
  optimizer: fineTuner,
  callbacks: [pruning],
  gradientHook: pruning.gradientHook,
});
pruning.dispose();
fineTuner.dispose();
const prunedAccuracy = evaluate(net, test.xs, test.ys).accuracy!;
const report = sparsityReport(net);
showTable(
  report.map((r) => ({
    layer: r.layer,
    weights: r.params,
    zeros: r.zeros,
    'sparsity %': +(100 * r.sparsity).toFixed(2),
  })),
  `Sparsity per layer after gradual pruning (test accuracy ${(100 * prunedAccuracy).toFixed(1)}%)`,
);
// %% [markdown]
// ## Standard vs depthwise-separable CNN, at matched capacity
// A standard k×k convolution from C to F channels costs k·k·C·F multiply-accumulates (MACs) per output
// pixel; a depthwise-separable one filters each channel on its own (k·k·C) and mixes channels with a
// 1×1 convolution (C·F) — about 1/9 + 1/F of the cost. A like-for-like swap in the same widths loses
// accuracy (fewer weights); MobileNet instead spends part of the savings on width. So we compare a
// standard CNN (conv 3×3×8, pool, conv 3×3×16, pool, conv 3×3×32, dense 10) with a separable one whose
// second and third convolutions are separable and 1.5× wider (24 and 48 channels): about the same
// number of parameters. Both train 6 epochs on the 2,000 digits with the same settings, for three seeds;
// the step time is the last epoch's wall time per batch of 64 (a shared machine: read it as a ratio).
// %%
const CNN_SEEDS = [SEED, SEED + 1, SEED + 2],
  STANDARD_WIDTHS: [number, number, number] = [8, 16, 32],
  SEPARABLE_WIDTHS: [number, number, number] = [8, 24, 48];
const archRuns: { seed: number; rows: Awaited<ReturnType<typeof compare>>['rows'] }[] = [];
let standard!: tf.LayersModel, separable!: tf.LayersModel;
for (const seed of CNN_SEEDS) {
  const { rows, models } = await compare(
    [
      { name: 'standard', build: () => matchedCnn('standard', STANDARD_WIDTHS, seed) },
      { name: 'separable', build: () => matchedCnn('separable', SEPARABLE_WIDTHS, seed) },
    ],
    train,
    test,
    {
      epochs: 6,
      batchSize: 64,
      learningRate: 3e-3,
      seed,
      callbacks: (name) => [progress({ title: `${name} CNN, seed ${seed}` })],
    },
  );
  archRuns.push({ seed, rows });
  if (seed === SEED)
    [standard, separable] = models; // kept for quantisation and export below
  else models.forEach((m) => m.dispose());
}
const archSummary = ['standard', 'separable'].map((name) => {
  const rows = archRuns.map((r) => r.rows.find((row) => row.model === name)!);
  return {
    name,
    params: rows[0].params,
    macs: rows[0].macs,
    accuracy: meanSd(rows.map((r) => r.accuracy)),
    msPerStep: meanSd(rows.map((r) => r.msPerStep)),
  };
});
show(
  barChart(
    archSummary.map((r) => `${r.name} (${(r.macs / 1000).toFixed(0)}k MACs)`),
    archSummary.map((r) => r.accuracy.mean),
    {
      error: archSummary.map((r) => r.accuracy.sd),
      title: `Test accuracy, mean ± sd over ${CNN_SEEDS.length} seeds`,
      yTitle: 'test accuracy',
      text: true,
    },
  ),
);
showTable(
  archSummary.map((r) => ({
    model: r.name,
    parameters: r.params,
    'MACs / image': r.macs,
    'ms / step': +r.msPerStep.mean.toFixed(0),
    'test accuracy': +r.accuracy.mean.toFixed(4),
    '± sd': +r.accuracy.sd.toFixed(4),
  })),
  'Standard CNN and its separable variant of matched capacity',
);
showTable(
  layerCosts(separable).map((r) => ({ ...r })),
  'Where the separable CNN spends its parameters and MACs',
);
// %% [markdown]
// The separable network needs a fraction of the multiply-accumulates at about the same accuracy and
// parameter count. Its step time here does not fall with the MACs: TF.js's depthwise kernels on CPU do
// little arithmetic per memory access, and at these sizes per-layer overhead dominates (more layers:
// depthwise + pointwise). The MAC saving is what a phone's accelerator or an optimised runtime turns
// into speed; on this backend, read it as a count, not a time.
//
// ## Quantisation: accuracy and size against bits
// Post-training quantisation of the trained standard CNN: float16; 8-bit integers with one scale and
// zero point per tensor or per output channel; and 4 and 2 bits, to see how far the grid can coarsen
// (with 2 bits each weight is one of four values; per-channel grids adapt to each filter). The weights are
// dequantised for inference (what tfjs does when it loads quantised weights), so accuracy shows the
// error of the stored weights alone.
// %%
const quant = quantisationStudy(standard, test.xs, test.ys);
show(
  barChart(
    quant.map((r) => r.format),
    [quant.map((r) => r.accuracy), quant.map((r) => r.ratio)],
    {
      groups: ['test accuracy', 'size / float32'],
      text: true,
      title: 'Reference CNN: accuracy and stored size per weight format',
      height: 420,
    },
  ),
);
showTable(
  quant.map((r) => ({
    format: r.format,
    bits: r.bits,
    'KB stored': +(r.bytes / 1024).toFixed(1),
    'max |w − ŵ|': +r.maxError.toPrecision(2),
    'test accuracy': +r.accuracy.toFixed(3),
  })),
);
// %% [markdown]
// ## Export 1: the TensorFlow.js format
// `saveTfjs` writes `model.json` (architecture and weights manifest) and one binary weights file — what
// `tf.loadLayersModel` reads in a browser or in Node. With `quantise: 'uint8'` or `'float16'` the file
// stores quantised weights in the converter's format and tfjs dequantises them when loading.
// %%
const exportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'workbook-18-'));
const tfjsRows = [];
for (const mode of ['none', 'float16', 'uint8'] as const) {
  const dir = path.join(exportDir, `tfjs-${mode}`);
  const saved = await saveTfjs(standard, dir, { quantise: mode });
  const reloaded = await loadTfjs(dir);
  tfjsRows.push({
    weights: mode === 'none' ? 'float32' : mode,
    'model.json KB': +(saved.jsonBytes / 1024).toFixed(1),
    'weights KB': +(saved.weightBytes / 1024).toFixed(1),
    'reloaded test accuracy': +evaluate(reloaded, test.xs, test.ys).accuracy!.toFixed(3),
  });
  reloaded.dispose();
}
showTable(tfjsRows, 'Reference CNN saved and reloaded in the TensorFlow.js format');
// %% [markdown]
// ## Export 2: ONNX, checked in ONNX Runtime
// `exportOnnx` writes an ONNX (opset 13) graph for Dense, Conv2D, DepthwiseConv2D, SeparableConv2D,
// pooling, Flatten, activations, BatchNormalization and Dropout; any other layer stops it with an error
// naming the layer. tfjs is channels-last and ONNX convolutions are channels-first, so the graph
// transposes once at the input and back before Flatten (keeping the dense weights in tfjs order).
// We run each file in ONNX Runtime (`onnxruntime-node`) on the 1,000 test digits and compare with tfjs.
// %%
const onnxRows = [];
for (const [name, model] of [
  ['standard', standard],
  ['separable', separable],
  ['pruned MLP', net],
] as const) {
  const bytes = exportOnnx(model);
  fs.writeFileSync(path.join(exportDir, `${name.replace(' ', '-')}.onnx`), bytes);
  const check = await checkOnnx(model, bytes, test.xs);
  onnxRows.push({
    model: name,
    'ONNX KB': +(check.bytes / 1024).toFixed(1),
    'max |tfjs − ORT|': +check.maxAbsDiff.toPrecision(2),
    'same prediction': `${(100 * check.argmaxAgreement).toFixed(1)}%`,
  });
}
showTable(onnxRows, 'ONNX export run in ONNX Runtime vs TensorFlow.js');
// %% [markdown]
// ## Moving the model to other runtimes
// - **ONNX** is read by most inference engines: ONNX Runtime (Python, C++, C#, Java, and the browser via
//   onnxruntime-web), NVIDIA **TensorRT** (`trtexec --onnx=standard.onnx --fp16` builds an engine;
//   `--int8` needs a calibration set), Intel **OpenVINO** (`ovc standard.onnx`), and others such as
//   Apple's coremltools or TVM. The input is named `input` (NHWC, batch dimension free) and the output
//   `output` (logits).
// - The **TensorFlow.js format** loads with `tf.loadLayersModel` in browsers and Node, and the
//   `tensorflowjs_converter` (pip package `tensorflowjs`) turns it into Keras
//   (`--input_format=tfjs_layers_model --output_format=keras model.json model.h5`) or a SavedModel
//   (`--output_format=keras_saved_model`), from which `tf.lite.TFLiteConverter` makes a **TensorFlow Lite**
//   model for phones and microcontrollers (with its own int8 post-training quantisation).
// - Pruned weights only save space once stored sparsely or compressed: the zeros in an ONNX or tfjs file
//   still take 4 bytes each, but gzip shrinks them, and sparse-aware runtimes (or structured pruning)
//   turn them into speed.
//
// ## What we measured
// %%
const [std, sep] = archSummary;
const int8 = quant.find((r) => r.format === 'int8 per-channel')!,
  f32 = quant[0];
const worstOnnx = Math.max(...onnxRows.map((r) => r['max |tfjs − ORT|']));
const coarsest = quant.filter((r) => r.accuracy >= f32.accuracy - 0.01).sort((a, b) => a.bytes - b.bytes)[0];
const at90 = sweep.find((r) => r.sparsity === 0.9)!;
console.log(
  `On ${backend.name}: pruning 90% of the MLP's kernel weights one-shot (global) gave ${(100 * at90.globalOneShot).toFixed(1)}% test accuracy, ` +
    `gradual pruning with fine-tuning ${(100 * prunedAccuracy).toFixed(1)}%, against ${(100 * denseAccuracy).toFixed(1)}% dense. ` +
    `int8 per-channel weights stored the CNN in ${(100 * int8.ratio).toFixed(1)}% of the float32 size at ${(100 * int8.accuracy).toFixed(1)}% accuracy (float32: ${(100 * f32.accuracy).toFixed(1)}%); ` +
    `the smallest format within one point of float32 was ${coarsest.format} (${(100 * coarsest.ratio).toFixed(1)}% of the size, ${(100 * coarsest.accuracy).toFixed(1)}%). ` +
    `The separable CNN of matched capacity needed ${(std.macs / sep.macs).toFixed(1)}× fewer multiply-accumulates with ${(sep.params / std.params).toFixed(2)}× the parameters, ` +
    `at ${(100 * sep.accuracy.mean).toFixed(1)} ± ${(100 * sep.accuracy.sd).toFixed(1)}% vs ${(100 * std.accuracy.mean).toFixed(1)} ± ${(100 * std.accuracy.sd).toFixed(1)}% test accuracy (${CNN_SEEDS.length} seeds), ` +
    `and ran at ${(std.msPerStep.mean / sep.msPerStep.mean).toFixed(2)}× the standard CNN's step speed on this CPU backend. ` +
    `The ONNX exports matched tfjs in ONNX Runtime to within ${worstOnnx.toExponential(1)}.`,
);
claim({
  id: 'separable-matches-accuracy',
  text: `The separable CNN of matched capacity reaches the standard CNN's mean test accuracy within 1.5 points (${CNN_SEEDS.length} seeds)`,
  measured: sep.accuracy.mean,
  expected: '≈',
  against: std.accuracy.mean,
  tolerance: 0.015,
  spread: sep.accuracy.sd,
});
claim({
  id: 'separable-fewer-macs',
  text: 'at under half the multiply-accumulates per image',
  measured: sep.macs,
  expected: '<',
  against: 0.5 * std.macs,
  unit: 'MACs',
});
claim({
  id: 'int8-keeps-accuracy',
  text: 'int8 per-channel weights keep the CNN within one point of its float32 accuracy',
  measured: int8.accuracy,
  expected: '≈',
  against: f32.accuracy,
  tolerance: 0.01,
});
claim({
  id: 'gradual-beats-one-shot',
  text: 'at 90% sparsity, gradual pruning with fine-tuning beats one-shot pruning',
  measured: prunedAccuracy,
  expected: '>',
  against: at90.globalOneShot,
});
showClaims();
fs.rmSync(exportDir, { recursive: true });
train.dispose();
test.dispose();
for (const m of [net, standard, separable]) m.dispose();
