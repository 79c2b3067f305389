/**
 * Native kernels (native/*.c: a GEMM and convolutions on AVX-512 or AVX2 register blocks, a fused
 * Adam step, max pooling, ReLU, the bias add and their gradients, on their own pthread pool; built by
 * `npm run build` when the machine has a C compiler) for the wasm backend's training kernels.
 * WebAssembly SIMD is 128 bits wide, so a core runs our wasm GEMM at about half the speed it reaches
 * with 256-bit FMA (~50 vs ~105 GFLOP/s here) and a quarter of AVX-512's on this project's Zen 5
 * machines; the native kernels read and write the tfjs wasm heap in place, so they need no staging
 * copies either. Used when the addon was built, the CPU has AVX2 and FMA, and they are not switched
 * off: `setNativeKernels(false)` or WORKBOOK_NATIVE=0. Otherwise the wasm kernels run, with the same
 * results up to float rounding (the native products fuse each multiply-add; results are the same
 * bytes at any thread count, and with AVX-512 or AVX2, either way).
 */
import * as path from 'node:path';
import * as fs from 'node:fs';
import { checkOneOf, WorkbookError } from '../errors';

export const NATIVE_ENV = 'WORKBOOK_NATIVE';
/** Holds the native kernels to one instruction set: avx2, avx512 (where the CPU has it) or auto (the default). */
export const NATIVE_ISA_ENV = 'WORKBOOK_NATIVE_ISA';
export const NATIVE_ISAS = ['auto', 'avx2', 'avx512'] as const;
export type NativeIsa = (typeof NATIVE_ISAS)[number];

/** The addon's functions (native/addon.c). */
export interface NativeKernels {
  /** c [M, N] = op(a) · op(b) on the heap (byte offsets), split over `threads` threads. */
  gemm(
    heap: ArrayBuffer,
    a: number,
    b: number,
    c: number,
    M: number,
    K: number,
    N: number,
    transA: boolean,
    transB: boolean,
    threads: number,
  ): void;
  /** One fused Adam step (the arithmetic of wasm/train/adam.ts, 8 lanes, split over `threads`). */
  adam(
    heap: ArrayBuffer,
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
    threads: number,
  ): void;
  /**
   * Conv2D (gradient false: out = conv(x, w)) or its filter gradient (gradient true: out = dW from
   * x and w = dy) over the NHWC input x [b, H, W, ci] zero-padded by top/left/bottom/right (in a
   * buffer the addon keeps), undilated (native/conv.c).
   */
  conv(
    heap: ArrayBuffer,
    xp: number,
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
    top: number,
    left: number,
    bottom: number,
    right: number,
    gradient: boolean,
    threads: number,
  ): void;
  /**
   * Max pooling over windows that tile the image (native/pool2d.c): out [B, OH, OW, C] from x
   * (gradient false; dy unused), or dx [B, H, W, C] routing dy to each window's first strict maximum
   * (gradient true; pixels outside every window untouched).
   */
  maxPool(
    heap: ArrayBuffer,
    x: number,
    dy: number,
    out: number,
    B: number,
    H: number,
    W: number,
    C: number,
    OH: number,
    OW: number,
    fh: number,
    fw: number,
    gradient: boolean,
    threads: number,
  ): void;
  /** out = dy · step(x) over n floats: ReLU's gradient (native/elementwise.c). */
  reluGrad(heap: ArrayBuffer, dy: number, x: number, out: number, n: number, threads: number): void;
  /** out [rows, cols] = x + v with v a row vector [cols]: a bias add (native/elementwise.c). */
  addRowVector(heap: ArrayBuffer, x: number, v: number, out: number, rows: number, cols: number, threads: number): void;
  /** out = relu(x) over n floats, the stock wasm Relu's results (−0 → 0, NaN kept) (native/elementwise.c). */
  relu(heap: ArrayBuffer, x: number, out: number, n: number, threads: number): void;
  /** out [cols] = x [rows, cols] summed down each column in float64: a bias gradient (native/elementwise.c). */
  columnSums(heap: ArrayBuffer, x: number, out: number, rows: number, cols: number, threads: number): void;
  /** Sets the register blocks' instruction set when given one (RangeError if refused); returns the one in use. */
  isa(name?: NativeIsa): 'avx2' | 'avx512';
  supported(): boolean;
}

/** Where `npm run build` puts the addon (dist/native/, beside dist/src/). */
export const NATIVE_ADDON = path.resolve(__dirname, '../../../native/workbook_native.node');

let loaded: NativeKernels | null | undefined;
let enabled: boolean | undefined;

/** The addon, or null when it was not built or the CPU lacks AVX2/FMA. */
export function nativeAddon(): NativeKernels | null {
  if (loaded === undefined) {
    loaded = null;
    if (fs.existsSync(NATIVE_ADDON)) {
      const addon = require(NATIVE_ADDON) as NativeKernels;
      if (addon.supported()) {
        const env = process.env[NATIVE_ISA_ENV];
        if (env) applyIsa(addon, 'nativeKernels', NATIVE_ISA_ENV, env);
        loaded = addon;
      }
    }
  }
  return loaded;
}

/** Whether the native kernels are switched on (default on; WORKBOOK_NATIVE=0 switches them off). */
function nativeEnabled(): boolean {
  if (enabled === undefined) {
    const env = process.env[NATIVE_ENV];
    if (env !== undefined && env !== '' && env !== '0' && env !== '1')
      throw new WorkbookError('nativeKernels', NATIVE_ENV, env, '0 (off) or 1 (on, the default), or unset');
    enabled = env !== '0';
  }
  return enabled;
}

/** The native kernels when available and switched on, else null (the wasm kernels run). */
export function nativeKernels(): NativeKernels | null {
  return nativeEnabled() ? nativeAddon() : null;
}

/** Whether the wasm backend's products and Adam steps run on the native kernels now. */
export function nativeKernelsActive(): boolean {
  return nativeKernels() !== null;
}

/** Switches the native kernels on or off; returns the previous setting. On without the addon is an error naming why. */
export function setNativeKernels(on: boolean): boolean {
  checkOneOf('setNativeKernels', 'on', on, [true, false]);
  const before = nativeEnabled();
  if (on && !nativeAddon())
    throw new WorkbookError(
      'setNativeKernels',
      'on',
      on,
      'false here',
      fs.existsSync(NATIVE_ADDON)
        ? 'setNativeKernels: this CPU lacks AVX2/FMA, so the native kernels cannot run; the wasm kernels do'
        : `setNativeKernels: the native kernels were not built (${NATIVE_ADDON} is missing): install a C compiler (apt-get install gcc) and run npm run build`,
    );
  enabled = on;
  return before;
}

function applyIsa(addon: NativeKernels, where: string, name: string, isa: unknown): void {
  checkOneOf(where, name, isa, NATIVE_ISAS);
  try {
    addon.isa(isa as NativeIsa);
  } catch {
    throw new WorkbookError(
      where,
      name,
      isa,
      'auto or avx2 here',
      `${where}: ${name} = avx512, but this CPU lacks AVX-512`,
    );
  }
}

/**
 * The instruction set of the native kernels' register blocks now ('avx512' where the CPU has it,
 * else 'avx2'), or null when the native kernels are off or unavailable. Both give the same bytes:
 * each output element is the same chain of fused multiply-adds, only more of them per instruction.
 */
export function nativeIsa(): 'avx2' | 'avx512' | null {
  return nativeKernels()?.isa() ?? null;
}

/**
 * Holds the native kernels to `isa` ('avx2', 'avx512' where the CPU has it, or 'auto': the widest
 * it has), for the whole process; returns the one in use before. WORKBOOK_NATIVE_ISA sets it at load.
 */
export function setNativeIsa(isa: NativeIsa): 'avx2' | 'avx512' {
  checkOneOf('setNativeIsa', 'isa', isa, NATIVE_ISAS);
  const addon = nativeAddon();
  if (!addon)
    throw new WorkbookError(
      'setNativeIsa',
      'isa',
      isa,
      'nothing: the native kernels are not available here (see setNativeKernels)',
    );
  const before = addon.isa();
  applyIsa(addon, 'setNativeIsa', 'isa', isa);
  return before;
}
