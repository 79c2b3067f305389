/**
 * Staging operands for the thread pool (./parallel.ts): tfjs's wasm heap cannot be shared, so the
 * threaded kernels copy their inputs into the pool's shared memory and their results back. These
 * copies are timed (parallelStats.copyMs), and bench:backend reports their share.
 */
import { KernelThreadPool } from './thread-pool';
import { WasmBackend } from './util';

/** Time spent staging operands and copying results, and in the threaded kernels (ms); bytes copied. */
export const parallelStats = { calls: 0, copyMs: 0, kernelMs: 0, copyBytes: 0 };

const align16 = (bytes: number) => Math.ceil(bytes / 16) * 16;

/** Lays out f32 buffers of the given lengths back to back (16-byte aligned); offsets and total bytes. */
export function layout(...lengths: number[]): { at: number[]; bytes: number } {
  const at: number[] = [];
  let bytes = 0;
  for (const n of lengths) {
    at.push(bytes);
    bytes = align16(bytes + 4 * n);
  }
  return { at, bytes };
}

const heap = (backend: WasmBackend, offset: number, n: number) =>
  new Float32Array(backend.wasm.asm.memory.buffer, offset, n);

/** Copies f32 data heap → shared (in) or shared → heap (out), timing it. */
export function copy(
  p: KernelThreadPool,
  backend: WasmBackend,
  direction: 'in' | 'out',
  heapOffsetBytes: number,
  sharedOffset: number,
  n: number,
): void {
  const started = performance.now();
  if (direction === 'in') p.floats(sharedOffset, n).set(heap(backend, heapOffsetBytes, n));
  else heap(backend, heapOffsetBytes, n).set(p.floats(sharedOffset, n));
  parallelStats.copyMs += performance.now() - started;
  parallelStats.copyBytes += 4 * n;
}

/** Zero padding around an NHWC image: rows above and below, columns left and right. */
export interface SpatialPadding {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/**
 * Copies NHWC x [b, h, w, c] from the heap into the shared memory zero-padded to
 * [b, h + top + bottom, w + left + right, c]: one pass, where padding on the heap first (as the
 * one-thread path does) would write and then copy the padded image again.
 */
export function copyPadded(
  p: KernelThreadPool,
  backend: WasmBackend,
  heapOffsetBytes: number,
  sharedOffset: number,
  [b, h, w, c]: number[],
  { top, bottom, left, right }: SpatialPadding,
): void {
  const started = performance.now();
  const rowIn = w * c;
  const rowOut = (w + left + right) * c;
  const rows = h + top + bottom;
  const src = heap(backend, heapOffsetBytes, b * h * rowIn);
  const dst = p.floats(sharedOffset, b * rows * rowOut);
  for (let n = 0; n < b; n++)
    for (let r = 0; r < rows; r++) {
      const at = (n * rows + r) * rowOut;
      const inside = r >= top && r < top + h;
      if (!inside) {
        dst.fill(0, at, at + rowOut);
        continue;
      }
      if (left) dst.fill(0, at, at + left * c);
      const from = (n * h + r - top) * rowIn;
      dst.set(src.subarray(from, from + rowIn), at + left * c);
      if (right) dst.fill(0, at + (left + w) * c, at + rowOut);
    }
  parallelStats.copyMs += performance.now() - started;
  parallelStats.copyBytes += 4 * b * rows * rowOut;
}
