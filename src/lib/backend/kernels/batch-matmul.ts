/**
 * BatchMatMul for wasm on our own SIMD GEMM (wasm/train/gemm.ts) instead of XNNPACK's. Three
 * reasons: the stock kernel hands transposed operands to a slow strided loop (44 ms vs 4.3 ms at
 * 64×784·784×800; every Dense backward pass asks for one); it runs batched products (attention,
 * batched conv tricks) at ~3 GFLOP/s; and XNNPACK re-packs its right operand on every call, which
 * in training is every step (the weights change) — packing cost 2–5× the product for Dense layers.
 * Our kernel reads both operands in place (45–50 GFLOP/s here vs XNNPACK's 40 on a pre-packed
 * operand). Transposed operands are transposed explicitly first; batch dimensions broadcast as
 * in tfjs. Non-float32 inputs go to the stock kernel. When the native kernels are on (../native.ts),
 * float32 products run on the native AVX2 GEMM instead, transposed operands read in place.
 */
import * as tf from '@tensorflow/tfjs';
import { NativeKernels, nativeKernels } from '../native';
import { trainingThreads } from '../threads';
import { parallelMatmul } from './parallel';
import { heapOffset, trainKernels } from './train-module';
import { free, KernelArgs, transpose, WasmKernelFunc } from './util';

export const BATCH_MAT_MUL = 'BatchMatMul';

/** Swaps the last two axes. */
export function transposeLastTwo(backend: KernelArgs['backend'], x: tf.TensorInfo): tf.TensorInfo {
  const r = x.shape.length;
  const perm = [...Array(r - 2).keys(), r - 1, r - 2];
  return transpose(backend, x, perm);
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** Flat index into a (broadcast) batch shape for output batch index `i` of batch shape `out`. */
function broadcastIndex(i: number, out: number[], own: number[]): number {
  let index = 0;
  let stride = 1;
  for (let d = out.length - 1, o = own.length - 1; d >= 0; d--, o--) {
    const coord = i % out[d];
    i = Math.floor(i / out[d]);
    if (o >= 0) {
      if (own[o] !== 1) index += coord * stride;
      stride *= own[o];
    }
  }
  return index;
}

export function batchMatMul(args: KernelArgs, stock?: WasmKernelFunc): tf.TensorInfo {
  const { inputs, backend, attrs = {} } = args;
  const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
  if (!stock) throw new Error('wasm BatchMatMul: stock kernel missing (is @tensorflow/tfjs-backend-wasm loaded?)');
  if (inputs.a.dtype !== 'float32' || inputs.b.dtype !== 'float32') return stock(args);
  const native = nativeKernels();
  if (native) return nativeBatchMatMul(args, native.gemm);
  const a = transposeA ? transposeLastTwo(backend, inputs.a) : inputs.a;
  const b = transposeB ? transposeLastTwo(backend, inputs.b) : inputs.b;
  const [M, K] = a.shape.slice(-2);
  const N = b.shape[b.shape.length - 1];
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  const batch = tf.backend_util.assertAndGetBroadcastShape(batchA, batchB);
  const out = backend.makeOutput([...batch, M, N], 'float32');
  const gemm = trainKernels(backend).matmul;
  const [pa, pb, pc] = [a, b, out].map((t) => heapOffset(backend, t));
  for (let i = 0, count = size(batch); i < count; i++) {
    const ia = broadcastIndex(i, batch, batchA);
    const ib = broadcastIndex(i, batch, batchB);
    const [ai, bi, ci] = [pa + 4 * ia * M * K, pb + 4 * ib * K * N, pc + 4 * i * M * N];
    if (!parallelMatmul(backend, ai, bi, ci, M, K, N)) gemm(ai, bi, ci, M, K, N); // threads: ./parallel.ts
  }
  if (transposeA) free(backend, a);
  if (transposeB) free(backend, b);
  return out;
}

/**
 * The same product on the native GEMM (../native.ts): transposed operands are read in place
 * (no explicit transpose), and the threads work on the heap directly (no staging).
 */
function nativeBatchMatMul(args: KernelArgs, gemm: NativeKernels['gemm']): tf.TensorInfo {
  const { inputs, backend, attrs = {} } = args;
  const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
  const { a, b } = inputs;
  const [M, K] = transposeA ? a.shape.slice(-2).reverse() : a.shape.slice(-2);
  const N = transposeB ? b.shape[b.shape.length - 2] : b.shape[b.shape.length - 1];
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  const batch = tf.backend_util.assertAndGetBroadcastShape(batchA, batchB);
  const out = backend.makeOutput([...batch, M, N], 'float32');
  if (M * N === 0) return out;
  const heap = backend.wasm.asm.memory.buffer;
  const threads = trainingThreads();
  const [pa, pb, pc] = [a, b, out].map((t) => heapOffset(backend, t));
  for (let i = 0, count = size(batch); i < count; i++) {
    const ia = broadcastIndex(i, batch, batchA);
    const ib = broadcastIndex(i, batch, batchB);
    if (K === 0) new Float32Array(heap, pc + 4 * i * M * N, M * N).fill(0);
    else
      gemm(
        heap,
        pa + 4 * ia * M * K,
        pb + 4 * ib * K * N,
        pc + 4 * i * M * N,
        M,
        K,
        N,
        !!transposeA,
        !!transposeB,
        threads,
      );
  }
  return out;
}
