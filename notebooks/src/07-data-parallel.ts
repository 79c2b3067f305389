// %% [markdown]
// # Data-parallel training
// With N compute devices, synchronous data parallelism splits every batch into N shards: each
// replica of the model computes the gradients of its shard, the gradients are averaged (an
// *all-reduce*), and every replica applies the same update — so the replicas stay identical and the
// result is the same as training on the whole batch in one place, only faster. This is what
// TF `MirroredStrategy`, Horovod and PyTorch DDP do across GPUs and machines; here the devices are
// `worker_threads` on the CPU cores of one machine.
// %%
import * as os from 'os';
import { setup, loadMnist, mlp, referenceCnn, fit, show, showTable, barChart, tf } from 'tfjs-workbook';
import { fitDataParallel } from 'tfjs-workbook/train';
import { dataParallelThroughput } from 'tfjs-workbook/experiments/07-data-parallel';
const backend = await setup({ seed: 7 });
console.log(`${os.cpus().length} CPU cores available`);
// %% [markdown]
// ## Same result as one process
// `fitDataParallel` is `fit` with its gradients computed by worker replicas (each rebuilt from the
// model's JSON topology and weights, with the backend set up inside the worker). We train the same
// MLP twice — in this thread on full batches, and with 2 workers on half-batches — and compare
// the weights, and each worker replica with the coordinator's copy.
// %%
const { train } = loadMnist({ trainSize: 1024, testSize: 10, seed: 7 });
const single = mlp({ inputShape: [28, 28, 1], hidden: [64], seed: 7 });
const h1 = await fit(single, train.xs, train.ys, { epochs: 2, batchSize: 64, optimizer: tf.train.adam(1e-3), seed: 7 });
const parallel = mlp({ inputShape: [28, 28, 1], hidden: [64], seed: 7 });
const h2 = await fitDataParallel(parallel, train.xs, train.ys, { workers: 2, epochs: 2, batchSize: 64, optimizer: tf.train.adam(1e-3), seed: 7, keepPool: true });
const flat = (ws: ArrayLike<number>[]) => ws.flatMap((w) => Array.from(w));
const maxDiff = (a: number[], b: number[]) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
const coordinator = flat(parallel.getWeights().map((w) => w.dataSync()));
const vsSingle = maxDiff(coordinator, flat(single.getWeights().map((w) => w.dataSync())));
const replicaDiffs = [];
for (const rank of [0, 1]) replicaDiffs.push(maxDiff(flat(await h2.pool!.replicaWeights(rank)), coordinator));
await h2.pool!.close();
single.dispose(); parallel.dispose();
showTable([
  { comparison: '2 workers vs 1 process, max |Δw|', value: vsSingle },
  { comparison: 'worker replicas vs coordinator, max |Δw|', value: Math.max(...replicaDiffs) },
  { comparison: 'final epoch loss, 1 process', value: h1.history.loss[1] },
  { comparison: 'final epoch loss, 2 workers', value: h2.history.loss[1] },
]);
// %% [markdown]
// ## Speed: samples per second
// The reference CNN (the one of the backend benchmark) trained for one epoch on 1,024 digits
// (batch 128) in this thread, with 1 worker and with 2 workers, measured in the same run (worker
// start-up and a warm-up step excluded). The ideal with 2 workers on 2 cores is 2×; averaging, the
// messages and each replica applying the update cost a little, other programs sharing the cores
// more. `cpuSeconds / seconds` says how many cores the run really got.
// %%
const rows = await dataParallelThroughput(() => referenceCnn({ seed: 7 }), train.xs, train.ys, { workers: [1, 2], batchSize: 128, inProcess: true });
const label = (w: number) => (w === 0 ? 'this thread, no workers' : `${w} worker${w > 1 ? 's' : ''}`);
show(barChart(rows.map((r) => label(r.workers)), rows.map((r) => r.samplesPerSecond), { title: 'Training throughput (reference CNN, batch 128)', yTitle: 'samples / second' }));
showTable(rows.map((r) => ({ setup: label(r.workers), 'samples/s': r.samplesPerSecond, seconds: r.seconds, 'cores busy': r.cpuSeconds / r.seconds })));
// %% [markdown]
// ## What changes across machines
// On one machine the all-reduce is a memory copy; across machines it crosses the network, so
// frameworks use ring or tree all-reduce (Horovod, NCCL) and overlap it with the backward pass
// (DDP's gradient buckets). The global batch grows with the number of replicas, so the learning
// rate usually grows with it (linear scaling with warmup — `withWarmup` from the schedules
// notebook). Multi-machine training belongs to TF `MirroredStrategy`/`MultiWorkerMirroredStrategy`,
// Horovod or PyTorch DDP: export the model (see the compression-and-export notebook) and train it there.
// %% [markdown]
// ## What we measured
// %%
const [inProcess, one, two] = rows;
console.log(`Two workers trained the MLP to the same weights as one process (max difference ${vsSingle.toExponential(1)}), and every replica matched the coordinator ` +
  `(${Math.max(...replicaDiffs).toExponential(1)}). The reference CNN ran at ${one.samplesPerSecond.toFixed(0)} samples/s with 1 worker and ${two.samplesPerSecond.toFixed(0)} with 2 — ` +
  `a ${(two.samplesPerSecond / one.samplesPerSecond).toFixed(2)}× speedup, using ${(two.cpuSeconds / two.seconds).toFixed(2)} of ${os.cpus().length} cores ` +
  `(${inProcess.samplesPerSecond.toFixed(0)} samples/s in this thread without workers; ${backend.name}).`);
train.dispose();
