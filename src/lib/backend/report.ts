/**
 * What the backends notebook shows: the selection as a table, a short live benchmark (a few
 * steps per runtime) and its bar chart. The full-size run is `npm run bench:backend`.
 */
import { barChart, Figure } from '../plot';
import { check, checkInt } from '../errors';
import { BACKEND_ORDER, BACKEND_PACKAGES, BackendChoice } from './select';
import { BenchModel, timeTrainingStep } from './benchmark';
import { TfBackend } from './compare';
import { torchStepTimings } from './torch-reference';
import { checkArray, checkNumber, checkObject, checkOptions, checkString } from '../validate';

/** One row per backend in selection order: its package and whether it was used, skipped (why) or not tried. */
export function backendTable(choice: BackendChoice): { order: number; backend: string; package: string; status: string }[] {
  checkObject('backendTable', 'choice', choice);
  check(typeof choice.name === 'string' && Array.isArray(choice.skipped), 'backendTable', 'choice', 'an object without name/skipped', 'the BackendChoice that selectBackend returns');
  return BACKEND_ORDER.map((name, i) => {
    const skipped = choice.skipped.find((s) => s.name === name);
    const status = name === choice.name ? `✔ in use (${choice.reason})` : skipped ? `skipped: ${skipped.why}` : 'not tried (an earlier one worked)';
    return { order: i + 1, backend: name, package: BACKEND_PACKAGES[name], status };
  });
}

export interface BenchmarkRow {
  model: BenchModel;
  /** 'wasm', 'cpu', 'tensorflow' or 'pytorch'. */
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
  options = checkOptions('quickBenchmark', options, ['backend', 'steps', 'cpuMlp', 'torch', 'log']);
  const { backend = 'wasm', steps = 5, cpuMlp = true, torch = true, log = () => {} } = options;
  checkInt('quickBenchmark', 'steps', steps, 1, 100);
  const rows: BenchmarkRow[] = [];
  const add = (row: BenchmarkRow) => {
    rows.push(row);
    log(`${row.model.toUpperCase()} on ${row.runtime}: ${row.msPerStep.toFixed(1)} ms/step (median of ${row.steps})`);
  };
  for (const model of ['cnn', 'mlp'] as const) add({ model, runtime: backend, msPerStep: (await timeTrainingStep(model, backend, { steps, warmup: 2 })).msPerStep, steps });
  if (cpuMlp && backend !== 'cpu') add({ model: 'mlp', runtime: 'cpu', msPerStep: (await timeTrainingStep('mlp', 'cpu', { steps: 1, warmup: 0 })).msPerStep, steps: 1 });
  const py = torch ? torchStepTimings(['cnn', 'mlp'], { steps, warmup: 2 }) : null;
  if (!py && torch) log('PyTorch: no Python with torch found, skipped');
  if (py) for (const model of ['cnn', 'mlp'] as const) add({ model, runtime: 'pytorch', msPerStep: py[model].msPerStep, steps });
  return rows;
}

/** Bar chart of ms per training step, one bar per (model, runtime), log scale (cpu is ~100× off). */
export function benchmarkChart(rows: BenchmarkRow[], title = 'ms per training step (batch 64, Adam) — lower is faster'): Figure {
  checkArray('benchmarkChart', 'rows', rows, { nonEmpty: false });
  if (title !== undefined) checkString('benchmarkChart', 'title', title, false);
  const labels = rows.map((r) => `${r.model.toUpperCase()} · ${r.runtime}`);
  return barChart(labels, rows.map((r) => Number(r.msPerStep.toFixed(1))), { title, yTitle: 'ms / step (log)', logY: true, text: true });
}

/** Seconds for one epoch over `samples` images at `msPerStep` per batch. */
export function epochSeconds(msPerStep: number, samples = 60000, batchSize = 64): number {
  checkNumber('epochSeconds', 'msPerStep', msPerStep);
  if (samples !== undefined) checkNumber('epochSeconds', 'samples', samples);
  if (batchSize !== undefined) checkNumber('epochSeconds', 'batchSize', batchSize);
  return (Math.ceil(samples / batchSize) * msPerStep) / 1000;
}
