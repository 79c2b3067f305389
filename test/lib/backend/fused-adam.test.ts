/** The fused wasm Adam step against tfjs's own AdamOptimizer.applyGradients: same bits, no leaks. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { selectBackend, stockAdamApplyGradients } from '../../../src/lib/backend';
import { values } from './compare';

/** Trains fresh variables for `steps` steps with `apply`; returns final values and optimizer weights. */
async function run(
  apply: (o: tf.AdamOptimizer, g: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[]) => void,
  shapes: number[][],
  steps: number,
  asList: boolean,
  seed: number,
) {
  const vars = shapes.map((s, i) =>
    tf.variable(tf.tensor(values(s, seed + i), s), true, `fused-adam-${seed}-${i}-${Math.random()}`),
  );
  const opt = tf.train.adam(0.01, 0.9, 0.999, 1e-7);
  for (let t = 0; t < steps; t++) {
    const grads = vars.map((v, i) => tf.tensor(values(v.shape, seed + 100 * (t + 1) + i), v.shape));
    apply(
      opt,
      asList
        ? vars.map((v, i) => ({ name: v.name, tensor: grads[i] }))
        : Object.fromEntries(vars.map((v, i) => [v.name, grads[i]])),
    );
    tf.dispose(grads);
  }
  const weights = await opt.getWeights();
  const out = {
    vars: vars.map((v) => Array.from(v.dataSync())),
    weights: weights.map((w) => [w.name.replace(/-[\d.]+\//, '/'), Array.from(w.tensor.dataSync())]),
  };
  opt.dispose();
  tf.dispose(vars);
  return out;
}

test('fused Adam on wasm gives tf.train.adam results bit for bit (random shapes, steps, map and list gradients)', async () => {
  await selectBackend({ force: 'wasm' });
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        shapes: fc.array(fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 0, maxLength: 3 }), {
          minLength: 1,
          maxLength: 3,
        }),
        steps: fc.integer({ min: 1, max: 4 }),
        asList: fc.boolean(),
        seed: fc.integer({ min: 0, max: 1e5 }),
      }),
      async (p) => {
        const fused = await run((o, g) => o.applyGradients(g as never), p.shapes, p.steps, p.asList, p.seed);
        const stock = await run((o, g) => stockAdamApplyGradients.call(o, g), p.shapes, p.steps, p.asList, p.seed);
        assert.deepEqual(fused, stock, JSON.stringify(p));
      },
    ),
    { numRuns: 30, seed: 21 },
  );
});

test('fused Adam leaks nothing per step and leaves other backends on the stock path', async () => {
  await selectBackend({ force: 'wasm' });
  const v = tf.variable(tf.tensor(values([3, 5], 1), [3, 5]));
  const opt = tf.train.adam(1e-3);
  const step = () => tf.tidy(() => opt.applyGradients({ [v.name]: tf.onesLike(v) }));
  step(); // creates the two moment variables
  const before = tf.memory().numTensors;
  for (let i = 0; i < 5; i++) step();
  assert.equal(tf.memory().numTensors, before);
  const onWasm = Array.from(v.dataSync());
  tf.dispose([v]);
  opt.dispose();
  // the same six steps on cpu (stock path) land on the same values
  await tf.setBackend('cpu');
  const c = tf.variable(tf.tensor(values([3, 5], 1), [3, 5]));
  const optCpu = tf.train.adam(1e-3);
  for (let i = 0; i < 6; i++) tf.tidy(() => optCpu.applyGradients({ [c.name]: tf.onesLike(c) }));
  const onCpu = Array.from(c.dataSync());
  for (let i = 0; i < onCpu.length; i++)
    assert.ok(Math.abs(onCpu[i] - onWasm[i]) <= 1e-6, `${onCpu[i]} vs ${onWasm[i]}`);
  tf.dispose(c);
  optCpu.dispose();
  await selectBackend({ force: 'wasm' });
});
