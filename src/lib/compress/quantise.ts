/**
 * Post-training weight quantisation. Integer formats store q = clamp(round(w / scale) + zeroPoint)
 * in `bits` bits and read w ≈ (q − zeroPoint)·scale, so every weight inside the calibrated range
 * comes back within scale/2. The range always contains 0, so 0 (a pruned weight, a zero pad) is
 * stored exactly. Per-channel keeps one (scale, zeroPoint) per output channel (last axis; the channel
 * axis for depthwise kernels), which matters when channels have very different ranges.
 * float16 keeps the float format with a 10-bit mantissa: relative error ≤ 2^-11.
 * @example
 *   const q = quantiseTensor(values, [3, 3, 8, 16], { dtype: 'int8', granularity: 'per-channel' });
 *   const back = dequantiseTensor(q); // Float32Array, |back − values| ≤ scale/2
 */
import { check, checkInt, checkOneOf } from '../errors';
import { toFloat16, toFloat32 } from './float16';
import { checkArray, checkBoolean, checkNumber, checkObject, checkString } from '../validate';
import { OptionsOf, defineOptions, required } from '../define-options';

export type QuantDtype = 'int8' | 'uint8' | 'float16';
export const QUANT_DTYPES: readonly QuantDtype[] = ['int8', 'uint8', 'float16'];
export type Granularity = 'per-tensor' | 'per-channel';
export const GRANULARITIES: readonly Granularity[] = ['per-tensor', 'per-channel'];

const QUANTISE_OPTIONS = defineOptions('quantiseTensor', {
  dtype: required<QuantDtype>(),
  granularity: undefined as Granularity | undefined,
  /** Integer bits (2..8, default 8); fewer bits → coarser grid, stored packed. Ignored for float16. */
  bits: undefined as number | undefined,
  /** int8 only: zero point fixed at 0 and range ±max|w| (TFLite's weight scheme). Default false. */
  symmetric: undefined as boolean | undefined,
  /** Channel axis for per-channel (default: the last axis). */
  axis: undefined as number | undefined,
});

export type QuantiseOptions = OptionsOf<typeof QUANTISE_OPTIONS>;

export interface QuantisedTensor {
  dtype: QuantDtype;
  shape: number[];
  bits: number;
  /** Integers (Int8Array / Uint8Array) or half-precision bits (Uint16Array). */
  data: Int8Array | Uint8Array | Uint16Array;
  /** One per channel (per-channel) or a single value; empty for float16. */
  scale: Float32Array;
  zeroPoint: Int32Array;
  /** Channel axis when per-channel, else -1. */
  axis: number;
}

/** The integer range of a format: int8 with 8 bits is [-128, 127], uint8 is [0, 255]. */
export function quantRange(dtype: 'int8' | 'uint8', bits = 8): [number, number] {
  checkOneOf('quantRange', 'dtype', dtype, ['int8', 'uint8'] as const);
  checkInt('quantRange', 'bits', bits, 2, 16);
  return dtype === 'int8' ? [-(2 ** (bits - 1)), 2 ** (bits - 1) - 1] : [0, 2 ** bits - 1];
}

/** Scale and zero point mapping [lo, hi] (widened to contain 0) onto [qmin, qmax]. */
export function chooseScale(
  lo: number,
  hi: number,
  qmin: number,
  qmax: number,
  symmetric = false,
): { scale: number; zeroPoint: number } {
  checkNumber('chooseScale', 'lo', lo);
  checkNumber('chooseScale', 'hi', hi);
  checkNumber('chooseScale', 'qmin', qmin);
  checkNumber('chooseScale', 'qmax', qmax);
  if (symmetric !== undefined) checkBoolean('chooseScale', 'symmetric', symmetric);
  lo = Math.min(lo, 0);
  hi = Math.max(hi, 0);
  if (symmetric) {
    const m = Math.max(-lo, hi);
    return { scale: m > 0 ? m / qmax : 1, zeroPoint: 0 };
  }
  if (hi === lo) return { scale: 1, zeroPoint: 0 }; // all zeros
  const scale = (hi - lo) / (qmax - qmin);
  const zeroPoint = Math.min(qmax, Math.max(qmin, Math.round(qmin - lo / scale)));
  return { scale, zeroPoint };
}

function validate(
  where: string,
  values: ArrayLike<number>,
  shape: number[],
  o: QuantiseOptions,
): { bits: number; axis: number } {
  checkOneOf(where, 'dtype', o?.dtype, QUANT_DTYPES);
  checkOneOf(where, 'granularity', o.granularity ?? 'per-tensor', GRANULARITIES);
  const size = shape.reduce((a, b) => a * b, 1);
  check(values.length === size, where, 'shape', shape, `a shape with ${values.length} elements (as many as values)`);
  const bits = o.dtype === 'float16' ? 16 : (o.bits ?? 8);
  if (o.dtype !== 'float16') checkInt(where, 'bits', bits, 2, 8);
  check(!o.symmetric || o.dtype === 'int8', where, 'symmetric', o.symmetric, 'true only with dtype "int8"');
  const axis = o.granularity === 'per-channel' ? (o.axis ?? shape.length - 1) : -1;
  if (o.granularity === 'per-channel') checkInt(where, 'axis', axis, 0, Math.max(0, shape.length - 1));
  for (let i = 0; i < values.length; i++)
    check(Number.isFinite(values[i]), where, 'values', values[i], 'finite numbers');
  return { bits, axis };
}

/** Which channel the flat index i (row-major) belongs to. */
function channelOf(shape: number[], axis: number): (i: number) => number {
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const n = shape[axis];
  return (i) => Math.floor(i / inner) % n;
}

/** Quantises a flat row-major array of the given shape. */
export function quantiseTensor(values: ArrayLike<number>, shape: number[], options: QuantiseOptions): QuantisedTensor {
  options = QUANTISE_OPTIONS.read(options);
  checkArray('quantiseTensor', 'values', values, { nonEmpty: false });
  checkArray('quantiseTensor', 'shape', shape, { nonEmpty: false });
  const { bits, axis } = validate('quantiseTensor', values, shape, options);
  if (options.dtype === 'float16') {
    return {
      dtype: 'float16',
      shape,
      bits: 16,
      data: toFloat16(values),
      scale: new Float32Array(0),
      zeroPoint: new Int32Array(0),
      axis: -1,
    };
  }
  const [qmin, qmax] = quantRange(options.dtype, bits);
  const channels = axis < 0 ? 1 : shape[axis];
  const chan = axis < 0 ? () => 0 : channelOf(shape, axis);
  const lo = new Float64Array(channels).fill(Infinity);
  const hi = new Float64Array(channels).fill(-Infinity);
  for (let i = 0; i < values.length; i++) {
    const c = chan(i);
    lo[c] = Math.min(lo[c], values[i]);
    hi[c] = Math.max(hi[c], values[i]);
  }
  const scale = new Float32Array(channels);
  const zeroPoint = new Int32Array(channels);
  for (let c = 0; c < channels; c++) {
    const s = chooseScale(lo[c], hi[c], qmin, qmax, options.symmetric);
    scale[c] = s.scale;
    zeroPoint[c] = s.zeroPoint;
  }
  const data = options.dtype === 'int8' ? new Int8Array(values.length) : new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const c = chan(i);
    data[i] = Math.min(qmax, Math.max(qmin, Math.round(values[i] / scale[c]) + zeroPoint[c]));
  }
  return { dtype: options.dtype, shape, bits, data, scale, zeroPoint, axis };
}

/** A QuantisedTensor as quantiseTensor makes it (finite scales). */
function checkQuantised(where: string, parameter: string, q: QuantisedTensor): void {
  const ok =
    typeof q === 'object' &&
    q !== null &&
    (QUANT_DTYPES as readonly unknown[]).includes(q.dtype) &&
    ArrayBuffer.isView(q.data) &&
    ArrayBuffer.isView(q.scale) &&
    ArrayBuffer.isView(q.zeroPoint) &&
    Array.isArray(q.shape) &&
    typeof q.bits === 'number' &&
    typeof q.axis === 'number';
  check(ok, where, parameter, q === null ? null : typeof q, 'a QuantisedTensor from quantiseTensor');
  check(
    Number.isSafeInteger(q.bits) &&
      q.bits >= 2 &&
      q.bits <= 16 &&
      Number.isSafeInteger(q.axis) &&
      q.axis >= -1 &&
      q.axis < Math.max(1, q.shape.length),
    where,
    parameter,
    `bits ${q.bits}, axis ${q.axis}`,
    'a QuantisedTensor from quantiseTensor',
  );
  check(
    q.dtype === 'float16' || (q.axis < 0 ? q.scale.length === 1 : q.scale.length === q.shape[q.axis]),
    where,
    parameter,
    `${q.scale.length} scales for axis ${q.axis}`,
    'one scale per channel of the axis (one for per-tensor)',
  );
  check(
    Array.from(q.scale).every(Number.isFinite) && Array.from(q.zeroPoint).every(Number.isFinite),
    where,
    parameter,
    'non-finite scales',
    'a QuantisedTensor from quantiseTensor',
  );
  check(
    q.axis < 0 || (q.scale.length > 0 && q.zeroPoint.length >= (q.dtype === 'float16' ? 0 : q.scale.length)),
    where,
    parameter,
    'scales missing',
    'a QuantisedTensor from quantiseTensor',
  );
}

/** Back to float32: (q − zeroPoint)·scale, or the half-precision value. */
export function dequantiseTensor(q: QuantisedTensor): Float32Array {
  checkQuantised('dequantiseTensor', 'q', q);
  if (q.dtype === 'float16') return toFloat32(q.data as Uint16Array);
  const out = new Float32Array(q.data.length);
  const chan = q.axis < 0 ? () => 0 : channelOf(q.shape, q.axis);
  for (let i = 0; i < out.length; i++) {
    const c = chan(i);
    out[i] = (q.data[i] - q.zeroPoint[c]) * q.scale[c];
  }
  return out;
}

/** Bytes to store q: values packed at `bits` per weight, plus float32 scales and 1-byte zero points. */
export function storedBytes(q: QuantisedTensor): number {
  checkQuantised('storedBytes', 'q', q);
  const values = Math.ceil((q.data.length * q.bits) / 8);
  return values + q.scale.length * 4 + (q.dtype === 'float16' ? 0 : q.zeroPoint.length);
}
