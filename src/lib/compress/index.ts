// Model compression and export: pruning, quantisation, separable convolutions, tfjs and ONNX export.
export * from './prune';
export * from './pruning-schedule';
export * from './pruning-callback';
export * from './float16';
export * from './quantise';
export * from './quantise-model';
export * from './separable';
export * from './cost';
export * from './tfjs-format';
export * from './onnx-graph';
export * from './onnx-export';
export * from './onnx-check';
export * from './sparsity-sweep';
export * from './compare';
export * from './structured-prune';
export * from './quantisation-aware';
export * from './activation-memory';
