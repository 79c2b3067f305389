/** Bad parameters and bad images fail early with the transform, parameter, value and accepted range. */
import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../helpers';
import { WorkbookError } from '../../src/lib/errors';
import * as A from '../../src/image-aug';
import { parameterTable } from '../../src/experiments/08-image-augmentation-gallery';

before(() => useBackend());

function throwsNaming(fn: () => unknown, where: string, parameter: string, accepted: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof WorkbookError, String(e));
    assert.equal(e.where, where);
    assert.equal(e.parameter, parameter);
    assert.match(e.message, accepted);
    return true;
  });
}

test('bad parameters name the transform, the parameter, the value and the accepted range', () => {
  throwsNaming(() => new A.Rotate({ limit: [40, 10] }), 'Rotate', 'limit', /\[40, 10\].*lo ≤ hi/);
  throwsNaming(
    () => new A.Rotate({ border: 'wrap' as never }),
    'Rotate',
    'border',
    /"wrap".*"constant", "reflect", "edge"/,
  );
  throwsNaming(() => new A.Brightness({ p: 1.5 }), 'Brightness', 'p', /1\.5.*\[0, 1\]/);
  throwsNaming(() => new A.GaussianBlur({ sigma: [0, 1] }), 'GaussianBlur', 'sigma', /0\.05/);
  throwsNaming(() => new A.RandomCrop({ height: 2.5, width: 3 }), 'RandomCrop', 'height', /integer/);
  throwsNaming(
    () => new A.RandomCrop({ height: 40, width: 3 }).apply(tf.zeros([28, 28, 1])),
    'RandomCrop',
    'height',
    /40.*\[1, 28\]/,
  );
  throwsNaming(() => new A.MixUp({ alpha: 0 }), 'MixUp', 'alpha', /\[0\.001, 100\]/);
  throwsNaming(() => new A.Cutout({ holes: 0 }), 'Cutout', 'holes', /integer in \[1, 100\]/);
  throwsNaming(() => new A.Hue({ limt: 3 } as never), 'Hue', 'option', /limit/);
  throwsNaming(() => new A.SomeOf([new A.Hue()], { n: 3 }), 'SomeOf', 'n', /\[3, 3\]/);
  throwsNaming(
    () => new A.Compose([new A.MixUp(), new A.Hue()]),
    'Compose',
    'transforms',
    /per-image transforms first/,
  );
  throwsNaming(() => new A.OneOf([new A.CutMix() as never]), 'OneOf', 'transforms[0]', /per-image/);
  throwsNaming(() => new A.Hue({ seed: -1 }), 'Hue', 'seed', /integer/);
});

test('bad images and labels are rejected clearly', () => {
  const t = new A.HorizontalFlip();
  throwsNaming(() => t.apply(tf.zeros([4, 4])), 'HorizontalFlip', 'x shape', /\[H,W,C\]/);
  throwsNaming(() => t.apply(tf.zeros([4, 4, 1], 'bool')), 'HorizontalFlip', 'x dtype', /float32/);
  throwsNaming(() => t.apply(tf.zeros([4, 4, 7])), 'HorizontalFlip', 'channels', /1, 3/);
  throwsNaming(() => t.apply([1, 2] as never), 'HorizontalFlip', 'x', /tf.Tensor/);
  throwsNaming(() => new A.MixUp().applyBatch(tf.zeros([4, 4, 4, 1]), tf.zeros([3, 10])), 'MixUp', 'y rows', /4/);
  throwsNaming(() => new A.CutMix().applyBatch(tf.zeros([4, 4, 1]), tf.zeros([4, 10])), 'CutMix', 'x shape', /batch/);
  throwsNaming(() => A.decodeImage(new Uint8Array([1, 2, 3, 4, 5])), 'decodeImage', 'bytes', /PNG or JPEG/);
});

test('every transform declares its parameters, and every default is itself valid', async () => {
  const { CASES } = await import('./cases');
  const { validateParam } = await import('../../src/lib/augment/params');
  for (const c of CASES) {
    const t = c.make({});
    assert.ok(Object.keys(t.declarations).includes('p'), `${c.name} declares p`);
    for (const [name, d] of Object.entries(t.declarations)) {
      assert.ok(d.doc !== undefined, `${c.name}.${name} has a doc`);
      if (!(typeof d.default === 'number' && Number.isNaN(d.default)))
        assert.doesNotThrow(() => validateParam(c.name, name, d, d.default), `${c.name}.${name}`);
    }
    assert.equal(parameterTable([t])[0].transform, c.name);
  }
});
