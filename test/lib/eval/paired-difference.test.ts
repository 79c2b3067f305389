import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { WorkbookError } from '../../../src/lib';
import { pairedDifference } from '../../../src/lib/eval';

const near = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);

test('pairedDifference: mean and standard error of the seed-by-seed gaps, wins, and the 2-se verdict', () => {
  // gaps +0.02, −0.01, +0.05: mean 0.02, sd 0.03, se 0.03/√3 ≈ 0.0173 → within 2 se
  const d = pairedDifference([0.8, 0.9, 0.85], [0.78, 0.91, 0.8]);
  near(d.mean, 0.02);
  near(d.se, 0.03 / Math.sqrt(3));
  assert.deepEqual([d.wins, d.n, d.verdict], [2, 3, 'no clear difference']);
  // a steady gap: the spread of a and b is large, the spread of the gap is not
  const a = [0.7, 0.9, 0.8, 0.6],
    b = a.map((x, i) => x - 0.03 - 0.001 * i);
  assert.equal(pairedDifference(a, b).verdict, 'a ahead');
  assert.equal(pairedDifference(b, a).verdict, 'b ahead');
  assert.equal(pairedDifference(b, a).wins, 0);
  assert.equal(pairedDifference([1, 2], [1, 2]).verdict, 'no clear difference');
});

test('pairedDifference: bad input names the parameter', () => {
  const rejects = (fn: () => unknown, pattern: RegExp) =>
    assert.throws(fn, (e: unknown) => e instanceof WorkbookError && pattern.test(e.message));
  rejects(() => pairedDifference([0.5], [0.4]), /a.*at least 2/);
  rejects(() => pairedDifference([0.5, 0.6], [0.4]), /b.*as many as a/);
  rejects(() => pairedDifference([0.5, NaN], [0.4, 0.5]), /a/);
  rejects(() => pairedDifference([0.5, 0.6], 'x' as never), /b/);
});
