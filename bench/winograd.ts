/**
 * The Winograd kernels against the paths they replace: F(2×2, 3×3) Conv2D (src/lib/backend/kernels/
 * winograd.ts) vs the direct convolution (conv2d.ts), and the F(3×3, 2×2) filter gradient
 * (winograd-grad.ts) vs im2col + GEMM (conv2d-backprop-filter.ts) — the measurement behind their
 * shape rules. For each 3×3 'same' shape, at 1 thread and at every core: ms of a Conv2D call and
 * of a Conv2DBackpropFilter call (`dw_` keys) on the wasm backend (tensors built once, each timing
 * the fastest quarter of BENCH_REPS calls), the two sides alternating in rounds so that a load
 * spike does not decide the ratio, each keeping its best round; and the largest forward difference
 * relative to the output's scale. Then the reference CNN's training step (batch 64) with Winograd
 * on and off, alternating (median of BENCH_STEPS, best of the rounds), tf.profile ms of its three
 * convolution kernels, and the largest relative difference of its first-step gradients.
 * Last line: JSON.
 *
 *   npm run bench:winograd      (BENCH_REPS=12, BENCH_ROUNDS=3, BENCH_STEPS=15)
 */
import * as os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { nativeKernelsActive, selectBackend, setNativeKernels, setTrainingThreads } from '../src/lib/backend';
import { maxRelativeDifference, profileTrainingStep, timeTrainingStep } from '../src/experiments/01-backends';
import { setWinograd } from '../src/lib/backend/kernels/winograd';
import { busyWarning, recordLoad } from './machine-load';

const REPS = Number(process.env.BENCH_REPS ?? 12);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const STEPS = Number(process.env.BENCH_STEPS ?? 15);
const PROFILED = ['Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter'];

/** [batch, height, width, ci, co]: the reference CNN's conv2 and its input gradient, then a sweep of channel counts. */
const SHAPES: Record<string, [number, number, number, number, number]> = {
  'ref conv2 14×14 32→64': [64, 14, 14, 32, 64],
  'ref conv2 dx 14×14 64→32': [64, 14, 14, 64, 32],
  '28×28 1→16': [16, 28, 28, 1, 16],
  '28×28 4→8': [16, 28, 28, 4, 8],
  '28×28 4→32': [16, 28, 28, 4, 32],
  '28×28 32→4': [16, 28, 28, 32, 4],
  '28×28 32→1': [16, 28, 28, 32, 1],
  '28×28 6→16': [16, 28, 28, 6, 16],
  '28×28 8→8': [16, 28, 28, 8, 8],
  '28×28 8→16': [16, 28, 28, 8, 16],
  '28×28 16→16': [16, 28, 28, 16, 16],
  '14×14 64→64': [32, 14, 14, 64, 64],
  '7×7 64→128': [64, 7, 7, 64, 128],
};

function fastQuarter(fn: () => void): number {
  fn();
  const ms: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const started = performance.now();
    fn();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  const q = ms.slice(0, Math.max(1, Math.floor(REPS / 4)));
  return q.reduce((a, b) => a + b, 0) / q.length;
}

async function main(): Promise<void> {
  const load = recordLoad();
  console.log(`Load average at start: ${load.start.join(', ')} (${load.cores} cores)`);
  await selectBackend({ force: 'wasm' });
  // Winograd is a wasm path: the native kernels, which take convolutions first, stay off here
  if (nativeKernelsActive()) setNativeKernels(false);
  const threadCounts = [...new Set([1, os.availableParallelism()])];
  const rows: Record<string, Record<string, number>> = {};
  for (const [name, [b, h, w, ci, co]] of Object.entries(SHAPES)) {
    const x = tf.randomNormal([b, h, w, ci], 0, 1, 'float32', 1) as tf.Tensor4D;
    const f = tf.randomNormal([3, 3, ci, co], 0, 1, 'float32', 2) as tf.Tensor4D;
    const dy = tf.randomNormal([b, h, w, co], 0, 1, 'float32', 3) as tf.Tensor4D;
    const forward = () => tf.tidy(() => void tf.conv2d(x, f, 1, 'same').dataSync());
    const filterGradient = () =>
      tf.tidy(() => {
        const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, ci, co] };
        void (tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs as never) as tf.Tensor).dataSync();
      });
    const row: Record<string, number> = {};
    for (const threads of threadCounts)
      for (const [op, run] of [
        ['', forward],
        ['dw_', filterGradient],
      ] as const) {
        setTrainingThreads(threads);
        let wino = Infinity;
        let direct = Infinity;
        for (let r = 0; r < ROUNDS; r++) {
          setWinograd(true);
          wino = Math.min(wino, fastQuarter(run));
          setWinograd(false);
          direct = Math.min(direct, fastQuarter(run));
        }
        row[`${op}winograd_ms_${threads}t`] = Number(wino.toFixed(2));
        row[`${op}direct_ms_${threads}t`] = Number(direct.toFixed(2));
        row[`${op}speedup_${threads}t`] = Number((direct / wino).toFixed(2));
      }
    setWinograd(true);
    const a = tf.tidy(() => tf.conv2d(x, f, 1, 'same').dataSync());
    setWinograd(false);
    const d = tf.tidy(() => tf.conv2d(x, f, 1, 'same').dataSync());
    setWinograd(true);
    let diff = 0;
    let scale = 1e-6;
    for (let i = 0; i < d.length; i++) {
      diff = Math.max(diff, Math.abs(a[i] - d[i]));
      scale = Math.max(scale, Math.abs(d[i]));
    }
    row.max_rel_diff = Number((diff / scale).toExponential(2));
    rows[name] = row;
    console.log(name.padEnd(28), JSON.stringify(row));
    tf.dispose([x, f, dy]);
  }
  const cnn = await cnnStep(threadCounts);
  const finished = load.finish(Math.max(...threadCounts));
  const warning = busyWarning(finished);
  if (warning) console.log(warning);
  console.log(JSON.stringify({ shapes: rows, cnn, load: finished }));
}

/** The reference CNN's training step with Winograd on and off (see the header). */
async function cnnStep(threadCounts: number[]): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const threads of threadCounts) {
    setTrainingThreads(threads);
    const best = { on: Infinity, off: Infinity };
    const first: Record<string, Float32Array[]> = {};
    for (let r = 0; r < ROUNDS; r++)
      for (const side of ['on', 'off'] as const) {
        setWinograd(side === 'on');
        const t = await timeTrainingStep('cnn', 'wasm', { steps: STEPS });
        best[side] = Math.min(best[side], t.msPerStep);
        first[side] = t.firstGradients;
      }
    result[`step_ms_winograd_${threads}t`] = Number(best.on.toFixed(1));
    result[`step_ms_direct_${threads}t`] = Number(best.off.toFixed(1));
    result[`step_speedup_${threads}t`] = Number((best.off / best.on).toFixed(2));
    result.max_rel_grad_diff = maxRelativeDifference(first.on, first.off);
    for (const side of ['on', 'off'] as const) {
      setWinograd(side === 'on');
      for (const k of await profileTrainingStep('cnn', 'wasm'))
        if (PROFILED.includes(k.kernel))
          result[`${k.kernel}_ms_${side === 'on' ? 'winograd' : 'direct'}_${threads}t`] = Number(k.ms.toFixed(2));
    }
    console.log(`reference CNN step at ${threads} thread(s):`, JSON.stringify(result));
  }
  setWinograd(true);
  return result;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
