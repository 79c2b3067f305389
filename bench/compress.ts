/**
 * Compression benchmark on the reference CNN (larger than notebook 18): train the standard and the
 * depthwise-separable CNN on the same MNIST subset, then prune the standard one gradually to 90%
 * (global) with fine-tuning, quantise it (float16, int8 per tensor / per channel, 4-bit), save it in
 * the tfjs format (float32 and uint8) and export it to ONNX, checked in ONNX Runtime.
 * Run: npx tsc -p . && node dist/bench/compress.js [trainSize] [testSize] [epochs]
 * The last line is one JSON object with the measured numbers.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setup, loadMnist, referenceCnn, fit, evaluate, progress, tf } from '../src/lib';
import {
  separableCnn,
  GradualPruning,
  polynomialDecay,
  sparsityReport,
  quantisationStudy,
  saveTfjs,
  exportOnnx,
  checkOnnx,
} from '../src/lib/compress';
import { compare } from '../src/experiments/18-compression-and-export';

const TRAIN_SIZE = Number(process.argv[2] ?? 4000);
const TEST_SIZE = Number(process.argv[3] ?? 2000);
const EPOCHS = Number(process.argv[4] ?? 2);
const BATCH_SIZE = 64;
const FINAL_SPARSITY = 0.9;
const SEED = 11;

async function main(): Promise<void> {
  const started = Date.now();
  const backend = await setup({ seed: SEED });
  const { train, test } = loadMnist({ trainSize: TRAIN_SIZE, testSize: TEST_SIZE, seed: SEED });

  const {
    rows,
    models: [standard, separable],
  } = await compare(
    [
      { name: 'standard', build: () => referenceCnn({ seed: SEED }) },
      { name: 'separable', build: () => separableCnn({ seed: SEED }) },
    ],
    train,
    test,
    { epochs: EPOCHS, batchSize: BATCH_SIZE, seed: SEED, callbacks: (name) => [progress({ title: name })] },
  );
  console.table(rows);

  const quant = quantisationStudy(standard, test.xs, test.ys, [
    { dtype: 'float32' },
    { dtype: 'float16' },
    { dtype: 'int8', granularity: 'per-tensor' },
    { dtype: 'int8', granularity: 'per-channel' },
    { dtype: 'uint8', granularity: 'per-channel', bits: 4 },
  ]);
  console.table(quant);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-compress-'));
  const tfjsFloat = await saveTfjs(standard, path.join(dir, 'f32'));
  const tfjsUint8 = await saveTfjs(standard, path.join(dir, 'u8'), { quantise: 'uint8' });
  const onnxStandard = await checkOnnx(standard, exportOnnx(standard), test.xs);
  const onnxSeparable = await checkOnnx(separable, exportOnnx(separable), test.xs);

  const steps = Math.ceil(TRAIN_SIZE / BATCH_SIZE);
  const pruning = new GradualPruning({
    scope: 'global',
    schedule: polynomialDecay({ finalSparsity: FINAL_SPARSITY, endStep: Math.round(0.7 * steps), frequency: 10 }),
  });
  const optimizer = tf.train.adam(5e-4);
  await fit(standard, train.xs, train.ys, {
    epochs: 1,
    batchSize: BATCH_SIZE,
    seed: SEED,
    optimizer,
    callbacks: [pruning, progress({ title: 'gradual pruning' })],
    gradientHook: pruning.gradientHook,
  });
  pruning.dispose();
  optimizer.dispose();
  const report = sparsityReport(standard);
  console.table(report);
  const pruned = evaluate(standard, test.xs, test.ys).accuracy!;
  const prunedInt8 = quantisationStudy(standard, test.xs, test.ys, [{ dtype: 'int8', granularity: 'per-channel' }])[0];

  const q = (format: string) => quant.find((r) => r.format === format)!;
  const result = {
    benchmark: 'compress',
    backend: backend.name,
    trainSize: TRAIN_SIZE,
    testSize: TEST_SIZE,
    epochs: EPOCHS,
    standard: {
      params: rows[0].params,
      macs: rows[0].macs,
      msPerStep: +rows[0].msPerStep.toFixed(1),
      accuracy: rows[0].accuracy,
    },
    separable: {
      params: rows[1].params,
      macs: rows[1].macs,
      msPerStep: +rows[1].msPerStep.toFixed(1),
      accuracy: rows[1].accuracy,
    },
    separableMacsReduction: +(rows[0].macs / rows[1].macs).toFixed(2),
    separableStepSpeedup: +(rows[0].msPerStep / rows[1].msPerStep).toFixed(2),
    quantisedAccuracy: Object.fromEntries(quant.map((r) => [r.format, r.accuracy])),
    int8PerChannelSizeRatio: +q('int8 per-channel').ratio.toFixed(4),
    tfjsWeightsBytes: { float32: tfjsFloat.weightBytes, uint8: tfjsUint8.weightBytes },
    onnxMaxAbsDiff: Math.max(onnxStandard.maxAbsDiff, onnxSeparable.maxAbsDiff),
    prunedSparsity: +report[report.length - 1].sparsity.toFixed(4),
    prunedAccuracy: pruned,
    prunedInt8Accuracy: prunedInt8.accuracy,
    seconds: +((Date.now() - started) / 1000).toFixed(1),
  };
  fs.rmSync(dir, { recursive: true });
  train.dispose();
  test.dispose();
  standard.dispose();
  separable.dispose();
  console.log(JSON.stringify(result));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
