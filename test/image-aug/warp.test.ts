/**
 * The 0-255 warp kernels (WebAssembly, fixed point) against the float formula (warpAffineFloat,
 * rounded by Uint8ClampedArray): within ±1 per value for every border mode, channel count and
 * kind of map, on random images from 1×1 up, in or outside kernel memory.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  Affine,
  BORDERS,
  Border,
  boxResize,
  centredAffine,
  warpAffine,
  warpAffineFloat,
} from '../../src/image-aug/core/warp';
import { pixelBuffer, release } from '../../src/image-aug/core/wasm';
import { rng } from '../../src/lib/random';
import * as A from '../../src/image-aug';

interface Case {
  h: number;
  w: number;
  c: number;
  oh: number;
  ow: number;
  m: Affine;
  border: Border;
  fill: number;
  seed: number;
}

function randomImage(length: number, seed: number, inKernelMemory = false): Uint8ClampedArray {
  const r = rng(seed);
  const data = inKernelMemory ? pixelBuffer(length) : new Uint8ClampedArray(length);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(r.next() * 256);
  return data;
}

/** Largest |kernel - float reference| over the output, with the kernel reading and writing kernel memory or plain arrays. */
function worstDifference({ h, w, c, oh, ow, m, border, fill, seed }: Case, inKernelMemory: boolean): number {
  const data = randomImage(h * w * c, seed, inKernelMemory);
  const fast = inKernelMemory ? pixelBuffer(oh * ow * c) : new Uint8ClampedArray(oh * ow * c);
  const exact = new Uint8ClampedArray(oh * ow * c);
  warpAffine({ data, h, w, c }, fast, oh, ow, m, border, fill);
  warpAffineFloat({ data, h, w, c }, exact, oh, ow, m, border, fill);
  let worst = 0;
  for (let i = 0; i < exact.length; i++) worst = Math.max(worst, Math.abs(fast[i] - exact[i]));
  if (inKernelMemory) {
    release(data);
    release(fast);
  }
  return worst;
}

/** The kinds of map the transforms make: general affine (2-D kernel), zoom/shift and box resize (separable kernel). */
function maps(h: number, w: number, oh: number, ow: number, r: () => number): Affine[] {
  return [
    centredAffine(h, w, (r() - 0.5) * 720, 0.3 + 3 * r(), (r() - 0.5) * 120, (r() - 0.5) * w, (r() - 0.5) * h),
    centredAffine(h, w, 0, 0.05 + 4 * r(), 0, (r() - 0.5) * w, (r() - 0.5) * h),
    boxResize(r() * w * 0.5, r() * h * 0.5, 0.5 + r() * w, 0.5 + r() * h, oh, ow),
  ];
}

test('0-255 warp kernels are within ±1 of the float formula: every border, 1-4 channels, 256×256 down to 1×1', () => {
  const r = rng(11);
  const shapes = [
    [256, 256, 3, 256, 256],
    [64, 48, 1, 40, 70],
    [33, 17, 4, 20, 31],
    [9, 7, 2, 13, 5],
    [2, 3, 3, 5, 4],
    [1, 1, 1, 3, 2],
    [1, 5, 3, 1, 7],
  ];
  for (const [h, w, c, oh, ow] of shapes) {
    for (const border of BORDERS) {
      for (const m of maps(h, w, oh, ow, () => r.next())) {
        for (const fill of border === 'constant' ? [0, 127.5, 255] : [0]) {
          const k: Case = { h, w, c, oh, ow, m, border, fill, seed: h * w + c };
          assert.ok(worstDifference(k, true) <= 1, `${JSON.stringify({ ...k, m: m.map((x) => +x.toFixed(3)) })}`);
        }
      }
    }
  }
});

test('property: random shapes, maps and borders stay within ±1, in kernel memory or not, and repeat exactly', () => {
  const caseArb = fc.record({
    h: fc.integer({ min: 1, max: 12 }),
    w: fc.integer({ min: 1, max: 12 }),
    c: fc.integer({ min: 1, max: 4 }),
    oh: fc.integer({ min: 1, max: 14 }),
    ow: fc.integer({ min: 1, max: 14 }),
    angle: fc.double({ min: -360, max: 360, noNaN: true }),
    scale: fc.double({ min: 0.05, max: 20, noNaN: true }),
    shear: fc.double({ min: -80, max: 80, noNaN: true }),
    tx: fc.double({ min: -1, max: 1, noNaN: true }),
    ty: fc.double({ min: -1, max: 1, noNaN: true }),
    axisAligned: fc.boolean(),
    border: fc.constantFrom(...BORDERS),
    fill: fc.double({ min: 0, max: 255, noNaN: true }),
    seed: fc.nat(1e6),
  });
  fc.assert(
    fc.property(caseArb, ({ h, w, c, oh, ow, angle, scale, shear, tx, ty, axisAligned, border, fill, seed }) => {
      const m = axisAligned
        ? centredAffine(h, w, 0, scale, 0, tx * w, ty * h)
        : centredAffine(h, w, angle, scale, shear, tx * w, ty * h);
      const k: Case = { h, w, c, oh, ow, m, border, fill, seed };
      assert.ok(worstDifference(k, true) <= 1);
      assert.ok(worstDifference(k, false) <= 1);
      const data = randomImage(h * w * c, seed);
      const once = new Uint8ClampedArray(oh * ow * c),
        twice = new Uint8ClampedArray(oh * ow * c);
      warpAffine({ data, h, w, c }, once, oh, ow, m, border, fill);
      warpAffine({ data, h, w, c }, twice, oh, ow, m, border, fill);
      assert.deepEqual(once, twice);
    }),
    { numRuns: 300, seed: 17 },
  );
});

test('0-255 rotations by multiples of 90° and identity maps are exact', () => {
  for (const [h, w, c] of [
    [16, 16, 3],
    [17, 17, 1],
    [5, 5, 4],
  ]) {
    const data = randomImage(h * w * c, 3);
    const at = (x: number, y: number, k: number) => data[(y * w + x) * c + k];
    for (const quarter of [0, 1, 2, 3]) {
      const out = new Uint8ClampedArray(data.length);
      warpAffine({ data, h, w, c }, out, h, w, centredAffine(h, w, 90 * quarter, 1, 0, 0, 0), 'constant', 0);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          // counter-clockwise on screen: output (x, y) comes from the source pixel turned back
          const [sx, sy] = [
            [x, y],
            [w - 1 - y, x],
            [w - 1 - x, h - 1 - y],
            [y, h - 1 - x],
          ][quarter];
          for (let k = 0; k < c; k++)
            assert.equal(out[(y * w + x) * c + k], at(sx, sy, k), `${h}×${w}×${c}, ${90 * quarter}° at (${x}, ${y})`);
        }
      }
    }
  }
});

test("coordinates beyond the kernels' fixed-point range fall back to the float path", () => {
  const k: Case = {
    h: 8,
    w: 8,
    c: 3,
    oh: 6,
    ow: 6,
    m: [0.3, 0.2, 40000, -0.2, 0.3, -50000],
    border: 'reflect',
    fill: 0,
    seed: 5,
  };
  assert.equal(worstDifference(k, true), 0);
});

test('geometric transforms on 0-255 images repeat exactly for the same seed', () => {
  const data = randomImage(3 * 20 * 24 * 3, 8);
  const batch = { data, n: 3, h: 20, w: 24, c: 3 };
  const transforms = [
    new A.Rotate({ limit: 45 }),
    new A.RandomScale({ scaleLimit: 0.3, border: 'reflect' }),
    new A.Affine({ rotate: 20, shear: 10, translate: 0.2, border: 'edge' }),
    new A.Translate({ translate: 0.3 }),
    new A.Resize({ height: 9, width: 31 }),
    new A.RandomResizedCrop({ height: 16, width: 16 }),
  ];
  for (const t of transforms) assert.deepEqual(t.applyPixels(batch, 42).data, t.applyPixels(batch, 42).data, t.name);
});
