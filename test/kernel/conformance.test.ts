/**
 * Jupyter kernel conformance: runs jupyter_kernel_test (Debian's python3-jupyter-kernel-test)
 * against this checkout's kernel (kernel-setup/kernel/): every protocol sample, no skips, plus the
 * workbook's own cases (top-level await, library errors, interrupts) in the Python file.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { ensureJupyter, jupyterEnv, missingModules, ROOT, writeKernelSpec } from '../../kernel-setup/jupyter';

test('the kernel passes every jupyter_kernel_test protocol sample', () => {
  const python = ensureJupyter();
  assert.deepEqual(
    missingModules(python, ['jupyter_kernel_test']),
    [],
    `jupyter_kernel_test missing for ${python}: apt-get install python3-jupyter-kernel-test`,
  );
  writeKernelSpec();
  const r = spawnSync(python, [path.join(ROOT, 'test', 'kernel', 'test_tslab_kernel.py')], {
    env: jupyterEnv(),
    encoding: 'utf8',
    timeout: 240_000,
  });
  const out = `${r.stdout}\n${r.stderr}`;
  console.log(
    out
      .split('\n')
      .filter((l) => /\.\.\. |^Ran|^OK|^FAILED/.test(l))
      .join('\n'),
  );
  assert.equal(r.status, 0, out.slice(-4000));
  assert.match(out, /^OK/m);
});
