/** Pipeline parallelism: a pipelined batch gives the one-process gradients; fitPipeline trains like fit; bad splits are refused. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { tf, fit, mlp, WorkbookError } from '../../../src/lib';
import {
  balancedSplit,
  fitPipeline,
  PipelinePool,
  resolveLoss,
  theoreticalBubble,
  measuredBubble,
  replayedBubble,
  trainableVariables,
} from '../../../src/lib/train';
import { assertNoLeak, useBackend } from '../../helpers';

const data = () => {
  const x = tf.randomNormal([60, 20], 0, 1, 'float32', 11);
  const labels = Array.from({ length: 60 }, (_, i) => (i * 5) % 4);
  return { x, y: tf.oneHot(tf.tensor1d(labels, 'int32'), 4) };
};
const model = () => mlp({ inputShape: [20], hidden: [16, 12, 8], numClasses: 4, seed: 3 });
const flat = (ws: ArrayLike<number>[]) => ws.flatMap((w) => Array.from(w));
const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

test('one pipelined batch has the same loss and gradients as one process on the whole batch', async () => {
  await useBackend();
  const { x, y } = data();
  const m = model();
  const indices = Int32Array.from({ length: 50 }, (_, i) => (i * 7) % 60);
  const reference = tf.tidy(() => {
    const ind = tf.tensor1d(indices, 'int32');
    const [bx, by] = [tf.gather(x, ind), tf.gather(y, ind)];
    const lossFn = resolveLoss('softmaxCrossEntropy');
    const { value, grads } = tf.variableGrads(
      () => lossFn(by, m.apply(bx, { training: true }) as tf.Tensor),
      trainableVariables(m),
    );
    return {
      loss: value.dataSync()[0],
      grads: Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, g.dataSync().slice()])),
    };
  });
  // Uneven micro-batches (50 rows in 3 and 4) and a stage of one layer as well as several.
  for (const [split, microBatches] of [
    [[0, 4], 3],
    [[0, 2, 4], 1],
    [[0, 1, 3, 4], 3],
    [[0, 1, 2, 3, 4], 4],
  ] as [number[], number][]) {
    const pool = await PipelinePool.start(m, x, y, { split, microBatches, optimizer: tf.train.sgd(0.1) });
    try {
      const got = await pool.compute(indices, { epoch: 0, batch: 0, seed: 1, indices });
      assert.deepEqual(Object.keys(got.grads).sort(), Object.keys(reference.grads).sort());
      for (const [name, g] of Object.entries(got.grads)) {
        const d = maxAbsDiff(g.dataSync(), reference.grads[name]);
        assert.ok(d < 1e-6, `split [${split}], M=${microBatches}: ${name} differs by ${d}`);
      }
      assert.ok(Math.abs(got.loss - reference.loss) < 1e-6, `loss ${got.loss} vs ${reference.loss}`);
      const stats = pool.lastStep!;
      assert.equal(stats.events.length, split.length - 1);
      stats.events.forEach((events) => assert.equal(events.length, 2 * microBatches)); // one F and one B per micro-batch
      assert.ok(stats.bubble >= 0 && stats.bubble < 1);
      tf.dispose(Object.values(got.grads));
    } finally {
      await pool.close();
    }
  }
  m.dispose();
  tf.dispose([x, y]);
});

test('fitPipeline trains to the same weights as fit, and the stages hold them', async () => {
  await useBackend();
  const { x, y } = data();
  const options = () => ({ epochs: 2, batchSize: 20, seed: 5, optimizer: tf.train.adam(0.01) });
  const single = model();
  const h1 = await fit(single, x, y, options());
  const piped = model();
  const h2 = await fitPipeline(piped, x, y, { split: [0, 2, 4], microBatches: 4, keepPool: true, ...options() });
  try {
    const w = flat(piped.getWeights().map((t) => t.dataSync()));
    assert.ok(maxAbsDiff(w, flat(single.getWeights().map((t) => t.dataSync()))) < 1e-5);
    assert.ok(maxAbsDiff(flat(await h2.pool!.stageWeights()), w) < 1e-6, 'the stages differ from the model');
    h1.history.loss.forEach((l, i) => assert.ok(Math.abs(l - h2.history.loss[i]) < 1e-5));
  } finally {
    await h2.pool!.close();
  }
  single.dispose();
  piped.dispose();
  tf.dispose([x, y]);
});

test('batch-norm statistics: updated once per micro-batch (not again by the recomputation) and copied back', async () => {
  await useBackend();
  const { x, y } = data();
  const bnModel = () => {
    const m = tf.sequential();
    m.add(
      tf.layers.dense({
        inputShape: [20],
        units: 16,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      }),
    );
    m.add(tf.layers.batchNormalization());
    m.add(tf.layers.dense({ units: 4, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }));
    return m;
  };
  // One micro-batch per batch: the statistics see the same rows as fit's, so everything must agree.
  const options = () => ({ epochs: 2, batchSize: 20, seed: 5, optimizer: tf.train.sgd(0.1) });
  const single = bnModel();
  await fit(single, x, y, options());
  const piped = bnModel();
  await fitPipeline(piped, x, y, { split: [0, 2, 3], microBatches: 1, ...options() });
  const [a, b] = [piped, single].map((m) => m.getWeights().map((w) => Array.from(w.dataSync())));
  assert.equal(a.length, 8); // 2 + 4 (gamma, beta, moving mean, moving variance) + 2
  a.forEach((w, i) => assert.ok(maxAbsDiff(w, b[i]) < 1e-5, `weight ${i} (${piped.weights[i].name}) differs`));
  single.dispose();
  piped.dispose();
  tf.dispose([x, y]);
});

test('dropout in a stage is seeded: the same seed trains to the same weights', async () => {
  await useBackend();
  const { x, y } = data();
  const run = async () => {
    const m = mlp({ inputShape: [20], hidden: [16, 12], dropout: 0.3, numClasses: 4, seed: 3 });
    await fitPipeline(m, x, y, { split: balancedSplit(m, 2), epochs: 1, batchSize: 30, seed: 9 });
    const w = flat(m.getWeights().map((t) => t.dataSync()));
    m.dispose();
    return w;
  };
  assert.deepEqual(await run(), await run());
  tf.dispose([x, y]);
});

test('pipeline training leaves no tensors behind on the coordinator', async () => {
  await useBackend();
  const { x, y } = data();
  const m = model();
  const optimizer = tf.train.sgd(0.1);
  await assertNoLeak(() => fitPipeline(m, x, y, { split: [0, 2, 4], epochs: 1, batchSize: 30, optimizer }), 2);
  m.dispose();
  tf.dispose([x, y]);
});

test('a split that does not cover the layers in order is refused, naming the parameter', async () => {
  await useBackend();
  const { x, y } = data();
  const m = model(); // 4 layers
  const bad: [unknown, RegExp][] = [
    [[1, 4], /split\[0\] 1 is invalid; accepted: 0/],
    [[0, 3], /split\[1\] 3 is invalid; accepted: 4/],
    [[0, 2, 2, 4], /split\[2\] 2 is invalid; accepted: more than split\[1\]/],
    [[0, 3, 2, 4], /split\[2\] 2 is invalid/],
    [[0, 5], /split\[1\] 5 is invalid/],
    [[0, 1.5, 4], /split\[1\] 1.5 is invalid/],
    [[4], /split \[4\] is invalid/],
    ['0,4', /split "0,4" is invalid/],
  ];
  for (const [split, message] of bad) {
    await assert.rejects(
      fitPipeline(m, x, y, { split: split as number[], epochs: 1 }),
      (e: unknown) =>
        e instanceof WorkbookError && /^fitPipeline: /.test((e as Error).message) && message.test((e as Error).message),
      `split ${JSON.stringify(split)}`,
    );
    await assert.rejects(
      PipelinePool.start(m, x, y, { split: split as number[], optimizer: tf.train.sgd(0.1) }),
      (e: unknown) => e instanceof WorkbookError && message.test((e as Error).message),
    );
  }
  await assert.rejects(fitPipeline(m, x, y, { split: [0, 4], microBatches: 0, epochs: 1 }), /microBatches 0/);
  await assert.rejects(
    fitPipeline(m, x, y, { split: [0, 4], epochs: 1, workers: 2 } as never),
    /unknown option `workers`/,
  );
  const functional = tf.model({ inputs: m.inputs, outputs: m.outputs });
  await assert.rejects(
    fitPipeline(functional as never, x, y, { split: [0, 4], epochs: 1 }),
    /fitPipeline: model .* tf.Sequential/,
  );
  assert.throws(() => balancedSplit(m, 5), /balancedSplit: stages 5 is invalid; accepted: an integer in \[1, 4\]/);
  m.dispose();
  tf.dispose([x, y]);
});

test('balanced splits and the bubble formula', () => {
  const m = mlp({ inputShape: [28, 28, 1], hidden: [64, 64, 64], seed: 1 }); // flatten, 3 × dense, logits
  assert.deepEqual(balancedSplit(m, 1), [0, 5]);
  const two = balancedSplit(m, 2);
  assert.equal(two.length, 3);
  assert.equal(two[1], 2); // fc1 (784 × 64) alone outweighs the rest
  m.dispose();
  assert.equal(theoreticalBubble(1, 8), 0);
  assert.equal(theoreticalBubble(4, 1), 0.75);
  assert.equal(theoreticalBubble(2, 3), 0.25);
  const e = (start: number, end: number) => ({ kind: 'F' as const, m: 0, start, end });
  assert.ok(Math.abs(measuredBubble([[e(0, 1), e(1, 2)], [e(1, 2)]]).bubble - 0.25) < 1e-12);
  assert.throws(() => measuredBubble([[e(2, 1)]]), WorkbookError);
  // Equal passes replayed on dedicated stages: exactly the formula, whatever the wall clock said.
  for (const [S, M] of [
    [2, 1],
    [2, 4],
    [4, 8],
  ]) {
    const pass = (kind: 'F' | 'B', m: number, t: number) => ({ kind, m, start: t, end: t + 1 });
    const stages = Array.from({ length: S }, (_, s) => [
      ...Array.from({ length: M }, (_, m) => pass('F', m, 100 * s + m)), // start times only give the order
      ...Array.from({ length: M }, (_, k) => pass('B', M - 1 - k, 1000 - 100 * s + k)),
    ]);
    const replayed = replayedBubble(stages).bubble;
    assert.ok(Math.abs(replayed - theoreticalBubble(S, M)) < 1e-12, `S=${S} M=${M}: ${replayed}`);
  }
});
