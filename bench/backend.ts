/**
 * Backend benchmark: ms per training step (batch 64, Adam 1e-3) of the reference CNN and the
 * 784-800-800-10 MLP on the project's default backend, on stock tfjs `cpu`, and in PyTorch CPU at
 * one intra-op thread and at every core (torch.set_num_threads), all in one run, so the ratios
 * mean something. The project (wasm) is timed at one kernel thread and at every core too
 * (setTrainingThreads), and its best is compared with PyTorch's BEST setting, not its default (on
 * a 2-core machine PyTorch defaults to one thread, and its two-thread runs are much faster; and
 * glibc's default malloc returns every freed tensor to the kernel, so each step page-faults its
 * memory back in: PyTorch runs with TORCH_MALLOC_TUNABLES, and once per round without, reported as
 * torch_glibc_default_* to show what an untuned PyTorch measures). The
 * threaded wasm kernels copy operands into shared memory: copy_share_threaded is the copies' share.
 * Where the native kernels run (`native: true`; `native_isa`: avx512 or avx2, whichever their register
 * blocks use, WORKBOOK_NATIVE_ISA=avx2 to hold them to AVX2), the wasm kernels alone are timed too, at
 * every core, in the same rounds (project_wasm_only_all), to show what the native kernels add.
 * Project and PyTorch alternate for three rounds; each setting reports the best of its round
 * medians. The project and cpu runs start from the same weights and batch; their first-step
 * gradients are compared (max_rel_grad_diff). The load average is recorded at the start and end,
 * with a warning when the machine was busy. Last line: one JSON object.
 *
 *   npm run bench:backend            (BENCH_STEPS=20 timed steps per model by default;
 *                                     BENCH_CPU=0 skips the slow tfjs-cpu gradient check;
 *                                     BENCH_PROFILE=1 also prints the per-kernel tf.profile table;
 *                                     WORKBOOK_TORCH_PYTHON picks the interpreter, default /usr/bin/python3)
 */
import {
  BENCH_MODELS,
  profileTrainingStep,
  maxRelativeDifference,
  timeTrainingStep,
  torchTimingRows,
  findTorchPython,
  BenchModel,
  TfBackend,
} from '../src/experiments/01-backends';
import {
  describeBackend,
  nativeIsa,
  nativeKernelsActive,
  selectBackend,
  setNativeKernels,
  setTrainingThreads,
} from '../src/lib/backend';
import { parallelStats } from '../src/lib/backend/kernels/parallel';
import { busyWarning, recordLoad } from './machine-load';

const STEPS = Number(process.env.BENCH_STEPS ?? 20);
const WARMUP = 3;
const ROUNDS = 3;
const CPU_STEPS: Record<BenchModel, number> = { cnn: 1, mlp: 3 }; // the pure-JS cpu backend needs ~1 min per CNN step

const round = (v: number, digits = 1) => Number(v.toFixed(digits));
const unique = (v: number[]) => [...new Set(v)];

/** Best (lowest) round median per setting, and the setting that won. */
function best(byThreads: Map<number, number[]>): { ms: number; threads: number } | null {
  let winner: { ms: number; threads: number } | null = null;
  for (const [threads, times] of byThreads)
    for (const ms of times) if (!winner || ms < winner.ms) winner = { ms, threads };
  return winner;
}
const bestAt = (byThreads: Map<number, number[]>, threads: number) =>
  byThreads.get(threads)?.length ? round(Math.min(...byThreads.get(threads)!)) : null;
const push = (m: Map<number, number[]>, k: number, v: number) => m.set(k, [...(m.get(k) ?? []), v]);

async function main(): Promise<void> {
  const load = recordLoad();
  console.log(`Load average at start: ${load.start.join(', ')} (${load.cores} cores)`);
  const choice = await selectBackend();
  console.log(describeBackend(choice));
  const project = (choice.name === 'tensorflow-gpu' ? 'tensorflow' : choice.name) as TfBackend;
  const python = findTorchPython([process.env.WORKBOOK_TORCH_PYTHON ?? '/usr/bin/python3']);
  console.log(
    python
      ? `PyTorch: importable from ${python}`
      : 'PyTorch: not found (torch figures null; apt-get install python3-torch)',
  );
  const torchThreads = unique([1, load.cores]);
  // the project's kernels at one thread and at every core (wasm only: other backends thread themselves)
  const projectThreads = project === 'wasm' ? torchThreads : [1];
  const copyShare: Record<string, number | null> = {};
  const results: Record<string, Record<string, number | string | null>> = {};
  const projectMs = {} as Record<BenchModel, Map<number, number[]>>;
  const native = project === 'wasm' && nativeKernelsActive();
  let maxRelGradDiff: number | null = null;
  let torchVersion: string | null = null;
  for (const model of BENCH_MODELS) {
    // project and PyTorch alternate, ROUNDS times, and each setting keeps its best median: the
    // machine is shared, so a load spike during one side's turn must not decide the ratio
    const mine = new Map<number, number[]>();
    const theirs = new Map<number, number[]>();
    const theirsUntuned = new Map<number, number[]>();
    const wasmOnly = new Map<number, number[]>();
    let first: Awaited<ReturnType<typeof timeTrainingStep>> | null = null;
    for (let r = 1; r <= ROUNDS; r++) {
      console.log(
        `\n${model}, round ${r}/${ROUNDS}: ${STEPS} steps on ${project}${python ? ` and in PyTorch at ${torchThreads.join(' and ')} thread(s)` : ''} …`,
      );
      for (const threads of projectThreads) {
        if (project === 'wasm') setTrainingThreads(threads);
        const stats = { ...parallelStats };
        const t = await timeTrainingStep(model, project, { steps: STEPS, warmup: WARMUP });
        first ??= t;
        push(mine, threads, t.msPerStep);
        // staging operands into the threads' shared memory and back: its share of the kernels' time
        const copies = parallelStats.copyMs - stats.copyMs;
        const share = copies / (copies + parallelStats.kernelMs - stats.kernelMs || 1);
        if (threads > 1) copyShare[model] = round(Math.max(copyShare[model] ?? 0, share), 3);
        console.log(
          `  ${project} (${threads} thread${threads > 1 ? 's' : ''}): ${t.msPerStep.toFixed(1)} ms/step (median)${threads > 1 ? `; copies to/from shared memory ${(copies / (STEPS + WARMUP)).toFixed(2)} ms/step (${(100 * share).toFixed(0)}% of the threaded kernels' time)` : ''}`,
        );
      }
      if (native) {
        setTrainingThreads(load.cores);
        setNativeKernels(false);
        const t = await timeTrainingStep(model, project, { steps: STEPS, warmup: WARMUP });
        setNativeKernels(true);
        push(wasmOnly, load.cores, t.msPerStep);
        console.log(
          `  wasm kernels only (native off, ${load.cores} threads): ${t.msPerStep.toFixed(1)} ms/step (median)`,
        );
      }
      for (const allocator of ['tuned', 'glibc-default'] as const)
        for (const py of python
          ? torchTimingRows([model], { steps: STEPS, warmup: WARMUP, python, threads: torchThreads, allocator })!
          : []) {
          push(allocator === 'tuned' ? theirs : theirsUntuned, py.threads, py.msPerStep);
          torchVersion = py.version;
          console.log(
            `  PyTorch ${py.version} (${py.threads} thread${py.threads > 1 ? 's' : ''}, ${allocator === 'tuned' ? 'malloc tuned' : "glibc's default malloc"}): ${py.msPerStep.toFixed(1)} ms/step (median)`,
          );
        }
    }
    let cpuMs: number | null = null;
    if (process.env.BENCH_CPU !== '0') {
      console.log(
        `  tfjs cpu: ${CPU_STEPS[model]} step(s) from the same weights${model === 'cnn' ? ' (one to three minutes)' : ''} …`,
      );
      const cpu = await timeTrainingStep(model, 'cpu', { steps: CPU_STEPS[model], warmup: 0, weights: first!.weights });
      const diff = maxRelativeDifference(first!.firstGradients, cpu.firstGradients);
      maxRelGradDiff = Math.max(maxRelGradDiff ?? 0, diff);
      cpuMs = round(cpu.msPerStep);
      console.log(
        `  tfjs cpu: ${cpu.msPerStep.toFixed(0)} ms/step; first-step gradients ${project} vs cpu: max rel diff ${diff.toExponential(2)}`,
      );
    }
    projectMs[model] = mine;
    const ours = best(mine)!;
    // PyTorch's best over thread counts and both allocators (the tuned one wins here)
    const tunedBest = best(theirs);
    const untunedBest = best(theirsUntuned);
    const torchBest = untunedBest && (!tunedBest || untunedBest.ms < tunedBest.ms) ? untunedBest : tunedBest;
    const torchBestAllocator = torchBest === null ? null : torchBest === tunedBest ? 'tuned' : 'glibc-default';
    results[`${model}_ms`] = {
      project: round(ours.ms),
      project_threads: ours.threads,
      project_1t: bestAt(mine, 1),
      project_all: bestAt(mine, load.cores),
      project_wasm_only_all: bestAt(wasmOnly, load.cores),
      torch_1t: bestAt(theirs, 1),
      torch_all: bestAt(theirs, load.cores),
      torch_best: torchBest && round(torchBest.ms),
      torch_best_threads: torchBest?.threads ?? null,
      torch_best_allocator: torchBestAllocator,
      torch_glibc_default_1t: bestAt(theirsUntuned, 1),
      torch_glibc_default_all: bestAt(theirsUntuned, load.cores),
      tfjs_cpu: cpuMs,
    };
    if (process.env.BENCH_PROFILE) {
      console.log(`  ${model} on ${project}, tf.profile of one step (kernel: ms, calls):`);
      for (const k of await profileTrainingStep(model, project))
        if (k.ms >= 0.05)
          console.log(`    ${k.kernel.padEnd(28)} ${k.ms.toFixed(2).padStart(7)} ${String(k.calls).padStart(4)}`);
    }
    if (torchBest)
      console.log(
        `  ${model}: project (${ours.threads} thread(s)) / PyTorch's best (${torchBest.threads} thread(s), ${torchBestAllocator === 'tuned' ? 'malloc tuned' : "glibc's default malloc"}) = ${(ours.ms / torchBest.ms).toFixed(2)}× (best of ${ROUNDS} alternating rounds each)`,
      );
  }
  setTrainingThreads(load.cores);
  const scaling = (m: BenchModel) =>
    projectThreads.length > 1 ? round(bestAt(projectMs[m], 1)! / bestAt(projectMs[m], load.cores)!, 2) : null;
  const ratio = (m: string) =>
    results[m].torch_best ? round((results[m].project as number) / (results[m].torch_best as number), 2) : null;
  const loadavg = load.finish(Math.max(...projectThreads, ...torchThreads));
  console.log(`\nLoad average at end: ${loadavg.end.join(', ')}`);
  const warning = busyWarning(loadavg);
  if (warning) console.log(warning);
  console.log(
    JSON.stringify({
      ...results,
      project_vs_torch_best: { cnn: ratio('cnn_ms'), mlp: ratio('mlp_ms') },
      project_1t_vs_all: { cnn: scaling('cnn'), mlp: scaling('mlp') },
      copy_share_threaded: copyShare,
      loadavg,
      max_rel_grad_diff: maxRelGradDiff === null ? null : Number(maxRelGradDiff.toExponential(3)),
      backend: choice.name,
      native,
      native_isa: native ? nativeIsa() : null,
      torch_version: torchVersion,
      batch: 64,
      steps: STEPS,
      rounds: ROUNDS,
    }),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
