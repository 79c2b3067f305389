/**
 * The wasm training kernels exist in two builds (wasm/build.js): SIMD128, and relaxed SIMD with
 * fused multiply-add, which src/lib/wasm/load.ts prefers where the engine runs it, so the rest of
 * the suite tests the relaxed build. The build is chosen once per process, so the SIMD128 build
 * (the one engines without relaxed SIMD get) is tested here by re-running the kernel property
 * files and the every-layer gradient check in a child process with WORKBOOK_WASM_RELAXED=0.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const FILES = [
  'kernels-train',
  'kernels',
  'kernels-forward',
  'kernels-sparse-depthwise',
  'coverage',
  'threads',
  'winograd',
].map((f) => path.join(__dirname, `${f}.test.js`));

test('kernel properties and layer gradients also hold on the SIMD128 build (WORKBOOK_WASM_RELAXED=0)', () => {
  // NODE_TEST_CONTEXT is set when this file itself runs under `node --test`; left in place, it
  // would make the child report in the runner's binary protocol instead of TAP
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  const r = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=tap', ...FILES], {
    env: { ...env, WORKBOOK_WASM_RELAXED: '0' },
    encoding: 'utf8',
    timeout: 300_000,
  });
  const output = `${r.stdout}\n${r.stderr}`;
  assert.equal(r.status, 0, `child test run failed:\n${output.slice(-4000)}`);
  assert.match(output, /train kernels: SIMD128 build/, 'the child did not load the SIMD128 build');
  assert.doesNotMatch(output, /train kernels: relaxed-SIMD build/);
  assert.match(output, /# fail 0/);
});
