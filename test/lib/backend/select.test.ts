/** Backend selection: order, fallbacks, npm-alias detection, forcing, errors, idempotence. */
import { test, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { describeBackend, selectBackend, currentBackend } from '../../../src/lib/backend';
import { WorkbookError } from '../../../src/lib/errors';

/** A fake module loader: `installed` maps package name → its package.json name. */
function loader(installed: Record<string, string>) {
  return (spec: string) => {
    const pkg = spec.replace(/\/package\.json$/, '');
    if (!(pkg in installed)) throw new Error(`Cannot find module '${spec}'`);
    return spec.endsWith('package.json')
      ? { name: installed[pkg] }
      : require(pkg === '@tensorflow/tfjs-backend-wasm' ? pkg : '@tensorflow/tfjs');
  };
}
const REAL = {
  '@tensorflow/tfjs-backend-wasm': '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs': '@tensorflow/tfjs',
};

/** tfjs-node would register a 'tensorflow' backend; stand one in (a cpu backend under that name). */
function fakeTensorflowBackend(): void {
  if (tf.findBackendFactory('tensorflow')) return;
  const Cpu = (tf.findBackend('cpu') ?? tf.engine().registry.cpu)!.constructor as new () => tf.KernelBackend;
  tf.registerBackend('tensorflow', () => new Cpu());
}

after(async () => {
  tf.removeBackend('tensorflow');
  await selectBackend({ force: 'wasm' });
});

test('with no tfjs-node packages the order falls through to wasm, saying why', async () => {
  const c = await selectBackend({ load: loader(REAL), gpuWorks: () => false });
  assert.equal(c.name, 'wasm');
  assert.equal(tf.getBackend(), 'wasm');
  assert.deepEqual(
    c.skipped.map((s) => s.name),
    ['tensorflow-gpu', 'webgpu', 'tensorflow'],
  );
  assert.match(c.skipped[0].why, /@tensorflow\/tfjs-node-gpu is not installed/);
  assert.match(c.skipped[1].why, /webgpu is not installed \(npm install webgpu @tensorflow\/tfjs-backend-webgpu/);
  assert.match(c.reason, /skipped tensorflow-gpu, webgpu, tensorflow/);
  assert.match(describeBackend(c), /^Backend: wasm \(/);
});

test("an npm alias of plain tfjs installed as tfjs-node (danfojs's override) is not mistaken for tfjs-node", async () => {
  const c = await selectBackend({
    load: loader({ ...REAL, '@tensorflow/tfjs-node': '@tensorflow/tfjs' }),
    gpuWorks: () => true,
  });
  assert.equal(c.name, 'wasm');
  assert.match(c.skipped[2].why, /alias of @tensorflow\/tfjs/);
});

test('tfjs-node-gpu without a working GPU falls back to tfjs-node', async () => {
  fakeTensorflowBackend();
  const c = await selectBackend({
    load: loader({
      ...REAL,
      '@tensorflow/tfjs-node-gpu': '@tensorflow/tfjs-node-gpu',
      '@tensorflow/tfjs-node': '@tensorflow/tfjs-node',
    }),
    gpuWorks: () => false,
  });
  assert.equal(c.name, 'tensorflow');
  assert.equal(c.tfBackend, 'tensorflow');
  assert.match(c.skipped[0].why, /no working CUDA GPU/);
});

test('tfjs-node-gpu with a working GPU comes first', async () => {
  fakeTensorflowBackend();
  const c = await selectBackend({
    load: loader({ ...REAL, '@tensorflow/tfjs-node-gpu': '@tensorflow/tfjs-node-gpu' }),
    gpuWorks: () => true,
  });
  assert.equal(c.name, 'tensorflow-gpu');
  assert.deepEqual(c.skipped, []);
});

test('forcing a backend that is not installed names the package to install', async () => {
  await assert.rejects(
    selectBackend({ force: 'tensorflow', load: loader(REAL) }),
    (e: Error) => e instanceof WorkbookError && /npm install @tensorflow\/tfjs-node/.test(e.message),
  );
  await assert.rejects(selectBackend({ force: 'tensorflow-gpu', load: loader(REAL) }), /tfjs-node-gpu/);
});

test('an unknown backend name is rejected with the accepted ones', async () => {
  await assert.rejects(
    selectBackend({ force: 'gpu' as never }),
    (e: Error) => e instanceof WorkbookError && /tensorflow-gpu, webgpu, tensorflow, wasm, cpu/.test(e.message),
  );
});

test('WORKBOOK_BACKEND forces a backend; the option wins over the variable', async () => {
  process.env.WORKBOOK_BACKEND = 'cpu';
  try {
    const c = await selectBackend();
    assert.equal(c.name, 'cpu');
    assert.match(c.reason, /WORKBOOK_BACKEND/);
    assert.equal((await selectBackend({ force: 'wasm' })).name, 'wasm');
  } finally {
    delete process.env.WORKBOOK_BACKEND;
  }
});

test('selection is idempotent and restores its backend after a manual tf.setBackend', async () => {
  const first = await selectBackend({ force: 'wasm' });
  const again = await selectBackend();
  assert.equal(again, first);
  await tf.setBackend('cpu');
  assert.equal(await selectBackend(), first);
  assert.equal(tf.getBackend(), 'wasm');
  assert.equal(currentBackend(), first);
});

test('with the real loader, an aliased tfjs-node is skipped and wasm is chosen over cpu', async () => {
  let aliased = true;
  try {
    aliased = require('@tensorflow/tfjs-node/package.json').name !== '@tensorflow/tfjs-node';
  } catch {
    aliased = true; // not installed at all: skipped just the same
  }
  const c = await selectBackend({ load: (p: string) => require(p), gpuWorks: () => false });
  if (aliased) assert.equal(c.name, 'wasm');
  assert.notEqual(c.name, 'cpu');
});
