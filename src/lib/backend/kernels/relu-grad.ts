/**
 * WorkbookReluGrad: ReLU's gradient dy · step(x) as one wasm kernel (wasm/train/relu-grad.ts).
 * tfjs's Relu gradient is mul(dy, cast(step(x))): a Step and a Multiply per ReLU per step, two
 * passes and a temporary over activations of up to 6.4 MB in the reference CNN. ../relu-gradient.ts
 * routes the Relu gradient here on the wasm backend; the result is bit-for-bit the stock pair's.
 */
import * as tf from '@tensorflow/tfjs';
import { nativeKernels } from '../native';
import { trainingThreads } from '../threads';
import { heapOffset, trainKernels } from './train-module';
import { KernelArgs, unsupported } from './util';

export const RELU_GRAD = 'WorkbookReluGrad';

export function reluGrad({ inputs, backend }: KernelArgs): tf.TensorInfo {
  const { dy, x } = inputs;
  for (const [name, t] of Object.entries({ dy, x }))
    if (t.dtype !== 'float32') throw unsupported(RELU_GRAD, `${name} dtype`, t.dtype, 'float32');
  if (!tf.util.arraysEqual(dy.shape, x.shape))
    throw unsupported(RELU_GRAD, 'dy shape', dy.shape, `x's shape [${x.shape}]`);
  const out = backend.makeOutput(x.shape, 'float32');
  const n = tf.util.sizeFromShape(x.shape);
  if (n === 0) return out;
  const [pd, px, po] = [dy, x, out].map((t) => heapOffset(backend, t));
  const native = nativeKernels(); // the same arithmetic, 8 lanes, threaded (native/elementwise.c)
  if (native) native.reluGrad(backend.wasm.asm.memory.buffer, pd, px, po, n, trainingThreads());
  else trainKernels(backend).reluGrad(pd, px, po, n);
  return out;
}
