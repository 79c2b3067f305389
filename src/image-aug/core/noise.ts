/**
 * Per-pixel noise needs hundreds of thousands of random numbers per image, too many for the
 * seedrandom generator behind random.ts to deliver fast. So each image draws one seed from its
 * Rng (in its transform's `sample`) and expands it here (float images) or in wasm/image/noise.ts
 * (0-255 images): still fully determined by the caller's seed.
 */
import { allocate, kernels, withPointers } from './wasm';

let deviates = -1; // 64 bytes of kernel memory for gaussianNoiseU8's deviates

/**
 * 0-255 images: dst = src + mu + sd·N(0, 1) per value, rounded and clamped, entirely in
 * wasm/image/noise.ts (xorshift lanes + Box–Muller on f32x4), from one seed drawn by Rng.seed().
 */
export function addGaussianNoiseU8(
  seed: number,
  src: Uint8ClampedArray,
  dst: Uint8ClampedArray,
  mu: number,
  sd: number,
): void {
  if (deviates < 0) deviates = allocate(64);
  withPointers(src, dst, (s, d) => kernels.gaussianNoiseU8(s, d, src.length, seed >>> 0, mu, sd, deviates));
}

/**
 * 0-255 images: copies src to dst and sets `count` random pixels (all c channels) to 255 with
 * probability `salt`, else 0; positions and colours come from a generator seeded by `seed` (one Rng.seed()).
 */
export function saltAndPepperU8(
  seed: number,
  src: Uint8ClampedArray,
  dst: Uint8ClampedArray,
  c: number,
  count: number,
  salt: number,
): void {
  withPointers(src, dst, (s, d) => kernels.saltAndPepperU8(s, d, src.length / c, c, count, salt * 2 ** 32, seed >>> 0));
}

const TABLE_BITS = 16;
let normalTable: Float32Array | null = null;

/**
 * 65,536 standard normal quantiles (the inverse CDF at evenly spaced probabilities), built once.
 * Picking entries uniformly at random gives normal samples at the cost of one table read instead
 * of a log, a sqrt and a cosine per value; 65,536 levels are far finer than 8-bit pixels.
 */
function table(): Float32Array {
  if (normalTable) return normalTable;
  const n = 1 << TABLE_BITS;
  normalTable = new Float32Array(n);
  for (let i = 0; i < n; i++) normalTable[i] = inverseNormalCdf((i + 0.5) / n);
  return normalTable;
}

/** Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9). */
function inverseNormalCdf(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) =>
    (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
    ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5,
    r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

/** Fills `out` with standard normal values (table lookups driven by xorshift32) from `seed` (one Rng.seed()). */
export function fillNormal(seed: number, out: Float32Array): void {
  const t = table();
  let s = seed | 1;
  for (let i = 0; i < out.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = t[s >>> (32 - TABLE_BITS)];
  }
}

/** Fills `out` with uniform values in [0, 1) from `seed` (one Rng.seed()). */
export function fillUniform(seed: number, out: Float32Array): void {
  let s = seed | 1;
  for (let i = 0; i < out.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = (s >>> 0) / 4294967296;
  }
}
