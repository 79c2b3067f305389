/**
 * The filter gradient dW [K, co] = patchesᵀ [K, N] · dy [N, co] (K = kh·kw·ci, N = b·outH·outW)
 * as the sum of FILTER_GRADIENT_CHUNKS partial products over fixed chunks of images
 * (wasm/train/filter-gradient-chunks.ts: im2col of the chunk, then our GEMM), summed in chunk order. The chunks depend on the batch
 * alone, so the bytes are the same at any thread count; across threads each thread takes whole
 * chunks, and only the workers' images of x and dy are staged into shared memory — where the
 * earlier split over rows of dW had to stage all of both (6.4 MB of dy for the reference CNN's
 * first conv). This thread's chunks run in place on the tfjs heap. Smaller patch matrices per
 * chunk (K × N/4) also stay nearer the cache than one K × N matrix.
 */
import * as tf from '@tensorflow/tfjs';
import { copy, layout, parallelStats } from './staging';
import { kernelPool, parallelMinWork, splitRange } from './parallel';
import { heapOffset, trainKernels } from './train-module';
import { free, WasmBackend } from './util';

/** Image chunks of every filter gradient (fixed: the result must not depend on the thread count). */
export const FILTER_GRADIENT_CHUNKS = 4;

export interface FilterGradientGeometry {
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
  co: number;
}

/** dW = patchesᵀ(x) · dy from xT (x channels-major, [ci, b, H, W]) and dy [b, outH, outW, co], written into dW. */
export function filterGradientInChunks(
  backend: WasmBackend,
  xT: tf.TensorInfo,
  dy: tf.TensorInfo,
  dW: tf.TensorInfo,
  g: FilterGradientGeometry,
): void {
  const { kh, kw, ci, b, H, W, outH, outW, sh, sw, top, left, co } = g;
  const G = FILTER_GRADIENT_CHUNKS;
  const K = kh * kw * ci;
  const imagePixels = outH * outW;
  const chunkStart = (c: number) => Math.floor((c * b) / G);
  const largestChunk =
    Math.max(...Array.from({ length: G }, (_, c) => chunkStart(c + 1) - chunkStart(c))) * imagePixels;
  const geometry = [kh, kw, ci, H, W, outH, outW, sh, sw, top, left, co];
  const patches = backend.makeOutput([Math.max(1, K * largestChunk)], 'float32');
  const partials = backend.makeOutput([G * K * co], 'float32');
  const p = kernelPool();
  const ranges = p && K * b * imagePixels * co >= parallelMinWork() ? splitRange(G, p.threads, 1) : [[0, G]];
  const mine = () =>
    trainKernels(backend).filterGradientChunks(
      heapOffset(backend, xT),
      b,
      heapOffset(backend, dy),
      heapOffset(backend, patches),
      heapOffset(backend, partials),
      ...(geometry as [number, number, number, number, number, number, number, number, number, number, number, number]),
      b,
      G,
      0,
      ranges[0][1],
      0,
    );
  const firstChunk = ranges.length > 1 ? ranges[1][0] : G;
  const nBase = chunkStart(firstChunk); // the workers' images are [nBase, b)
  const bw = b - nBase;
  const patchFloats = K * largestChunk;
  const { at, bytes } = layout(ci * bw * H * W, bw * imagePixels * co, (ranges.length - 1) * patchFloats, G * K * co);
  if (ranges.length < 2 || !p || !p.reserve(bytes)) {
    if (ranges.length > 1) ranges.splice(0, ranges.length, [0, G]);
    mine();
  } else {
    // stage the workers' images: one run per channel of xT, one block of dy
    const xAt = heapOffset(backend, xT);
    for (let c = 0; c < ci; c++)
      copy(p, backend, 'in', xAt + 4 * (c * b + nBase) * H * W, at[0] + 4 * c * bw * H * W, bw * H * W);
    copy(p, backend, 'in', heapOffset(backend, dy) + 4 * nBase * imagePixels * co, at[1], bw * imagePixels * co);
    const started = performance.now();
    const workers = p.dispatch(
      'filterGradientChunks',
      ranges
        .slice(1)
        .map(([c, n], w) => [at[0], bw, at[1], at[2] + 4 * w * patchFloats, at[3], ...geometry, b, G, c, c + n, nBase]),
    );
    try {
      mine();
    } finally {
      p.join('filterGradientChunks', workers);
    }
    parallelStats.kernelMs += performance.now() - started;
    parallelStats.calls++;
    copy(
      p,
      backend,
      'out',
      heapOffset(backend, partials) + 4 * firstChunk * K * co,
      at[3] + 4 * firstChunk * K * co,
      (G - firstChunk) * K * co,
    );
  }
  // dW = ((P0 + P1) + P2) + P3, in float32 as the kernels round
  const parts = backend.typedArrayFromHeap(partials) as Float32Array;
  const out = backend.typedArrayFromHeap(dW) as Float32Array;
  const n = K * co;
  for (let i = 0; i < n; i++) {
    let s = parts[i];
    for (let c = 1; c < G; c++) s = Math.fround(s + parts[c * n + i]);
    out[i] = s;
  }
  free(backend, patches, partials);
}
