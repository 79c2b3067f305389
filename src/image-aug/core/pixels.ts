/**
 * Images as plain typed arrays. The per-pixel work of every transform runs on these (JS loops are
 * several times faster than per-image tfjs ops); tensors are converted once on the way in and out.
 * Integer images (tfjs 'int32', values 0-255) live in a Uint8ClampedArray, so writes clamp for free
 * and colour lookup tables can be indexed directly; float images stay Float32Array in [0, 1]. The
 * tensor API keeps its 0-255 input and output batches in kernel memory (./wasm.ts), where the SIMD
 * kernels work on them without staging, and converts int32 ↔ bytes there with SIMD kernels.
 */
import * as tf from '@tensorflow/tfjs';
import { check } from '../../lib/errors';
import { isRng } from '../../lib/random';
import { allocate, intRegion, kernels, pixelRegion, pointerOf, release, view } from './wasm';

export type Pixels = Float32Array | Uint8ClampedArray;

/** One image [h, w, c] (row-major, channels last). */
export interface RawImage {
  data: Pixels;
  h: number;
  w: number;
  c: number;
}

/** A batch [n, h, w, c]; `labels` (soft, [n, k]) travel with it through batch-level transforms. */
export interface RawBatch extends RawImage {
  n: number;
  labels?: { data: Float32Array; k: number };
}

const size = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1 && v <= 1 << 16;

/** Passed as checkRaw's `r` by a caller that takes no generator (applyPixels draws from its seed). */
export const NO_GENERATOR = Symbol('no generator');

/**
 * Checks pixels handed to the typed-array API (runImage, runBatch, applyPixels): a Float32Array or
 * Uint8ClampedArray of exactly n·h·w·c values, sizes positive integers, labels [n, k] if any, and
 * (when given) a generator from rng() and an output array of the right kind and length.
 */
export function checkRaw(
  where: string,
  img: unknown,
  batched: boolean,
  r: unknown,
  out?: unknown,
  outLength?: (b: RawBatch) => number,
  parameter = batched ? 'b' : 'src',
): void {
  const b = img as RawBatch;
  check(
    typeof b === 'object' && b !== null && (b.data instanceof Float32Array || b.data instanceof Uint8ClampedArray),
    where,
    parameter,
    typeof b === 'object' && b !== null ? 'no Float32Array/Uint8ClampedArray data' : b,
    '{ data: Float32Array | Uint8ClampedArray, h, w, c' + (batched ? ', n }' : ' }'),
  );
  for (const key of batched ? (['n', 'h', 'w', 'c'] as const) : (['h', 'w', 'c'] as const))
    check(size(b[key]), where, key, b[key], 'an integer in [1, 65536]');
  check(b.c <= 4, where, 'c', b.c, '1, 3 or 4 channels');
  const n = batched ? b.n : 1;
  check(
    b.data.length === n * b.h * b.w * b.c,
    where,
    'pixels length',
    b.data.length,
    `n·h·w·c = ${n * b.h * b.w * b.c}`,
  );
  if (batched && b.labels !== undefined) {
    const l = b.labels;
    check(
      typeof l === 'object' && l !== null && l.data instanceof Float32Array && size(l.k) && l.data.length === n * l.k,
      where,
      'labels',
      l === null ? null : 'a malformed labels object',
      '{ data: Float32Array of n·k values, k }',
    );
  }
  if (r !== NO_GENERATOR) check(isRng(r), where, 'r', r === null ? null : typeof r, 'a generator from rng()');
  if (out !== undefined) {
    check(
      out instanceof Float32Array || out instanceof Uint8ClampedArray,
      where,
      'out',
      typeof out,
      'a Float32Array or Uint8ClampedArray',
    );
    check(
      (out as Pixels).constructor === b.data.constructor,
      where,
      'out',
      (out as Pixels).constructor.name,
      `the input's kind (${b.data.constructor.name})`,
    );
    if (outLength)
      check((out as Pixels).length === outLength(b), where, 'out length', (out as Pixels).length, String(outLength(b)));
  }
}

/** The largest pixel value: 1 for float images, 255 for integer ones. */
export const maxValue = (data: Pixels): number => (data instanceof Float32Array ? 1 : 255);

/** Batch kernels read the input while writing the output: the two must not share bytes. */
export function checkSeparate(where: string, input: Pixels, out: Pixels): void {
  const overlap =
    input.buffer === out.buffer &&
    input.byteOffset < out.byteOffset + out.byteLength &&
    out.byteOffset < input.byteOffset + input.byteLength;
  check(!overlap, where, 'out', 'an array overlapping the input', 'an output array separate from the input pixels');
}

/** A new, zeroed array of the same kind. */
export function like(data: Pixels, length: number): Pixels {
  return data instanceof Float32Array ? new Float32Array(length) : new Uint8ClampedArray(length);
}

/** Image i of a batch, as a view (no copy). */
export function imageAt(b: RawBatch, i: number): RawImage {
  const size = b.h * b.w * b.c;
  return { data: b.data.subarray(i * size, (i + 1) * size), h: b.h, w: b.w, c: b.c };
}

// ES2021's FinalizationRegistry, which Node has; the project's TypeScript lib is ES2020
declare const FinalizationRegistry: new <T>(cleanup: (held: T) => void) => { register(target: object, held: T): void };

/** Returns the kernel-memory blocks of a Scratch once the garbage collector has taken it. */
const reclaim = new FinalizationRegistry<Set<number>>((blocks) => blocks.forEach((b) => release(b)));

/**
 * Reusable buffers. Writing into freshly allocated memory costs a page fault per 4 KiB — more than
 * a flip or a lookup table itself — so data that is copied out before the next call lives in
 * buffers kept per slot and grown on demand. 0-255 buffers live in kernel memory, so that the
 * SIMD kernels work on a pipeline's intermediate images without staging them.
 */
export class Scratch {
  private buffers = new Map<string, Float32Array | Uint8ClampedArray | Int32Array>();
  private blocks = new Set<number>(); // this instance's kernel memory, released with it

  constructor() {
    reclaim.register(this, this.blocks);
  }

  get<T extends Float32Array | Uint8ClampedArray | Int32Array>(
    slot: string,
    make: (n: number) => T,
    length: number,
  ): T {
    const key = `${slot}:${make(0).constructor.name}`;
    let b = this.buffers.get(key) as T | undefined;
    if (!b || b.length < length) this.buffers.set(key, (b = this.grow(b, make, Math.max(length, b ? b.length : 0))));
    return b.subarray(0, length) as T;
  }

  private grow<T extends Float32Array | Uint8ClampedArray | Int32Array>(
    old: T | undefined,
    make: (n: number) => T,
    length: number,
  ): T {
    if (!(make(0) instanceof Uint8ClampedArray)) return make(length);
    if (old) {
      release(pointerOf(old));
      this.blocks.delete(pointerOf(old));
    }
    const ptr = allocate(length);
    this.blocks.add(ptr);
    return view(ptr, length) as T;
  }

  /** A buffer of the same kind as `data`. */
  like(slot: string, data: Pixels, length: number): Pixels {
    return data instanceof Float32Array
      ? this.get(slot, (n) => new Float32Array(n), length)
      : this.get(slot, (n) => new Uint8ClampedArray(n), length);
  }
}

const shared = new Scratch();

/**
 * The wasm backend copies a tensor's values into its heap when the tensor is made, so output
 * buffers may be reused there; the cpu backend keeps the array itself, so each output needs its own.
 */
export const backendCopiesOnWrite = (): boolean => tf.getBackend() === 'wasm';

/** Reads tensor values without an extra copy on wasm (a view of its heap, valid until the next allocation). */
function readValues(x: tf.Tensor): Float32Array | Int32Array {
  const backend = tf.backend() as unknown as {
    dataIdMap?: { get(id: object): { memoryOffset?: number } | undefined };
    wasm?: { HEAPU8: Uint8Array };
  };
  const info = tf.getBackend() === 'wasm' ? backend.dataIdMap?.get(x.dataId) : undefined;
  if (info && typeof info.memoryOffset === 'number' && backend.wasm && info.memoryOffset > 0) {
    const heap = backend.wasm.HEAPU8.buffer;
    return x.dtype === 'int32'
      ? new Int32Array(heap, info.memoryOffset, x.size)
      : new Float32Array(heap, info.memoryOffset, x.size);
  }
  return x.dataSync() as Float32Array | Int32Array;
}

/**
 * An output buffer for a batch that will be turned into a tensor at once: 0-255 pixels are always
 * converted to int32 on the way out, so theirs is a reused region of kernel memory (the kernels
 * write it without staging); float pixels are reused only where the backend copies them.
 */
export function outputBuffer(like: Pixels, length: number): Pixels | undefined {
  if (like instanceof Uint8ClampedArray) return pixelRegion('tensor-out', length);
  return backendCopiesOnWrite() ? shared.like('out', like, length) : undefined;
}

/** Checks an image tensor and reads it into a batch (a single image becomes a batch of one). */
export function tensorToBatch(x: tf.Tensor, where: string, parameter = 'x'): { batch: RawBatch; batched: boolean } {
  check(x instanceof tf.Tensor, where, parameter, typeof x, 'a tf.Tensor [H,W,C] or [N,H,W,C]');
  check(x.rank === 3 || x.rank === 4, where, `${parameter} shape`, x.shape, 'an image [H,W,C] or a batch [N,H,W,C]');
  check(
    x.dtype === 'float32' || x.dtype === 'int32',
    where,
    `${parameter} dtype`,
    x.dtype,
    "'float32' (values 0..1) or 'int32' (values 0..255)",
  );
  const batched = x.rank === 4;
  const [n, h, w, c] = batched ? x.shape : [1, ...x.shape];
  check(c >= 1 && c <= 4, where, 'channels', c, '1, 3 (or 4) channels last');
  check(n > 0 && h > 0 && w > 0, where, `${parameter} shape`, x.shape, 'non-empty dimensions');
  const values = readValues(x);
  if (values instanceof Float32Array)
    for (let i = 0; i < values.length; i++)
      if (!(values[i] >= 0 && values[i] <= 1))
        check(
          false,
          where,
          `${parameter} values`,
          values[i],
          'float pixels in [0, 1] (NaN and out-of-range values are refused)',
        );
  // copied into a scratch buffer either way: a wasm heap view must not outlive the next allocation
  if (values instanceof Float32Array) {
    const floats = shared.get('in', (k) => new Float32Array(k), values.length);
    floats.set(values);
    return { batch: { data: floats, n, h, w, c }, batched };
  }
  // int32 → 0-255 bytes in kernel memory (where the kernels read them): a plain copy of the
  // int32 values, then a SIMD narrow that clamps (twice as fast as a clamping TypedArray.set)
  const ints = intRegion('tensor-in-i32', values.length);
  ints.set(values);
  const data = pixelRegion('tensor-in', values.length);
  kernels.i32ToU8(ints.byteOffset, data.byteOffset, values.length);
  return { batch: { data, n, h, w, c }, batched };
}

/** Turns a batch back into a tensor of the input's dtype (and rank). */
export function batchToTensor(b: RawBatch, batched: boolean): tf.Tensor {
  const shape = batched ? [b.n, b.h, b.w, b.c] : [b.h, b.w, b.c];
  if (b.data instanceof Float32Array)
    return tf.tensor(backendCopiesOnWrite() ? b.data : b.data.slice(), shape, 'float32');
  if (!backendCopiesOnWrite()) {
    const own = new Int32Array(b.data.length); // the tensor keeps this array
    own.set(b.data);
    return tf.tensor(own, shape, 'int32');
  }
  // the backend copies the values into its heap: widen with SIMD into reused kernel memory
  const ints = intRegion('tensor-out-i32', b.data.length);
  const at = pointerOf(b.data);
  if (at >= 0) kernels.u8ToI32(at, ints.byteOffset, b.data.length);
  else ints.set(b.data);
  return tf.tensor(ints, shape, 'int32');
}

/** Soft labels of a mixed batch: row i = weight·y_i + (1 - weight)·y_perm[i] (rows still sum to 1). */
export function mixLabels(
  labels: { data: Float32Array; k: number },
  perm: ArrayLike<number>,
  weight: number,
): { data: Float32Array; k: number } {
  const { k, data: y } = labels;
  const mixed = new Float32Array(y.length);
  for (let i = 0; i < perm.length; i++)
    for (let j = 0; j < k; j++) mixed[i * k + j] = weight * y[i * k + j] + (1 - weight) * y[perm[i] * k + j];
  return { data: mixed, k };
}

/** Checks a label tensor [N, K] against a batch and reads it as soft labels. */
export function tensorToLabels(
  y: tf.Tensor,
  n: number,
  where: string,
  parameter = 'y',
): { data: Float32Array; k: number } {
  check(
    y instanceof tf.Tensor && y.rank === 2,
    where,
    `${parameter} shape`,
    y instanceof tf.Tensor ? y.shape : typeof y,
    '[N, numClasses] one-hot or soft labels',
  );
  check(y.shape[0] === n, where, `${parameter} rows`, y.shape[0], `as many rows as images in x (${n})`);
  const data = Float32Array.from(y.dataSync());
  check(data.every(Number.isFinite), where, parameter, 'non-finite values', 'finite one-hot or soft labels');
  return { data, k: y.shape[1]! };
}
