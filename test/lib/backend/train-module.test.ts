/**
 * wasm/train.ts runs on the tfjs wasm heap (imported memory), so it must never write there by
 * itself: no data segments (copied into memory at instantiation), no start function.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../src/lib/backend';
import { instantiateTrainKernels } from '../../../src/lib/backend/kernels/train-module';

const WASM = path.join(__dirname, '..', '..', '..', 'wasm', 'train.wasm');

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

test('train.wasm imports its memory and has no data segments and no start function', () => {
  const bytes = new Uint8Array(fs.readFileSync(WASM));
  const ids = sectionIds(bytes);
  assert.ok(ids.includes(2), 'has an import section');
  for (const forbidden of [8, 11, 12]) assert.ok(!ids.includes(forbidden), `section ${forbidden} present: ${ids}`);
  const mod = new WebAssembly.Module(bytes);
  assert.deepEqual(WebAssembly.Module.imports(mod).filter((i) => i.kind === 'memory').map((i) => `${i.module}.${i.name}`), ['env.memory']);
  assert.equal(WebAssembly.Module.exports(mod).filter((e) => e.kind === 'memory').length, 0);
});

test('instantiating the train kernels on the tfjs heap leaves every byte unchanged', async () => {
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
