/**
 * One kernel thread of ./thread-pool.ts: instantiates the training kernels on the pool's shared
 * memory, then waits on its control slot for a new sequence number, runs the kernel named there
 * with the arguments there, and writes the sequence number back as "done". Never touches tfjs.
 */
import { workerData } from 'node:worker_threads';
import { loadWasm } from '../../wasm/load';
import { FAILED, MAX_ARGS, POOL_KERNELS, SLOT_INTS } from './thread-pool';

const { memory, control, args, slot } = workerData as {
  memory: WebAssembly.Memory;
  control: Int32Array;
  args: Float64Array;
  slot: number;
};
const kernels = loadWasm('train-shared', { env: { memory } }).exports as unknown as Record<
  string,
  (...a: number[]) => void
>;
const at = slot * SLOT_INTS;
let seen = 0;
for (;;) {
  Atomics.wait(control, at, seen);
  const sequence = Atomics.load(control, at);
  if (sequence === seen) continue; // spurious wake-up
  seen = sequence;
  const index = control[at + 2];
  if (index < 0) break;
  const n = control[at + 3];
  try {
    kernels[POOL_KERNELS[index]](...Array.from(args.subarray(slot * MAX_ARGS, slot * MAX_ARGS + n)));
  } catch {
    control[at + 2] = FAILED; // the caller throws
  }
  Atomics.store(control, at + 1, sequence);
  Atomics.notify(control, at + 1);
}
