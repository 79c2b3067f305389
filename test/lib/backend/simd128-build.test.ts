/**
 * The wasm training kernels exist in two builds (wasm/build.js): SIMD128, and relaxed SIMD with
 * fused multiply-add, which src/lib/wasm/load.ts prefers where the engine runs it, so the rest of
 * the suite tests the relaxed build. The build is chosen once per process, so the SIMD128 build
 * (the one engines without relaxed SIMD get) is tested here by re-running the kernel property
 * files and the every-layer gradient check in a child process with WORKBOOK_WASM_RELAXED=0 (and the native
 * kernels off, so that the wasm GEMM, convolutions and Adam are what runs); and, where the native
 * kernels run, once more on the relaxed build with them off.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { nativeKernelsActive } from '../../../src/lib/backend';

const FILES = [
  'kernels-train',
  'kernels',
  'kernels-forward',
  'kernels-sparse-depthwise',
  'coverage',
  'threads',
  'winograd',
].map((f) => path.join(__dirname, `${f}.test.js`));

/** Runs FILES in a child process with `settings` added to the environment; returns its output after checking it passed. */
function runFiles(settings: Record<string, string>): string {
  // NODE_TEST_CONTEXT is set when this file itself runs under `node --test`; left in place, it
  // would make the child report in the runner's binary protocol instead of TAP
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  const r = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=tap', ...FILES], {
    env: { ...env, ...settings },
    encoding: 'utf8',
    timeout: 300_000,
  });
  const output = `${r.stdout}\n${r.stderr}`;
  assert.equal(r.status, 0, `child test run failed:\n${output.slice(-4000)}`);
  assert.match(output, /# fail 0/);
  return output;
}

test('kernel properties and layer gradients also hold on the SIMD128 build (WORKBOOK_WASM_RELAXED=0)', () => {
  const output = runFiles({ WORKBOOK_WASM_RELAXED: '0', WORKBOOK_NATIVE: '0' });
  assert.match(output, /train kernels: SIMD128 build/, 'the child did not load the SIMD128 build');
  assert.doesNotMatch(output, /train kernels: relaxed-SIMD build/);
});

test(
  '…and on the relaxed-SIMD build with the native kernels off (WORKBOOK_NATIVE=0)',
  {
    skip:
      !nativeKernelsActive() &&
      'the native kernels do not run here, so the rest of the suite already tests these wasm kernels',
  },
  () => {
    // where the native kernels run, the suite's products and convolutions go to them; this keeps
    // the relaxed-SIMD wasm GEMM, convolutions and Adam under the same properties
    const output = runFiles({ WORKBOOK_NATIVE: '0' });
    assert.doesNotMatch(output, /train kernels: SIMD128 build/);
  },
);
