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
  setup, loadMnist, mlp, referenceCnn, fit, evaluate, progress, show, showTable, lineChart, barChart, tf,
} from 'tfjs-workbook';
import {
  separableCnn, GradualPruning, polynomialDecay, sparsityReport, quantisationStudy, layerCosts, saveTfjs, loadTfjs,
  exportOnnx, checkOnnx,
} from 'tfjs-workbook/compress';
import { sparsitySweep, compareArchitectures } from 'tfjs-workbook/experiments/18-compression-and-export';
const backend = await setup({ seed: 18 });
// %% [markdown]
// ## Data and a model to compress
// 2,000 MNIST training digits and 1,000 test digits (a seeded subset, to keep the notebook to under a
// minute). The first subject is a multilayer perceptron 784 → 256 → 128 → 10: its 235,000 weights are
// almost all in dense kernels, the part magnitude pruning acts on.
// %%
const TRAIN_SIZE = 2000, TEST_SIZE = 1000, SEED = 18;
const { train, test } = loadMnist({ trainSize: TRAIN_SIZE, testSize: TEST_SIZE, seed: SEED });
const net = mlp({ inputShape: [28, 28, 1], hidden: [256, 128], seed: SEED });
await fit(net, train.xs, train.ys, { epochs: 4, batchSize: 32, seed: SEED, callbacks: [progress({ title: 'MLP 784-256-128-10' })] });
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
show(lineChart([
  { name: 'one-shot, layer-wise', x: pct, y: sweep.map((r) => r.layerOneShot), dash: 'dot' },
  { name: 'one-shot, global', x: pct, y: sweep.map((r) => r.globalOneShot), dash: 'dash' },
  { name: 'gradual + 1 epoch fine-tuning (global)', x: pct, y: sweep.map((r) => r.fineTuned) },
], { title: 'MLP test accuracy vs fraction of kernel weights pruned', xTitle: 'sparsity (%)', yTitle: 'test accuracy' }));
// %% [markdown]
// ## Gradual pruning as a callback, and the per-layer report
// The same technique used directly: a `GradualPruning` callback with a polynomial schedule from 0 to 90%
// over the first 70% of the fine-tuning steps; after its end step the masks stay fixed. Its
// `gradientHook` also zeroes the gradients of pruned weights, so Adam keeps no momentum for them.
// Global ranking leaves the small output layer denser than the big first layer.
// %%
const FINAL_SPARSITY = 0.9, FINE_TUNE_EPOCHS = 2;
const steps = FINE_TUNE_EPOCHS * Math.ceil(TRAIN_SIZE / 32);
const pruning = new GradualPruning({ scope: 'global', schedule: polynomialDecay({ finalSparsity: FINAL_SPARSITY, endStep: Math.round(0.7 * steps), frequency: 10 }) });
const fineTuner = tf.train.adam(5e-4);
await fit(net, train.xs, train.ys, { epochs: FINE_TUNE_EPOCHS, batchSize: 32, seed: SEED, optimizer: fineTuner, callbacks: [pruning], gradientHook: pruning.gradientHook });
pruning.dispose(); fineTuner.dispose();
const prunedAccuracy = evaluate(net, test.xs, test.ys).accuracy!;
const report = sparsityReport(net);
showTable(report.map((r) => ({ layer: r.layer, weights: r.params, zeros: r.zeros, 'sparsity %': +(100 * r.sparsity).toFixed(2) })), `Sparsity per layer after gradual pruning (test accuracy ${(100 * prunedAccuracy).toFixed(1)}%)`);
// %% [markdown]
// ## Standard vs depthwise-separable CNN
// The workbook's reference CNN (conv 5×5×32, pool, conv 3×3×64, pool, dense 128, dense 10) against the
// same network with its second convolution made depthwise-separable: a 3×3 filter per channel, then a
// 1×1 convolution to mix channels. Both train for two epochs on 1,024 digits with the same seed; the step
// time is the last epoch's wall time per batch of 64 (noisy on a shared machine; only the ratio matters).
// %%
const CNN_TRAIN = 1024;
const cnnTrain = { xs: train.xs.slice(0, CNN_TRAIN), ys: train.ys.slice(0, CNN_TRAIN) };
const { rows: archRows, models: [standard, separable] } = await compareArchitectures([
  { name: 'standard', build: () => referenceCnn({ seed: SEED }) },
  { name: 'separable', build: () => separableCnn({ seed: SEED }) },
], cnnTrain, test, { epochs: 2, batchSize: 64, seed: SEED, callbacks: (name) => [progress({ title: `${name} CNN` })] });
showTable(archRows.map((r) => ({ model: r.model, parameters: r.params, 'MACs / image': r.macs, 'ms / step': +r.msPerStep.toFixed(0), 'test accuracy': +r.accuracy.toFixed(3) })), 'Reference CNN and its separable variant');
showTable(layerCosts(separable).map((r) => ({ ...r })), 'Where the separable CNN spends its parameters and MACs');
// %% [markdown]
// The separable layer cuts the convolution's multiply-accumulates several-fold, but the parameter count
// barely moves: the dense layer after flattening 7×7×64 features holds 401,000 of the 422,000 weights.
// That is where pruning and quantisation pay off. Step time falls less than the MACs: the dense layer,
// pooling and the per-channel depthwise kernels (little arithmetic per memory access) do not shrink.
// Read the accuracy column with the training budget in mind: two short epochs on 1,024 digits.
//
// ## Quantisation: accuracy and size against bits
// Post-training quantisation of the trained standard CNN: float16; 8-bit integers with one scale and
// zero point per tensor or per output channel; and 4 and 2 bits, to see how far the grid can coarsen
// (with 2 bits each weight is one of four values; per-channel grids adapt to each filter). The weights are
// dequantised for inference (what tfjs does when it loads quantised weights), so accuracy shows the
// error of the stored weights alone.
// %%
const quant = quantisationStudy(standard, test.xs, test.ys);
show(barChart(quant.map((r) => r.format), [quant.map((r) => r.accuracy), quant.map((r) => r.ratio)], { groups: ['test accuracy', 'size / float32'], text: true, title: 'Reference CNN: accuracy and stored size per weight format', height: 420 }));
showTable(quant.map((r) => ({ format: r.format, bits: r.bits, 'KB stored': +(r.bytes / 1024).toFixed(1), 'max |w − ŵ|': +r.maxError.toPrecision(2), 'test accuracy': +r.accuracy.toFixed(3) })));
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
  tfjsRows.push({ weights: mode === 'none' ? 'float32' : mode, 'model.json KB': +(saved.jsonBytes / 1024).toFixed(1), 'weights KB': +(saved.weightBytes / 1024).toFixed(1), 'reloaded test accuracy': +evaluate(reloaded, test.xs, test.ys).accuracy!.toFixed(3) });
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
for (const [name, model] of [['standard', standard], ['separable', separable], ['pruned MLP', net]] as const) {
  const bytes = exportOnnx(model);
  fs.writeFileSync(path.join(exportDir, `${name.replace(' ', '-')}.onnx`), bytes);
  const check = await checkOnnx(model, bytes, test.xs);
  onnxRows.push({ model: name, 'ONNX KB': +(check.bytes / 1024).toFixed(1), 'max |tfjs − ORT|': +check.maxAbsDiff.toPrecision(2), 'same prediction': `${(100 * check.argmaxAgreement).toFixed(1)}%` });
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
const std = archRows[0], sep = archRows[1];
const int8 = quant.find((r) => r.format === 'int8 per-channel')!, f32 = quant[0];
const worstOnnx = Math.max(...onnxRows.map((r) => r['max |tfjs − ORT|']));
const coarsest = quant.filter((r) => r.accuracy >= f32.accuracy - 0.01).sort((a, b) => a.bytes - b.bytes)[0];
const at90 = sweep.find((r) => r.sparsity === 0.9)!;
console.log(
  `On ${backend.name}: pruning 90% of the MLP's kernel weights one-shot (global) gave ${(100 * at90.globalOneShot).toFixed(1)}% test accuracy, ` +
  `gradual pruning with fine-tuning ${(100 * prunedAccuracy).toFixed(1)}%, against ${(100 * denseAccuracy).toFixed(1)}% dense. ` +
  `int8 per-channel weights stored the CNN in ${(100 * int8.ratio).toFixed(1)}% of the float32 size at ${(100 * int8.accuracy).toFixed(1)}% accuracy (float32: ${(100 * f32.accuracy).toFixed(1)}%); ` +
  `the smallest format within one point of float32 was ${coarsest.format} (${(100 * coarsest.ratio).toFixed(1)}% of the size, ${(100 * coarsest.accuracy).toFixed(1)}%). ` +
  `The separable CNN needed ${(std.macs / sep.macs).toFixed(1)}× fewer multiply-accumulates and ${(std.params / sep.params).toFixed(2)}× fewer parameters, ` +
  `${(std.msPerStep / sep.msPerStep).toFixed(2)}× the step speed, at ${(100 * sep.accuracy).toFixed(1)}% vs ${(100 * std.accuracy).toFixed(1)}% accuracy. ` +
  `The ONNX exports matched tfjs in ONNX Runtime to within ${worstOnnx.toExponential(1)}.`);
fs.rmSync(exportDir, { recursive: true });
tf.dispose([cnnTrain.xs, cnnTrain.ys]);
train.dispose(); test.dispose();
for (const m of [net, standard, separable]) m.dispose();
