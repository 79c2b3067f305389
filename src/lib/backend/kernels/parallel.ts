/**
 * The threaded forms of our GEMM and convolutions, used by the kernels when trainingThreads() > 1
 * and the work is big enough to pay for the hand-off. Operands are staged from the tfjs heap into
 * the pool's shared memory, the output is split across threads, and the result copied back. For
 * the GEMM and the forward convolution this thread's own share runs in place on the tfjs heap, so
 * only the workers' rows/images are staged and copied back (MLP step at 2 threads: 14.7 → 11.4 MB
 * copied). The filter gradient is threaded over fixed image chunks in ./filter-gradient-chunks.ts.
 *
 * Bit-for-bit the same results as one thread: each thread computes whole output rows (GEMM: rows
 * of C in multiples of 4, so every row sits in the same 4-row register block as in a one-thread
 * call; convolution: output pixels in multiples of 4, likewise), and every output element is
 * summed by the same code in the same order. The split never cuts a reduction.
 */
import * as tf from '@tensorflow/tfjs';
import { trainingThreads } from '../threads';
import { KernelThreadPool, PoolKernel } from './thread-pool';
import { heapOffset, trainKernels } from './train-module';
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

/** The smallest job (multiply-adds) that is split across threads. */
export const parallelMinWork = (): number => minWork;

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

/**
 * Runs the workers' shares (dispatched already) while this thread does its own share `mine` on
 * the tfjs heap, then waits for them: this thread's operands and results are never staged.
 */
function alongside(p: KernelThreadPool, kernel: PoolKernel, workerCalls: number[][], mine: () => void): void {
  timed(() => {
    const workers = p.dispatch(kernel, workerCalls);
    try {
      mine();
    } finally {
      p.join(kernel, workers);
    }
  });
}

/**
 * c [M, N] = a [M, K] · b [K, N] (heap byte offsets) across threads; false when it stays on one.
 * This thread multiplies the first rows in place on the heap; only the workers' rows of a (and all
 * of b) are staged, and only their rows of c copied back.
 */
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
  if (parts.length < 2) return false;
  const first = parts[1][0]; // the workers' rows are [first, M)
  const { at, bytes } = layout((M - first) * K, K * N, (M - first) * N);
  if (!p.reserve(bytes)) return false;
  copy(p, backend, 'in', a + 4 * first * K, at[0], (M - first) * K);
  copy(p, backend, 'in', b, at[1], K * N);
  alongside(
    p,
    'matmul',
    parts.slice(1).map(([m, rows]) => [at[0] + 4 * (m - first) * K, at[1], at[2] + 4 * (m - first) * N, rows, K, N]),
    () => trainKernels(backend).matmul(a, b, c, parts[0][1], K, N),
  );
  copy(p, backend, 'out', c + 4 * first * N, at[2], (M - first) * N);
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
  if (parts.length < 2) return false;
  // the workers' output pixels are [first, pixels), in images [n0, b): only those images are
  // staged (padded) and only those pixels copied back; this thread's share runs on the heap
  const first = parts[1][0];
  const imagePixels = outH * outW;
  const n0 = Math.floor(first / imagePixels);
  const image = H * W * ci; // floats per padded image
  const { at, bytes } = layout((b - n0) * image, kh * kw * ci * co, (pixels - first) * co);
  if (!p.reserve(bytes)) return false;
  const [, h, w] = x.shape;
  copyPadded(p, backend, heapOffset(backend, x) + 4 * n0 * h * w * ci, at[0], [b - n0, h, w, ci], padding);
  copy(p, backend, 'in', heapOffset(backend, filter), at[1], kh * kw * ci * co);
  // base addresses shifted back by the images and pixels not staged: the kernel computes each
  // pixel's address from its global index, and wasm's 32-bit address arithmetic wraps back into place
  const xBase = at[0] - 4 * n0 * image;
  const outBase = at[2] - 4 * first * co;
  const geometry = [b, H, W, ci, outH, outW, co, kh, kw, sh, sw, dh, dw];
  const mine = parts[0][1];
  alongside(
    p,
    'convDirectRange',
    parts.slice(1).map(([from, count]) => [xBase, at[1], outBase, ...geometry, from, from + count]),
    () => {
      // this thread's images, zero-padded on the heap as the one-thread path does
      const images = Math.ceil(mine / imagePixels);
      const { top, bottom, left, right } = padding;
      const kernels = trainKernels(backend);
      const padded = top || bottom || left || right ? backend.makeOutput([images, H, W, ci], 'float32') : x;
      if (padded !== x)
        kernels.padSpatial(
          heapOffset(backend, x),
          heapOffset(backend, padded),
          images,
          h,
          w,
          ci,
          top,
          bottom,
          left,
          right,
        );
      kernels.convDirectRange(
        heapOffset(backend, padded),
        heapOffset(backend, filter),
        heapOffset(backend, out),
        ...(geometry as [
          number,
          number,
          number,
          number,
          number,
          number,
          number,
          number,
          number,
          number,
          number,
          number,
          number,
        ]),
        0,
        mine,
      );
      if (padded !== x) backend.disposeData(padded.dataId);
    },
  );
  copy(p, backend, 'out', heapOffset(backend, out) + 4 * first * co, at[2], (pixels - first) * co);
  return true;
}
