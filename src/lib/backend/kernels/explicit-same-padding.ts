/**
 * A fix for the stock wasm convolutions (Conv2D, DepthwiseConv2dNative and their fused forms):
 * with pad 'same' they hand XNNPACK its TensorFlow-SAME flag, which computes different padding
 * from tfjs when the input is not a multiple of the stride in some shapes (e.g. a 1×2 image, a 2×1
 * kernel, stride 2: wasm 0, cpu 3 — ~18% of small random cases). Passing tfjs's own padding as
 * explicit numbers gives the cpu backend's results. One wrapper, registered for four kernels.
 */
import * as tf from '@tensorflow/tfjs';
import { KernelArgs, WasmKernelFunc } from './util';

export const SAME_PADDING_CONVS = ['Conv2D', 'FusedConv2D', 'DepthwiseConv2dNative', 'FusedDepthwiseConv2D'] as const;

export function explicitSamePadding(args: KernelArgs, stock?: WasmKernelFunc): tf.TensorInfo {
  const { inputs, attrs = {} } = args;
  if (!stock) throw new Error('wasm conv: stock kernel missing (is @tensorflow/tfjs-backend-wasm loaded?)');
  // NCHW: the stock kernel rejects it with its own message
  if (attrs.pad !== 'same' || (attrs.dataFormat ?? 'NHWC') !== 'NHWC') return stock(args);
  const { strides, dilations, dimRoundingMode } = attrs as {
    strides: number | [number, number];
    dilations?: number | [number, number] | null;
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
  };
  // padding depends only on spatial sizes, strides and dilations (not on how channels meet the filter)
  const info = tf.backend_util.computeConv2DInfo(
    inputs.x.shape as [number, number, number, number],
    inputs.filter.shape as [number, number, number, number],
    strides,
    dilations ?? 1,
    'same',
    dimRoundingMode,
  );
  const { top, bottom, left, right } = info.padInfo;
  return stock({
    ...args,
    attrs: {
      ...attrs,
      pad: [
        [0, 0],
        [top, bottom],
        [left, right],
        [0, 0],
      ],
    },
  });
}
