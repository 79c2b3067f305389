/**
 * Training kernels for the wasm backend (filled in by the backend issue): each kernel in its
 * own file, registered with tf.registerKernel for backend 'wasm'.
 */
let registered = false;

/** Registers the wasm training kernels once. Safe to call many times. */
export function registerWasmTrainingKernels(): void {
  if (registered) return;
  registered = true;
}
