/**
 * Worker threads for the wasm training kernels. Every thread (this one and trainingThreads() − 1
 * workers) instantiates the same kernels (wasm/train.ts built as `train-shared`) on ONE shared
 * WebAssembly.Memory, so a product or a convolution can be split across them with no messages:
 * the caller writes each worker's kernel and arguments into a small shared control block, bumps the
 * worker's sequence number (Atomics.notify), runs its own share, and waits (Atomics.wait) until
 * every worker has written that number back. Kernels are synchronous, and so is this.
 *
 * Why a separate memory: tfjs's wasm heap, where tensors live, is a plain ArrayBuffer (Node gets
 * tfjs's single-threaded build: WASM_HAS_MULTITHREAD_SUPPORT is false, and forcing the threaded
 * build fails as its pthreads start from a blob: URL, which Node's Worker rejects). So operands are
 * staged (copied) into the shared memory and results copied back: ./parallel.ts measures that cost.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { loadWasm } from '../../wasm/load';
import type { TrainKernels } from './train-module';

/** Kernels a worker can run, by index in the control block. */
export const POOL_KERNELS = [
  'matmul',
  'convDirectRange',
  'filterGradientChunks',
  'winogradTiles',
  'winogradFilterGradRows',
] as const;
export type PoolKernel = (typeof POOL_KERNELS)[number];

const MAX_ARGS = 24;
const SLOT_INTS = 4; // [sequence, done, kernel index (−1 = exit), argument count]
const PAGE = 65536;
const MAX_PAGES = 16384; // the 1 GiB train-shared declares

/** The same kernels, here on the shared memory (pointers are offsets into it). */
export type SharedKernels = TrainKernels;

export class KernelThreadPool {
  readonly memory = new WebAssembly.Memory({ initial: 16, maximum: MAX_PAGES, shared: true });
  readonly kernels: SharedKernels;
  private readonly control: Int32Array;
  private readonly args: Float64Array;
  private readonly workers: Worker[] = [];
  private sequence = 0;

  constructor(readonly threads: number) {
    this.kernels = loadWasm('train-shared', { env: { memory: this.memory } }).exports as unknown as SharedKernels;
    const workers = threads - 1;
    this.control = new Int32Array(new SharedArrayBuffer(Math.max(1, workers) * SLOT_INTS * 4));
    this.args = new Float64Array(new SharedArrayBuffer(Math.max(1, workers) * MAX_ARGS * 8));
    for (let slot = 0; slot < workers; slot++) {
      const worker = new Worker(path.join(__dirname, 'thread-worker.js'), {
        workerData: { memory: this.memory, control: this.control, args: this.args, slot },
      });
      worker.unref(); // idle workers never keep the process alive
      this.workers.push(worker);
    }
  }

  /**
   * Threads that run kernels now, counted by running an empty product on every one of them (this
   * thread and each worker): run() returns only once every worker has answered.
   */
  liveThreads(): number {
    const calls = Array.from({ length: 1 + this.workers.length }, () => [0, 0, 0, 0, 0, 0]);
    this.run('matmul', calls);
    return calls.length;
  }

  /** Makes the shared memory at least `bytes` long; false when that exceeds its 1 GiB maximum. */
  reserve(bytes: number): boolean {
    const pages = Math.ceil(bytes / PAGE);
    const have = this.memory.buffer.byteLength / PAGE;
    if (pages > MAX_PAGES) return false;
    if (pages > have) this.memory.grow(pages - have);
    return true;
  }

  /** f32 view of the shared memory (re-made after every growth). */
  floats(offset: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, offset, length);
  }

  /**
   * Runs `kernel` once per entry of `calls`: the first here, the others on workers 0, 1, … (at most
   * `threads` calls), and returns when all have finished.
   */
  run(kernel: PoolKernel, calls: number[][]): void {
    if (calls.length > this.threads)
      throw new Error(`KernelThreadPool: ${calls.length} calls for ${this.threads} threads`);
    const workers = this.dispatch(kernel, calls.slice(1));
    try {
      (this.kernels[kernel] as (...a: number[]) => void)(...calls[0]);
    } finally {
      this.join(kernel, workers);
    }
  }

  /**
   * Starts `kernel` on workers 0, 1, … (one call each, at most threads − 1) and returns at once, so
   * this thread can do its own share meanwhile (on the tfjs heap: ./parallel.ts); join() waits.
   * Returns how many workers were started.
   */
  dispatch(kernel: PoolKernel, calls: number[][]): number {
    if (calls.length > this.workers.length)
      throw new Error(`KernelThreadPool: ${calls.length} calls for ${this.workers.length} workers`);
    const index = POOL_KERNELS.indexOf(kernel);
    const sequence = ++this.sequence;
    for (let w = 0; w < calls.length; w++) {
      const args = calls[w];
      this.args.set(args, w * MAX_ARGS);
      const at = w * SLOT_INTS;
      this.control[at + 2] = index;
      this.control[at + 3] = args.length;
      Atomics.store(this.control, at, sequence);
      Atomics.notify(this.control, at);
    }
    return calls.length;
  }

  /** Waits until the first `workers` workers have finished what dispatch() started. */
  join(kernel: PoolKernel, workers: number): void {
    const sequence = this.sequence;
    for (let w = 0; w < workers; w++) {
      const done = w * SLOT_INTS + 1;
      for (let seen = Atomics.load(this.control, done); seen !== sequence; seen = Atomics.load(this.control, done))
        Atomics.wait(this.control, done, seen);
      if (this.control[done + 1] === FAILED) throw new Error(`KernelThreadPool: ${kernel} failed on worker ${w}`);
    }
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    for (let w = 0; w < this.workers.length; w++) {
      const at = w * SLOT_INTS;
      this.control[at + 2] = -1;
      Atomics.store(this.control, at, ++this.sequence);
      Atomics.notify(this.control, at);
    }
    await Promise.all(this.workers.map((worker) => worker.terminate()));
    this.workers.length = 0;
  }
}

export { MAX_ARGS, SLOT_INTS };
/** Kernel index a worker writes back when its kernel threw. */
export const FAILED = -2;
