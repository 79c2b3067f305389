/**
 * The native kernels' two instruction sets (native/conv_blocks.c): AVX-512 and AVX2 register blocks
 * run the same chain of fused multiply-adds for every output element, so products, convolutions and
 * their gradients must be the same bytes on both; and the switch (setNativeIsa, WORKBOOK_NATIVE_ISA)
 * refuses what it cannot do, naming the parameter.
 */
import { test, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import {
  nativeIsa,
  setNativeIsa,
  setNativeKernels,
  setTrainingThreads,
  trainingThreads,
} from '../../../src/lib/backend';
import { nativeAddon } from '../../../src/lib/backend/native';
import { WorkbookError } from '../../../src/lib/errors';
import { useBackend } from '../../helpers';
import { convolutions, products } from './native-cases';

const initialThreads = trainingThreads();
after(() => {
  setTrainingThreads(initialThreads);
  if (nativeAddon()) setNativeIsa('auto');
});

const cpuHasAvx512 = /\bavx512f\b/.test(fs.readFileSync('/proc/cpuinfo', 'utf8'));
const skip = nativeAddon() ? false : 'the native kernels are not built here (no C compiler or no AVX2/FMA)';

test(
  'AVX-512 and AVX2 blocks: products, convolutions and both gradients are the same bytes, at 1 and 2 threads',
  { skip: skip || (!cpuHasAvx512 && 'this CPU has no AVX-512') },
  async () => {
    await useBackend('wasm');
    setNativeKernels(true);
    const run = (isa: 'avx2' | 'avx512', threads: number) => {
      setNativeIsa(isa);
      assert.equal(nativeIsa(), isa);
      setTrainingThreads(threads);
      return [...products(), ...convolutions()];
    };
    const avx2 = run('avx2', 1);
    for (const threads of [1, 2])
      run('avx512', threads).forEach((bytes, i) =>
        assert.ok(bytes.equals(avx2[i]), `result ${i}: AVX-512 at ${threads} thread(s) differs from AVX2`),
      );
  },
);

test(
  'setNativeIsa: returns the previous set, refuses unknown names and AVX-512 where the CPU lacks it',
  { skip },
  () => {
    setNativeKernels(true);
    const widest = cpuHasAvx512 ? 'avx512' : 'avx2';
    assert.equal(setNativeIsa('avx2'), widest);
    assert.equal(setNativeIsa('auto'), 'avx2');
    assert.equal(nativeIsa(), widest);
    assert.throws(
      () => setNativeIsa('sse' as never),
      (e: unknown) => e instanceof WorkbookError && e.parameter === 'isa',
    );
    if (!cpuHasAvx512)
      assert.throws(
        () => setNativeIsa('avx512'),
        (e: unknown) => e instanceof WorkbookError && /lacks AVX-512/.test(e.message),
      );
    setNativeKernels(false);
    assert.equal(nativeIsa(), null);
    setNativeKernels(true);
  },
);

test(
  'WORKBOOK_NATIVE_ISA: avx2 holds the kernels to AVX2, other values are refused naming the variable',
  { skip },
  () => {
    const script = (value: string) =>
      `process.env.WORKBOOK_NATIVE_ISA=${JSON.stringify(value)};const n=require(${JSON.stringify(require.resolve('../../../src/lib/backend/native'))});` +
      `try{console.log(n.nativeIsa())}catch(e){console.log(e.name+':'+e.parameter)}`;
    const run = (value: string) => execFileSync(process.execPath, ['-e', script(value)], { encoding: 'utf8' }).trim();
    assert.equal(run('avx2'), 'avx2');
    assert.equal(run('auto'), cpuHasAvx512 ? 'avx512' : 'avx2');
    assert.equal(run('fast'), 'WorkbookError:WORKBOOK_NATIVE_ISA');
    if (!cpuHasAvx512) assert.equal(run('avx512'), 'WorkbookError:WORKBOOK_NATIVE_ISA');
  },
);
