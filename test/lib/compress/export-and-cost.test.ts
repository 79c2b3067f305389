import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../../helpers';
import { referenceCnn, mlp, WorkbookError } from '../../../src/lib';
import { separableCnn, saveTfjs, loadTfjs, layerCosts, modelCost } from '../../../src/lib/compress';

before(async () => {
  await useBackend();
});

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'wb-compress-'));

async function maxDiff(a: tf.LayersModel, b: tf.LayersModel, x: tf.Tensor): Promise<number> {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a.predict(x) as tf.Tensor, b.predict(x) as tf.Tensor))).dataSync()[0]);
}

test('tfjs format: model.json + weights round trip gives the same outputs', async () => {
  const dir = tmp();
  const m = referenceCnn({ seed: 3 });
  const saved = await saveTfjs(m, dir);
  assert.ok(fs.existsSync(path.join(dir, 'model.json')) && fs.existsSync(path.join(dir, 'weights.bin')));
  assert.equal(saved.weightBytes, m.countParams() * 4);
  const json = JSON.parse(fs.readFileSync(saved.modelPath, 'utf8'));
  assert.equal(json.format, 'layers-model');
  const again = await loadTfjs(dir);
  const x = tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', 1);
  assert.equal(await maxDiff(m, again, x), 0);
  x.dispose();
  m.dispose();
  again.dispose();
  fs.rmSync(dir, { recursive: true });
});

test('tfjs format with uint8 / float16 weights: smaller files, tfjs dequantises on load', async () => {
  const m = mlp({ inputShape: [784], hidden: [64], seed: 2 });
  const x = tf.randomUniform([4, 784], 0, 1, 'float32', 2);
  const plainDir = tmp();
  const plain = await saveTfjs(m, plainDir);
  for (const [mode, ratio, tol] of [
    ['uint8', 0.25, 0.05],
    ['float16', 0.5, 0.005],
  ] as const) {
    const dir = tmp();
    const saved = await saveTfjs(m, dir, { quantise: mode });
    assert.equal(saved.weightBytes, plain.weightBytes * ratio);
    const again = await loadTfjs(path.join(dir, 'model.json'));
    const d = await maxDiff(m, again, x);
    assert.ok(d > 0 && d < tol, `${mode}: max diff ${d}`);
    again.dispose();
    fs.rmSync(dir, { recursive: true });
  }
  x.dispose();
  m.dispose();
  fs.rmSync(plainDir, { recursive: true });
});

test('tfjs format validates its arguments', async () => {
  const m = mlp({ inputShape: [4], hidden: [2] });
  await assert.rejects(saveTfjs(m, tmp(), { quantise: 'int4' as never }), /quantise "int4"/);
  await assert.rejects(loadTfjs('/nonexistent/folder'), WorkbookError);
  m.dispose();
});

test('parameter and MAC counts of the reference CNN match the hand count', () => {
  const m = referenceCnn();
  const rows = layerCosts(m);
  const byName = Object.fromEntries(rows.map((r) => [r.layer, r]));
  assert.equal(byName.conv1.macs, 28 * 28 * 5 * 5 * 1 * 32);
  assert.equal(byName.conv2.macs, 14 * 14 * 3 * 3 * 32 * 64);
  assert.equal(byName.fc1.macs, 7 * 7 * 64 * 128);
  assert.equal(modelCost(m).params, m.countParams());
  m.dispose();
});

test('the separable variant has fewer parameters and about 3× fewer MACs', () => {
  const std = referenceCnn(),
    sep = separableCnn(),
    sep1 = separableCnn({ separableFirst: true });
  const conv2 = layerCosts(sep).find((r) => r.layer === 'conv2')!;
  assert.equal(conv2.macs, 14 * 14 * (3 * 3 * 32 + 32 * 64));
  assert.equal(conv2.params, 3 * 3 * 32 + 32 * 64 + 64);
  assert.ok(modelCost(sep).params < modelCost(std).params);
  assert.ok(modelCost(std).macs / modelCost(sep).macs > 3);
  assert.ok(modelCost(sep1).macs < modelCost(sep).macs);
  [std, sep, sep1].forEach((m) => m.dispose());
});
