/** One test body over every transform: shape, dtype, range, p=0 identity, seeding, no leaks. */
import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend, assertNoLeak } from '../helpers';
import { WorkbookError } from '../../src/lib/errors';
import { CASES } from './cases';

before(() => useBackend());

const H = 9,
  W = 8;
const inputs = () => ({
  float1: tf.randomUniform([3, H, W, 1], 0, 1, 'float32', 1),
  int3: tf.randomUniform([3, H, W, 3], 0, 256, 'int32', 2),
  single: tf.randomUniform([H, W, 3], 0, 1, 'float32', 3),
});

for (const c of CASES) {
  test(`${c.name}: shape, dtype, value range, seeding, p=0, no leak`, async () => {
    const xs = inputs();
    for (const [kind, x] of Object.entries(xs)) {
      const t = c.make({ seed: 5 });
      const y = t.apply(x, 11);
      const [oh, ow] = t.outputSize(H, W);
      const expected = x.rank === 4 ? [x.shape[0], oh, ow, x.shape[3]] : [oh, ow, x.shape[2]];
      assert.deepEqual(y.shape, expected, `${kind} shape`);
      assert.equal(y.dtype, x.dtype, `${kind} dtype`);
      const v = y.dataSync();
      const max = x.dtype === 'float32' ? 1 : 255;
      for (const value of v)
        assert.ok(value >= 0 && value <= max && Number.isFinite(value), `${kind}: ${value} outside [0, ${max}]`);
      if (x.dtype === 'int32') assert.ok(v.every((value) => Number.isInteger(value)));
      // same seed → same output, from the call's seed and from the constructor's seed
      assert.deepEqual(t.apply(x, 11).dataSync(), v, `${kind}: same seed, same output`);
      assert.deepEqual(c.make({ seed: 9 }).apply(x).dataSync(), c.make({ seed: 9 }).apply(x).dataSync());
      const greyPassThrough = ['Saturation', 'Hue'].includes(c.name) && x.shape[x.rank - 1] === 1; // no colour to change
      if (c.random && kind !== 'single' && !greyPassThrough) {
        const outs = new Set([1, 2, 3, 4].map((s) => t.apply(x, s).dataSync().join(',')));
        assert.ok(outs.size > 1, `${kind}: different seeds should give different outputs`);
      }
      if (c.keepsSize) {
        assert.deepEqual(c.make({ p: 0 }).apply(x, 3).dataSync(), x.dataSync(), `${kind}: p=0 is the identity`);
      } else {
        assert.throws(
          () => c.make({ p: 0 }),
          (e: unknown) => e instanceof WorkbookError && e.parameter === 'p',
        );
      }
      await assertNoLeak(() => tf.dispose(t.apply(x)));
      tf.dispose([y]);
    }
    tf.dispose(Object.values(xs));
  });
}

test('each image in a batch draws its own parameters', () => {
  const x = tf.randomUniform([6, 8, 8, 1], 0.2, 0.8, 'float32', 4);
  for (const c of CASES.filter((k) => ['Brightness', 'Rotate', 'GaussianNoise', 'RandomErasing'].includes(k.name))) {
    const y = c.make({}).apply(x, 1) as tf.Tensor4D;
    const rows = tf.unstack(y).map((im) => im.dataSync().join(','));
    assert.ok(new Set(rows).size > 1, `${c.name}: all images got the same parameters`);
    tf.dispose(y);
  }
  x.dispose();
});
