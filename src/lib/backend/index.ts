export * from './select';
export { registerWasmTrainingKernels } from './kernels';
