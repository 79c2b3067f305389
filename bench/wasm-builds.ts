/**
 * The two builds of the wasm training kernels against each other: SIMD128 (dist/wasm/train.wasm)
 * and relaxed SIMD with fused multiply-add (train-relaxed.wasm, what src/lib/wasm/load.ts picks
 * where the engine runs it). The build is chosen once per process, so each round runs one child
 * process per build (WORKBOOK_WASM_RELAXED=0 / 1), alternating, and each side keeps its best
 * round: a load spike during one turn must not decide the ratio. Per child: the reference CNN's
 * training step on wasm (median of BENCH_STEPS) and the GEMM / direct-convolution calls of that
 * step on their own (fastest quarter of 15 calls, random data on the tfjs heap). Last line: JSON.
 *
 *   npm run build && node dist/bench/wasm-builds.js      (BENCH_ROUNDS=4, BENCH_STEPS=20)
 */
import { execFileSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/lib/backend';
import { timeTrainingStep } from '../src/experiments/01-backends';
import { heapOffset, trainKernels } from '../src/lib/backend/kernels/train-module';
import { WasmBackend } from '../src/lib/backend/kernels/util';
import { relaxedSimdInUse } from '../src/lib/wasm/load';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const STEPS = Number(process.env.BENCH_STEPS ?? 20);

/** The reference CNN's products, as the kernels see them: [M, K, N] and conv [b, H, W, ci, co, k]. */
const GEMMS: Record<string, [number, number, number]> = {
  'filter gradient, conv2 (288×12544·12544×64)': [288, 12544, 64],
  'filter gradient, conv1 (25×50176·50176×32)': [25, 50176, 32],
  'dense fc1 (64×3136·3136×128)': [64, 3136, 128],
};
const CONVS: Record<string, [number, number, number, number, number, number]> = {
  'conv1 5×5 1→32 on 28×28': [64, 28, 28, 1, 32, 5],
  'conv2 3×3 32→64 on 14×14': [64, 14, 14, 32, 64, 3],
  'conv2 input gradient 3×3 64→32': [64, 14, 14, 64, 32, 3],
};

type Timings = Record<string, number>;

/** ms of the fastest quarter of `reps` calls (after one warm-up call). */
function fastQuarter(fn: () => void, reps = 15): number {
  fn();
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    const started = performance.now();
    fn();
    ms.push(performance.now() - started);
  }
  return ms.sort((a, b) => a - b)[Math.floor(reps / 4)];
}

async function child(): Promise<void> {
  await selectBackend({ force: 'wasm' });
  const backend = tf.backend() as unknown as WasmBackend;
  const k = trainKernels(backend);
  const at = (t: tf.Tensor) => heapOffset(backend, t);
  const random = (n: number) => tf.randomUniform([n], -1, 1, 'float32', 1);
  const out: Timings = {};
  for (const [name, [M, K, N]] of Object.entries(GEMMS)) {
    const [a, b, c] = [random(M * K), random(K * N), random(M * N)];
    out[name] = fastQuarter(() => k.matmul(at(a), at(b), at(c), M, K, N));
    tf.dispose([a, b, c]);
  }
  for (const [name, [n, H, W, ci, co, f]] of Object.entries(CONVS)) {
    // an input already padded for 'same' (as src/lib/backend/kernels/conv2d.ts hands it over)
    const [x, w, o] = [random(n * (H + f - 1) * (W + f - 1) * ci), random(f * f * ci * co), random(n * H * W * co)];
    out[name] = fastQuarter(() =>
      k.convDirect(at(x), at(w), at(o), n, H + f - 1, W + f - 1, ci, H, W, co, f, f, 1, 1, 1, 1),
    );
    tf.dispose([x, w, o]);
  }
  out['CNN training step'] = (await timeTrainingStep('cnn', 'wasm', { steps: STEPS, warmup: 3 })).msPerStep;
  console.log(JSON.stringify({ relaxed: relaxedSimdInUse(), ms: out }));
}

function parent(): void {
  const best: Record<'simd128' | 'relaxed', Timings> = { simd128: {}, relaxed: {} };
  for (let round = 1; round <= ROUNDS; round++) {
    for (const build of ['simd128', 'relaxed'] as const) {
      const env = { ...process.env, WORKBOOK_WASM_RELAXED: build === 'relaxed' ? '1' : '0' };
      const stdout = execFileSync(process.execPath, [__filename, 'child'], { env, encoding: 'utf8' });
      const result = JSON.parse(stdout.trim().split('\n').pop()!) as { relaxed: boolean; ms: Timings };
      if (result.relaxed !== (build === 'relaxed'))
        throw new Error(
          `wasm-builds: asked for the ${build} build, the child ran the other one (relaxed SIMD unsupported here?)`,
        );
      for (const [name, ms] of Object.entries(result.ms))
        best[build][name] = Math.min(best[build][name] ?? Infinity, ms);
      console.log(`round ${round}/${ROUNDS}, ${build}: CNN step ${result.ms['CNN training step'].toFixed(1)} ms`);
    }
  }
  console.log(`\nbest of ${ROUNDS} rounds, ms (relaxed / SIMD128):`);
  const ratios: Timings = {};
  for (const name of Object.keys(best.simd128)) {
    ratios[name] = Number((best.relaxed[name] / best.simd128[name]).toFixed(3));
    console.log(
      `  ${name.padEnd(46)} ${best.simd128[name].toFixed(2).padStart(7)} ${best.relaxed[name].toFixed(2).padStart(7)}  ${ratios[name].toFixed(3)}`,
    );
  }
  const round2 = (t: Timings) => Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Number(v.toFixed(2))]));
  console.log(
    JSON.stringify({
      simd128_ms: round2(best.simd128),
      relaxed_ms: round2(best.relaxed),
      relaxed_vs_simd128: ratios,
      rounds: ROUNDS,
      steps: STEPS,
    }),
  );
}

if (process.argv[2] === 'child') {
  child().catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else {
  parent();
}
