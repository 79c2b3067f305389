/**
 * The PyTorch side of the backend benchmark: the same two models, batch and optimizer, timed in a
 * Python subprocess. Debian's python3-torch is importable only from Debian's own /usr/bin/python3,
 * which may not be the `python3` first on PATH, so several interpreters are tried. Absent torch
 * is not an error: the result is null.
 */
import { spawnSync } from 'node:child_process';
import { checkInt, checkOneOf } from '../../lib/errors';
import { checkOptions } from '../../lib/validate';

const TORCH_OPTION_KEYS = ['steps', 'warmup', 'batchSize', 'python', 'threads', 'allocator'] as const;

export const PYTHON_CANDIDATES = ['/usr/bin/python3', 'python3', 'python'];

/** PyTorch mirror of referenceCnn / mlp (NCHW, as PyTorch convs expect); one JSON line per model. */
const TORCH_SCRIPT = `
import json, statistics, sys, time
import torch, torch.nn as nn, torch.nn.functional as F
models, steps, warmup, batch = sys.argv[1].split(','), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
thread_counts = [int(t) for t in sys.argv[5].split(',')] if len(sys.argv) > 5 else [0]
for which, threads in [(m, t) for m in models for t in thread_counts]:
    if threads > 0:
        torch.set_num_threads(threads)
    torch.manual_seed(0)
    if which == 'cnn':
        net = nn.Sequential(nn.Conv2d(1, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                            nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                            nn.Linear(7 * 7 * 64, 128), nn.ReLU(), nn.Linear(128, 10))
        x = torch.rand(batch, 1, 28, 28)
    else:
        net = nn.Sequential(nn.Linear(784, 800), nn.ReLU(), nn.Linear(800, 800), nn.ReLU(), nn.Linear(800, 10))
        x = torch.rand(batch, 784)
    y = torch.randint(0, 10, (batch,))
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    times = []
    for i in range(warmup + steps):
        t = time.perf_counter()
        opt.zero_grad()
        loss = F.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
        loss.item()
        if i >= warmup:
            times.append((time.perf_counter() - t) * 1000)
    print(json.dumps({"model": which, "ms_per_step": statistics.median(times), "threads": torch.get_num_threads(), "version": torch.__version__}))
`;

/**
 * glibc malloc settings that keep freed memory in the process (mmap and trim thresholds far above
 * any tensor here). With glibc's defaults every multi-megabyte tensor a step frees goes back to the
 * kernel, and the next step page-faults it in again: measured on this 2-core machine, the MLP step
 * takes 27–35 ms that way and 5.8–6.3 ms with these settings (CNN 77 → 30 ms at one thread, 66 →
 * 18 ms at two). PyTorch's CPU tuning guide recommends jemalloc or TCMalloc for the same reason;
 * these two glibc tunables need nothing installed. Ignored by other C libraries.
 */
export const TORCH_MALLOC_TUNABLES = 'glibc.malloc.mmap_threshold=268435456:glibc.malloc.trim_threshold=1073741824';

export interface TorchTiming {
  msPerStep: number;
  threads: number;
  /** 'tuned': run with TORCH_MALLOC_TUNABLES; 'glibc-default': without. */
  allocator: TorchAllocator;
  version: string;
  python: string;
}

let found: string | null | undefined;

/** The first interpreter that can import torch, or null (remembered after the first call). */
export function findTorchPython(candidates: string[] = PYTHON_CANDIDATES): string | null {
  if (found !== undefined && candidates === PYTHON_CANDIDATES) return found;
  let result: string | null = null;
  for (const py of candidates) {
    const r = spawnSync(py, ['-c', 'import torch'], { encoding: 'utf8', timeout: 120_000 });
    if (r.status === 0) {
      result = py;
      break;
    }
  }
  if (candidates === PYTHON_CANDIDATES) found = result;
  return result;
}

export type TorchAllocator = 'tuned' | 'glibc-default';

/** This process's environment, plus TORCH_MALLOC_TUNABLES for 'tuned' (kept after any tunables set already). */
export function torchEnvironment(allocator: TorchAllocator): NodeJS.ProcessEnv {
  const env = { ...process.env };
  if (allocator === 'tuned') env.GLIBC_TUNABLES = [env.GLIBC_TUNABLES, TORCH_MALLOC_TUNABLES].filter(Boolean).join(':');
  return env;
}

export interface TorchOptions {
  steps?: number;
  warmup?: number;
  batchSize?: number;
  /** Interpreter to use; default: the first of PYTHON_CANDIDATES that imports torch. */
  python?: string | null;
  /** Intra-op thread counts to time each model at (torch.set_num_threads); default: PyTorch's own. */
  threads?: number[];
  /**
   * 'tuned' (default): PyTorch at its best, with TORCH_MALLOC_TUNABLES; 'glibc-default': the C
   * library's own settings, which slow the step several times over here (see TORCH_MALLOC_TUNABLES).
   */
  allocator?: TorchAllocator;
}

/**
 * Median ms per training step in PyTorch (default threads) for each model, from one Python
 * process, or null when no Python here has torch.
 */
export function torchStepTimings(
  models: ('cnn' | 'mlp')[],
  options: TorchOptions = {},
): Record<string, TorchTiming> | null {
  const rows = torchTimingRows(models, options);
  return rows && Object.fromEntries(rows.map((r) => [r.model, r]));
}

/** One row per (model, thread count) in that order, from one Python process; null without torch. */
export function torchTimingRows(
  models: ('cnn' | 'mlp')[],
  options: TorchOptions = {},
): (TorchTiming & { model: 'cnn' | 'mlp' })[] | null {
  checkOptions('torchStepTimings', options, TORCH_OPTION_KEYS);
  const { steps = 20, warmup = 3, batchSize = 64, threads, allocator = 'tuned' } = options;
  checkOneOf('torchStepTimings', 'allocator', allocator, ['tuned', 'glibc-default'] as const);
  (threads ?? []).forEach((t, i) => checkInt('torchStepTimings', `threads[${i}]`, t, 1, 1024));
  models.forEach((m, i) => checkOneOf('torchStepTimings', `models[${i}]`, m, ['cnn', 'mlp'] as const));
  checkInt('torchStepTimings', 'steps', steps, 1);
  checkInt('torchStepTimings', 'warmup', warmup, 0);
  checkInt('torchStepTimings', 'batchSize', batchSize, 1);
  const python = options.python === undefined ? findTorchPython() : options.python;
  if (!python) return null;
  const args = [
    models.join(','),
    String(steps),
    String(warmup),
    String(batchSize),
    ...(threads?.length ? [threads.join(',')] : []),
  ];
  const r = spawnSync(python, ['-c', TORCH_SCRIPT, ...args], {
    encoding: 'utf8',
    timeout: 900_000,
    env: torchEnvironment(allocator),
  });
  if (r.status !== 0)
    throw new Error(`torchStepTimings: ${python} failed: ${(r.stderr ?? '').trim().split('\n').pop()}`);
  return r.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line))
    .map((o) => ({
      model: o.model,
      msPerStep: o.ms_per_step,
      threads: o.threads,
      allocator,
      version: o.version,
      python,
    }));
}

/** One model's PyTorch timing (see torchStepTimings), or null without torch. */
export function torchStepTiming(model: 'cnn' | 'mlp', options: TorchOptions = {}): TorchTiming | null {
  return torchStepTimings([model], options)?.[model] ?? null;
}
