/**
 * Small plumbing shared by the wasm training kernels: call another registered wasm kernel at the
 * backend level (no tensors, no tape), free intermediate results, and replace a stock kernel while
 * keeping a handle on the original.
 */
import * as tf from '@tensorflow/tfjs';
import { WorkbookError } from '../../errors';

/** The wasm backend as our kernels see it (only the members we use). */
export interface WasmBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: object, force?: boolean): boolean;
  /** One more owner of shared data (what the stock Reshape does). */
  incRef(dataId: object): void;
  /** Where each tensor lives: byte offset into the wasm heap (for kernels in wasm/train.ts). */
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  /** The emscripten module; its heap is `wasm.asm.memory`. */
  wasm: { asm: { memory: WebAssembly.Memory } };
}

export interface KernelArgs {
  inputs: Record<string, tf.TensorInfo>;
  backend: WasmBackend;
  attrs?: Record<string, unknown>;
}

export type WasmKernelFunc = (args: KernelArgs) => tf.TensorInfo;

/** Runs the wasm kernel registered under `name` directly on backend data. */
export function call(
  name: string,
  backend: WasmBackend,
  inputs: Record<string, tf.TensorInfo>,
  attrs: Record<string, unknown> = {},
): tf.TensorInfo {
  const kernel = tf.getKernel(name, 'wasm');
  if (!kernel)
    throw new WorkbookError(
      'wasm kernels',
      'kernel',
      name,
      'a kernel registered for wasm',
      `wasm kernels: ${name} is not registered for the wasm backend`,
    );
  return kernel.kernelFunc({ inputs, backend: backend as never, attrs: attrs as never }) as tf.TensorInfo;
}

/** Releases intermediate results (reference-counted, so shared reshapes are safe). */
export function free(backend: WasmBackend, ...infos: tf.TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

export const transpose = (backend: WasmBackend, x: tf.TensorInfo, perm: number[]) =>
  call('Transpose', backend, { x }, { perm });
export const reshape = (backend: WasmBackend, x: tf.TensorInfo, shape: number[]) =>
  call('Reshape', backend, { x }, { shape });

/** Registers `kernelFunc` for wasm under `name`, replacing (and returning) any stock kernel. */
export function replaceKernel(
  name: string,
  kernelFunc: (args: KernelArgs, stock?: WasmKernelFunc) => tf.TensorInfo,
): void {
  const existing = tf.getKernel(name, 'wasm');
  const stock = existing ? (existing.kernelFunc as unknown as WasmKernelFunc) : undefined;
  if (existing) tf.unregisterKernel(name, 'wasm');
  // the stock kernel binds its wasm function in setupFunc, run when the backend initialises;
  // keep it, and run it now if the backend is already up.
  const setupFunc = existing?.setupFunc;
  tf.registerKernel({
    kernelName: name,
    backendName: 'wasm',
    setupFunc,
    kernelFunc: ((args: KernelArgs) => kernelFunc(args, stock)) as never,
  });
  const live = (tf.engine() as unknown as { registry: Record<string, tf.KernelBackend> }).registry.wasm;
  if (live && setupFunc) setupFunc(live);
}

/** Error for an attribute combination a kernel does not implement (never a silent wrong result). */
export function unsupported(kernel: string, parameter: string, given: unknown, accepted: string): WorkbookError {
  return new WorkbookError(`wasm ${kernel}`, parameter, given, accepted);
}

/** [strideHeight, strideWidth] from a number or a pair. */
export function pair(v: number | [number, number] | number[]): [number, number] {
  return typeof v === 'number' ? [v, v] : [v[0], v[1]];
}

type Padding = 'valid' | 'same' | number | number[][];

/** Explicit paddings are given in the data format's axis order; ours is always NHWC. */
export function nhwcPadding<P extends Padding>(pad: P, nchw: boolean): P {
  return nchw && Array.isArray(pad) ? ([pad[0], pad[2], pad[3], pad[1]] as P) : pad;
}
