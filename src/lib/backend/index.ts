/**
 * tfjs-workbook/backend — how the backend is chosen (gpu → webgpu → node → wasm → cpu; the root's `setup`
 * does it for you) and the WebAssembly training kernels and fused Adam this workbook adds to
 * tfjs' wasm backend, how many threads those kernels use, and whether the native (AVX2) GEMM and
 * Adam take over from them.
 * @example
 * import { selectBackend, describeBackend } from 'tfjs-workbook/backend';
 * console.log(describeBackend(await selectBackend({ force: 'wasm' })));
 */
export {
  selectBackend,
  currentBackend,
  describeBackend,
  BACKEND_ORDER,
  BACKEND_PACKAGES,
  type BackendName,
  type BackendChoice,
  type SelectOptions,
} from './select';
export { registerWasmTrainingKernels, WASM_TRAINING_KERNELS } from './kernels';
export { installFusedAdam, uninstallFusedAdam, stockAdamApplyGradients } from './fused-adam';
export { trainingThreads, setTrainingThreads, maxTrainingThreads, threadsPerWorker, THREADS_ENV } from './threads';
export {
  nativeKernelsActive,
  setNativeKernels,
  nativeIsa,
  setNativeIsa,
  NATIVE_ENV,
  NATIVE_ISA_ENV,
  NATIVE_ADDON,
} from './native';
export type { NativeIsa } from './native';
