/**
 * Conv2D and its filter gradient on the native kernels (../native.ts, native/conv.c: implicit GEMM,
 * AVX2/FMA, threaded on the heap in place) when they are on: NHWC, float32, undilated, any stride
 * and padding, with at least 8 output channels (the kernel's panels are 16 and 8 channels wide;
 * fewer would go through its packed edge path on every output row, several times slower than the
 * wasm direct convolution). The addon zero-pads x itself, on its threads, into a buffer it keeps
 * (the single-threaded wasm padding took 0.4–0.5 ms per 3×3 convolution of a reference-CNN step). Returns null when the native kernels are off or the case is not one of these, and
 * the caller goes on to the wasm kernels.
 */
import * as tf from '@tensorflow/tfjs';
import { nativeKernels } from '../native';
import { trainingThreads } from '../threads';
import { heapOffset } from './train-module';
import { KernelArgs, pair, WasmBackend } from './util';

type Conv2DInfo = ReturnType<typeof tf.backend_util.computeConv2DInfo>;

/** Runs the native convolution (forward, or filter gradient with `second` = dy), padding x on the threads first. */
function run(
  backend: WasmBackend,
  x: tf.TensorInfo,
  second: tf.TensorInfo,
  out: tf.TensorInfo,
  info: Conv2DInfo,
  gradient: boolean,
) {
  const [b, H, W, ci] = x.shape;
  const { top, left, bottom, right } = info.padInfo;
  nativeKernels()!.conv(
    backend.wasm.asm.memory.buffer,
    heapOffset(backend, x),
    heapOffset(backend, second),
    heapOffset(backend, out),
    b,
    H,
    W,
    ci,
    info.outHeight,
    info.outWidth,
    info.outChannels,
    info.filterHeight,
    info.filterWidth,
    info.strideHeight,
    info.strideWidth,
    top,
    left,
    bottom,
    right,
    gradient,
    trainingThreads(),
  );
}

/** Fewest output channels the native convolutions take (see above). */
export const NATIVE_CONV_MIN_CHANNELS = 8;

const undilated = (d: number | number[] | undefined) => d === undefined || pair(d as number).every((v) => v === 1);

export function nativeConv2d({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo | null {
  const { x, filter } = inputs;
  const { strides, pad, dilations, dataFormat = 'NHWC', dimRoundingMode } = attrs as unknown as tf.Conv2DAttrs;
  if (
    !nativeKernels() ||
    dataFormat !== 'NHWC' ||
    !undilated(dilations) ||
    filter.shape[3] < NATIVE_CONV_MIN_CHANNELS ||
    x.dtype !== 'float32' ||
    filter.dtype !== 'float32'
  )
    return null;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const out = backend.makeOutput([info.batchSize, info.outHeight, info.outWidth, info.outChannels], 'float32');
  if (tf.util.sizeFromShape(out.shape) > 0) run(backend, x, filter, out, info, false);
  return out;
}

export function nativeConv2dBackpropFilter({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo | null {
  const { x, dy } = inputs;
  const {
    strides,
    pad,
    dataFormat = 'NHWC',
    dimRoundingMode,
    filterShape,
  } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (
    !nativeKernels() ||
    dataFormat !== 'NHWC' ||
    filterShape[3] < NATIVE_CONV_MIN_CHANNELS ||
    x.dtype !== 'float32' ||
    dy.dtype !== 'float32'
  )
    return null;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const dw = backend.makeOutput(filterShape, 'float32');
  const empty = tf.util.sizeFromShape(dy.shape) === 0;
  if (empty)
    new Float32Array(backend.wasm.asm.memory.buffer, heapOffset(backend, dw), tf.util.sizeFromShape(filterShape)).fill(
      0,
    );
  else run(backend, x, dy, dw, info, true);
  return dw;
}
