/**
 * Training kernels for the wasm backend: each kernel in its own file, registered with
 * tf.registerKernel for backend 'wasm'. The arithmetic runs in our WebAssembly SIMD kernels
 * (wasm/train/, on the tfjs heap: ./train-module.ts), in stock wasm kernels we call, or in JS
 * loops over the heap for rare cases.
 */
import { adamUpdate, ADAM_UPDATE } from './adam-update';
import { add, ADD } from './add';
import { batchMatMul, BATCH_MAT_MUL } from './batch-matmul';
import { conv2d } from './conv2d';
import { conv2dBackpropFilter, CONV2D_BACKPROP_FILTER } from './conv2d-backprop-filter';
import { conv2dBackpropInput, CONV2D_BACKPROP_INPUT } from './conv2d-backprop-input';
import { depthwiseBackpropFilter, DEPTHWISE_BACKPROP_FILTER } from './depthwise-backprop-filter';
import { depthwiseBackpropInput, DEPTHWISE_BACKPROP_INPUT } from './depthwise-backprop-input';
import { explicitSamePadding, SAME_PADDING_CONVS } from './explicit-same-padding';
import { fusedMatMul, FUSED_MAT_MUL } from './fused-matmul';
import { gatherV2, GATHER_V2 } from './gather';
import { equal, EQUAL } from './equal';
import { slice, SLICE } from './slice';
import { lstmBackwardKernel, lstmForwardKernel, LSTM_BACKWARD, LSTM_FORWARD } from './lstm-sequence';
import { maxPool, MAX_POOL } from './max-pool';
import { maxPoolGrad, MAX_POOL_GRAD } from './max-pool-grad';
import { reluGrad, RELU_GRAD } from './relu-grad';
import { cast, CAST, identity, IDENTITY } from './share-data';
import { relu, RELU } from './relu';
import { sum, SUM } from './sum';
import { unsortedSegmentSum, UNSORTED_SEGMENT_SUM } from './unsorted-segment-sum';
import { installFusedAdam } from '../fused-adam';
import { installReluGradient } from '../relu-gradient';
import { KernelArgs, replaceKernel, WasmKernelFunc } from './util';

/** Every kernel we register, by tfjs kernel name. Wrappers receive the stock kernel as `stock`. */
export const WASM_TRAINING_KERNELS: Record<string, (args: KernelArgs, stock?: WasmKernelFunc) => unknown> = {
  [CONV2D_BACKPROP_FILTER]: conv2dBackpropFilter,
  [CONV2D_BACKPROP_INPUT]: conv2dBackpropInput,
  [DEPTHWISE_BACKPROP_FILTER]: depthwiseBackpropFilter,
  [DEPTHWISE_BACKPROP_INPUT]: depthwiseBackpropInput,
  [BATCH_MAT_MUL]: batchMatMul,
  [FUSED_MAT_MUL]: fusedMatMul,
  [MAX_POOL]: maxPool,
  [MAX_POOL_GRAD]: maxPoolGrad,
  [RELU_GRAD]: reluGrad,
  [UNSORTED_SEGMENT_SUM]: unsortedSegmentSum,
  [SUM]: sum,
  [RELU]: relu,
  [ADD]: add,
  [IDENTITY]: identity,
  [CAST]: cast,
  [ADAM_UPDATE]: adamUpdate,
  [LSTM_FORWARD]: lstmForwardKernel,
  [GATHER_V2]: gatherV2,
  [EQUAL]: equal,
  [SLICE]: slice,
  [LSTM_BACKWARD]: lstmBackwardKernel,
  ...Object.fromEntries(SAME_PADDING_CONVS.map((name) => [name, explicitSamePadding])),
  Conv2D: conv2d, // our direct SIMD convolution while the filter fits in L2; the rest as above
};

let registered = false;

/** Registers the wasm training kernels once (loading the wasm backend first). Safe to call many times. */
export function registerWasmTrainingKernels(): void {
  if (registered) return;
  // the stock kernels must be registered before we wrap or replace them
  require('@tensorflow/tfjs-backend-wasm');
  for (const [name, fn] of Object.entries(WASM_TRAINING_KERNELS)) replaceKernel(name, fn as never);
  installFusedAdam(); // tf.train.adam steps become one wasm call per variable on this backend
  installReluGradient(); // Relu's gradient becomes one kernel (WorkbookReluGrad) on this backend
  registered = true;
}
