/**
 * The SIMD pixel kernels (wasm/image.ts) and the memory they work in. Kernels take byte offsets
 * into the module's memory, so 0-255 pixels that already live there are processed without a copy:
 * `pixelBuffer` hands out such arrays, and the transforms allocate their outputs and scratch space
 * there. Any other Uint8ClampedArray is staged through a scratch region first.
 *
 * Memory is handed out from JavaScript: 64-byte aligned blocks, reused through free lists keyed by
 * size (augmentation workloads repeat the same few sizes). The memory is shared, so growing it
 * gives a new SharedArrayBuffer but leaves every earlier view valid.
 */
import { loadWasm } from '../../lib/wasm/load';
import { WorkbookError, check } from '../../lib/errors';
import { checkNumber } from '../../lib/validate';

import { ImageKernels } from './image-kernels';

export type { ImageKernels };

const instance = loadWasm('image');
export const kernels = instance.exports as unknown as ImageKernels;
const memory = instance.exports.memory as WebAssembly.Memory;

const ALIGN = 64;
const PAGE = 65536;
/** The largest block: wasm32 memory ends at 4 GiB, and the module's maximum is 65,536 pages. */
const MAX_BYTES = 2 ** 32 - PAGE;
let top = kernels.heapBase();
const freeLists = new Map<number, number[]>();
const sizes = new Map<number, number>(); // block offset → rounded size
const free = new Set<number>(); // blocks now in a free list (releasing one twice would hand it out twice)
const buffers = new WeakSet<ArrayBufferLike>();

function currentBuffer(): ArrayBufferLike {
  const b = memory.buffer;
  buffers.add(b);
  return b;
}

/** Reserves `bytes` (rounded up to 64) in kernel memory; returns the byte offset. */
export function allocate(bytes: number): number {
  check(
    Number.isInteger(bytes) && bytes >= 0 && bytes <= MAX_BYTES,
    'allocate',
    'bytes',
    bytes,
    `an integer in [0, ${MAX_BYTES}]`,
  );
  const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
  const reused = freeLists.get(size)?.pop();
  if (reused !== undefined) {
    free.delete(reused);
    return reused;
  }
  const ptr = top;
  const have = memory.buffer.byteLength;
  if (ptr + size > have) memory.grow(Math.ceil((ptr + size - have) / PAGE)); // throws (state kept) past the maximum
  top = ptr + size;
  sizes.set(ptr, size);
  return ptr;
}

/** Returns a block from `allocate` (or the array from `pixelBuffer`) for reuse. */
export function release(block: number | Uint8ClampedArray): void {
  check(
    (typeof block === 'number' && Number.isSafeInteger(block)) || block instanceof Uint8ClampedArray,
    'release',
    'block',
    block === null ? null : typeof block,
    'a pointer or a buffer from pixelBuffer()',
  );
  const ptr = typeof block === 'number' ? block : pointerOf(block);
  const size = sizes.get(ptr);
  if (size === undefined) {
    const what =
      typeof block === 'number' ? block : `an array ${ptr < 0 ? 'outside kernel memory' : `at offset ${ptr}`}`;
    throw new WorkbookError(
      'release',
      'block',
      what,
      'an offset from allocate or an array from pixelBuffer (start of its block)',
    );
  }
  check(!free.has(ptr), 'release', 'block', ptr, 'a block not released already');
  free.add(ptr);
  let list = freeLists.get(size);
  if (!list) freeLists.set(size, (list = []));
  list.push(ptr);
}

/** A view of `length` bytes at `ptr` in kernel memory. */
export function view(ptr: number, length: number): Uint8ClampedArray {
  return new Uint8ClampedArray(currentBuffer(), ptr, length);
}

/**
 * A 0-255 pixel array living in kernel memory: transforms read and write it without copying. It is
 * kept until `release(array)` (the garbage collector cannot see into WebAssembly memory).
 */
export function pixelBuffer(length: number): Uint8ClampedArray {
  checkNumber('pixelBuffer', 'length', length);
  check(
    Number.isInteger(length) && length >= 0 && length <= MAX_BYTES,
    'pixelBuffer',
    'length',
    length,
    `an integer in [0, ${MAX_BYTES}]`,
  );
  return view(allocate(length), length);
}

/** The byte offset of `a` in kernel memory, or -1 when `a` lives elsewhere. */
export function pointerOf(a: ArrayBufferView): number {
  return buffers.has(a.buffer) ? a.byteOffset : -1;
}

/**
 * Runs `kernel` with offsets for `src` and `dst`, staging either through scratch kernel memory when
 * it lives elsewhere (the input is copied in, the output copied out afterwards).
 */
export function withPointers(
  src: Uint8ClampedArray,
  dst: Uint8ClampedArray,
  kernel: (srcPtr: number, dstPtr: number) => void,
): void {
  let s = pointerOf(src);
  let d = pointerOf(dst);
  if (s < 0) {
    s = region('stage-src', src.length);
    view(s, src.length).set(src);
  }
  if (d >= 0) return kernel(s, d);
  d = region('stage-dst', dst.length);
  kernel(s, d);
  dst.set(view(d, dst.length));
}

const regions = new Map<string, { ptr: number; size: number }>();

/**
 * `bytes` of kernel memory kept under `slot` and reused by every call with that slot (grown when
 * too small, never shrunk): for buffers whose contents are consumed before the next call, such as
 * the tensor API's input and output pixels and kernels' per-image parameters. Writing into a
 * fresh block costs a page fault per 4 KiB, often more than the kernel itself.
 */
export function region(slot: string, bytes: number): number {
  const have = regions.get(slot);
  if (have && have.size >= bytes) return have.ptr;
  if (have) release(have.ptr);
  const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
  const ptr = allocate(size);
  regions.set(slot, { ptr, size });
  return ptr;
}

/** A reused 0-255 pixel array in kernel memory (see region). */
export function pixelRegion(slot: string, length: number): Uint8ClampedArray {
  return view(region(slot, length), length);
}

/** A reused Int32Array in kernel memory (see region), e.g. a kernel's per-image parameters. */
export function intRegion(slot: string, length: number): Int32Array {
  const ptr = region(`i32:${slot}`, 4 * length); // first: it may grow the memory
  return new Int32Array(currentBuffer(), ptr, length);
}
