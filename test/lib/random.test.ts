import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { rng, seedEverything, toRng, WorkbookError } from '../../src/lib';
import { weightedIndex } from '../../src/lib/random';
import { checkRange, checkInt, checkOneOf } from '../../src/lib/errors';

test('same seed, same sequence; different seed, different sequence', () => {
  const a = rng(7),
    b = rng(7),
    c = rng(8);
  const sa = Array.from({ length: 20 }, () => a.next());
  assert.deepEqual(
    sa,
    Array.from({ length: 20 }, () => b.next()),
  );
  assert.notDeepEqual(
    sa,
    Array.from({ length: 20 }, () => c.next()),
  );
});

test('draws stay in their ranges (property)', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 1e6 }),
      fc.integer({ min: -50, max: 50 }),
      fc.integer({ min: 0, max: 50 }),
      (seed, lo, span) => {
        const r = rng(seed);
        const i = r.int(lo, lo + span);
        const u = r.uniform(lo, lo + span + 1);
        const b = r.beta(0.4, 0.4);
        return Number.isInteger(i) && i >= lo && i <= lo + span && u >= lo && u < lo + span + 1 && b >= 0 && b <= 1;
      },
    ),
  );
});

test('permutation is a permutation; shuffle keeps the multiset', () => {
  const p = Array.from(rng(1).permutation(100)).sort((x, y) => x - y);
  assert.deepEqual(
    p,
    Array.from({ length: 100 }, (_, i) => i),
  );
  const items = ['a', 'b', 'c', 'c', 'd'];
  assert.deepEqual(rng(3).shuffle(items).sort(), items.slice().sort());
});

test('normal has roughly mean 0 and sd 1', () => {
  const r = rng(11);
  const xs = Array.from({ length: 20000 }, () => r.normal());
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
  assert.ok(Math.abs(mean) < 0.03 && Math.abs(sd - 1) < 0.03, `mean ${mean} sd ${sd}`);
});

test('seedEverything makes Math.random reproducible', () => {
  seedEverything(5);
  const a = [Math.random(), Math.random()];
  seedEverything(5);
  assert.deepEqual([Math.random(), Math.random()], a);
  assert.equal(typeof toRng(3).next(), 'number');
});

test('validation helpers name function, parameter, value and range', () => {
  assert.throws(
    () => checkRange('RandomCrop', 'p', 2, 0, 1),
    (e: WorkbookError) =>
      e instanceof WorkbookError && e.message === 'RandomCrop: p 2 is invalid; accepted: a number in [0, 1]',
  );
  assert.throws(
    () => checkInt('fit', 'epochs', 0.5, 1),
    /fit: epochs 0.5 is invalid; accepted: an integer in \[1, ∞\]/,
  );
  assert.throws(
    () => checkOneOf('fit', 'loss', 'hinge', ['mse']),
    /fit: loss "hinge" is invalid; accepted: one of "mse"/,
  );
  assert.throws(() => seedEverything(-1), /setGlobalSeed: seed -1/);
});

test('weightedIndex: proportional to the weights; uniform (one r.int) when every weight is 0, for image and text OneOf alike', () => {
  const r = rng(5);
  const counts = [0, 0, 0];
  for (let i = 0; i < 3000; i++) counts[weightedIndex(r, [1, 0, 3])]++;
  assert.equal(counts[1], 0);
  assert.ok(Math.abs(counts[2] / counts[0] - 3) < 0.5, `counts ${counts}`);
  const zeros = [0, 0, 0];
  const z = rng(6);
  for (let i = 0; i < 3000; i++) zeros[weightedIndex(z, [0, 0, 0])]++;
  assert.ok(
    zeros.every((c) => c > 900),
    `all-zero weights pick uniformly: ${zeros}`,
  );
  const a = rng(7),
    b = rng(7);
  assert.equal(weightedIndex(a, [0, 0, 0, 0]), b.int(0, 3), 'all zero: exactly one r.int(0, n - 1)');
});
