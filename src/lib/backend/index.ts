export * from './select';
export * from './compare';
export * from './benchmark';
export * from './torch-reference';
export { registerWasmTrainingKernels, WASM_TRAINING_KERNELS } from './kernels';
export * from './report';
export { installFusedAdam, uninstallFusedAdam, stockAdamApplyGradients } from './fused-adam';
export * from './threads';
