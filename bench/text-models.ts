/**
 * Text-model benchmark: training tokens per second of the LSTM and the 1-D CNN classifier
 * (vocabulary 2,000, 32 ids per text, 32-wide embeddings, 32 LSTM units / 2×32 filters of width 3
 * and 5, batch 64, Adam) on the project's backend through `fit`, and of the same models in PyTorch
 * CPU (Debian's python3-torch) in the same run, at one thread and at every core with glibc's malloc
 * tuned (PyTorch's best setting; see TORCH_MALLOC_TUNABLES). Project and PyTorch alternate for two
 * rounds; each keeps its best. The project's LSTM is `rnnClassifier`'s default, the fused layer (`fusedLstm`: the
 * whole sequence in one wasm kernel call each way; hardSigmoid gates, tf.layers.lstm's default,
 * where PyTorch's use the sigmoid: the same work per gate). Load averages at start and end are
 * recorded: on a shared machine compare the ratios. Each side is also timed in CPU seconds (all
 * its threads), which other jobs on the machine disturb far less than the wall clock. Last line:
 * one JSON object.
 *
 *   npm run bench:text-models        (BENCH_STEPS=20 timed steps per model by default)
 */
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { selectBackend, describeBackend } from '../src/lib/backend';
import { findTorchPython, torchEnvironment } from '../src/experiments/01-backends';
import { fit } from '../src/lib';
import { rnnClassifier, cnnClassifier } from '../src/lib/text';

const STEPS = Number(process.env.BENCH_STEPS ?? 20);
const ROUNDS = 2;
const [VOCAB, LENGTH, DIM, UNITS, BATCH] = [2000, 32, 32, 32, 64];

const TORCH_SCRIPT = `
import json, sys, time, statistics
import torch, torch.nn as nn, torch.nn.functional as F
which, steps, V, L, D, U, B, T = sys.argv[1], *map(int, sys.argv[2:9])
torch.set_num_threads(T)
torch.manual_seed(0)
class Lstm(nn.Module):
    def __init__(s):
        super().__init__(); s.e = nn.Embedding(V, D); s.r = nn.LSTM(D, U, batch_first=True); s.o = nn.Linear(U, 2)
    def forward(s, x):
        _, (h, _) = s.r(s.e(x)); return s.o(h[-1])
class Cnn(nn.Module):
    def __init__(s):
        super().__init__(); s.e = nn.Embedding(V, D); s.c3 = nn.Conv1d(D, 32, 3); s.c5 = nn.Conv1d(D, 32, 5); s.o = nn.Linear(64, 2)
    def forward(s, x):
        e = s.e(x).transpose(1, 2)
        return s.o(torch.cat([F.relu(s.c3(e)).amax(-1), F.relu(s.c5(e)).amax(-1)], 1))
net = Lstm() if which == 'lstm' else Cnn()
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
x = torch.randint(0, V, (B, L)); y = torch.randint(0, 2, (B,))
times = []; cpu = []
for i in range(3 + steps):
    t = time.perf_counter(); c = time.process_time(); opt.zero_grad(); loss = F.cross_entropy(net(x), y); loss.backward(); opt.step(); loss.item()
    if i >= 3: times.append(time.perf_counter() - t); cpu.append(time.process_time() - c)
print(json.dumps({"tokens_per_s": B * L / statistics.median(times), "tokens_per_cpu_s": B * L / statistics.median(cpu), "threads": torch.get_num_threads()}))
`;

interface Rate {
  /** Tokens per second of wall-clock time. */
  wall: number;
  /** Tokens per second of CPU time (all threads of the process): what the work costs, whatever else the machine runs. */
  cpu: number;
}

const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

async function projectTokensPerSecond(which: 'lstm' | 'cnn'): Promise<Rate> {
  const common = { vocabularySize: VOCAB, sequenceLength: LENGTH, embeddingDim: DIM, seed: 1 };
  const model =
    which === 'lstm'
      ? rnnClassifier({ ...common, units: UNITS })
      : cnnClassifier({ ...common, filters: 32, kernelSizes: [3, 5] });
  const x = tf.randomUniform([BATCH * STEPS, LENGTH], 0, VOCAB, 'int32', 1);
  const y = tf.oneHot(tf.randomUniform([BATCH * STEPS], 0, 2, 'int32', 2), 2).toFloat();
  const optimizer = tf.train.adam(1e-3);
  const warm = tf.slice(x, 0, BATCH * 3);
  const warmY = tf.slice(y, 0, BATCH * 3);
  await fit(model, warm, warmY, { epochs: 1, batchSize: BATCH, optimizer, shuffle: false });
  const started = process.hrtime.bigint();
  const cpuStarted = cpuSeconds();
  await fit(model, x, y, { epochs: 1, batchSize: BATCH, optimizer, shuffle: false });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = cpuSeconds() - cpuStarted;
  tf.dispose([x, y, warm, warmY]);
  optimizer.dispose();
  model.dispose();
  const tokens = BATCH * STEPS * LENGTH;
  return { wall: tokens / seconds, cpu: tokens / cpu };
}

/** PyTorch's best of one thread and every core, malloc tuned (TORCH_MALLOC_TUNABLES): its best setting, not its default. */
function torchTokensPerSecond(python: string, which: 'lstm' | 'cnn'): { rate: Rate; threads: number } {
  const runs = [...new Set([1, os.availableParallelism()])].map((t) => torchRun(python, which, t));
  return runs.reduce((a, b) => (b.rate.wall > a.rate.wall ? b : a));
}

function torchRun(python: string, which: 'lstm' | 'cnn', threads: number): { rate: Rate; threads: number } {
  const r = spawnSync(
    python,
    [
      '-c',
      TORCH_SCRIPT,
      which,
      String(STEPS),
      String(VOCAB),
      String(LENGTH),
      String(DIM),
      String(UNITS),
      String(BATCH),
      String(threads),
    ],
    { encoding: 'utf8', timeout: 600_000, env: torchEnvironment('tuned') },
  );
  if (r.status !== 0)
    throw new Error(`bench:text-models: ${python} failed: ${(r.stderr ?? '').trim().split('\n').pop()}`);
  const o = JSON.parse(r.stdout.trim().split('\n').pop()!);
  return { rate: { wall: o.tokens_per_s, cpu: o.tokens_per_cpu_s }, threads: o.threads };
}

async function main(): Promise<void> {
  const loadAtStart = os.loadavg()[0].toFixed(2);
  const choice = await selectBackend();
  console.log(describeBackend(choice));
  const python = findTorchPython();
  console.log(python ? `PyTorch: importable from ${python}` : 'PyTorch: not found (torch: null)');
  type Pair = { project: number; torch: number | null };
  const result: Record<string, Pair> = {};
  const perCpu: Record<string, Pair> = {};
  let threads: number | null = null;
  const round0 = (v: number | null) => (v === null ? null : Math.round(v));
  for (const which of ['lstm', 'cnn'] as const) {
    const mine = { wall: 0, cpu: 0 };
    let theirs = null as Rate | null;
    for (let round = 1; round <= ROUNDS; round++) {
      const p = await projectTokensPerSecond(which);
      mine.wall = Math.max(mine.wall, p.wall);
      mine.cpu = Math.max(mine.cpu, p.cpu);
      const t = python ? torchTokensPerSecond(python, which) : null;
      if (t) {
        theirs = { wall: Math.max(theirs?.wall ?? 0, t.rate.wall), cpu: Math.max(theirs?.cpu ?? 0, t.rate.cpu) };
        threads = t.threads;
      }
      console.log(
        `${which}, round ${round}/${ROUNDS}: ${choice.name} ${Math.round(p.wall)} tokens/s (${Math.round(p.cpu)} per CPU-second)` +
          (t ? `, PyTorch ${Math.round(t.rate.wall)} tokens/s (${Math.round(t.rate.cpu)} per CPU-second)` : ''),
      );
    }
    result[which] = { project: Math.round(mine.wall), torch: round0(theirs?.wall ?? null) };
    perCpu[which] = { project: Math.round(mine.cpu), torch: round0(theirs?.cpu ?? null) };
  }
  const ratio = (p: Pair) => (p.torch ? Number((p.project / p.torch).toFixed(2)) : null);
  console.log(
    `project / PyTorch, wall clock: LSTM ${ratio(result.lstm)}, CNN ${ratio(result.cnn)}; ` +
      `per CPU-second: LSTM ${ratio(perCpu.lstm)}, CNN ${ratio(perCpu.cnn)}`,
  );
  const load = os.loadavg()[0].toFixed(2);
  console.log(
    `backend ${choice.name}; PyTorch threads ${threads}; load average ${loadAtStart} at start, ${load} at end (a shared machine reads low: compare the ratio)`,
  );
  console.log(
    JSON.stringify({
      tokens_per_s: result,
      tokens_per_cpu_s: perCpu,
      ratio: { lstm: ratio(result.lstm), cnn: ratio(result.cnn) },
      ratio_per_cpu_s: { lstm: ratio(perCpu.lstm), cnn: ratio(perCpu.cnn) },
      backend: choice.name,
      torch_threads: threads,
      batch: BATCH,
      sequence_length: LENGTH,
      lstm_layer: 'fusedLstm',
      load_average: Number(load),
      load_average_start: Number(loadAtStart),
    }),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
