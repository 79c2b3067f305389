/**
 * Identity, and Cast to the dtype a tensor already has, without copying. The stock wasm kernels
 * copy the data; the cpu backend shares it (tensors are immutable, so sharing is safe, and the
 * wasm backend reference-counts shared data as it does for Reshape). It matters because tfjs
 * clones (= Identity) every tensor it saves for the backward pass: 31 copies per step of the
 * reference CNN, activations of up to 6.4 MB among them.
 */
import * as tf from '@tensorflow/tfjs';
import { KernelArgs, WasmKernelFunc } from './util';

export const IDENTITY = 'Identity';
export const CAST = 'Cast';

function share(backend: KernelArgs['backend'], x: tf.TensorInfo): tf.TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

export function identity(args: KernelArgs, stock?: WasmKernelFunc): tf.TensorInfo {
  const { x } = args.inputs;
  if (x.dtype === 'string' || !stock) return stock!(args);
  return share(args.backend, x);
}

export function cast(args: KernelArgs, stock?: WasmKernelFunc): tf.TensorInfo {
  const { x } = args.inputs;
  const { dtype } = (args.attrs ?? {}) as unknown as tf.CastAttrs;
  if (x.dtype !== dtype || x.dtype === 'string') return stock!(args);
  return share(args.backend, x);
}
