import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { WorkbookError, claims, clearClaims, pairedClaim } from '../../../src/lib';

const wording = {
  ahead: { id: 'a-wins', text: 'A beats B' },
  behind: { id: 'b-wins', text: 'negative result: B beats A' },
  tie: { id: 'a-ties-b', text: 'null result: A and B within two standard errors' },
};

test('pairedClaim: records the sentence the seed-by-seed gap supports, and it holds', () => {
  clearClaims();
  const b = [0.7, 0.9, 0.8, 0.6];
  const steady = b.map((x, i) => x + 0.03 + 0.001 * i); // +3 points on every seed
  const ahead = pairedClaim({ a: steady, b, ...wording, scale: 100, unit: '%' });
  assert.deepEqual([ahead.claim.id, ahead.claim.expected, ahead.claim.holds], ['a-wins', '>', true]);
  assert.ok(Math.abs(ahead.claim.measured - 100 * (0.75 + 0.0315)) < 1e-9);
  assert.equal(ahead.claim.unit, '%');
  const behind = pairedClaim({ a: b, b: steady, ...wording });
  assert.deepEqual([behind.claim.id, behind.claim.expected, behind.claim.holds], ['b-wins', '<', true]);
  // gaps +0.02, −0.01, +0.05: within two standard errors (se ≈ 0.0173)
  const tie = pairedClaim({ a: [0.8, 0.9, 0.85], b: [0.78, 0.91, 0.8], ...wording, scale: 100 });
  assert.deepEqual([tie.claim.id, tie.claim.expected, tie.claim.holds], ['a-ties-b', '≈', true]);
  assert.ok(Math.abs(tie.claim.tolerance! - 200 * tie.gap.se) < 1e-9);
  assert.deepEqual(
    claims().map((c) => c.id),
    ['a-wins', 'b-wins', 'a-ties-b'],
  );
  clearClaims();
});

test('pairedClaim: bad input names the parameter', () => {
  const rejects = (fn: () => unknown, pattern: RegExp) =>
    assert.throws(fn, (e: unknown) => e instanceof WorkbookError && pattern.test(e.message));
  rejects(() => pairedClaim({ a: [1, 2], b: [1], ...wording }), /b/);
  rejects(() => pairedClaim({ a: [1, 2], b: [1, 2], ...wording, tie: undefined as never }), /tie/);
  rejects(() => pairedClaim({ a: [1, 2], b: [1, 2], ...wording, scale: 0 }), /scale/);
  rejects(() => pairedClaim({ a: [1, 2], b: [1, 2], ...wording, seeds: 2 } as never), /seeds/);
  clearClaims();
});
