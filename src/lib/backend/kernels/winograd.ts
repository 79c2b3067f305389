/**
 * Winograd F(2×2, 3×3) convolution (wasm/train/winograd.ts) for 3×3, stride-1, undilated NHWC
 * float32 convolutions: 2.25× fewer multiply-adds than the direct convolution, spent in 16 small
 * GEMMs [tiles, ci] · [ci, co] on the blocked GEMM of wasm/train/gemm.ts. Conv2D (./conv2d.ts)
 * dispatches here by the shape rule below, and so does Conv2DBackpropInput, which is a Conv2D of
 * dy with the rotated, channel-swapped filter. Results differ from the direct convolution by
 * rounding only (the transforms add and subtract a few values; tested within 1e-5 of the scale).
 *
 * Threads split the tiles in blocks of TILE_BLOCK: every tile is computed by the same code in the
 * same block whatever the thread count, so threaded results equal one thread's byte for byte.
 */
import * as tf from '@tensorflow/tfjs';
import { kernelPool, splitRange } from './parallel';
import { copy, copyPadded, layout, parallelStats, SpatialPadding } from './staging';
import { heapOffset, trainKernels } from './train-module';
import { free, KernelArgs, pair, WasmBackend } from './util';

/** Tiles transformed and multiplied together: their V [16, tb, ci] and M [16, tb, co] stay in L2. */
export const TILE_BLOCK = 32;

let enabled = true;

/** Calls of the Winograd paths (convolution, filter gradient), and how many ran across threads (tests check the paths ran). */
export const winogradStats = { calls: 0, parallelCalls: 0, gradCalls: 0, parallelGradCalls: 0 };

/** Whether the Winograd paths (this one and the filter gradient's, ./winograd-grad.ts) are on. */
export const winogradEnabled = () => enabled;

/** Switches the Winograd paths on or off (benchmarks and tests compare it with the direct one); returns the previous setting. */
export function setWinograd(on: boolean): boolean {
  const before = enabled;
  enabled = on;
  return before;
}

/** The convolution as the kernels see it: x [b, H, W, ci] (unpadded), filter [kh, kw, ci, co]. */
export interface WinogradShape {
  b: number;
  ci: number;
  co: number;
  outH: number;
  outW: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  dh: number;
  dw: number;
}

/**
 * Whether Winograd beats the direct convolution for this shape: 3×3, stride 1, no dilation, and at
 * least 8 input channels. Measured by `npm run bench:winograd` (1 thread, shared machine): 1.6–2×
 * faster from 16 input channels up (the reference CNN's conv2 and its input gradient ~1.8×), 1.2×
 * at 8, even at 4 and 6, slower at 1 (0.7×: the transforms then cost as much as the products).
 * Few OUTPUT channels favour it most (32→4: 2.6×), as the direct kernel's 8-channel blocks go unused.
 */
export function winogradWins({ ci, co, kh, kw, sh, sw, dh, dw }: WinogradShape): boolean {
  return kh === 3 && kw === 3 && sh === 1 && sw === 1 && dh === 1 && dw === 1 && ci >= 8;
}

/**
 * Conv2D by Winograd where winogradWins says so (NHWC float32 only, any filter size: U is read one
 * [ci, co] slice at a time by the GEMM), else null: the caller takes its other paths.
 */
export function winogradConv2d({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo | null {
  const { x, filter } = inputs;
  const { strides, pad, dilations, dataFormat = 'NHWC', dimRoundingMode } = attrs as unknown as tf.Conv2DAttrs;
  if (!enabled || dataFormat !== 'NHWC' || x.dtype !== 'float32' || filter.dtype !== 'float32') return null;
  const [kh, kw, ci, co] = filter.shape;
  const [sh, sw] = pair(strides);
  const [dh, dw] = pair(dilations ?? 1);
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    strides,
    dilations ?? 1,
    pad,
    dimRoundingMode,
  );
  const { batchSize: b, outHeight: outH, outWidth: outW } = info;
  const shape = { b, ci, co, outH, outW, kh, kw, sh, sw, dh, dw };
  if (outH < 1 || outW < 1 || !winogradWins(shape)) return null;
  const out = backend.makeOutput([b, outH, outW, co], 'float32');
  winogradConv(backend, x, filter, out, info.padInfo, shape);
  return out;
}

/**
 * out = conv(x, filter) by Winograd. `padding` is the convolution's own (padInfo); the input is
 * padded further at the bottom and right so that every tile's 4×4 window lies inside it (odd sizes).
 */
export function winogradConv(
  backend: WasmBackend,
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  out: tf.TensorInfo,
  padding: SpatialPadding,
  shape: WinogradShape,
): void {
  const [, H, W] = x.shape;
  const { top, left } = padding;
  const { b, ci, co, outH, outW } = shape;
  const tilesH = (outH + 1) >> 1;
  const tilesW = (outW + 1) >> 1;
  const Hp = 2 * tilesH + 2;
  const Wp = 2 * tilesW + 2;
  // the extra rows/columns only feed outputs beyond outH/outW, which are never written
  const pad: SpatialPadding = { top, left, bottom: Hp - H - top, right: Wp - W - left };
  const tiles = b * tilesH * tilesW;
  const dims = { b, Hp, Wp, ci, outH, outW, co, tiles };
  winogradStats.calls++;
  if (parallelWinograd(backend, x, filter, out, pad, dims)) {
    winogradStats.parallelCalls++;
    return;
  }
  const kernels = trainKernels(backend);
  const padded = backend.makeOutput([b, Hp, Wp, ci], 'float32');
  const u = backend.makeOutput([16, ci, co], 'float32');
  const scratch = backend.makeOutput([scratchFloats(ci, co)], 'float32');
  kernels.padSpatial(
    heapOffset(backend, x),
    heapOffset(backend, padded),
    b,
    H,
    W,
    ci,
    pad.top,
    pad.bottom,
    pad.left,
    pad.right,
  );
  kernels.winogradFilter(heapOffset(backend, filter), heapOffset(backend, u), ci, co);
  kernels.winogradTiles(
    heapOffset(backend, padded),
    heapOffset(backend, u),
    heapOffset(backend, out),
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
    tiles,
  );
  free(backend, padded, u, scratch);
}

/** Scratch of one winogradTiles call: V and M of a tile block, 16 matrices each, skewed by 16 floats. */
const scratchFloats = (ci: number, co: number) => 16 * (TILE_BLOCK * (ci + co) + 32);

/** Below this many multiply-adds (direct-convolution count) one thread does it; see parallel.ts. */
const MIN_PARALLEL_WORK = 1 << 22;

/** winogradConv across the kernel pool; false when it stays on one thread. */
function parallelWinograd(
  backend: WasmBackend,
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  out: tf.TensorInfo,
  pad: SpatialPadding,
  dims: { b: number; Hp: number; Wp: number; ci: number; outH: number; outW: number; co: number; tiles: number },
): boolean {
  const { b, Hp, Wp, ci, outH, outW, co, tiles } = dims;
  const p = kernelPool();
  if (!p || b * outH * outW * 9 * ci * co < parallelMinWork) return false;
  const parts = splitRange(tiles, p.threads, TILE_BLOCK);
  const scratch = scratchFloats(ci, co);
  const { at, bytes } = layout(
    b * Hp * Wp * ci,
    9 * ci * co,
    16 * ci * co,
    b * outH * outW * co,
    ...parts.map(() => scratch),
  );
  if (parts.length < 2 || !p.reserve(bytes)) return false;
  const [xp, w, u, o] = at;
  copyPadded(p, backend, heapOffset(backend, x), xp, x.shape, pad);
  copy(p, backend, 'in', heapOffset(backend, filter), w, 9 * ci * co);
  const started = performance.now();
  p.kernels.winogradFilter(w, u, ci, co);
  p.run(
    'winogradTiles',
    parts.map(([from, count], i) => [
      xp,
      u,
      o,
      at[4 + i],
      b,
      Hp,
      Wp,
      ci,
      outH,
      outW,
      co,
      TILE_BLOCK,
      from,
      from + count,
    ]),
  );
  parallelStats.kernelMs += performance.now() - started;
  parallelStats.calls++;
  copy(p, backend, 'out', heapOffset(backend, out), o, b * outH * outW * co);
  return true;
}

let parallelMinWork = MIN_PARALLEL_WORK;

/** Sets the smallest job split across threads (tests split tiny shapes); returns the previous one. */
export function setWinogradParallelMinWork(multiplyAdds: number): number {
  const before = parallelMinWork;
  parallelMinWork = multiplyAdds;
  return before;
}
