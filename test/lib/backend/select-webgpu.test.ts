/**
 * The WebGPU path's selection logic (this machine has no GPU, and Debian's software Vulkan is too
 * old for Dawn, so the real backend cannot run here): missing packages and a missing adapter are
 * skipped in auto mode and are errors naming the fix when forced; with an adapter, webgpu is
 * picked after tensorflow-gpu and before tensorflow.
 */
import { test, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../src/lib/backend';
import { WorkbookError } from '../../../src/lib/errors';

const BASE = ['@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs'];
const WEBGPU = ['webgpu', '@tensorflow/tfjs-backend-webgpu'];

/** Fake loader: `installed` packages resolve; loading the tfjs webgpu backend registers a stand-in. */
function loader(installed: string[]) {
  return (spec: string) => {
    const pkg = spec.replace(/\/package\.json$/, '');
    if (!installed.includes(pkg)) throw new Error(`Cannot find module '${spec}'`);
    if (spec.endsWith('package.json')) return { name: pkg };
    if (pkg === '@tensorflow/tfjs-backend-webgpu') {
      // the real package registers 'webgpu' on load; stand one in (a cpu backend under that name)
      const Cpu = (tf.findBackend('cpu') ?? tf.engine().registry.cpu)!.constructor as new () => tf.KernelBackend;
      if (!tf.findBackendFactory('webgpu')) tf.registerBackend('webgpu', () => new Cpu());
      return {};
    }
    return require(pkg === '@tensorflow/tfjs-backend-wasm' ? pkg : '@tensorflow/tfjs');
  };
}

/** Fake `webgpu` ES module: Dawn with or without an adapter; counts adapter requests. */
function dawn(adapter: object | null) {
  const calls = { adapter: 0 };
  const importModule = async (pkg: string) => {
    assert.equal(pkg, 'webgpu');
    return {
      create: () => ({ requestAdapter: async () => (calls.adapter++, adapter) }),
      globals: { GPUBufferUsage: { MAP_READ: 1 } },
    };
  };
  return { importModule, calls };
}

const navigatorBefore = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
after(async () => {
  tf.removeBackend('webgpu');
  if (navigatorBefore) Object.defineProperty(globalThis, 'navigator', navigatorBefore);
  else delete (globalThis as { navigator?: unknown }).navigator;
  delete (globalThis as { GPUBufferUsage?: unknown }).GPUBufferUsage;
  await selectBackend({ force: 'wasm' });
});

test('auto: webgpu packages missing → skipped (not an error), saying how to install them', async () => {
  const { importModule, calls } = dawn({});
  const c = await selectBackend({ load: loader(BASE), gpuWorks: () => false, importModule });
  assert.equal(c.name, 'wasm');
  const skip = c.skipped.find((s) => s.name === 'webgpu')!;
  assert.match(skip.why, /webgpu is not installed \(npm install webgpu @tensorflow\/tfjs-backend-webgpu/);
  assert.equal(calls.adapter, 0, 'Dawn is not started when a package is missing');
});

test('auto: only the tfjs backend installed → the missing `webgpu` package is named', async () => {
  const c = await selectBackend({
    load: loader([...BASE, '@tensorflow/tfjs-backend-webgpu']),
    gpuWorks: () => false,
    importModule: dawn({}).importModule,
  });
  assert.match(c.skipped.find((s) => s.name === 'webgpu')!.why, /^webgpu is not installed/);
});

test('auto: packages installed but no adapter → skipped, and the next backend is used', async () => {
  const { importModule, calls } = dawn(null);
  const c = await selectBackend({ load: loader([...BASE, ...WEBGPU]), gpuWorks: () => false, importModule });
  assert.equal(c.name, 'wasm');
  assert.equal(calls.adapter, 1);
  assert.match(c.skipped.find((s) => s.name === 'webgpu')!.why, /no WebGPU adapter/);
  assert.equal(tf.findBackendFactory('webgpu'), null, 'the tfjs webgpu backend is not loaded without an adapter');
});

test('forcing webgpu without the packages or without an adapter is an error naming what is missing', async () => {
  await assert.rejects(
    selectBackend({ force: 'webgpu', load: loader(BASE), importModule: dawn({}).importModule }),
    (e: Error) =>
      e instanceof WorkbookError &&
      /cannot use backend "webgpu": webgpu is not installed \(npm install webgpu @tensorflow\/tfjs-backend-webgpu/.test(
        e.message,
      ),
  );
  await assert.rejects(
    selectBackend({ force: 'webgpu', load: loader([...BASE, ...WEBGPU]), importModule: dawn(null).importModule }),
    (e: Error) => e instanceof WorkbookError && /no WebGPU adapter/.test(e.message),
  );
});

test('with an adapter, webgpu is chosen after tensorflow-gpu (no CUDA) and before tensorflow', async () => {
  const { importModule, calls } = dawn({ name: 'fake adapter' });
  const installed = [...BASE, ...WEBGPU, '@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'];
  const c = await selectBackend({ load: loader(installed), gpuWorks: () => false, importModule });
  assert.equal(c.name, 'webgpu');
  assert.equal(tf.getBackend(), 'webgpu');
  assert.deepEqual(
    c.skipped.map((s) => s.name),
    ['tensorflow-gpu'],
  );
  assert.equal(calls.adapter, 1);
  assert.ok((globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu, 'navigator.gpu is Dawn’s');
  assert.ok((globalThis as { GPUBufferUsage?: unknown }).GPUBufferUsage, 'WebGPU globals exposed for the tfjs backend');
});
