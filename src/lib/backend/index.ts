export * from './select';
export * from './compare';
export { registerWasmTrainingKernels, WASM_TRAINING_KERNELS } from './kernels';
