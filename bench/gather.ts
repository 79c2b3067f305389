/**
 * Our wasm GatherV2 (row copies: src/lib/backend/kernels/gather.ts) against the stock tfjs-backend-wasm
 * kernel, in the same process on the same tensors: an Embedding lookup (the text models' forward
 * pass), the batch rows `fit` takes from a dataset, and a gather along axis 1. The two kernels
 * alternate for 5 rounds; each keeps its best milliseconds per call. Outputs are compared too.
 *
 *   npm run bench:gather
 *
 * Last line: {"<case>": {"stock_ms", "ours_ms", "speedup", "identical"}, ..., "load"}
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { selectBackend } from '../src/lib/backend';
import { recordLoad } from './machine-load';

const CASES: { name: string; shape: number[]; ids: number; axis: number }[] = [
  { name: 'embedding: 2048 ids of [2000, 32]', shape: [2000, 32], ids: 2048, axis: 0 },
  { name: 'fit batch: 64 rows of [6000, 784]', shape: [6000, 784], ids: 64, axis: 0 },
  { name: 'axis 1: 16 ids of [64, 32, 32]', shape: [64, 32, 32], ids: 16, axis: 1 },
];
const ROUNDS = 5;
const REPS = 200;

async function main(): Promise<void> {
  const stock = tf.getKernel('GatherV2', 'wasm'); // taken before selectBackend replaces it
  if (!stock) throw new Error('the stock wasm GatherV2 is not registered');
  await selectBackend({ force: 'wasm' });
  const ours = tf.getKernel('GatherV2', 'wasm')!;
  const use = (config: tf.KernelConfig) => {
    tf.unregisterKernel('GatherV2', 'wasm');
    tf.registerKernel(config);
  };
  const load = recordLoad();
  const result: Record<string, unknown> = {};
  for (const c of CASES) {
    const x = tf.randomNormal(c.shape, 0, 1, 'float32', 1);
    const ids = tf.tensor1d(
      Array.from({ length: c.ids }, (_, i) => (i * 7919) % c.shape[c.axis]),
      'int32',
    );
    const best = { stock: Infinity, ours: Infinity };
    const outputs: Record<string, Float32Array> = {};
    for (let round = 0; round < ROUNDS; round++)
      for (const [side, config] of [
        ['stock', stock],
        ['ours', ours],
      ] as const) {
        use(config);
        tf.gather(x, ids, c.axis).dispose(); // warm-up
        const t0 = performance.now();
        for (let r = 0; r < REPS; r++) tf.gather(x, ids, c.axis).dispose();
        best[side] = Math.min(best[side], (performance.now() - t0) / REPS);
        const g = tf.gather(x, ids, c.axis);
        outputs[side] = g.dataSync() as Float32Array;
        g.dispose();
      }
    const identical =
      outputs.stock.length === outputs.ours.length && outputs.stock.every((v, i) => v === outputs.ours[i]);
    result[c.name] = {
      stock_ms: Number(best.stock.toFixed(4)),
      ours_ms: Number(best.ours.toFixed(4)),
      speedup: Number((best.stock / best.ours).toFixed(1)),
      identical,
    };
    console.log(
      `${c.name}: stock ${best.stock.toFixed(3)} ms, ours ${best.ours.toFixed(3)} ms, identical ${identical}`,
    );
    tf.dispose([x, ids]);
  }
  use(ours);
  console.log(JSON.stringify({ ...result, load: load.finish(1) }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
