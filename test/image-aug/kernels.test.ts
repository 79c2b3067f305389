/**
 * The 0-255 SIMD kernels (wasm/image/*.ts) against the float path of the same transforms, which
 * is the reference: with the same seed both draw the same parameters, so the byte results must
 * be within ±1 of the float results ×255. Also: noise statistics, determinism, and arrays in
 * kernel memory (no staging) giving the same bytes as ordinary arrays.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import * as A from '../../src/image-aug';
import { RawBatch } from '../../src/image-aug/core/pixels';
import { pixelBuffer, release } from '../../src/image-aug/core/wasm';
import { colorMatrix } from '../../src/image-aug/core/color';
import { rng } from '../../src/lib/random';
import { relaxedSimdInUse } from '../../src/lib/wasm/load';
import { spawnSync } from 'node:child_process';

type Maker = () => A.BatchAugmentation;
const MATCHING: Record<string, Maker> = {
  Brightness: () => new A.Brightness({ limit: 0.5, p: 1 }),
  Contrast: () => new A.Contrast({ limit: [0.1, 3], p: 1 }),
  Saturation: () => new A.Saturation({ limit: [0, 4], p: 1 }),
  Hue: () => new A.Hue({ limit: 180, p: 1 }),
  GaussianBlur: () => new A.GaussianBlur({ sigma: [0.05, 3], p: 1 }),
  MixUp: () => new A.MixUp({ alpha: 1 }),
};

function randomBytes(length: number, seed: number): Uint8ClampedArray {
  const r = rng(seed);
  return Uint8ClampedArray.from({ length }, () => Math.floor(r.next() * 256));
}

function batchOf(data: Uint8ClampedArray | Float32Array, n: number, h: number, w: number, c: number): RawBatch {
  const labels = { data: Float32Array.from({ length: n * 2 }, (_, i) => i % 2), k: 2 };
  return { data, n, h, w, c, labels };
}

/** Largest |bytes − 255·floats| between the 0-255 and the float run of one transform and seed. */
function byteVsFloat(make: Maker, n: number, h: number, w: number, c: number, seed: number): number {
  const bytes = randomBytes(n * h * w * c, seed);
  const floats = Float32Array.from(bytes, (v) => v / 255);
  const a = make().runBatch(batchOf(bytes, n, h, w, c), rng(seed)).data;
  const b = make().runBatch(batchOf(floats, n, h, w, c), rng(seed)).data;
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i] * 255));
  return worst;
}

test('0-255 kernels stay within ±1 of the float path on random 64×48 images (1, 3 and 4 channels)', () => {
  for (const [name, make] of Object.entries(MATCHING)) {
    for (const c of [1, 3, 4]) {
      for (let seed = 0; seed < 4; seed++) {
        const worst = byteVsFloat(make, 3, 64, 48, c, seed);
        assert.ok(worst <= 1, `${name} c=${c} seed=${seed}: off by ${worst}`);
      }
    }
  }
});

test('property: the same holds on tiny and odd shapes (1-4 channels)', () => {
  const shape = fc.record({
    n: fc.integer({ min: 1, max: 3 }),
    h: fc.integer({ min: 1, max: 19 }),
    w: fc.integer({ min: 1, max: 19 }),
    c: fc.constantFrom(1, 2, 3, 4),
    seed: fc.nat(1e6),
  });
  fc.assert(
    fc.property(shape, fc.constantFrom(...Object.keys(MATCHING)), ({ n, h, w, c, seed }, name) => {
      const worst = byteVsFloat(MATCHING[name], n, h, w, c, seed);
      assert.ok(worst <= 1, `${name} ${n}×${h}×${w}×${c}: off by ${worst}`);
    }),
    { numRuns: 200, seed: 11 },
  );
});

test('property: any 3×3 colour matrix on bytes stays within ±1 of the float result (both colour kernels, tails)', () => {
  const coefficient = fc.double({ min: -2.5, max: 2.5, noNaN: true });
  fc.assert(
    fc.property(
      fc.array(coefficient, { minLength: 9, maxLength: 9 }),
      fc.integer({ min: 1, max: 200 }),
      fc.nat(1e6),
      (m, pixels, seed) => {
        const bytes = randomBytes(pixels * 3, seed);
        const out = new Uint8ClampedArray(bytes.length);
        colorMatrix(bytes, out, 3, m);
        for (let i = 0; i < bytes.length; i += 3) {
          for (let ch = 0; ch < 3; ch++) {
            const exact = m[ch * 3] * bytes[i] + m[ch * 3 + 1] * bytes[i + 1] + m[ch * 3 + 2] * bytes[i + 2];
            const expected = Math.min(255, Math.max(0, exact));
            assert.ok(
              Math.abs(out[i + ch] - expected) <= 1,
              `m=${m} pixel ${i / 3} ch ${ch}: ${out[i + ch]} vs ${exact}`,
            );
          }
        }
      },
    ),
    { numRuns: 300, seed: 5 },
  );
});

// The kernels exist in two builds (wasm/build.js): with relaxed SIMD, used here when the engine has
// it, and SIMD128 only. This file's tests run once more in a child process held to SIMD128.
test(
  'the same tests pass on the SIMD128 build (child process, WORKBOOK_WASM_RELAXED=0)',
  { skip: !relaxedSimdInUse() && 'this process already runs the SIMD128 build' },
  () => {
    // without the parent runner's NODE_TEST_CONTEXT the child reports on stdout like a plain run
    const { NODE_TEST_CONTEXT: _, ...env } = process.env;
    const child = spawnSync(process.execPath, ['--test', '--test-reporter=tap', __filename], {
      env: { ...env, WORKBOOK_WASM_RELAXED: '0' },
      encoding: 'utf8',
    });
    assert.equal(child.status, 0, child.stdout + child.stderr);
    assert.match(child.stdout, /# fail 0/);
    assert.match(child.stdout, /# skipped 1/); // this test itself, in the child
  },
);

test('Gaussian noise on bytes: asked-for mean and spread, normal tails, same seed → same bytes', () => {
  const h = 256,
    w = 256;
  const grey = new Uint8ClampedArray(h * w).fill(128);
  const t = new A.GaussianNoise({ std: [0.1, 0.1], mean: 0.02, p: 1 });
  const a = t.runBatch(batchOf(grey, 1, h, w, 1), rng(4)).data;
  const b = t.runBatch(batchOf(grey, 1, h, w, 1), rng(4)).data;
  assert.deepEqual(a, b);
  let sum = 0,
    squares = 0,
    beyond2 = 0;
  for (const v of a) {
    const d = v - 128 - 0.02 * 255;
    sum += d;
    squares += d * d;
    if (Math.abs(d) > 2 * 25.5 + 0.5) beyond2++;
  }
  const mean = sum / a.length,
    sd = Math.sqrt(squares / a.length - mean * mean);
  assert.ok(Math.abs(mean) < 0.3, `mean off by ${mean}`);
  assert.ok(Math.abs(sd - 25.5) < 0.3, `sd ${sd}`);
  assert.ok(Math.abs(beyond2 / a.length - 0.0455) < 0.004, `P(|z| > 2) = ${beyond2 / a.length}`);
  const other = t.runBatch(batchOf(grey, 1, h, w, 1), rng(5)).data;
  assert.notDeepEqual(a, other);
});

test('salt and pepper on bytes: whole pixels set to 0 or 255, about the asked-for share, reproducible', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 40 }),
      fc.integer({ min: 1, max: 40 }),
      fc.constantFrom(1, 3, 4),
      fc.nat(1e6),
      (h, w, c, seed) => {
        const src = new Uint8ClampedArray(h * w * c).fill(100);
        const t = new A.SaltAndPepper({ amount: [0.3, 0.3], salt: 0.5, p: 1 });
        const out = t.runBatch(batchOf(src, 1, h, w, c), rng(seed)).data;
        assert.deepEqual(out, t.runBatch(batchOf(src, 1, h, w, c), rng(seed)).data);
        let changed = 0;
        for (let p = 0; p < h * w; p++) {
          const px = Array.from(out.subarray(p * c, p * c + c));
          if (px[0] === 100) continue;
          changed++;
          assert.ok(px.every((v) => v === px[0]) && (px[0] === 0 || px[0] === 255), `pixel ${p}: ${px}`);
        }
        // 0.3·pixels draws with replacement: the changed share is at most 0.3 and, for big images, near 1 - e^-0.3
        assert.ok(changed <= Math.round(0.3 * h * w));
        if (h * w >= 1000) assert.ok(Math.abs(changed / (h * w) - (1 - Math.exp(-0.3))) < 0.03);
      },
    ),
    { numRuns: 40, seed: 2 },
  );
  const src = new Uint8ClampedArray(100 * 100).fill(100);
  const salt = new A.SaltAndPepper({ amount: [0.2, 0.2], salt: 1, p: 1 }).runBatch(
    batchOf(src, 1, 100, 100, 1),
    rng(1),
  ).data;
  assert.ok(salt.every((v) => v === 100 || v === 255));
  const pepper = new A.SaltAndPepper({ amount: [0.2, 0.2], salt: 0, p: 1 }).runBatch(
    batchOf(src, 1, 100, 100, 1),
    rng(1),
  ).data;
  assert.ok(pepper.every((v) => v === 100 || v === 0));
});

test('arrays living in kernel memory give the same bytes as ordinary arrays (no staging)', () => {
  const makers: Record<string, Maker> = {
    ...MATCHING,
    GaussianNoise: () => new A.GaussianNoise({ p: 1 }),
    SaltAndPepper: () => new A.SaltAndPepper({ p: 1 }),
  };
  const [n, h, w, c] = [2, 21, 37, 3];
  const plain = randomBytes(n * h * w * c, 9);
  const resident = pixelBuffer(plain.length);
  const out = pixelBuffer(plain.length);
  resident.set(plain);
  for (const [name, make] of Object.entries(makers)) {
    const expected = make().runBatch(batchOf(plain, n, h, w, c), rng(3)).data;
    make().runBatch(batchOf(resident, n, h, w, c), rng(3), out);
    assert.deepEqual(Array.from(out), Array.from(expected), name);
  }
  release(resident);
  release(out);
});

test('blurring a flat 0-255 image leaves it exactly flat (taps sum to one in fixed point)', () => {
  for (const value of [0, 1, 128, 254, 255]) {
    for (const [h, w, c] of [
      [5, 7, 1],
      [20, 30, 3],
      [17, 40, 4],
    ]) {
      for (const sigma of [0.05, 0.5, 1.5, 5]) {
        const flat = new Uint8ClampedArray(h * w * c).fill(value);
        const out = new A.GaussianBlur({ sigma: [sigma, sigma], p: 1 }).runBatch(
          batchOf(flat, 1, h, w, c),
          rng(1),
        ).data;
        assert.ok(
          out.every((v) => v === value),
          `value ${value}, ${h}×${w}×${c}, σ ${sigma}`,
        );
      }
    }
  }
});
