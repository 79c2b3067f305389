/** Our wasm GatherV2, broadcasting Equal, contiguous Slice and wide UnsortedSegmentSum against the cpu backend: same values, same errors, no leaks. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { onBoth, values } from './compare';
import { selectBackend } from '../../../src/lib/backend';
import { assertNoLeak } from '../../helpers';

test('GatherV2 equals cpu for every axis, index shapes, int32 and float32, repeated ids, batchDims', async () => {
  const cases: { shape: number[]; axis: number; ids: number[]; idShape: number[]; batchDims?: number }[] = [
    { shape: [20, 8], axis: 0, ids: [3, 0, 19, 3, 7, 7], idShape: [2, 3] },
    { shape: [4, 5, 3], axis: 1, ids: [4, 0, 2], idShape: [3] },
    { shape: [4, 5, 3], axis: 2, ids: [2, 2, 0, 1], idShape: [2, 2] },
    { shape: [7], axis: 0, ids: [6, 1], idShape: [2] },
    { shape: [6, 5], axis: -1, ids: [0], idShape: [1] },
    { shape: [6, 5], axis: 0, ids: [], idShape: [0] },
    // batchDims > 0 goes to the stock kernel: the routing must still give cpu's answer
    { shape: [2, 5, 3], axis: 1, ids: [4, 0, 1, 1, 2, 3], idShape: [2, 3], batchDims: 1 },
    { shape: [2, 3, 4], axis: 2, ids: [3, 0, 2, 1], idShape: [2, 2], batchDims: 1 },
  ];
  for (const c of cases)
    for (const dtype of ['float32', 'int32'] as const) {
      const { wasm, cpu } = await onBoth(() => {
        const x = tf.tensor(
          values(c.shape, 1).map((v) => (dtype === 'int32' ? Math.round(v * 100) : v)),
          c.shape,
          dtype,
        );
        const g = tf.gather(x, tf.tensor(c.ids, c.idShape, 'int32'), c.axis, c.batchDims ?? 0);
        const a = (c.axis + c.shape.length) % c.shape.length;
        assert.deepEqual(g.shape, [
          ...c.shape.slice(0, a),
          ...c.idShape.slice(c.batchDims ?? 0),
          ...c.shape.slice(a + 1),
        ]);
        return g;
      });
      assert.deepEqual(wasm, cpu, JSON.stringify({ ...c, dtype }));
    }
});

test('GatherV2 on wasm refuses an out-of-range index as the stock kernel does, and leaks nothing', async () => {
  await selectBackend({ force: 'wasm' });
  const x = tf.tensor2d(values([5, 3], 2), [5, 3]);
  assert.throws(() => tf.gather(x, tf.tensor1d([1, 5], 'int32')), /index value 5 is not in \[0, 4\]/);
  assert.throws(() => tf.gather(x, tf.tensor1d([-1], 'int32')), /index value -1/);
  const ids = tf.tensor1d([4, 0, 2], 'int32');
  await assertNoLeak(() => tf.dispose(tf.gather(x, ids)));
  tf.dispose([x, ids]);
});

test('Equal with broadcasting equals cpu (max-pool gradient shapes, scalars, leading axes)', async () => {
  const pairs: [number[], number[]][] = [
    [
      [4, 6, 5],
      [4, 1, 5],
    ],
    [
      [4, 1, 5],
      [4, 6, 5],
    ],
    [[3, 4], [4]],
    [
      [3, 4],
      [3, 1],
    ],
    [
      [2, 3, 4, 5],
      [1, 3, 1, 5],
    ],
    [[5], []],
    [
      [1, 4],
      [3, 1],
    ],
  ];
  for (const [sa, sb] of pairs)
    for (const dtype of ['float32', 'int32'] as const) {
      const { wasm, cpu } = await onBoth(() => {
        // few distinct values, so that equal elements are common
        const a = tf.tensor(
          values(sa, 3).map((v) => Math.round(v * 2)),
          sa,
          dtype,
        );
        const b = tf.tensor(
          values(sb, 4).map((v) => Math.round(v * 2)),
          sb,
          dtype,
        );
        return tf.equal(a, b);
      });
      assert.deepEqual(wasm, cpu, `${JSON.stringify([sa, sb])} ${dtype}`);
      assert.ok(cpu[0].some((v) => v === 1) || cpu[0].length < 4, 'the case has equal elements');
    }
  await selectBackend({ force: 'wasm' });
  const a = tf.tensor3d(values([4, 6, 5], 5), [4, 6, 5]);
  const m = tf.max(a, 1, true);
  await assertNoLeak(() => tf.dispose(tf.equal(a, m)));
  tf.dispose([a, m]);
});

test('Slice equals cpu: contiguous runs (ours) and strided slices (stock), -1 sizes, float32, int32 and bool', async () => {
  const cases: { shape: number[]; begin: number[]; size: number[] }[] = [
    { shape: [8, 4, 3], begin: [7, 0, 0], size: [1, 4, 3] }, // a sequence's last step
    { shape: [8, 4, 3], begin: [0, 0, 0], size: [7, -1, -1] },
    { shape: [8, 4, 3], begin: [2, 1, 0], size: [1, 2, 3] }, // contiguous inside one leading index
    { shape: [8, 4, 3], begin: [1, 1, 1], size: [3, 2, 2] }, // strided: stock
    { shape: [10], begin: [3], size: [4] },
    { shape: [5, 6], begin: [0, 2], size: [5, 3] }, // strided columns: stock
    { shape: [5, 6], begin: [4, 0], size: [1, 6] },
    { shape: [5, 6], begin: [2, 0], size: [0, 6] }, // empty
  ];
  for (const c of cases)
    for (const dtype of ['float32', 'int32', 'bool'] as const) {
      const { wasm, cpu } = await onBoth(() => {
        const v = values(c.shape, 9).map((x) =>
          dtype === 'float32' ? x : dtype === 'int32' ? Math.round(x * 50) : x > 0 ? 1 : 0,
        );
        return tf.slice(tf.tensor(v, c.shape, dtype), c.begin, c.size);
      });
      assert.deepEqual(wasm, cpu, `${JSON.stringify(c)} ${dtype}`);
    }
  await selectBackend({ force: 'wasm' });
  const x = tf.tensor3d(values([8, 4, 3], 1), [8, 4, 3]);
  await assertNoLeak(() => tf.dispose(tf.slice(x, [7, 0, 0], [1, 4, 3])));
  x.dispose();
});

test('UnsortedSegmentSum of Embedding-sized rows (SIMD and tail columns, repeated and out-of-range ids) equals cpu', async () => {
  for (const inner of [32, 37, 3]) {
    const n = 300;
    const ids = Array.from(values([n], inner), (v) => Math.floor((v + 1) * 26) - 1); // −1 … 51, 50 segments
    const { wasm, cpu } = await onBoth(() =>
      tf.unsortedSegmentSum(tf.tensor2d(values([n, inner], 2), [n, inner]), tf.tensor1d(ids, 'int32'), 50),
    );
    const worst = wasm[0].reduce((m, v, i) => Math.max(m, Math.abs(v - cpu[0][i])), 0);
    assert.ok(worst < 1e-5, `inner ${inner}: differs by ${worst}`);
  }
  await selectBackend({ force: 'wasm' });
  const g = tf.tensor2d(values([64, 32], 3), [64, 32]);
  const ids = tf.tensor1d(
    Array.from({ length: 64 }, (_, i) => i % 9),
    'int32',
  );
  await assertNoLeak(() => tf.dispose(tf.unsortedSegmentSum(g, ids, 9)));
  const empty = tf.unsortedSegmentSum(tf.zeros([0, 4]), tf.tensor1d([], 'int32'), 3);
  assert.deepEqual(Array.from(empty.dataSync()), new Array(12).fill(0), 'no rows: zeros');
  empty.dispose();
  tf.dispose([g, ids]);
});

test('gather of rows from a large tensor right after the heap grew returns those rows (notebook 16 regression)', async () => {
  await selectBackend({ force: 'wasm' });
  const x = tf.randomNormal([6000, 784], 0, 1, 'float32', 1); // ~19 MB: grows the wasm heap
  const ids = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 6000);
  const at = tf.tensor1d(ids, 'int32');
  const rows = tf.gather(x, at);
  const got = rows.dataSync(),
    all = x.dataSync();
  let wrong = 0;
  for (let i = 0; i < ids.length; i++)
    for (let j = 0; j < 784; j++) if (got[i * 784 + j] !== all[ids[i] * 784 + j]) wrong++;
  assert.equal(wrong, 0);
  tf.dispose([x, at, rows]);
});

test('GatherV2 whose output allocation grows the heap (axis 0 and 1, float32 and int32) copies the right rows', async () => {
  // The bug: the kernel took a view of the indices, then allocated the output; that allocation grew
  // the heap, detaching the view (length 0), and the kernel returned the output unwritten. Here each
  // output is larger than the whole heap, so its allocation must grow it; the test checks that it did.
  await selectBackend({ force: 'wasm' });
  const memory = (tf.backend() as unknown as { wasm: { asm: { memory: WebAssembly.Memory } } }).wasm.asm.memory;
  for (const axis of [0, 1])
    for (const dtype of ['float32', 'int32'] as const) {
      const shape = axis === 0 ? [50, 64] : [2, 50, 32]; // 64 floats per gathered slice either way
      const x = tf.tensor(
        values(shape, 5).map((v) => (dtype === 'int32' ? Math.round(v * 1000) : v)),
        shape,
        dtype,
      );
      const heapBefore = memory.buffer.byteLength;
      const count = Math.ceil(heapBefore / (64 * 4)) + 1 + axis * 7;
      const ids = Array.from({ length: count }, (_, i) => (i * 31 + axis) % 50);
      const at = tf.tensor1d(ids, 'int32');
      const rows = tf.gather(x, at, axis);
      assert.ok(memory.buffer.byteLength > heapBefore, 'the gather grew the heap');
      const got = rows.dataSync(),
        all = x.dataSync();
      const [outer, dim, slice] = axis === 0 ? [1, 50, 64] : [2, 50, 32];
      let wrong = 0;
      for (let o = 0; o < outer; o++)
        for (let i = 0; i < count; i++)
          for (let j = 0; j < slice; j++)
            if (got[(o * count + i) * slice + j] !== all[(o * dim + ids[i]) * slice + j]) wrong++;
      assert.equal(wrong, 0, `axis ${axis} ${dtype}: ${wrong} of ${got.length} values wrong`);
      tf.dispose([x, at, rows]);
    }
});
