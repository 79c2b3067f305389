/** The gradient comparison itself: it must be able to fail. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { maxRelativeDifference } from '../../../src/experiments/01-backends';
import { WorkbookError } from '../../../src/lib/errors';
import { onBackend } from '../../../src/experiments/01-backends';

const f = (...v: number[]) => Float32Array.from(v);

test('maxRelativeDifference: identical → 0, a 1% error → 0.01, tiny entries judged on the tensor scale', () => {
  assert.equal(maxRelativeDifference([f(1, -2, 3)], [f(1, -2, 3)]), 0);
  assert.ok(Math.abs(maxRelativeDifference([f(1.01, -2)], [f(1, -2)]) - 0.01) < 1e-6);
  // 1e-9 vs 2e-9 next to a 1.0 entry: below the 1% floor, so ~1e-9 relative, not 50%
  assert.ok(maxRelativeDifference([f(1, 1e-9)], [f(1, 2e-9)]) < 1e-6);
});

test('maxRelativeDifference: a numerically-zero reference tensor must be numerically zero in the tested one', () => {
  assert.equal(maxRelativeDifference([f(1), f(3e-8)], [f(1), f(-2e-8)]), 0);
  assert.ok(maxRelativeDifference([f(1), f(0.1)], [f(1), f(0)]) > 1);
});

test('maxRelativeDifference: mismatched lengths throw', () => {
  assert.throws(() => maxRelativeDifference([f(1, 2)], [f(1)]));
});

test('onBackend rejects unknown backends with a WorkbookError', async () => {
  await assert.rejects(
    onBackend('webgl' as never, () => 1),
    WorkbookError,
  );
});
