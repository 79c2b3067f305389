import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend, assertNoLeak } from '../../helpers';
import { smallCnn, fit, loadMnist, WorkbookError, Dataset } from '../../../src/lib';
import {
  gradientSaliency,
  smoothGrad,
  integratedGradients,
  saliencyMap,
  gradCam,
  featureMapLayers,
  heatOverlay,
  fgsm,
  pgd,
  robustAccuracy,
  adversarialBatchHook,
} from '../../../src/lib/robust';

let model: tf.Sequential;
let data: { train: Dataset; test: Dataset };
let x: tf.Tensor;
let y: tf.Tensor;

before(async () => {
  await useBackend();
  data = loadMnist({ trainSize: 600, testSize: 64, seed: 5 });
  model = smallCnn({ seed: 5 });
  await fit(model, data.train.xs, data.train.ys, { epochs: 2, batchSize: 32, seed: 5, optimizer: tf.train.adam(3e-3) });
  x = data.test.xs.slice(0, 8);
  y = data.test.ys.slice(0, 8);
});

after(() => {
  tf.dispose([x, y]);
  model.dispose();
  data.train.dispose();
  data.test.dispose();
});

const ceLoss = (xx: tf.Tensor, yy: tf.Tensor) =>
  tf.tidy(() => tf.losses.softmaxCrossEntropy(yy, model.predict(xx) as tf.Tensor).dataSync()[0]);

test('saliency methods return non-zero attributions shaped like the input', () => {
  for (const attr of [
    gradientSaliency(model, x),
    smoothGrad(model, x, { samples: 4, seed: 1 }),
    integratedGradients(model, x, { steps: 8 }),
  ]) {
    assert.deepEqual(attr.shape, x.shape);
    const perImage = tf.tidy(() => tf.sum(tf.abs(attr), [1, 2, 3]).arraySync() as number[]);
    assert.ok(
      perImage.every((v) => v > 0),
      'every image gets some attribution',
    );
    const map = saliencyMap(attr);
    assert.deepEqual(map.shape, [8, 28, 28]);
    const [lo, hi] = [tf.min(map).dataSync()[0], tf.max(map).dataSync()[0]];
    assert.ok(lo >= 0 && Math.abs(hi - 1) < 1e-5);
    tf.dispose([attr, map]);
  }
});

test('the gradient matches a finite difference of the class logit', () => {
  const one = x.slice(0, 1);
  const g = gradientSaliency(model, one, { target: [3] });
  const gv = g.dataSync();
  // the pixel with the largest gradient, nudged by h
  let p = 0;
  for (let i = 1; i < gv.length; i++) if (Math.abs(gv[i]) > Math.abs(gv[p])) p = i;
  const h = 1e-2;
  const logit3 = (delta: number) =>
    tf.tidy(() => {
      const bump = tf.buffer([1, 28, 28, 1]);
      bump.values[p] = delta;
      return (model.predict(tf.add(one, bump.toTensor())) as tf.Tensor).dataSync()[3];
    });
  const fd = (logit3(h) - logit3(-h)) / (2 * h);
  assert.ok(Math.abs(fd - gv[p]) <= 0.05 * Math.abs(gv[p]) + 1e-3, `finite difference ${fd} vs gradient ${gv[p]}`);
  tf.dispose([one, g]);
});

test('integrated gradients add up to logit(x) − logit(baseline) (completeness)', () => {
  const attr = integratedGradients(model, x, { steps: 64, target: Array.from({ length: 8 }, () => 2) });
  const sums = tf.tidy(() => tf.sum(attr, [1, 2, 3]).arraySync() as number[]);
  const logits = tf.tidy(() => (model.predict(x) as tf.Tensor).arraySync() as number[][]);
  const base = tf.tidy(() => (model.predict(tf.zerosLike(x)) as tf.Tensor).arraySync() as number[][]);
  sums.forEach((s, i) => {
    const want = logits[i][2] - base[i][2];
    assert.ok(Math.abs(s - want) <= 0.05 * Math.abs(want) + 0.05, `image ${i}: ${s} vs ${want}`);
  });
  attr.dispose();
});

test('SmoothGrad and PGD are seeded: same seed, same output', () => {
  const a = smoothGrad(model, x, { samples: 3, seed: 7 });
  const b = smoothGrad(model, x, { samples: 3, seed: 7 });
  const c = smoothGrad(model, x, { samples: 3, seed: 8 });
  assert.deepEqual(Array.from(a.dataSync()), Array.from(b.dataSync()));
  assert.notDeepEqual(Array.from(a.dataSync()), Array.from(c.dataSync()));
  const p1 = pgd(model, x, y, { epsilon: 0.1, steps: 3, seed: 4 });
  const p2 = pgd(model, x, y, { epsilon: 0.1, steps: 3, seed: 4 });
  assert.deepEqual(Array.from(p1.dataSync()), Array.from(p2.dataSync()));
  tf.dispose([a, b, c, p1, p2]);
});

test('Grad-CAM gives one [0,1] map per image at the input resolution, for any conv layer', () => {
  assert.deepEqual(featureMapLayers(model), ['conv1', 'pool1', 'conv2', 'pool2']);
  for (const layer of [undefined, 'conv1', 'conv2']) {
    for (const variant of ['grad-cam', 'hires-cam'] as const) {
      const cam = gradCam(model, x, { layer, variant });
      assert.deepEqual(cam.shape, [8, 28, 28]);
      const peaks = tf.tidy(() => tf.max(cam, [1, 2]).arraySync() as number[]);
      assert.ok(
        peaks.every((p) => p === 0 || Math.abs(p - 1) < 1e-5),
        `each map is scaled to its peak (or empty): ${peaks}`,
      );
      assert.ok(cam.dataSync().every((e) => e >= 0));
      if (variant === 'hires-cam')
        assert.ok(peaks.filter((p) => p > 0).length >= 6, `HiResCAM finds evidence in most images: ${peaks}`);
      cam.dispose();
    }
  }
  const cam = gradCam(model, x);
  const rgb = heatOverlay(x, cam);
  assert.deepEqual(rgb.shape, [8, 28, 28, 3]);
  tf.dispose([cam, rgb]);
});

test('FGSM raises the loss; PGD raises it more and stays in the ε-ball and in [0, 1]', () => {
  const eps = 0.1;
  const clean = ceLoss(x, y);
  const f = fgsm(model, x, y, { epsilon: eps });
  const p = pgd(model, x, y, { epsilon: eps, steps: 10, seed: 1 });
  assert.ok(ceLoss(f, y) > clean, `FGSM loss ${ceLoss(f, y)} > clean ${clean}`);
  assert.ok(ceLoss(p, y) > ceLoss(f, y), `PGD loss ${ceLoss(p, y)} > FGSM ${ceLoss(f, y)}`);
  for (const adv of [f, p]) {
    const dist = tf.tidy(() => tf.max(tf.abs(tf.sub(adv, x))).dataSync()[0]);
    assert.ok(dist <= eps + 1e-6, `L∞ distance ${dist} ≤ ${eps}`);
    assert.ok(tf.tidy(() => tf.min(adv).dataSync()[0]) >= 0 && tf.tidy(() => tf.max(adv).dataSync()[0]) <= 1);
  }
  // labels as class indices work the same as one-hot rows
  const byIndex = fgsm(model, x, data.test.labels.slice(0, 8), { epsilon: eps });
  assert.deepEqual(Array.from(byIndex.dataSync()), Array.from(f.dataSync()));
  tf.dispose([f, p, byIndex]);
});

test('robust accuracy: ε = 0 is the clean accuracy, and it falls as ε grows', () => {
  const xs = data.test.xs,
    ys = data.test.ys;
  const clean = tf.tidy(
    () => tf.mean(tf.equal(tf.argMax(model.predict(xs) as tf.Tensor, -1), tf.argMax(ys, -1)).toFloat()).dataSync()[0],
  );
  assert.ok(Math.abs(robustAccuracy(model, xs, ys, { attack: 'fgsm', epsilon: 0 }) - clean) < 1e-9);
  const at = (epsilon: number) =>
    robustAccuracy(model, xs, ys, { attack: 'pgd', epsilon, steps: 5, seed: 1, batchSize: 32 });
  assert.ok(at(0.2) < clean);
});

test('bad input: ε < 0 and unknown keys are WorkbookErrors naming the parameter', () => {
  assert.throws(
    () => fgsm(model, x, y, { epsilon: -0.1 }),
    (e: Error) => e instanceof WorkbookError && /epsilon -0.1/.test(e.message) && /\[0, 1\]/.test(e.message),
  );
  assert.throws(() => pgd(model, x, y, { epsilon: -1 }), WorkbookError);
  assert.throws(() => robustAccuracy(model, x, y, { attack: 'pgd', epsilon: -0.01 }), WorkbookError);
  assert.throws(() => adversarialBatchHook(model, { attack: 'fgsm', epsilon: -0.2 }), WorkbookError);
  assert.throws(() => fgsm(model, x, y, { epsilon: 0.1, steps: 3 } as never), /known keys/);
  assert.throws(() => robustAccuracy(model, x, y, { attack: 'cw' as never, epsilon: 0.1 }), /attack "cw"/);
  assert.throws(() => smoothGrad(model, x, { samples: 0 }), /samples 0/);
  assert.throws(() => gradCam(model, x, { layer: 'logits' }), /layer "logits".*one of conv1/);
  assert.throws(() => gradCam(model, x, { variant: 'cam' as never }), /variant "cam"/);
  assert.throws(() => fgsm(model, x, y.slice(0, 4), { epsilon: 0.1 }), /y/);
});

test('adversarial training: a batch hook in fit, with no tensor leaks anywhere', async () => {
  const m = smallCnn({ seed: 9 });
  const xs = data.train.xs.slice(0, 64),
    ys = data.train.ys.slice(0, 64);
  await assertNoLeak(async () => {
    const opt = tf.train.adam(1e-3);
    await fit(m, xs, ys, {
      epochs: 1,
      batchSize: 32,
      seed: 1,
      optimizer: opt,
      batchHook: adversarialBatchHook(m, { attack: 'pgd', epsilon: 0.1, steps: 2, mix: 0.5 }),
    });
    opt.dispose();
  }, 2);
  await assertNoLeak(() => {
    tf.dispose([
      gradientSaliency(model, x),
      smoothGrad(model, x, { samples: 2 }),
      integratedGradients(model, x, { steps: 2 }),
      gradCam(model, x),
      fgsm(model, x, y, { epsilon: 0.1 }),
      pgd(model, x, y, { epsilon: 0.1, steps: 2 }),
    ]);
    const map = saliencyMap(x);
    const ov = heatOverlay(x, map);
    tf.dispose([map, ov]);
    robustAccuracy(model, x, y, { attack: 'pgd', epsilon: 0.1, steps: 2 });
  });
  tf.dispose([xs, ys]);
  m.dispose();
});

test('the batch hook reads no tensor back (its inputs were checked by fit); the public attacks do check', () => {
  const reads = { n: 0 };
  const proto = tf.Tensor.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  const saved = ['dataSync', 'arraySync', 'data', 'array'].map((k) => [k, proto[k]] as const);
  for (const [k, f] of saved)
    proto[k] = function (this: unknown, ...a: unknown[]) {
      reads.n++;
      return f.apply(this, a);
    };
  try {
    for (const attack of ['fgsm', 'pgd'] as const) {
      const hook = adversarialBatchHook(model, { attack, epsilon: 0.1, steps: 2 });
      reads.n = 0;
      tf.dispose(hook(x, y, { seed: 3 } as never));
      assert.equal(reads.n, 0, `${attack} hook read tensor data ${reads.n} times`);
    }
    reads.n = 0;
    tf.dispose(fgsm(model, x, y, { epsilon: 0.1 }));
    assert.ok(reads.n > 0, 'fgsm checks x and y for non-finite values at its edge');
  } finally {
    for (const [k, f] of saved) proto[k] = f;
  }
  const nan = tf.fill(x.shape, NaN);
  assert.throws(
    () => pgd(model, nan, y, { epsilon: 0.1, steps: 2 }),
    (e: unknown) => e instanceof WorkbookError && e.parameter === 'x',
  );
  nan.dispose();
});
