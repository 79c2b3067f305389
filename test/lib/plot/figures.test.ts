import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  tf,
  lineChart,
  barChart,
  heatmap,
  imageGrid,
  figureHtml,
  figureText,
  inNotebook,
  progress,
  fit,
  mlp,
} from '../../../src/lib';
import { useBackend } from '../../helpers';

test('figure builders return plain plotly specs', () => {
  const line = lineChart([{ name: 'loss', y: [3, 2, 1] }], { title: 'Loss', xTitle: 'epoch' });
  assert.equal(line.data[0].type, 'scatter');
  assert.deepEqual(line.data[0].x, [0, 1, 2]);
  assert.equal((line.layout.title as { text: string }).text, 'Loss');
  const bars = barChart(
    ['a', 'b'],
    [
      [1, 2],
      [3, 4],
    ],
    {
      groups: ['g1', 'g2'],
      error: [
        [0.1, 0.1],
        [0.2, 0.2],
      ],
    },
  );
  assert.equal(bars.data.length, 2);
  assert.deepEqual((bars.data[1].error_y as { array: number[] }).array, [0.2, 0.2]);
  const hm = heatmap(
    [
      [5, 1],
      [0, 7],
    ],
    { annotate: true },
  );
  assert.equal((hm.layout.annotations as unknown[]).length, 4);
  assert.ok(JSON.parse(JSON.stringify(hm)));
});

test('figure builders reject malformed input', () => {
  assert.throws(() => lineChart([]), /lineChart: series/);
  assert.throws(() => lineChart([{ name: 'a', x: [1], y: [1, 2] }]), /lineChart: series "a".x/);
  assert.throws(() => barChart(['a', 'b'], [1]), /barChart: values\[0\]/);
  assert.throws(() => heatmap([[1, 2], [3]]), /heatmap: z/);
});

test('imageGrid tiles images into one PNG and keeps captions', async () => {
  await useBackend();
  const imgs = tf.randomUniform([3, 8, 8, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
  const before = tf.memory().numTensors;
  const fig = imageGrid(imgs, { cols: 2, captions: ['a', 'b', 'c'] });
  assert.equal(tf.memory().numTensors, before);
  assert.match(fig.data[0].source as string, /^data:image\/png;base64,/);
  assert.equal((fig.layout.annotations as unknown[]).length, 3);
  assert.throws(() => imageGrid(tf.zeros([1, 4, 4, 2]) as tf.Tensor4D), /imageGrid: channels 2/);
  imgs.dispose();
});

test('show renders HTML that draws with plotly; outside a notebook it prints text', () => {
  const fig = lineChart([{ name: 'acc', y: [0.5, 0.9] }], { title: 'Acc' });
  const html = figureHtml(fig, 'x1');
  assert.match(html, /Plotly\.react\("x1"/);
  assert.ok(!html.includes('</script><'), 'figure JSON cannot close the script tag early');
  assert.equal(inNotebook(), false);
  assert.match(figureText(fig), /\[Acc\]\n {2}scatter "acc": 2 points, last 0\.9000/);
});

test('progress() reports each epoch in a terminal', async () => {
  await useBackend();
  const lines: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  (process.stderr as unknown as { write: (s: string) => boolean }).write = (s: string) => {
    lines.push(String(s));
    return true;
  };
  try {
    const x = tf.randomNormal([16, 3], 0, 1, 'float32', 4);
    const y = tf
      .oneHot(
        tf.tensor1d(
          [...Array(16).keys()].map((i) => i % 2),
          'int32',
        ),
        2,
      )
      .toFloat();
    const model = mlp({ inputShape: [3], hidden: [2], numClasses: 2 });
    await fit(model, x, y, { epochs: 2, batchSize: 8, callbacks: [progress()] });
    tf.dispose([x, y]);
    model.dispose();
  } finally {
    (process.stderr as unknown as { write: typeof write }).write = write;
  }
  const text = lines.join('');
  assert.match(text, /epoch 1\/2: loss [\d.]+, acc/);
  assert.match(text, /epoch 2\/2: loss/);
});
