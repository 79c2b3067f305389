/**
 * The native kernels (native/*.c via src/lib/backend/native.ts): built wherever a C compiler is,
 * products equal to the wasm GEMM's up to float rounding (all four transpose cases, tails of rows
 * and columns, batches), the same bytes at 1, 2 and 3 threads, Adam steps the same bytes as
 * tf.train.adam at any thread count, the switch and its errors, no leaks.
 */
import { test, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import {
  NATIVE_ADDON,
  nativeKernelsActive,
  setNativeKernels,
  setTrainingThreads,
  stockAdamApplyGradients,
  trainingThreads,
} from '../../../src/lib/backend';
import { nativeAddon } from '../../../src/lib/backend/native';
import { WorkbookError } from '../../../src/lib/errors';
import { buildBenchModel, modelGradients } from '../../../src/experiments/01-backends';
import { assertNoLeak, useBackend } from '../../helpers';
import { scaledDiff, values } from './compare';
import { CASES, convolutions, floats, products } from './native-cases';

const initialThreads = trainingThreads();
after(() => setTrainingThreads(initialThreads));

function hasCompiler(): boolean {
  try {
    execFileSync(process.env.CC || 'cc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const cpuHasAvx2 =
  /\bavx2\b/.test(fs.readFileSync('/proc/cpuinfo', 'utf8')) && /\bfma\b/.test(fs.readFileSync('/proc/cpuinfo', 'utf8'));
const skip = nativeAddon() ? false : 'the native kernels are not built here (no C compiler or no AVX2/FMA)';

test('npm run build builds the native kernels wherever there is a C compiler and an AVX2/FMA CPU', () => {
  if (!hasCompiler() || !cpuHasAvx2) return;
  assert.ok(fs.existsSync(NATIVE_ADDON), `${NATIVE_ADDON} missing: native/build.js failed?`);
  assert.ok(nativeAddon(), 'the addon is built but does not load or reports no AVX2/FMA');
});

test(
  'native GEMM equals the wasm GEMM up to rounding, and gives the same bytes at 1, 2 and 3 threads',
  { skip },
  async () => {
    await useBackend('wasm');
    setNativeKernels(false);
    setTrainingThreads(1);
    const wasm = products();
    setNativeKernels(true);
    const byThreads = [1, 2, 3].map((t) => (setTrainingThreads(t), products()));
    CASES.forEach((c, i) => {
      assert.ok(scaledDiff(floats(byThreads[0][i]), floats(wasm[i])) < 1e-5, `case ${c}: native vs wasm`);
      assert.ok(byThreads[1][i].equals(byThreads[0][i]), `case ${c}: 2 threads differ from 1`);
      assert.ok(byThreads[2][i].equals(byThreads[0][i]), `case ${c}: 3 threads differ from 1`);
    });
  },
);

test(
  'native Adam steps give tf.train.adam results bit for bit at 1 and 2 threads (threaded sizes)',
  { skip },
  async () => {
    await useBackend('wasm');
    setNativeKernels(true);
    const run = (fused: boolean) => {
      const shapes = [[300, 301], [7], [65536 + 13]];
      const vars = shapes.map((s, i) =>
        tf.variable(tf.tensor(values(s, 40 + i), s), true, `native-adam-${fused}-${i}-${Math.random()}`),
      );
      const opt = tf.train.adam(0.01, 0.9, 0.999, 1e-7);
      for (let t = 0; t < 3; t++) {
        const grads = Object.fromEntries(
          vars.map((v, i) => [v.name, tf.tensor(values(v.shape, 50 + 10 * t + i), v.shape)]),
        );
        if (fused) opt.applyGradients(grads as never);
        else stockAdamApplyGradients.call(opt, grads);
        tf.dispose(Object.values(grads));
      }
      const out = vars.map((v) => Buffer.from(v.dataSync().buffer));
      opt.dispose();
      tf.dispose(vars);
      return out;
    };
    setTrainingThreads(1);
    const stock = run(false);
    for (const threads of [1, 2]) {
      setTrainingThreads(threads);
      run(true).forEach((bytes, i) => assert.ok(bytes.equals(stock[i]), `variable ${i} at ${threads} threads`));
    }
  },
);

test('native kernels: a training step leaks no tensors', { skip }, async () => {
  await useBackend('wasm');
  setNativeKernels(true);
  setTrainingThreads(2);
  const w = tf.variable(tf.tensor(values([200, 64], 3), [200, 64]));
  const x = tf.tensor(values([32, 200], 4), [32, 200]);
  const opt = tf.train.adam(1e-3);
  await assertNoLeak(() => opt.minimize(() => tf.matMul(x, w).square().mean() as tf.Scalar));
  opt.dispose();
  tf.dispose([w, x]);
});

test('setNativeKernels: switches, returns the previous setting, rejects non-booleans naming the parameter', () => {
  setNativeKernels(false);
  assert.equal(setNativeKernels(false), false);
  assert.equal(nativeKernelsActive(), false);
  assert.throws(
    () => setNativeKernels('yes' as never),
    (e: unknown) => e instanceof WorkbookError && e.parameter === 'on',
  );
  if (nativeAddon()) {
    assert.equal(setNativeKernels(true), false);
    assert.equal(nativeKernelsActive(), true);
  } else
    assert.throws(
      () => setNativeKernels(true),
      (e: unknown) => e instanceof WorkbookError && /npm run build|AVX2/.test(e.message),
    );
});

test('WORKBOOK_NATIVE: 0 switches the native kernels off, other values are refused naming the variable', () => {
  const script = (value: string) =>
    `process.env.WORKBOOK_NATIVE=${JSON.stringify(value)};const n=require(${JSON.stringify(require.resolve('../../../src/lib/backend/native'))});` +
    `try{console.log(n.nativeKernelsActive())}catch(e){console.log(e.name+':'+e.parameter)}`;
  const run = (value: string) => execFileSync(process.execPath, ['-e', script(value)], { encoding: 'utf8' }).trim();
  assert.equal(run('0'), 'false');
  assert.equal(run('1'), String(!!nativeAddon()));
  assert.equal(run('fast'), 'WorkbookError:WORKBOOK_NATIVE');
});

test(
  'native convolutions: forward, input and filter gradients match cpu, the same bytes at 1, 2 and 3 threads',
  { skip },
  async () => {
    await useBackend('wasm');
    setNativeKernels(true);
    const byThreads = [1, 2, 3].map((t) => (setTrainingThreads(t), convolutions()));
    await tf.setBackend('cpu');
    const cpu = convolutions();
    await useBackend('wasm');
    byThreads[0].forEach((bytes, i) => {
      assert.ok(scaledDiff(floats(bytes), floats(cpu[i])) < 1e-5, `result ${i}: native vs cpu`);
      assert.ok(byThreads[1][i].equals(bytes), `result ${i}: 2 threads differ from 1`);
      assert.ok(byThreads[2][i].equals(bytes), `result ${i}: 3 threads differ from 1`);
    });
  },
);

test(
  'whole reference-CNN and MLP gradients on the native kernels: the same bytes at 1 and 2 threads',
  { skip },
  async () => {
    await useBackend('wasm');
    setNativeKernels(true);
    for (const model of ['cnn', 'mlp'] as const) {
      const grads = (threads: number) => {
        setTrainingThreads(threads);
        return modelGradients(
          () => buildBenchModel(model, 3),
          () => tf.randomUniform(model === 'cnn' ? [16, 28, 28, 1] : [16, 784], 0, 1, 'float32', 9),
        );
      };
      const one = grads(1);
      const two = grads(2);
      one.grads.forEach((g, i) =>
        assert.ok(
          Buffer.from(g.buffer).equals(Buffer.from(two.grads[i].buffer)),
          `${model}: gradient ${one.names[i]} differs`,
        ),
      );
    }
  },
);

/** Max pooling and its gradient on tiling windows, with ties (zeros), NaN, −∞, channel tails and uncovered edges, as bytes. */
function poolings(): Buffer[] {
  const cases: [number[], [number, number]][] = [
    [
      [64, 28, 28, 32],
      [2, 2],
    ],
    [
      [3, 9, 7, 5],
      [2, 2],
    ],
    [
      [2, 12, 12, 12],
      [3, 2],
    ],
    [
      [4, 8, 8, 9],
      [2, 2],
    ],
  ];
  return cases.flatMap(([xs, window], i) =>
    tf.tidy(() => {
      const raw = values(xs, 80 + i).map((v, k) =>
        k % 7 === 0 ? 0 : k % 97 === 0 ? NaN : k % 89 === 0 ? -Infinity : v,
      );
      const x = tf.relu(tf.tensor4d(raw, xs as [number, number, number, number])) as tf.Tensor4D;
      const f = (a: tf.Tensor4D) => tf.maxPool(a, window, window, 'valid').square().sum();
      const dx = tf.grad(f as never)(x);
      return [tf.maxPool(x, window, window, 'valid'), dx].map((t) => Buffer.from(t.dataSync().buffer));
    }),
  );
}

test(
  'native max pooling and its gradient: the same bytes as the wasm kernels, at 1, 2 and 3 threads',
  { skip },
  async () => {
    await useBackend('wasm');
    setNativeKernels(false);
    setTrainingThreads(1);
    const wasm = poolings();
    setNativeKernels(true);
    [1, 2, 3].forEach((t) => {
      setTrainingThreads(t);
      poolings().forEach((bytes, i) =>
        assert.ok(bytes.equals(wasm[i]), `result ${i} at ${t} threads differs from wasm`),
      );
    });
  },
);

/** ReLU, its gradient, the bias add and the bias gradient (with NaN, ±∞, −0 and tails), as bytes. */
function elementwise(): Buffer[] {
  return [[64, 28, 28, 32], [3, 7, 5], [70001], [3000, 77], [12544, 64]].flatMap((xs, i) =>
    tf.tidy(() => {
      const special = [NaN, Infinity, -Infinity, -0, 0];
      const raw = values(xs, 90 + i).map((v, k) => (k % 13 === 0 ? special[(k / 13) % 5] : v));
      const x = tf.tensor(raw, xs);
      const bias = tf.tensor(values([xs[xs.length - 1]], 95 + i), [xs[xs.length - 1]]);
      const dx = tf.grad((a: tf.Tensor) => tf.relu(a).mul(x).sum())(x);
      const leading = xs.slice(0, -1).map((_, a) => a); // the bias gradient's axes
      // a column where ∞ − ∞ meets an input NaN keeps one of the two NaNs, and which (its sign bit)
      // is specified neither by wasm nor by C: the sums' NaNs are compared as NaN
      const sums = leading.length
        ? [
            tf
              .sum(x, leading)
              .dataSync()
              .map((v) => (Number.isNaN(v) ? NaN : v)),
          ]
        : [];
      return [...[dx, tf.add(x, bias), tf.relu(x)].map((t) => t.dataSync()), ...sums].map((a) => Buffer.from(a.buffer));
    }),
  );
}

test(
  'native ReLU, its gradient, bias add and bias gradient: the same bytes as the wasm kernels, at 1, 2 and 3 threads',
  { skip },
  async () => {
    await useBackend('wasm');
    setNativeKernels(false);
    setTrainingThreads(1);
    const wasm = elementwise();
    setNativeKernels(true);
    [1, 2, 3].forEach((t) => {
      setTrainingThreads(t);
      elementwise().forEach((bytes, i) =>
        assert.ok(bytes.equals(wasm[i]), `result ${i} at ${t} threads differs from wasm`),
      );
    });
  },
);
