/** Recorded claims: validation, the holds rule, and the round trip through a notebook's HTML output. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  claim,
  claimHolds,
  claims,
  clearClaims,
  makeClaim,
  readClaims,
  CLAIMS_MARKER,
  WorkbookError,
} from '../../src/lib';

const base = { id: 'x', text: 'more is better', measured: 2, expected: '>' as const, against: 1 };

test('holds follows the expected direction; ties do not count for > or <', () => {
  assert.equal(claimHolds(2, '>', 1), true);
  assert.equal(claimHolds(1, '>', 1), false);
  assert.equal(claimHolds(1, '<', 1), false);
  assert.equal(claimHolds(0.5, '<', 1), true);
  assert.equal(claimHolds(1.04, '≈', 1, 0.05), true);
  assert.equal(claimHolds(1.06, '≈', 1, 0.05), false);
  assert.equal(makeClaim({ ...base, measured: 0 }).holds, false);
});

test('bad claims are WorkbookErrors naming the parameter', () => {
  const bad: [Record<string, unknown>, string][] = [
    [{ ...base, expected: '>=' }, 'expected'],
    [{ ...base, measured: NaN }, 'measured'],
    [{ ...base, measured: Infinity }, 'measured'],
    [{ ...base, against: undefined }, 'against'],
    [{ ...base, id: '' }, 'id'],
    [{ ...base, text: ' ' }, 'text'],
    [{ ...base, expected: '≈' }, 'tolerance'],
    [{ ...base, tolerance: 1 }, 'tolerance'],
    [{ ...base, spread: -1 }, 'spread'],
    [{ ...base, holds: true }, 'options'],
  ];
  for (const [options, parameter] of bad) {
    assert.throws(
      () => makeClaim(options as never),
      (e: unknown) => e instanceof WorkbookError && e.parameter === parameter,
      parameter,
    );
  }
  assert.throws(
    () => makeClaim(null as never),
    (e: unknown) => e instanceof WorkbookError && e.parameter === 'options',
  );
});

test('claim records in order, replaces by id; readClaims finds the table in notebook outputs', () => {
  clearClaims();
  claim(base);
  claim({ ...base, id: 'y', expected: '<' });
  claim({ ...base, measured: 3 });
  assert.deepEqual(
    claims().map((c) => [c.id, c.measured, c.holds]),
    [
      ['x', 3, true],
      ['y', 2, false],
    ],
  );
  const json = JSON.stringify(claims());
  const nb = {
    cells: [
      {
        outputs: [
          {
            data: {
              'text/html': [`<table></table><script type="application/json" ${CLAIMS_MARKER}>`, `${json}</script>`],
            },
          },
        ],
      },
    ],
  };
  assert.deepEqual(readClaims(nb), claims());
  assert.deepEqual(readClaims({ cells: [{ outputs: [{ data: { 'text/plain': 'x' } }] }] }), []);
  clearClaims();
});
