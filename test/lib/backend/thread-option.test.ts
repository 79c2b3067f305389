/** The training kernels' thread count: default, option, environment variable, bad values, and the data-parallel policy. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import { setTrainingThreads, threadsPerWorker, trainingThreads, maxTrainingThreads } from '../../../src/lib/backend';
import { WorkbookError } from '../../../src/lib/errors';

test('thread count: defaults to the cores; < 1, > cores × 4 or fractional → WorkbookError naming the option', () => {
  assert.equal(maxTrainingThreads(), os.availableParallelism() * 4);
  for (const bad of [0, -1, 1.5, maxTrainingThreads() + 1, NaN]) {
    assert.throws(
      () => setTrainingThreads(bad),
      (e: Error) => e instanceof WorkbookError && /setTrainingThreads/.test(e.message) && /threads/.test(e.message),
    );
  }
  const before = setTrainingThreads(1);
  assert.equal(trainingThreads(), 1);
  setTrainingThreads(before);
  const child = (env: string) =>
    spawnSync(
      process.execPath,
      [
        '-e',
        "const b = require('./dist/src/lib/backend'); try { console.log(b.trainingThreads()); } catch (e) { console.log(e.name + ': ' + e.message); }",
      ],
      { encoding: 'utf8', env: { ...process.env, WORKBOOK_THREADS: env } },
    ).stdout.trim();
  assert.equal(child(''), String(os.availableParallelism()));
  assert.equal(child('3'), '3');
  assert.match(child('0'), /WorkbookError.*WORKBOOK_THREADS/);
  assert.match(child(String(maxTrainingThreads() + 1)), /WorkbookError.*WORKBOOK_THREADS/);
});

test('policy: replica workers × kernel threads ≤ the thread budget (at least one each)', () => {
  assert.equal(threadsPerWorker(1, 4), 4);
  assert.equal(threadsPerWorker(2, 4), 2);
  assert.equal(threadsPerWorker(3, 4), 1);
  assert.equal(threadsPerWorker(8, 2), 1);
  assert.throws(() => threadsPerWorker(0), WorkbookError);
});
