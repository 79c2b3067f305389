/**
 * The threaded forms of our GEMM and convolutions, used by the kernels when trainingThreads() > 1
 * and the work is big enough to pay for the hand-off. Operands are staged from the tfjs heap into
 * the pool's shared memory, the output is split across threads, and the result copied back.
 *
 * Bit-for-bit the same results as one thread: each thread computes whole output rows (GEMM: rows
 * of C in multiples of 4, so every row sits in the same 4-row register block as in a one-thread
 * call; convolution: output pixels in multiples of 4, likewise), and every output element is
 * summed by the same code in the same order. The split never cuts a reduction.
 */
import * as tf from '@tensorflow/tfjs';
import { trainingThreads } from '../threads';
import { KernelThreadPool } from './thread-pool';
import { heapOffset } from './train-module';
import { WasmBackend } from './util';
import { copy, copyPadded, layout, parallelStats, SpatialPadding } from './staging';

export { parallelStats, type SpatialPadding };

let pool: KernelThreadPool | null = null;
/** Multiply-adds below which one thread does the work (hand-off and copies cost ~0.05–0.1 ms). */
let minWork = 1 << 22;

/** The pool for the current thread count, or null at 1 thread. */
export function kernelPool(): KernelThreadPool | null {
  const threads = trainingThreads();
  if (threads <= 1) return null;
  if (pool?.threads !== threads) {
    void pool?.close();
    pool = new KernelThreadPool(threads);
  }
  return pool;
}

/** Sets the smallest job (multiply-adds) that is split across threads; returns the previous one. For tests and benchmarks. */
export function setParallelMinWork(multiplyAdds: number): number {
  const before = minWork;
  minWork = multiplyAdds;
  return before;
}

/**
 * Splits [0, total) into at most `parts` ranges [start, count) whose starts are multiples of `align`,
 * as even as aligned units allow: the parts differ by at most one unit, and the later parts take
 * the extra units, as the last part may also hold the short unit at the end.
 */
export function splitRange(total: number, parts: number, align: number): [number, number][] {
  const units = Math.ceil(total / align);
  const base = Math.floor(units / parts);
  const extra = units % parts;
  const ranges: [number, number][] = [];
  let start = 0;
  for (let i = 0; i < parts && start < total; i++) {
    const n = (base + (i >= parts - extra ? 1 : 0)) * align;
    if (n === 0) continue;
    ranges.push([start, Math.min(n, total - start)]);
    start += n;
  }
  return ranges;
}

function timed(fn: () => void): void {
  const started = performance.now();
  fn();
  parallelStats.kernelMs += performance.now() - started;
  parallelStats.calls++;
}

/** c [M, N] = a [M, K] · b [K, N] (heap byte offsets) across threads; false when it stays on one. */
export function parallelMatmul(
  backend: WasmBackend,
  a: number,
  b: number,
  c: number,
  M: number,
  K: number,
  N: number,
): boolean {
  const p = kernelPool();
  if (!p || M * K * N < minWork) return false;
  const parts = splitRange(M, p.threads, 4);
  const { at, bytes } = layout(M * K, K * N, M * N);
  if (parts.length < 2 || !p.reserve(bytes)) return false;
  copy(p, backend, 'in', a, at[0], M * K);
  copy(p, backend, 'in', b, at[1], K * N);
  timed(() =>
    p.run(
      'matmul',
      parts.map(([m, rows]) => [at[0] + 4 * m * K, at[1], at[2] + 4 * m * N, rows, K, N]),
    ),
  );
  copy(p, backend, 'out', c, at[2], M * N);
  return true;
}

/**
 * convDirect (see wasm/train/conv.ts) across threads; false when it stays on one. x is the
 * UNPADDED input: it is staged zero-padded by `padding`, and dims.H, dims.W are the padded sizes.
 */
export function parallelConvDirect(
  backend: WasmBackend,
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  out: tf.TensorInfo,
  padding: SpatialPadding,
  dims: {
    b: number;
    H: number;
    W: number;
    ci: number;
    outH: number;
    outW: number;
    co: number;
    kh: number;
    kw: number;
    sh: number;
    sw: number;
    dh: number;
    dw: number;
  },
): boolean {
  const { b, H, W, ci, outH, outW, co, kh, kw, sh, sw, dh, dw } = dims;
  const p = kernelPool();
  const pixels = b * outH * outW;
  if (!p || pixels * co * kh * kw * ci < minWork) return false;
  const parts = splitRange(pixels, p.threads, 4);
  const { at, bytes } = layout(b * H * W * ci, kh * kw * ci * co, pixels * co);
  if (parts.length < 2 || !p.reserve(bytes)) return false;
  copyPadded(p, backend, heapOffset(backend, x), at[0], x.shape, padding);
  copy(p, backend, 'in', heapOffset(backend, filter), at[1], kh * kw * ci * co);
  timed(() =>
    p.run(
      'convDirectRange',
      parts.map(([from, count]) => [
        at[0],
        at[1],
        at[2],
        b,
        H,
        W,
        ci,
        outH,
        outW,
        co,
        kh,
        kw,
        sh,
        sw,
        dh,
        dw,
        from,
        from + count,
      ]),
    ),
  );
  copy(p, backend, 'out', heapOffset(backend, out), at[2], pixels * co);
  return true;
}

/**
 * The filter gradient dW [K, co] = patchesᵀ [K, N] · dy [N, co] across threads: xT (channels-major x)
 * and dy are staged; each thread writes its rows of the patches (im2col) into the shared memory and
 * multiplies them (the patches, 9× x for a 3×3 filter, are never copied), split over rows of dW. False when it stays on one thread.
 */
export function parallelFilterGradient(
  backend: WasmBackend,
  xT: tf.TensorInfo,
  dy: tf.TensorInfo,
  dW: tf.TensorInfo,
  im2col: {
    kh: number;
    kw: number;
    ci: number;
    b: number;
    H: number;
    W: number;
    outH: number;
    outW: number;
    sh: number;
    sw: number;
    top: number;
    left: number;
  },
  co: number,
): boolean {
  const { kh, kw, ci, b, H, W, outH, outW, sh, sw, top, left } = im2col;
  const p = kernelPool();
  const K = kh * kw * ci;
  const N = b * outH * outW;
  if (!p || K * N * co < minWork) return false;
  const parts = splitRange(K, p.threads, 4);
  const { at, bytes } = layout(ci * b * H * W, N * co, K * N, K * co);
  if (parts.length < 2 || !p.reserve(bytes)) return false;
  copy(p, backend, 'in', heapOffset(backend, xT), at[0], ci * b * H * W);
  copy(p, backend, 'in', heapOffset(backend, dy), at[1], N * co);
  // each thread writes its own rows of the patches and multiplies them (one hand-off, im2col split too)
  timed(() =>
    p.run(
      'filterGradientRows',
      parts.map(([k, rows]) => [
        at[0],
        at[1],
        at[2],
        at[3],
        kh,
        kw,
        ci,
        b,
        H,
        W,
        outH,
        outW,
        sh,
        sw,
        top,
        left,
        co,
        k,
        k + rows,
      ]),
    ),
  );
  copy(p, backend, 'out', heapOffset(backend, dW), at[3], K * co);
  return true;
}
