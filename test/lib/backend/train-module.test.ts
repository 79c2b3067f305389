/**
 * wasm/train.ts runs on the tfjs wasm heap (imported memory), so it must never write there by
 * itself: no data segments (copied into memory at instantiation), no start function. Checked for
 * both builds (wasm/build.js): SIMD128 and relaxed SIMD.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../src/lib/backend';
import { instantiateTrainKernels } from '../../../src/lib/backend/kernels/train-module';

const BUILDS = ['train.wasm', 'train-relaxed.wasm'].map((f) => path.join(__dirname, '..', '..', '..', 'wasm', f));

/** A build's bytes; Node 20 compiles relaxed SIMD only behind a V8 flag (as src/lib/wasm/load.ts does). */
function buildBytes(file: string): Uint8Array {
  const bytes = new Uint8Array(fs.readFileSync(file));
  if (!WebAssembly.validate(bytes)) v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  assert.ok(WebAssembly.validate(bytes), `${path.basename(file)} does not validate`);
  return bytes;
}

/** Section ids of a WebAssembly binary (1 type, 2 import, 8 start, 11 data, 12 data count, …). */
function sectionIds(bytes: Uint8Array): number[] {
  const ids: number[] = [];
  let at = 8; // magic + version
  while (at < bytes.length) {
    const id = bytes[at++];
    let size = 0;
    for (let shift = 0; ; shift += 7) {
      const b = bytes[at++];
      size |= (b & 0x7f) << shift;
      if (b < 0x80) break;
    }
    ids.push(id);
    at += size;
  }
  return ids;
}

for (const file of BUILDS) {
  const name = path.basename(file);

  test(`${name} imports its memory and has no data segments and no start function`, () => {
    const bytes = buildBytes(file);
    const ids = sectionIds(bytes);
    assert.ok(ids.includes(2), 'has an import section');
    for (const forbidden of [8, 11, 12]) assert.ok(!ids.includes(forbidden), `section ${forbidden} present: ${ids}`);
    const mod = new WebAssembly.Module(bytes);
    assert.deepEqual(
      WebAssembly.Module.imports(mod)
        .filter((i) => i.kind === 'memory')
        .map((i) => `${i.module}.${i.name}`),
      ['env.memory'],
    );
    assert.equal(WebAssembly.Module.exports(mod).filter((e) => e.kind === 'memory').length, 0);
  });

  test(`instantiating ${name} on the tfjs heap leaves every byte unchanged`, async () => {
    await selectBackend({ force: 'wasm' });
    const keep = tf.tensor(Array.from({ length: 1000 }, (_, i) => i));
    const memory = (tf.backend() as unknown as { wasm: { asm: { memory: WebAssembly.Memory } } }).wasm.asm.memory;
    const mod = new WebAssembly.Module(buildBytes(file));
    const before = new Uint8Array(memory.buffer).slice();
    new WebAssembly.Instance(mod, { env: { memory, abort: () => assert.fail('abort called') } });
    const after = new Uint8Array(memory.buffer);
    assert.equal(after.length, before.length);
    assert.ok(Buffer.compare(Buffer.from(before), Buffer.from(after)) === 0, 'heap bytes changed');
    assert.deepEqual(Array.from(keep.dataSync().slice(0, 5)), [0, 1, 2, 3, 4]);
    keep.dispose();
  });
}

test('instantiateTrainKernels (the build this process uses) leaves every heap byte unchanged', async () => {
  await selectBackend({ force: 'wasm' });
  const keep = tf.tensor(Array.from({ length: 1000 }, (_, i) => i));
  const memory = (tf.backend() as unknown as { wasm: { asm: { memory: WebAssembly.Memory } } }).wasm.asm.memory;
  const before = new Uint8Array(memory.buffer).slice();
  instantiateTrainKernels(memory);
  const after = new Uint8Array(memory.buffer);
  assert.equal(after.length, before.length);
  assert.ok(Buffer.compare(Buffer.from(before), Buffer.from(after)) === 0, 'heap bytes changed');
  assert.deepEqual(Array.from(keep.dataSync().slice(0, 5)), [0, 1, 2, 3, 4]);
  keep.dispose();
});

test('the relaxed-SIMD build contains fused multiply-adds', () => {
  // f32x4.relaxed_madd is 0xfd followed by LEB128 0x105 (0x85 0x02); none would mean the
  // compile-time switch in wasm/train/madd.ts no longer takes the relaxed path (the SIMD128 build
  // cannot contain it: asc rejects relaxed instructions without --enable relaxed-simd)
  const bytes = buildBytes(BUILDS[1]);
  assert.ok(
    bytes.some((b, i) => b === 0xfd && bytes[i + 1] === 0x85 && bytes[i + 2] === 0x02),
    'train-relaxed.wasm has no f32x4.relaxed_madd',
  );
});

test('the relaxed build of the train kernels loads after a module whose build has no relaxed instruction', () => {
  // the relaxed-SIMD decision is made once per process, on the first module loaded; image.wasm may
  // come first (image-aug before training) and its relaxed build need not use relaxed instructions
  const load = JSON.stringify(path.join(__dirname, '..', '..', '..', 'src', 'lib', 'wasm', 'load.js'));
  const script = `const { loadWasm, relaxedSimdInUse } = require(${load});
    loadWasm('image');
    loadWasm('train', { env: { memory: new WebAssembly.Memory({ initial: 1 }) } });
    console.log(relaxedSimdInUse() ? 'relaxed' : 'simd128');`;
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  const r = spawnSync(process.execPath, ['-e', script], {
    env: { ...env, WORKBOOK_WASM_RELAXED: '1' },
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'relaxed');
});
