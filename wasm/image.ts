// Pixel kernels for src/image-aug on 0-255 images (one byte per value, channels last), in
// AssemblyScript compiled with WebAssembly SIMD. Pointers are byte offsets into this module's own
// memory, which src/image-aug/core/wasm.ts manages from JavaScript (there is no allocator here:
// the stub runtime is never asked for memory). The memory is shared so that growing it never
// detaches the JavaScript views onto it.

/** Where JavaScript may start placing buffers (above this module's static data). */
export function heapBase(): usize {
  return (__heap_base + 63) & ~63;
}

// One file per family of kernels. Which src/image-aug code calls each kernel, with its typed
// signature, is stated in one place: src/image-aug/core/image-kernels.ts.
export * from './image/color';
export * from './image/matrix-q15';
export * from './image/warp';
export * from './image/resize';
export * from './image/blur';
export * from './image/mix';
export * from './image/noise';
export * from './image/copy';
export * from './image/convert';
