/**
 * The AssemblyScript kernels of wasm/train.ts, instantiated on the tfjs wasm backend's own heap
 * (imported memory), so they read and write tensors where tfjs keeps them. One instance per heap:
 * a re-created backend has a new Memory, and gets a new instance.
 */
import * as tf from '@tensorflow/tfjs';
import { loadWasm } from '../../wasm/load';
import { WasmBackend } from './util';

/** The exports of wasm/train.ts. Pointers are byte offsets into the tfjs heap. */
export interface TrainKernels {
  /** c [M, N] = a [M, K] · b [K, N], all row-major f32 (c overwritten). */
  matmul(a: number, b: number, c: number, M: number, K: number, N: number): void;
  columnSums(src: number, rows: number, cols: number, dst: number): void;
  maxPoolGradTiled(x: number, dy: number, dx: number, B: number, H: number, W: number, C: number, OH: number, OW: number, fh: number, fw: number): void;
  im2colTransposed(xs: number, out: number, kh: number, kw: number, ci: number, b: number, H: number, W: number, outH: number, outW: number, sh: number, sw: number, top: number, left: number): void;
  padSpatial(x: number, out: number, b: number, H: number, W: number, C: number, top: number, bottom: number, left: number, right: number): void;
  convDirect(x: number, w: number, out: number, b: number, H: number, W: number, ci: number, outH: number, outW: number, co: number, kh: number, kw: number, sh: number, sw: number, dh: number, dw: number): void;
  adamUpdate(x: number, m: number, v: number, g: number, n: number, xOut: number, mOut: number, vOut: number, beta1: number, oneMinusBeta1: number, beta2: number, oneMinusBeta2: number, oneMinusAccBeta1: number, oneMinusAccBeta2: number, epsilon: number, negLr: number): void;
}

let cached: { memory: WebAssembly.Memory; kernels: TrainKernels } | null = null;

/** Instantiates wasm/train.ts on `memory` (the module writes nothing at instantiation: see wasm/train.ts). */
export function instantiateTrainKernels(memory: WebAssembly.Memory): TrainKernels {
  return loadWasm('train', { env: { memory } }).exports as unknown as TrainKernels;
}

/** The kernels bound to `backend`'s heap. */
export function trainKernels(backend: WasmBackend): TrainKernels {
  const memory = backend.wasm.asm.memory;
  if (cached?.memory !== memory) cached = { memory, kernels: instantiateTrainKernels(memory) };
  return cached.kernels;
}

/** Byte offset of a tensor's data in the wasm heap. */
export function heapOffset(backend: WasmBackend, info: tf.TensorInfo): number {
  const entry = backend.dataIdMap.get(info.dataId);
  if (!entry) throw new Error('wasm kernels: tensor data is not on the wasm backend');
  return entry.memoryOffset;
}
