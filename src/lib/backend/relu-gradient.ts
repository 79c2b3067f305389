/**
 * ReLU's gradient as one kernel on the wasm backend. tfjs registers Relu's gradient as
 * mul(dy, cast(step(x))) — a Step and a Multiply per ReLU per training step; on wasm we run
 * WorkbookReluGrad (kernels/relu-grad.ts), one pass, bit-for-bit the same values. Gradients are
 * registered for all backends at once, so the override keeps tfjs's own gradient function and
 * calls it everywhere else (other backends, non-float32 tensors).
 */
import * as tf from '@tensorflow/tfjs';
import { RELU_GRAD } from './kernels/relu-grad';

type GradFunc = tf.GradConfig['gradFunc'];

let stockReluGrad: GradFunc | null = null;

const fusable = (dy: tf.Tensor, x: tf.Tensor) =>
  tf.getBackend() === 'wasm' && dy.dtype === 'float32' && x.dtype === 'float32';

/** dy · step(x), in one kernel where the backend has it; tfjs's two kernels elsewhere. */
function reluGrad(dy: tf.Tensor, x: tf.Tensor): tf.Tensor {
  if (fusable(dy, x)) return tf.engine().runKernel(RELU_GRAD, { dy, x }) as tf.Tensor;
  return tf.mul(dy, tf.cast(tf.step(x), 'float32'));
}

/** Installs the one-kernel Relu gradient (idempotent). Called when the wasm training kernels are registered. */
export function installReluGradient(): void {
  if (stockReluGrad) return;
  const stock = tf.getGradient('Relu');
  if (!stock) return; // nothing to wrap: leave tfjs as it is
  stockReluGrad = stock.gradFunc;
  tf.registerGradient({
    kernelName: 'Relu',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved;
      if (!fusable(dy as tf.Tensor, x)) return stockReluGrad!(dy, saved, attrs);
      return { x: () => reluGrad(dy as tf.Tensor, x) };
    },
  });
  // the fused kernel's own gradient (for gradients of gradients): linear in dy, and zero in x
  // almost everywhere, as for mul(dy, step(x))
  tf.registerGradient({
    kernelName: RELU_GRAD,
    inputsToSave: ['x'],
    gradFunc: (ddx, saved) => {
      const [x] = saved;
      return { dy: () => reluGrad(ddx as tf.Tensor, x), x: () => tf.zerosLike(x) };
    },
  });
}
