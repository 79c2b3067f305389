/**
 * The AssemblyScript kernels of wasm/train.ts, instantiated on the tfjs wasm backend's own heap
 * (imported memory), so they read and write tensors where tfjs keeps them. One instance per heap:
 * a re-created backend has a new Memory, and gets a new instance.
 */
import * as tf from '@tensorflow/tfjs';
import { loadWasm } from '../../wasm/load';
import { WasmBackend } from './util';

/**
 * The typed binding of wasm/train.ts: every export, where it is written (wasm/train/<file>.ts) and
 * the kernel in this folder that calls it. Pointers are byte offsets into the tfjs heap; all f32.
 */
export interface TrainKernels {
  /** c [M, N] = a [M, K] · b [K, N], all row-major (c overwritten). wasm/train/gemm.ts · batch-matmul.ts, conv2d-backprop-filter.ts */
  matmul(a: number, b: number, c: number, M: number, K: number, N: number): void;
  /** dst [cols] = Σ over rows of src [rows, cols]. wasm/train/reduce.ts · sum.ts */
  columnSums(src: number, rows: number, cols: number, dst: number): void;
  /** dx of a max pool (window fh × fw, stride = window) routed to each window's maximum. wasm/train/pool.ts · max-pool-grad.ts */
  maxPoolGradTiled(
    x: number,
    dy: number,
    dx: number,
    B: number,
    H: number,
    W: number,
    C: number,
    OH: number,
    OW: number,
    fh: number,
    fw: number,
  ): void;
  /** out = dy · step(x) (ReLU's gradient, bit-for-bit tfjs's mul(dy, step(x))) over n floats. wasm/train/relu-grad.ts · relu-grad.ts */
  reluGrad(dy: number, x: number, out: number, n: number): void;
  /** Max pool forward for windows that tile the image (stride = window, no padding). wasm/train/max-pool.ts · max-pool.ts */
  maxPoolTiled(
    x: number,
    out: number,
    B: number,
    H: number,
    W: number,
    C: number,
    OH: number,
    OW: number,
    fh: number,
    fw: number,
  ): void;
  /** Partial filter gradients of chunks [gFrom, gTo) of G fixed image chunks (each [K, co] at partials + g·K·co). wasm/train/filter-gradient-chunks.ts · filter-gradient-chunks.ts */
  filterGradientChunks(
    xs: number,
    bs: number,
    dy: number,
    patches: number,
    partials: number,
    kh: number,
    kw: number,
    ci: number,
    H: number,
    W: number,
    outH: number,
    outW: number,
    sh: number,
    sw: number,
    top: number,
    left: number,
    co: number,
    b: number,
    G: number,
    gFrom: number,
    gTo: number,
    nBase: number,
  ): void;
  /** out [rows, cols] = x [rows, cols] + v [cols] broadcast down the rows. wasm/train/bias.ts · add.ts */
  addRowVector(x: number, v: number, out: number, rows: number, cols: number): void;
  /** Zero-pads an NHWC tensor spatially. wasm/train/pad.ts · conv2d.ts */
  padSpatial(
    x: number,
    out: number,
    b: number,
    H: number,
    W: number,
    C: number,
    top: number,
    bottom: number,
    left: number,
    right: number,
  ): void;
  /** Direct convolution for small filters (no im2col). wasm/train/conv.ts · conv2d.ts */
  convDirect(
    x: number,
    w: number,
    out: number,
    b: number,
    H: number,
    W: number,
    ci: number,
    outH: number,
    outW: number,
    co: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    dh: number,
    dw: number,
  ): void;
  /** Output pixels [from, to) of convDirect (from a multiple of 4), one thread's share. wasm/train/conv.ts · parallel.ts */
  convDirectRange(
    x: number,
    w: number,
    out: number,
    b: number,
    H: number,
    W: number,
    ci: number,
    outH: number,
    outW: number,
    co: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    dh: number,
    dw: number,
    from: number,
    to: number,
  ): void;
  /** U [16, ci, co] = G g Gᵀ of a 3×3 HWIO filter, Winograd F(2×2, 3×3). wasm/train/winograd.ts · winograd.ts */
  winogradFilter(w: number, u: number, ci: number, co: number): void;
  /** Output tiles [from, to) of a Winograd F(2×2, 3×3) convolution (from a multiple of tb; scratch 16·tb·(ci + co) floats). wasm/train/winograd.ts · winograd.ts */
  winogradTiles(
    xp: number,
    u: number,
    out: number,
    scratch: number,
    b: number,
    Hp: number,
    Wp: number,
    ci: number,
    outH: number,
    outW: number,
    co: number,
    tb: number,
    from: number,
    to: number,
  ): void;
  /** Input-channel rows [c0, c1) of a 3×3 stride-1 filter gradient by Winograd F(3×3, 2×2). wasm/train/winograd-grad.ts · winograd-grad.ts */
  winogradFilterGradRows(
    xp: number,
    dy: number,
    dW: number,
    scratch: number,
    b: number,
    Hp: number,
    Wp: number,
    ci: number,
    outH: number,
    outW: number,
    co: number,
    tb: number,
    c0: number,
    c1: number,
  ): void;
  /** out [outer, count, slice] = x [outer, dim, slice] at rows indices (4-byte elements). wasm/train/gather.ts · gather.ts */
  gatherSlices(x: number, indices: number, out: number, outer: number, dim: number, count: number, slice: number): void;
  /** out [segments, inner] = Σ of x's rows by id, in float64 (acc: f64 scratch [segments × inner]). wasm/train/segment-sum.ts · unsorted-segment-sum.ts */
  segmentSum(x: number, ids: number, out: number, acc: number, count: number, inner: number, segments: number): void;
  /** A whole LSTM sequence forward from a zero state (time-major; gates, cs, hs written). wasm/train/lstm.ts · lstm-sequence.ts */
  lstmForward(
    xw: number,
    r: number,
    gates: number,
    cs: number,
    hs: number,
    T: number,
    B: number,
    U: number,
    hard: boolean,
  ): void;
  /** Its backpropagation through time: dz [T, B, 4U] from dhs ([T, B, U], or lastOnly [B, U]), gates, cs and Rᵀ (dh, dc: scratch [B, U]). wasm/train/lstm.ts · lstm-sequence.ts */
  lstmBackward(
    dhs: number,
    gates: number,
    cs: number,
    rT: number,
    dz: number,
    dh: number,
    dc: number,
    T: number,
    B: number,
    U: number,
    hard: boolean,
    lastOnly: boolean,
  ): void;
  /** One fused Adam step over n values (x, m, v updated into the *Out buffers). wasm/train/adam.ts · adam-update.ts */
  adamUpdate(
    x: number,
    m: number,
    v: number,
    g: number,
    n: number,
    xOut: number,
    mOut: number,
    vOut: number,
    beta1: number,
    oneMinusBeta1: number,
    beta2: number,
    oneMinusBeta2: number,
    oneMinusAccBeta1: number,
    oneMinusAccBeta2: number,
    epsilon: number,
    negLr: number,
  ): void;
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
