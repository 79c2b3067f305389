import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { useBackend, assertNoLeak } from '../../helpers';
import { smallCnn, mlp } from '../../../src/lib';
import { saveModel, loadModel, modelExists, readModelMetadata, cloneModel, WorkbookError } from '../../../src/lib';
import { fileHandler, loadArtifacts, registerFileRouter } from '../../../src/lib/io/files';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'wb-io-'));

test('save → load round trip is exact (weights bit for bit, same outputs)', async () => {
  await useBackend();
  const model = smallCnn({ numClasses: 5, seed: 3 });
  const dir = path.join(tmp(), 'cnn');
  await saveModel(model, dir, { metadata: { recipe: 'test' } });
  assert.ok(fs.existsSync(path.join(dir, 'model.json')) && fs.existsSync(path.join(dir, 'weights.bin')));
  assert.ok(modelExists(dir));
  assert.deepEqual(readModelMetadata(dir), { recipe: 'test' });
  const back = await loadModel(dir);
  assert.deepEqual(
    back.layers.map((l) => l.name),
    model.layers.map((l) => l.name),
  );
  const a = model.getWeights(),
    b = back.getWeights();
  assert.equal(a.length, b.length);
  a.forEach((w, i) => assert.deepEqual(Array.from(b[i].dataSync()), Array.from(w.dataSync())));
  const x = tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', 1);
  const ya = model.predict(x) as tf.Tensor,
    yb = back.predict(x) as tf.Tensor;
  assert.deepEqual(Array.from(yb.dataSync()), Array.from(ya.dataSync()));
  tf.dispose([x, ya, yb]);
  model.dispose();
  back.dispose();
});

test('standard tfjs format: model.json manifest, byte count, loadable by tf.loadLayersModel and file:// URLs', async () => {
  await useBackend();
  const model = mlp({ hidden: [8], seed: 1 });
  const dir = path.join(tmp(), 'mlp');
  await model.save(fileHandler(dir));
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
  assert.equal(json.format, 'layers-model');
  assert.deepEqual(json.weightsManifest[0].paths, ['weights.bin']);
  const params = model.countParams();
  assert.equal(fs.statSync(path.join(dir, 'weights.bin')).size, params * 4);
  const viaTf = await tf.loadLayersModel(fileHandler(path.join(dir, 'model.json')));
  assert.equal(viaTf.countParams(), params);
  registerFileRouter();
  registerFileRouter(); // idempotent: a second router would make tfjs refuse the URL
  await model.save(`file://${dir}-url`);
  const viaUrl = await tf.loadLayersModel(`file://${dir}-url`);
  assert.equal(viaUrl.countParams(), params);
  [model, viaTf, viaUrl].forEach((m) => m.dispose());
});

test('sharded weights (converter output) load in manifest order; truncated weights are refused', async () => {
  await useBackend();
  const model = mlp({ hidden: [6], seed: 2 });
  const dir = path.join(tmp(), 'shards');
  await saveModel(model, dir);
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
  const bytes = fs.readFileSync(path.join(dir, 'weights.bin'));
  fs.writeFileSync(path.join(dir, 'group1-shard1of2.bin'), bytes.subarray(0, 100));
  fs.writeFileSync(path.join(dir, 'group1-shard2of2.bin'), bytes.subarray(100));
  json.weightsManifest[0].paths = ['group1-shard1of2.bin', 'group1-shard2of2.bin'];
  fs.writeFileSync(path.join(dir, 'sharded.json'), JSON.stringify(json));
  const back = await loadModel(path.join(dir, 'sharded.json'));
  back
    .getWeights()
    .forEach((w, i) => assert.deepEqual(Array.from(w.dataSync()), Array.from(model.getWeights()[i].dataSync())));
  fs.writeFileSync(path.join(dir, 'group1-shard2of2.bin'), bytes.subarray(100, 200));
  await assert.rejects(
    loadArtifacts(path.join(dir, 'sharded.json')),
    /loadArtifacts: weights "200 bytes" is invalid; accepted: the \d+ bytes that .*sharded.json describes/,
  );
  await assert.rejects(
    loadModel(path.join(dir, 'nothing-here')),
    (e: Error) => e instanceof WorkbookError && /no model at/.test(e.message),
  );
  assert.throws(() => fileHandler(''), /fileHandler: target "" is invalid/);
  model.dispose();
  back.dispose();
});

test('cloneModel: independent copy with equal weights; no tensor leak', async () => {
  await useBackend();
  const model = mlp({ hidden: [4], seed: 5 });
  const copy = await cloneModel(model);
  copy
    .getWeights()
    .forEach((w, i) => assert.deepEqual(Array.from(w.dataSync()), Array.from(model.getWeights()[i].dataSync())));
  const zeros = copy.layers[0].getWeights().map((w) => tf.zerosLike(w));
  copy.layers[0].setWeights(zeros);
  tf.dispose(zeros);
  assert.ok(
    model.layers[0]
      .getWeights()[0]
      .dataSync()
      .some((v) => v !== 0),
    'changing the copy changed the original',
  );
  copy.dispose();
  await assertNoLeak(async () => (await cloneModel(model)).dispose());
  model.dispose();
});

test('property: any small MLP round-trips bit-exactly through files', async () => {
  await useBackend();
  const root = tmp();
  let k = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.integer({ min: 1, max: 12 }), { maxLength: 3 }),
      fc.integer({ min: 1, max: 9 }),
      fc.integer({ min: 2, max: 6 }),
      async (hidden, inputs, classes) => {
        const model = mlp({ inputShape: [inputs], hidden, numClasses: classes, seed: k });
        const dir = path.join(root, `m${k++}`);
        await saveModel(model, dir);
        const back = await loadModel(dir);
        const same = model.layers.every((l, i) =>
          l.getWeights().every((w, j) => {
            const a = w.dataSync(),
              b = back.layers[i].getWeights()[j].dataSync();
            return a.length === b.length && a.every((v, q) => Object.is(v, b[q]));
          }),
        );
        model.dispose();
        back.dispose();
        return same;
      },
    ),
    { numRuns: 15, seed: 7 },
  );
});
