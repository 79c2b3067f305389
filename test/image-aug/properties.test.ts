/** Property-based checks (fast-check) over random shapes, dtypes, parameters and seeds. */
import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { useBackend } from '../helpers';
import * as A from '../../src/image-aug';
import { CASES } from './cases';

before(() => useBackend());

const shapeArb = fc.record({
  n: fc.integer({ min: 1, max: 3 }),
  h: fc.integer({ min: 6, max: 14 }),
  w: fc.integer({ min: 6, max: 14 }),
  c: fc.constantFrom(1, 3),
  int: fc.boolean(),
  seed: fc.nat(1e6),
});

test('every transform keeps dtype and value range, and is deterministic, on random shapes', () => {
  fc.assert(
    fc.property(shapeArb, fc.constantFrom(...CASES), ({ n, h, w, c, int, seed }, k) => {
      const x = tf.randomUniform([n, h, w, c], 0, int ? 256 : 1, int ? 'int32' : 'float32', seed);
      const t = k.make({});
      const a = t.apply(x, seed),
        b = t.apply(x, seed);
      const [oh, ow] = t.outputSize(h, w);
      assert.deepEqual(a.shape, [n, oh, ow, c]);
      assert.equal(a.dtype, x.dtype);
      assert.deepEqual(a.dataSync(), b.dataSync());
      const max = int ? 255 : 1;
      assert.ok(a.dataSync().every((v) => v >= 0 && v <= max));
      tf.dispose([x, a, b]);
    }),
    { numRuns: 60, seed: 7 },
  );
});

test('random parameters: crops are windows of the (padded) input, rotations by 0 are the identity', () => {
  fc.assert(
    fc.property(shapeArb, fc.integer({ min: 0, max: 3 }), ({ h, w, c, seed }, padding) => {
      const x = tf.randomUniform([1, h, w, c], 0, 1, 'float32', seed);
      const height = 1 + (seed % h),
        width = 1 + ((seed >> 3) % w);
      const y = new A.RandomCrop({ height, width, padding }).apply(x, seed);
      assert.deepEqual(y.shape, [1, height, width, c]);
      const padded = tf.pad(x, [
        [0, 0],
        [padding, padding],
        [padding, padding],
        [0, 0],
      ]);
      let found = false;
      for (let dy = 0; dy <= h + 2 * padding - height && !found; dy++) {
        for (let dx = 0; dx <= w + 2 * padding - width && !found; dx++)
          found = padded.slice([0, dy, dx, 0], [1, height, width, c]).dataSync().join() === y.dataSync().join();
      }
      assert.ok(found);
      const still = new A.Rotate({ limit: 0 }).apply(x, seed);
      assert.ok(tf.max(tf.abs(tf.sub(still, x))).dataSync()[0] < 1e-5);
      tf.dispose([x, y, padded, still]);
    }),
    { numRuns: 30, seed: 3 },
  );
});

test('mixup/cutmix labels are valid distributions for any alpha and batch', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 8 }),
      fc.double({ min: 0.05, max: 5, noNaN: true }),
      fc.nat(1e6),
      (n, alpha, seed) => {
        const x = tf.randomUniform([n, 6, 6, 1], 0, 1, 'float32', seed);
        const y = tf.oneHot(
          tf.tensor1d(
            Array.from({ length: n }, (_, i) => i % 4),
            'int32',
          ),
          4,
        );
        for (const Mix of [A.MixUp, A.CutMix]) {
          const [mx, my] = new Mix({ alpha }).applyBatch(x, y, seed);
          const v = my.dataSync();
          assert.ok(v.every((p) => p >= -1e-6 && p <= 1 + 1e-6));
          my.sum(1)
            .dataSync()
            .forEach((s) => assert.ok(Math.abs(s - 1) < 1e-5));
          tf.dispose([mx, my]);
        }
        tf.dispose([x, y]);
      },
    ),
    { numRuns: 30, seed: 5 },
  );
});
