/** The kernel-memory module (core/wasm.ts): blocks, growth, pointers, staging, and its errors. */
import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import { useBackend } from '../helpers';
import { WorkbookError } from '../../src/lib/errors';
import { rng } from '../../src/lib/random';
import * as A from '../../src/image-aug';
import { allocate, intRegion, pointerOf, view } from '../../src/image-aug/core/wasm';
import { Scratch } from '../../src/image-aug/core/pixels';

before(() => useBackend());

const isWorkbookError = (e: unknown) => e instanceof WorkbookError;

test('a released block is handed out again for the same size, not for another', () => {
  const a = allocate(1000);
  A.release(a);
  assert.equal(allocate(1000), a);
  const other = allocate(5000);
  assert.notEqual(other, a);
  const buffer = A.pixelBuffer(333);
  const at = pointerOf(buffer);
  A.release(buffer);
  assert.equal(pointerOf(A.pixelBuffer(333)), at);
});

test('growing the memory keeps earlier views valid and shared', () => {
  const early = A.pixelBuffer(100).fill(7);
  const size = view(0, 1).buffer.byteLength;
  const big = allocate(size); // more than is left: the memory must grow
  assert.ok(view(0, 1).buffer.byteLength > size);
  assert.ok(early.every((v) => v === 7));
  early[5] = 42;
  assert.equal(view(pointerOf(early), 100)[5], 42); // a view made after growth sees the write
  const late = intRegion('test-growth', size / 2); // allocates, so it may grow again
  late[late.length - 1] = -3;
  assert.equal(late[late.length - 1], -3);
  A.release(big);
  A.release(early);
});

test('pointerOf: the byte offset in kernel memory, -1 elsewhere', () => {
  const buffer = A.pixelBuffer(64);
  assert.equal(pointerOf(buffer), buffer.byteOffset);
  assert.equal(pointerOf(buffer.subarray(10)), buffer.byteOffset + 10);
  assert.equal(pointerOf(new Uint8ClampedArray(64)), -1);
  assert.equal(pointerOf(new Uint8ClampedArray(new SharedArrayBuffer(64))), -1);
  A.release(buffer);
});

/** Every kernel-backed transform, with parameters that exercise their less common paths. */
const MAKERS: [string, () => A.BatchAugmentation][] = [
  ['HorizontalFlip', () => new A.HorizontalFlip({ p: 0.7 })],
  ['VerticalFlip', () => new A.VerticalFlip({ p: 0.7 })],
  ['RandomCrop', () => new A.RandomCrop({ height: 9, width: 7, padding: 3, padMode: 'edge' })],
  ['CenterCrop', () => new A.CenterCrop({ height: 8, width: 5 })],
  ['RandomErasing', () => new A.RandomErasing({ scale: [0.1, 0.5], fillMode: 'random', p: 0.8 })],
  ['Cutout', () => new A.Cutout({ holes: 3, size: 0.5, fill: 0.5 })],
  ['CutMix', () => new A.CutMix({ alpha: 1 })],
  ['Brightness', () => new A.Brightness({ limit: 0.4 })],
];

test('staged arrays and resident pixel buffers give the same result', () => {
  for (const c of [1, 3, 4]) {
    const [n, h, w] = [5, 12, 37];
    const plain = Uint8ClampedArray.from({ length: n * h * w * c }, (_, i) => (i * 2654435761) >>> 24);
    const resident = A.pixelBuffer(plain.length);
    resident.set(plain);
    const labels = { data: Float32Array.from({ length: n * 2 }, (_, i) => i % 2), k: 2 };
    for (const [name, make] of MAKERS) {
      const t = make();
      const [oh, ow] = t instanceof A.Augmentation ? t.outputSize(h, w) : [h, w];
      const staged = t.runBatch({ data: plain, n, h, w, c, labels }, rng(3));
      const out = A.pixelBuffer(n * oh * ow * c);
      const direct = t.runBatch({ data: resident, n, h, w, c, labels }, rng(3), out);
      assert.equal(direct.data, out, name);
      assert.deepEqual(Array.from(direct.data), Array.from(staged.data), `${name}, ${c} channels`);
      A.release(out);
    }
    A.release(resident);
  }
});

test('the pixelBuffer example of the index runs as documented', () => {
  const t = new A.HorizontalFlip({ p: 1 });
  const input = A.pixelBuffer(4 * 32 * 32 * 3);
  input.set(Uint8ClampedArray.from({ length: input.length }, (_, i) => i % 251));
  const output = A.pixelBuffer(input.length);
  t.runBatch({ data: input, n: 4, h: 32, w: 32, c: 3 }, rng(0), output);
  assert.deepEqual(Array.from(output.subarray(0, 3)), Array.from(input.subarray(31 * 3, 32 * 3)));
  A.release(input);
  A.release(output);
});

test('bad input: WorkbookErrors naming the function and parameter', () => {
  assert.throws(() => A.pixelBuffer(-1), isWorkbookError);
  assert.throws(() => A.pixelBuffer(1.5), isWorkbookError);
  assert.throws(() => allocate(Number.NaN), isWorkbookError);
  assert.throws(() => A.release(new Uint8ClampedArray(8)), /release.*block/);
  assert.throws(() => A.release(12345), isWorkbookError);
  const buffer = A.pixelBuffer(16);
  assert.throws(() => A.release(buffer.subarray(1)), isWorkbookError); // not the start of its block
  A.release(buffer);
  assert.throws(() => A.release(buffer), isWorkbookError); // twice
});

test("pipelines' 0-255 scratch buffers live in kernel memory and are reused as they grow", () => {
  const scratch = new Scratch();
  const small = scratch.like('a', new Uint8ClampedArray(1), 100);
  assert.ok(pointerOf(small) >= 0);
  const bigger = scratch.like('a', small, 5000);
  assert.ok(pointerOf(bigger) >= 0);
  assert.equal(allocate(100), pointerOf(small)); // the outgrown block went back to the free list
  assert.equal(pointerOf(scratch.like('a', small, 4000)), pointerOf(bigger)); // big enough: kept
  assert.ok(scratch.like('f', new Float32Array(1), 10) instanceof Float32Array);
});

test('an output overlapping the input is refused (kernels read while they write)', () => {
  const pixels = A.pixelBuffer(2 * 4 * 4 * 3);
  const batch = { data: pixels, n: 2, h: 4, w: 4, c: 3, labels: { data: new Float32Array([1, 0, 0, 1]), k: 2 } };
  assert.throws(() => new A.HorizontalFlip({ p: 1 }).runBatch(batch, rng(0), pixels), /HorizontalFlip.*out/);
  assert.throws(() => new A.CutMix().runBatch(batch, rng(0), pixels.subarray(3)), /CutMix.*out/);
  A.release(pixels);
});

test('the 0-255 kernels agree with the float path (same draws), for 1-4 channels and wide rows', () => {
  for (const c of [1, 2, 3, 4]) {
    const [n, h, w] = [4, 9, 53]; // rows long enough for the unrolled SIMD steps, plus tails
    const bytes = Uint8ClampedArray.from({ length: n * h * w * c }, (_, i) => (i * 2654435761) >>> 24);
    const floats = Float32Array.from(bytes, (v) => v / 255);
    const labels = { data: Float32Array.from({ length: n * 2 }, (_, i) => i % 2), k: 2 };
    for (const [name, make] of MAKERS.filter(([name]) => name !== 'Brightness')) {
      const t = make();
      const fromBytes = t.runBatch({ data: bytes, n, h, w, c, labels }, rng(5));
      const fromFloats = t.runBatch({ data: floats, n, h, w, c, labels }, rng(5));
      assert.equal(fromBytes.data.length, fromFloats.data.length, name);
      // noise is drawn as floats and rounded to bytes: allow that rounding, nothing more
      let worst = 0;
      for (let i = 0; i < fromBytes.data.length; i++)
        worst = Math.max(worst, Math.abs(fromBytes.data[i] - fromFloats.data[i] * 255));
      assert.ok(worst <= 0.5 + 1e-3, `${name}, ${c} channels: off by ${worst}`);
      assert.deepEqual(Array.from(fromBytes.labels?.data ?? []), Array.from(fromFloats.labels?.data ?? []), name);
    }
  }
});
