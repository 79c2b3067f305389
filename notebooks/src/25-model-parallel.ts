// %% [markdown]
// # Model parallelism: a pipeline of stages (GPipe)
// Data parallelism (notebook 07) copies the whole model onto every device. When the model itself is
// too big for one device, its layers are split instead: stage 1 holds the first layers, stage 2 the
// next, and so on, each on its own device. Run naively, only one stage works at a time; GPipe
// (Huang et al., 2019) cuts each batch into M micro-batches so the stages work on different
// micro-batches at once — all forward passes, then all backward passes, gradients summed over the
// micro-batches, one optimizer step per batch. Here the devices are `worker_threads`.
// %%
import { claim, showClaims, setup, loadMnist, mlp, show, showTable, lineChart, tf } from 'tfjs-workbook';
import { balancedSplit, describeSplit, theoreticalBubble } from 'tfjs-workbook/train';
import { idleCores } from 'tfjs-workbook/experiments/07-data-parallel';
import { compareWithOneProcess, pipelineSweep } from 'tfjs-workbook/experiments/25-model-parallel';
import { bubbleFigure, scheduleFigure } from 'tfjs-workbook/experiments/25-model-parallel/figures';
const backend = await setup({ seed: 25 });
// Timing needs free cores: measure how many sat idle over one second before anything is timed.
const before = await idleCores(1000);
console.log(
  `${before.cores} CPU cores; ${before.idle.toFixed(2)} of them idle over the last second; load average ${before.loadavg.map((l) => l.toFixed(2)).join(', ')} (1, 5, 15 min)`,
);
// %% [markdown]
// ## Cutting the model into stages
// A four-layer MLP of width 784 on MNIST digits: its hidden layers have equal cost, so it can be cut
// into stages of equal cost — the slowest stage sets the pace of a pipeline. A split is given as
// layer-index boundaries `[0, …, layers]`; `balancedSplit` picks the one whose largest stage has the
// fewest parameters (a split that skips a layer, repeats one or runs backwards is refused).
// %%
const makeModel = () => mlp({ inputShape: [28, 28, 1], hidden: [784, 784, 784, 784], seed: 25 });
const probe = makeModel();
showTable(
  [1, 2, 4].map((S) => ({
    stages: S,
    split: `[${balancedSplit(probe, S).join(', ')}]`,
    ...describeSplit(probe, balancedSplit(probe, S)),
  })),
);
// %% [markdown]
// ## Same gradients as one process
// One batch of 90 digits through 4 stages in 4 micro-batches (of 23, 23, 22 and 22 rows), against
// the same batch in this thread. Each stage recomputes its forward pass in the backward pass
// (GPipe's re-materialisation: only the stage's input is kept per micro-batch), and each
// micro-batch's loss is weighted by its share of the batch, so the summed gradients are the batch's.
// %%
const { train } = loadMnist({ trainSize: 512, testSize: 10, seed: 25 });
const same = await compareWithOneProcess(probe, train.xs, train.ys, {
  split: balancedSplit(probe, 4),
  microBatches: 4,
  batchSize: 90,
});
probe.dispose();
showTable([
  { comparison: 'max |Δ gradient|, 4 stages × 4 micro-batches vs one process', value: same.maxAbsDiff },
  { comparison: 'the same, relative to the largest gradient entry', value: same.relative },
  { comparison: '|Δ loss|', value: same.lossDiff },
]);
// %% [markdown]
// ## The bubble: idle stages
// While the first micro-batch travels down the pipeline, the later stages wait; while the last one
// travels back, the earlier stages wait. With S stages of equal cost and M micro-batches the idle
// share of stage time — the *bubble* — is (S−1)/(M+S−1). We train 4 batches of 128 digits for each
// S ∈ {1, 2, 4} and M ∈ {1, 2, 4, 8} and measure the bubble from the stages' own clocks:
// 1 − (time spent computing) ÷ (S × the batch's span). Each stage has
// floor(cores ÷ S) kernel threads, at least 1 (the workbook's thread budget: 2 stages share 2 cores
// one thread each; 4 stages on 2 cores share them, which a dedicated device would not).
// "Replayed" puts the same measured passes on S dedicated stages with instant links: the gap between
// it and the measured bubble is the machine's (messages, shared cores), the gap between it and the
// formula is the passes' uneven durations. Some unevenness is built in: the first stage needs no
// gradient for its input, so its backward passes are shorter, and the slowest stage sets the pace;
// the table's "busiest stage ÷ mean" (1 = balanced) shows how uneven the stages were.
// %%
const rows = await pipelineSweep(makeModel, train.xs, train.ys, {
  stages: [1, 2, 4],
  microBatches: [1, 2, 4, 8],
  batchSize: 128,
  steps: 4,
  seed: 25,
  onRow: (r, done, total) =>
    console.log(
      `${done}/${total}: S=${r.stages} M=${r.microBatches}: ${r.samplesPerSecond.toFixed(0)} samples/s, bubble ${r.bubble.toFixed(2)} (theory ${r.theory.toFixed(2)}), ${r.coresUsed.toFixed(2)} cores used`,
    ),
});
show(bubbleFigure(rows));
const row = (S: number, M: number) => rows.find((r) => r.stages === S && r.microBatches === M)!;
show(scheduleFigure(row(4, 1).lastStep, 'One batch, 4 stages, 1 micro-batch: one stage at a time'));
show(scheduleFigure(row(4, 8).lastStep, 'One batch, 4 stages, 8 micro-batches: the stages overlap'));
// %% [markdown]
// ## Throughput
// Samples per second for the same runs (start-up and a warm-up batch excluded). On CPU cores that
// a single process's threaded kernels can already use, a pipeline does not beat one stage with all the
// threads: the stages only split the same cores, and small micro-batches make smaller matrix products.
// `cores used` (CPU seconds ÷ wall seconds of the whole process) shows what the runs really got.
// %%
show(
  lineChart(
    [1, 2, 4].map((S) => ({
      name: `${S} stage${S > 1 ? 's' : ''} (${row(S, 1).threadsPerStage} thread${row(S, 1).threadsPerStage > 1 ? 's' : ''} each)`,
      x: rows.filter((r) => r.stages === S).map((r) => r.microBatches),
      y: rows.filter((r) => r.stages === S).map((r) => r.samplesPerSecond),
    })),
    {
      title: 'Training throughput (MLP 4 × 784, batch 128)',
      xTitle: 'micro-batches M',
      yTitle: 'samples / second',
      logX: true,
    },
  ),
);
showTable(
  rows.map((r) => ({
    stages: r.stages,
    'micro-batches': r.microBatches,
    'samples/s': r.samplesPerSecond,
    bubble: r.bubble,
    replayed: r.replayed,
    theory: r.theory,
    'busiest stage ÷ mean': Math.max(...r.lastStep.busyMs) / (r.lastStep.busyMs.reduce((a, b) => a + b, 0) / r.stages),
    'cores used': r.coresUsed,
    'stashed KiB per stage (max)': Math.max(...r.lastStep.stashBytes) / 1024,
  })),
);
// %% [markdown]
// ## On several GPUs
// The same split maps one stage to one GPU: stage s's layers and their optimizer state live in GPU
// s's memory (that is the point — a model S times too big for one GPU fits on S), the activation of
// each micro-batch goes from GPU s to GPU s+1 (NVLink or PCIe: `send`/`recv`, e.g. NCCL
// point-to-point), its gradient comes back the same way, and the stash holds only the stage inputs
// because the backward pass recomputes the rest. Nothing crosses to a host. The bubble formula is
// the same, and in practice M ≥ 4S keeps it under 20%: with 4 GPUs, 16 micro-batches give
// 3/19 ≈ 16%. Each GPU applies the optimizer to its own layers after the flush, so no all-reduce is
// needed — unless the pipeline is also replicated (data parallelism across pipelines, as in
// DeepSpeed and Megatron-LM, where the all-reduce runs per stage). Schedules that start backward
// passes early (1F1B, PipeDream) keep the same bubble but hold at most S micro-batches' stashes.
// In frameworks: `torch.distributed.pipelining` (GPipe and 1F1B schedules), DeepSpeed's
// `PipelineModule`, GPipe in Lingvo, and `jax`'s pipelining examples; TF.js has no multi-GPU training.
// %% [markdown]
// ## What we measured
// %%
const FREE = 1.5;
const coresFree = before.cores >= 2 && before.idle >= FREE;
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const sdOf = (v: number[]) => Math.sqrt(v.reduce((a, b) => a + (b - mean(v)) ** 2, 0) / Math.max(1, v.length - 1));
const speed = (S: number, M: number) => row(S, M).samplesPerSecond;
claim({
  id: 'micro-batches-shrink-bubble',
  text: 'with 2 stages, 8 micro-batches leave a smaller bubble than 1 (median over 4 batches; theory 0.11 vs 0.50)',
  measured: row(2, 8).bubble,
  expected: '<',
  against: row(2, 1).bubble,
  spread: sdOf(row(2, 8).bubbles),
});
claim({
  id: 'micro-batches-shrink-bubble-4-stages',
  text: 'with 4 stages, 8 micro-batches leave a smaller bubble than 1 (theory 0.27 vs 0.75)',
  measured: row(4, 8).bubble,
  expected: '<',
  against: row(4, 1).bubble,
  spread: sdOf(row(4, 8).bubbles),
});
claim({
  id: 'same-gradients-as-one-process',
  text: 'a batch pipelined over 4 stages and 4 micro-batches has the gradients of one process (max difference relative to the largest gradient)',
  measured: same.relative,
  expected: '<',
  against: 1e-5,
});
claim({
  id: 'one-micro-batch-bubble-is-theory',
  text: 'with 1 micro-batch only one stage works at a time: the measured bubble of 2 stages is (S−1)/S = 0.5',
  measured: row(2, 1).bubble,
  expected: '≈',
  against: theoreticalBubble(2, 1),
  tolerance: 0.1,
});
console.log(
  `Pipelined over 4 stages and 4 micro-batches, one batch had the gradients of one process (largest difference ${same.maxAbsDiff.toExponential(1)}, ` +
    `${same.relative.toExponential(1)} of the largest gradient). With 2 stages the bubble fell from ${row(2, 1).bubble.toFixed(2)} with 1 micro-batch to ` +
    `${row(2, 8).bubble.toFixed(2)} with 8 (theory 0.50 and ${theoreticalBubble(2, 8).toFixed(2)}; replayed on dedicated stages ${row(2, 8).replayed.toFixed(2)}), ` +
    `with 4 stages from ${row(4, 1).bubble.toFixed(2)} to ${row(4, 8).bubble.toFixed(2)} (theory 0.75 and ${theoreticalBubble(4, 8).toFixed(2)}). ` +
    `Throughput: 1 stage with ${row(1, 1).threadsPerStage} threads ${speed(1, 1).toFixed(0)} samples/s; 2 stages ${speed(2, 1).toFixed(0)} with 1 micro-batch, ` +
    `${speed(2, 8).toFixed(0)} with 8; 4 stages ${speed(4, 1).toFixed(0)} and ${speed(4, 8).toFixed(0)} (${backend.name}). ` +
    `Before the timing ${before.idle.toFixed(2)} of ${before.cores} cores were idle (load average ${before.loadavg[0].toFixed(2)}); the runs used ` +
    `${mean(rows.map((r) => r.coresUsed)).toFixed(2)} cores on average. ` +
    (coresFree
      ? 'The cores were free, so these throughputs are what the pipeline gives on this machine.'
      : 'Other programs kept the cores busy, so the throughputs and the gaps to the formula say more about them than about the pipeline: rerun on an idle machine.'),
);
showClaims();
train.dispose();
