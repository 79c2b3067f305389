/**
 * The filter gradient of a 3×3, stride-1 NHWC float32 convolution by Winograd F(3×3, 2×2)
 * (wasm/train/winograd-grad.ts): 16 products [ci, tiles] · [tiles, co] in place of the im2col
 * product [9·ci, pixels] · [pixels, co], 2.25× fewer multiply-adds, and no 9× patch matrix.
 * Conv2DBackpropFilter (./conv2d-backprop-filter.ts) dispatches here by winogradGradWins.
 *
 * Threads split the input channels (multiples of 4); each walks every tile in the same order, so
 * every dW value is summed exactly as on one thread (bit-for-bit, tested).
 */
import * as tf from '@tensorflow/tfjs';
import { kernelPool, splitRange } from './parallel';
import { copy, copyPadded, layout, parallelStats, SpatialPadding } from './staging';
import { heapOffset, trainKernels } from './train-module';
import { free, KernelArgs, pair, WasmBackend } from './util';
import { winogradEnabled, winogradStats } from './winograd';

/** Tiles transformed together before their 16 products accumulate (transforms stay in L2). */
const TILE_BLOCK = 64;

/** Scratch floats of one call over `cn` input channels (see winogradFilterGradRows). */
const scratchFloats = (cn: number, co: number) => 16 * (TILE_BLOCK * (cn + co) + cn * co + 48);

/**
 * Whether this filter gradient goes to Winograd: 3×3, stride 1, at least 4 input channels. Measured
 * (1 thread, shared machine, ms Winograd vs im2col + GEMM): the reference CNN's conv2 (64×14×14,
 * 32→64) 4.8 vs 12.9; 16×28×28 8→8 0.24 vs 0.61, 4→32 0.47 vs 0.75, 32→4 2.9 vs 9.0; 2→16 even,
 * 1→16 0.19 vs 0.14 (slower: the transforms outweigh the products).
 */
export function winogradGradWins(kh: number, kw: number, sh: number, sw: number, ci: number, co: number): boolean {
  return winogradEnabled() && kh === 3 && kw === 3 && sh === 1 && sw === 1 && ci >= 4;
}

/** dW by Winograd where winogradGradWins says so, else null (the caller's im2col path). */
export function winogradFilterGradient({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo | null {
  const { x, dy } = inputs;
  const {
    strides,
    pad,
    dataFormat = 'NHWC',
    dimRoundingMode,
    filterShape,
  } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (dataFormat !== 'NHWC' || x.dtype !== 'float32' || dy.dtype !== 'float32') return null;
  const [kh, kw, ci, co] = filterShape;
  const [sh, sw] = pair(strides);
  if (!winogradGradWins(kh, kw, sh, sw, ci, co)) return null;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const [b, H, W] = x.shape;
  const [, outH, outW] = dy.shape;
  if (outH < 1 || outW < 1) return null;
  const Hp = 2 * ((outH + 1) >> 1) + 2;
  const Wp = 2 * ((outW + 1) >> 1) + 2;
  const { top, left } = info.padInfo;
  // rows/columns past the convolution's own padding only meet dy's zero-filled odd edge
  const padding: SpatialPadding = { top, left, bottom: Hp - H - top, right: Wp - W - left };
  if (padding.bottom < 0 || padding.right < 0) return null;
  const dW = backend.makeOutput(filterShape, 'float32');
  const dims = { b, Hp, Wp, ci, outH, outW, co };
  winogradStats.gradCalls++;
  if (parallelGrad(backend, x, dy, dW, padding, dims)) return dW;
  const kernels = trainKernels(backend);
  const padded = backend.makeOutput([b, Hp, Wp, ci], 'float32');
  const scratch = backend.makeOutput([scratchFloats(ci, co)], 'float32');
  kernels.padSpatial(
    heapOffset(backend, x),
    heapOffset(backend, padded),
    b,
    H,
    W,
    ci,
    top,
    padding.bottom,
    left,
    padding.right,
  );
  kernels.winogradFilterGradRows(
    heapOffset(backend, padded),
    heapOffset(backend, dy),
    heapOffset(backend, dW),
    heapOffset(backend, scratch),
    b,
    Hp,
    Wp,
    ci,
    outH,
    outW,
    co,
    TILE_BLOCK,
    0,
    ci,
  );
  free(backend, padded, scratch);
  return dW;
}

/** Below this many multiply-adds (the im2col product's count) one thread does it. */
let parallelMinWork = 1 << 22;

/** Sets the smallest job split across threads (tests split tiny shapes); returns the previous one. */
export function setWinogradGradParallelMinWork(multiplyAdds: number): number {
  const before = parallelMinWork;
  parallelMinWork = multiplyAdds;
  return before;
}

function parallelGrad(
  backend: WasmBackend,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  dW: tf.TensorInfo,
  padding: SpatialPadding,
  dims: { b: number; Hp: number; Wp: number; ci: number; outH: number; outW: number; co: number },
): boolean {
  const { b, Hp, Wp, ci, outH, outW, co } = dims;
  const p = kernelPool();
  if (!p || b * outH * outW * 9 * ci * co < parallelMinWork) return false;
  const parts = splitRange(ci, p.threads, 4);
  const { at, bytes } = layout(
    b * Hp * Wp * ci,
    b * outH * outW * co,
    9 * ci * co,
    ...parts.map(([, count]) => scratchFloats(count, co)),
  );
  if (parts.length < 2 || !p.reserve(bytes)) return false;
  const [xp, g, w] = at;
  copyPadded(p, backend, heapOffset(backend, x), xp, x.shape, padding);
  copy(p, backend, 'in', heapOffset(backend, dy), g, b * outH * outW * co);
  const started = performance.now();
  p.run(
    'winogradFilterGradRows',
    parts.map(([c0, count], i) => [xp, g, w, at[3 + i], b, Hp, Wp, ci, outH, outW, co, TILE_BLOCK, c0, c0 + count]),
  );
  parallelStats.kernelMs += performance.now() - started;
  parallelStats.calls++;
  copy(p, backend, 'out', heapOffset(backend, dW), w, 9 * ci * co);
  winogradStats.parallelGradCalls++;
  return true;
}
