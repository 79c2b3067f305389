/**
 * The PyTorch side of the backend benchmark: the same two models, batch and optimizer, timed in a
 * Python subprocess. Debian's python3-torch is importable only from Debian's own /usr/bin/python3,
 * which may not be the `python3` first on PATH, so several interpreters are tried. Absent torch
 * is not an error: the result is null.
 */
import { spawnSync } from 'node:child_process';
import { checkInt, checkOneOf } from '../errors';

export const PYTHON_CANDIDATES = ['/usr/bin/python3', 'python3', 'python'];

/** PyTorch mirror of referenceCnn / mlp (NCHW, as PyTorch convs expect). */
const TORCH_SCRIPT = `
import json, statistics, sys, time
import torch, torch.nn as nn, torch.nn.functional as F
which, steps, warmup, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
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
print(json.dumps({"ms_per_step": statistics.median(times), "threads": torch.get_num_threads(), "version": torch.__version__}))
`;

export interface TorchTiming {
  msPerStep: number;
  threads: number;
  version: string;
  python: string;
}

/** The first interpreter that can import torch, or null. */
export function findTorchPython(candidates: string[] = PYTHON_CANDIDATES): string | null {
  for (const py of candidates) {
    const r = spawnSync(py, ['-c', 'import torch'], { encoding: 'utf8', timeout: 60_000 });
    if (r.status === 0) return py;
  }
  return null;
}

/** Median ms per training step in PyTorch (default threads), or null when torch is absent. */
export function torchStepTiming(model: 'cnn' | 'mlp', options: { steps?: number; warmup?: number; batchSize?: number; python?: string | null } = {}): TorchTiming | null {
  const { steps = 20, warmup = 3, batchSize = 64 } = options;
  checkOneOf('torchStepTiming', 'model', model, ['cnn', 'mlp'] as const);
  checkInt('torchStepTiming', 'steps', steps, 1);
  checkInt('torchStepTiming', 'warmup', warmup, 0);
  checkInt('torchStepTiming', 'batchSize', batchSize, 1);
  const python = options.python === undefined ? findTorchPython() : options.python;
  if (!python) return null;
  const r = spawnSync(python, ['-c', TORCH_SCRIPT, model, String(steps), String(warmup), String(batchSize)], { encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) throw new Error(`torchStepTiming: ${python} failed: ${r.stderr.trim().split('\n').pop()}`);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
  return { msPerStep: out.ms_per_step, threads: out.threads, version: out.version, python };
}
