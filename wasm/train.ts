// Training kernels for the tfjs wasm backend (src/lib/backend/kernels), in AssemblyScript with
// WebAssembly SIMD. Built with --importMemory: the module runs directly on the tfjs backend's own
// heap (its WebAssembly.Memory is passed in as env.memory), so kernels read and write tensors in
// place by byte offset, without copies.
//
// That heap belongs to tfjs, so this module must never write to memory by itself. The rules that
// keep it so: no data segments (no string literals, no static arrays — a data segment is copied
// into the imported memory at instantiation, over tfjs's tensors), no allocation (stub runtime,
// never asked for memory), no bounds-checked std containers (their abort messages are strings).
// Only raw load/store/v128.load/v128.store at pointers handed in by JavaScript. The test
// test/lib/backend/train-module.test.ts checks the built binary has no data section and that
// instantiating it leaves every heap byte unchanged.

// The typed binding (every export, its wasm/train/ file and its caller in src/lib/backend/kernels)
// is stated in one place: src/lib/backend/kernels/train-module.ts.

export * from './train/reduce';
export * from './train/pool';
export * from './train/adam';
export * from './train/gemm';
export * from './train/conv';
export * from './train/pad';
export * from './train/lstm';
export * from './train/gather';
export * from './train/segment-sum';
export * from './train/bias';
export * from './train/relu-grad';
export * from './train/max-pool';
export * from './train/filter-gradient-chunks';
export * from './train/winograd';
export * from './train/winograd-grad';
