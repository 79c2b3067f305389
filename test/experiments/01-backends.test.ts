/** The benchmark pieces: step timing, identical first steps across backends, PyTorch detection, report helpers. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  backendTable,
  benchmarkChart,
  epochSeconds,
  findTorchPython,
  maxRelativeDifference,
  profileTrainingStep,
  timeTrainingStep,
  torchStepTimings,
  torchTimingRows,
  torchEnvironment,
  TORCH_MALLOC_TUNABLES,
} from '../../src/experiments/01-backends';
import { spawnSync } from 'node:child_process';
import { selectBackend } from '../../src/lib/backend';
import { WorkbookError } from '../../src/lib/errors';
import { assertNoLeak } from '../helpers';
import { busyWarning, cpuSnapshot, othersCores, recordLoad, wasBusy } from '../../bench/machine-load';

test('timeTrainingStep: the same first step on wasm and cpu gives the same gradients (MLP, batch 8)', async () => {
  await selectBackend({ force: 'wasm' });
  const wasm = await timeTrainingStep('mlp', 'wasm', { steps: 2, warmup: 0, batchSize: 8 });
  const cpu = await timeTrainingStep('mlp', 'cpu', { steps: 1, warmup: 0, batchSize: 8, weights: wasm.weights });
  assert.equal(wasm.times.length, 2);
  assert.ok(wasm.msPerStep > 0 && Number.isFinite(wasm.msPerStep));
  assert.equal(wasm.firstGradients.length, 6); // 3 dense layers × (kernel, bias)
  assert.ok(maxRelativeDifference(wasm.firstGradients, cpu.firstGradients) <= 1e-4);
});

test('timeTrainingStep validates its arguments and leaks nothing', async () => {
  await assert.rejects(timeTrainingStep('resnet' as never, 'wasm'), WorkbookError);
  await assert.rejects(timeTrainingStep('mlp', 'wasm', { steps: 0 }), /steps 0 is invalid/);
  await assertNoLeak(() => timeTrainingStep('mlp', 'wasm', { steps: 1, warmup: 0, batchSize: 4 }), 2);
});

test('profileTrainingStep lists the kernels of a step, slowest first, and leaks nothing', async () => {
  const rows = await profileTrainingStep('mlp', 'wasm', { steps: 1, batchSize: 4 });
  assert.ok(
    rows.some((r) => r.kernel === 'BatchMatMul' && r.calls >= 3),
    JSON.stringify(rows),
  );
  assert.ok(
    rows.some((r) => r.kernel === 'WorkbookAdamUpdate' && r.calls === 6),
    'fused Adam: one call per variable',
  );
  for (let i = 1; i < rows.length; i++) assert.ok(rows[i - 1].ms >= rows[i].ms);
  await assert.rejects(profileTrainingStep('mlp', 'wasm', { steps: 0 }), /steps 0 is invalid/);
  await assertNoLeak(() => profileTrainingStep('mlp', 'wasm', { steps: 1, batchSize: 4 }), 2);
});

test('PyTorch: absent interpreters give null, not an error', () => {
  assert.equal(findTorchPython(['/nonexistent/python3']), null);
  assert.equal(torchStepTimings(['mlp'], { python: null }), null);
  assert.throws(() => torchStepTimings(['vgg' as never], { python: null }), WorkbookError);
});

test(
  'PyTorch: when torch is importable, it times both models in one process',
  { skip: findTorchPython() === null ? 'no Python with torch here' : false },
  () => {
    const t = torchStepTimings(['cnn', 'mlp'], { steps: 1, warmup: 0, batchSize: 4 })!;
    assert.ok(t.cnn.msPerStep > 0 && t.mlp.msPerStep > 0);
    assert.ok(t.cnn.threads >= 1);
  },
);

test(
  'PyTorch: one row per (model, thread count), at the thread counts asked for',
  { skip: findTorchPython() === null ? 'no Python with torch here' : false },
  () => {
    const rows = torchTimingRows(['mlp'], { steps: 1, warmup: 0, batchSize: 4, threads: [1, 2] })!;
    assert.deepEqual(
      rows.map((r) => [r.model, r.threads]),
      [
        ['mlp', 1],
        ['mlp', 2],
      ],
    );
    assert.ok(rows.every((r) => r.msPerStep > 0));
  },
);

test('PyTorch: thread counts, allocator and option keys are validated before Python starts', () => {
  assert.throws(
    () => torchTimingRows(['mlp'], { python: null, threads: [0] }),
    (e: Error) => e instanceof WorkbookError && /threads\[0\]/.test(e.message),
  );
  assert.throws(
    () => torchTimingRows(['mlp'], { python: null, allocator: 'jemalloc' as never }),
    (e: Error) => e instanceof WorkbookError && /allocator/.test(e.message) && /glibc-default/.test(e.message),
  );
  assert.throws(
    () => torchTimingRows(['mlp'], { python: null, thread: [1] } as never),
    (e: Error) => e instanceof WorkbookError && /unknown option `thread`.*`threads`/.test(e.message),
  );
});

test(
  'PyTorch: the tuned allocator reaches the Python process (and glibc-default leaves it alone)',
  { skip: findTorchPython() === null ? 'no Python with torch here' : false },
  () => {
    const python = findTorchPython()!;
    const tunables = (allocator: 'tuned' | 'glibc-default') =>
      spawnSync(python, ['-c', 'import os; print(os.environ.get("GLIBC_TUNABLES", ""))'], {
        encoding: 'utf8',
        env: torchEnvironment(allocator),
      }).stdout.trim();
    assert.ok(tunables('tuned').includes(TORCH_MALLOC_TUNABLES));
    assert.ok(!tunables('glibc-default').includes('trim_threshold=1073741824'));
    const rows = torchTimingRows(['mlp'], {
      steps: 1,
      warmup: 0,
      batchSize: 4,
      threads: [1],
      allocator: 'glibc-default',
    })!;
    assert.equal(rows[0].allocator, 'glibc-default');
  },
);

test('bench load record: load-average fallback rule, and the warning', () => {
  assert.equal(wasBusy(0.2, 2.1, 2, 2), false);
  assert.equal(wasBusy(0.5, 2.1, 2, 2), true);
  assert.equal(wasBusy(0.2, 2.6, 2, 2), true);
  assert.equal(wasBusy(12.6, 13.7, 2, 2), true);
  const r = recordLoad().finish(1);
  assert.equal(r.start.length, 3);
  assert.equal(busyWarning({ ...r, busy: false }), null);
  assert.match(busyWarning({ ...r, busy: true })!, /busy \(.*load average/);
  assert.match(busyWarning({ ...r, others_cores: 1.3, busy: true })!, /other programs used 1.3 of/);
});

test("bench load record: other programs' CPU = the machine's busy time minus ours and our children's", () => {
  const at = (atMs: number, machineBusyMs: number, ownMs: number, childrenMs: number | null) => ({
    atMs,
    machineBusyMs,
    ownMs,
    childrenMs,
  });
  // 1 s: the cores were busy 1.8 s in all, we used 0.9 s and a child 0.4 s → others 0.5 cores
  assert.equal(othersCores(at(0, 10_000, 100, 50), at(1000, 11_800, 1000, 450)), 0.5);
  // counters that disagree a little never give a negative share
  assert.equal(othersCores(at(0, 0, 0, 0), at(1000, 900, 1000, 0)), 0);
  assert.equal(othersCores(at(0, 0, 0, null), at(1000, 900, 1000, null)), null);
});

test(
  "bench load record: a waited child's CPU time is read from /proc (so PyTorch's runs are not counted as others')",
  { skip: process.platform !== 'linux' ? 'Linux only' : false },
  () => {
    const before = cpuSnapshot();
    spawnSync(process.execPath, ['-e', 'const t = Date.now(); while (Date.now() - t < 400);']);
    const after = cpuSnapshot();
    assert.ok(before.childrenMs !== null && after.childrenMs !== null);
    assert.ok(after.childrenMs! - before.childrenMs! >= 250, `child CPU ${after.childrenMs! - before.childrenMs!} ms`);
    assert.equal(typeof recordLoad().finish(1).others_cores, 'number');
  },
);

test('report helpers: selection table, chart spec, epoch seconds', async () => {
  const choice = await selectBackend({ force: 'wasm' });
  const rows = backendTable(choice);
  assert.deepEqual(
    rows.map((r) => r.backend),
    ['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'],
  );
  assert.match(rows[3].status, /in use/);
  const fig = benchmarkChart([
    { model: 'cnn', runtime: 'wasm', msPerStep: 200, steps: 5 },
    { model: 'mlp', runtime: 'cpu', msPerStep: 3000, steps: 1 },
  ]);
  assert.deepEqual((fig.data[0] as { x: string[] }).x, ['CNN · wasm', 'MLP · cpu']);
  assert.equal(epochSeconds(100, 640, 64), 1);
});
