/**
 * What the backends notebook shows: the selection as a table, a short live benchmark (a few
 * steps per runtime) and its bar chart. The full-size run is `npm run bench:backend`.
 */
import * as os from 'node:os';
import { barChart, Figure } from '../lib';
import { checkInt } from '../lib/errors';
import { BACKEND_ORDER, BACKEND_PACKAGES, BackendChoice } from '../lib/backend';
import { BenchModel, timeTrainingStep } from './01-backends/benchmark';
import { TfBackend } from './01-backends/gradients';
import { torchTimingRows } from './01-backends/torch-reference';

// The pieces, for bench:backend and the kernel tests as well as the notebook.
export {
  timeTrainingStep,
  profileTrainingStep,
  buildBenchModel,
  BENCH_MODELS,
  type BenchModel,
  type StepTiming,
  type StepTimingOptions,
} from './01-backends/benchmark';
export {
  compareGradients,
  modelGradients,
  maxRelativeDifference,
  onBackend,
  TF_BACKENDS,
  type TfBackend,
  type ModelGradients,
} from './01-backends/gradients';
export {
  torchStepTimings,
  torchTimingRows,
  torchStepTiming,
  findTorchPython,
  PYTHON_CANDIDATES,
  torchEnvironment,
  TORCH_MALLOC_TUNABLES,
  type TorchAllocator,
  type TorchTiming,
  type TorchOptions,
} from './01-backends/torch-reference';

/** One row per backend in selection order: its package and whether it was used, skipped (why) or not tried. */
export function backendTable(
  choice: BackendChoice,
): { order: number; backend: string; package: string; status: string }[] {
  return BACKEND_ORDER.map((name, i) => {
    const skipped = choice.skipped.find((s) => s.name === name);
    const status =
      name === choice.name
        ? `✔ in use (${choice.reason})`
        : skipped
          ? `skipped: ${skipped.why}`
          : 'not tried (an earlier one worked)';
    return { order: i + 1, backend: name, package: BACKEND_PACKAGES[name], status };
  });
}

export interface BenchmarkRow {
  model: BenchModel;
  /** 'wasm', 'cpu', 'tensorflow', or 'pytorch 1t' / 'pytorch 2t' (PyTorch at 1 thread and at every core). */
  runtime: string;
  msPerStep: number;
  steps: number;
}

export interface QuickBenchmarkOptions {
  /** The project's backend (default 'wasm'). */
  backend?: TfBackend;
  /** Timed steps per model on the project backend and in PyTorch (default 5). */
  steps?: number;
  /** Also time ONE MLP step on the pure-JS cpu backend (a few seconds; never the CNN: ~1 min). */
  cpuMlp?: boolean;
  /** Include PyTorch when a Python with torch is found (default true). */
  torch?: boolean;
  /** Called with one line per finished measurement (e.g. console.log), so a long run shows progress. */
  log?: (line: string) => void;
}

/** A few training steps of the reference CNN and MLP per runtime: a live, small version of bench:backend. */
export async function quickBenchmark(options: QuickBenchmarkOptions = {}): Promise<BenchmarkRow[]> {
  const { backend = 'wasm', steps = 5, cpuMlp = true, torch = true, log = () => {} } = options;
  checkInt('quickBenchmark', 'steps', steps, 1, 100);
  const rows: BenchmarkRow[] = [];
  const add = (row: BenchmarkRow) => {
    rows.push(row);
    log(`${row.model.toUpperCase()} on ${row.runtime}: ${row.msPerStep.toFixed(1)} ms/step (median of ${row.steps})`);
  };
  for (const model of ['cnn', 'mlp'] as const)
    add({
      model,
      runtime: backend,
      msPerStep: (await timeTrainingStep(model, backend, { steps, warmup: 2 })).msPerStep,
      steps,
    });
  if (cpuMlp && backend !== 'cpu')
    add({
      model: 'mlp',
      runtime: 'cpu',
      msPerStep: (await timeTrainingStep('mlp', 'cpu', { steps: 1, warmup: 0 })).msPerStep,
      steps: 1,
    });
  // PyTorch at one thread and at every core: its default on a 2-core machine is one thread, and
  // comparing with that alone would flatter us; with glibc's malloc tuned (TORCH_MALLOC_TUNABLES),
  // without which PyTorch's step is several times slower here
  const py = torch
    ? torchTimingRows(['cnn', 'mlp'], { steps, warmup: 2, threads: [...new Set([1, os.availableParallelism()])] })
    : null;
  if (!py && torch) log('PyTorch: no Python with torch found, skipped');
  for (const row of py ?? [])
    add({ model: row.model, runtime: `pytorch ${row.threads}t`, msPerStep: row.msPerStep, steps });
  return rows;
}

/** Bar chart of ms per training step, one bar per (model, runtime), log scale (cpu is ~100× off). */
export function benchmarkChart(
  rows: BenchmarkRow[],
  title = 'ms per training step (batch 64, Adam) — lower is faster',
): Figure {
  const labels = rows.map((r) => `${r.model.toUpperCase()} · ${r.runtime}`);
  return barChart(
    labels,
    rows.map((r) => Number(r.msPerStep.toFixed(1))),
    { title, yTitle: 'ms / step (log)', logY: true, text: true },
  );
}

/** Seconds for one epoch over `samples` images at `msPerStep` per batch. */
export function epochSeconds(msPerStep: number, samples = 60000, batchSize = 64): number {
  return (Math.ceil(samples / batchSize) * msPerStep) / 1000;
}
