/**
 * The only source of randomness in the project. Everything random takes a seed or an `Rng`
 * from here, so the same seed gives the same output on every backend.
 */
import seedrandom from 'seedrandom';
import { WorkbookError, checkInt } from './errors';

export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform float in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Uniform integer in [lo, hi] (both inclusive). */
  int(lo: number, hi: number): number;
  /** Standard normal (Box–Muller). */
  normal(mean?: number, sd?: number): number;
  /** Gamma(shape, 1) (Marsaglia–Tsang), used by Beta for mixup. */
  gamma(shape: number): number;
  /** Beta(a, b). */
  beta(a: number, b: number): number;
  /** True with probability p. */
  bool(p?: number): boolean;
  /** A random element. */
  choice<T>(items: readonly T[]): T;
  /** A new shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array;
  /** An integer seed for a tf.random* op or a child generator. */
  seed(): number;
  /** An independent child generator (deterministic given this one's state). */
  fork(): Rng;
}

let globalSeed = 42;

/**
 * The seed to hand a tfjs sampler. tfjs's Gaussian samplers (tf.randomNormal, tf.truncatedNormal,
 * and the initializers built on them: heNormal, glorotNormal, lecunNormal, randomNormal,
 * orthogonal) read a seed of 0 as "no seed" and draw from Math.random; the uniform ones honour 0.
 * So 0 is sent as another fixed number, and every other seed as itself (outputs unchanged).
 * Sites whose seed may be 0 and that feed a Gaussian sampler must use this.
 */
export function tfSeed(seed: number): number {
  return seed === 0 ? 0x5eed : seed;
}

/** Sets the default seed used when a function is given no seed. */
export function setGlobalSeed(seed: number): void {
  checkInt('setGlobalSeed', 'seed', seed, 0, 2 ** 31 - 1);
  globalSeed = seed;
}

export function getGlobalSeed(): number {
  return globalSeed;
}

/** A seeded generator. `rng(7)` always yields the same sequence. */
export function rng(seed: number | string = globalSeed): Rng {
  if (!((typeof seed === 'number' && Number.isFinite(seed)) || typeof seed === 'string'))
    throw new WorkbookError('rng', 'seed', seed, 'a finite number or a string');
  const base = seedrandom(String(seed));
  let spare: number | null = null;
  const r: Rng = {
    next: () => base.quick(),
    uniform: (lo, hi) => lo + (hi - lo) * base.quick(),
    int: (lo, hi) => lo + Math.floor(base.quick() * (hi - lo + 1)),
    normal(mean = 0, sd = 1) {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return mean + sd * s;
      }
      let u = 0;
      while (u === 0) u = base.quick();
      const v = base.quick();
      const mag = Math.sqrt(-2 * Math.log(u));
      spare = mag * Math.sin(2 * Math.PI * v);
      return mean + sd * mag * Math.cos(2 * Math.PI * v);
    },
    gamma(shape) {
      if (shape < 1) return r.gamma(shape + 1) * Math.pow(base.quick() || 1e-12, 1 / shape);
      const d = shape - 1 / 3;
      const c = 1 / Math.sqrt(9 * d);
      for (;;) {
        let x: number, v: number;
        do {
          x = r.normal();
          v = 1 + c * x;
        } while (v <= 0);
        v = v * v * v;
        const u = base.quick();
        if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
      }
    },
    beta(a, b) {
      const x = r.gamma(a);
      const y = r.gamma(b);
      return x / (x + y);
    },
    bool: (p = 0.5) => base.quick() < p,
    choice: (items) => items[Math.floor(base.quick() * items.length)],
    shuffle(items) {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(base.quick() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
    permutation(n) {
      const p = new Int32Array(n);
      for (let i = 0; i < n; i++) p[i] = i;
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(base.quick() * (i + 1));
        const t = p[i];
        p[i] = p[j];
        p[j] = t;
      }
      return p;
    },
    seed: () => tfSeed(Math.floor(base.quick() * 2 ** 31)),
    fork: () => rng(Math.floor(base.quick() * 2 ** 31)),
  };
  generators.add(r);
  return r;
}

/**
 * An index drawn with probability proportional to its weight (albumentations' OneOf rule): one
 * r.next() when the weights sum above 0, else a uniform pick (one r.int). Image and text OneOf both
 * choose through this, so they agree, also when every weight is 0.
 */
export function weightedIndex(r: Rng, weights: readonly number[]): number {
  if (!isRng(r)) throw new WorkbookError('weightedIndex', 'r', r === null ? null : typeof r, 'a generator from rng()');
  if (
    !Array.isArray(weights) ||
    weights.length === 0 ||
    !weights.every((w) => typeof w === 'number' && Number.isFinite(w) && w >= 0)
  )
    throw new WorkbookError('weightedIndex', 'weights', weights, 'a non-empty array of finite weights ≥ 0');
  const total = weights.reduce((a, b) => a + b, 0);
  if (!(total > 0)) return r.int(0, weights.length - 1);
  let pick = r.next() * total;
  let chosen = 0;
  while (pick >= weights[chosen] && chosen < weights.length - 1) pick -= weights[chosen++];
  return chosen;
}

/** Every generator rng() made, so a seed argument can tell a generator from a look-alike object. */
const generators = new WeakSet<object>();

/** True for a generator made by rng() (or fork()). */
export function isRng(value: unknown): value is Rng {
  return typeof value === 'object' && value !== null && generators.has(value);
}

/**
 * Accepts a seed (an integer; undefined → the global seed) or a generator from rng() and returns a
 * generator; anything else (null, an object, NaN, 1.5) is a WorkbookError from `where`.
 */
export function toRng(seed?: number | Rng, where = 'toRng', parameter = 'seed'): Rng {
  if (isRng(seed)) return seed;
  if (seed === undefined) return rng(globalSeed);
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed))
    throw new WorkbookError(
      where,
      parameter,
      typeof seed === 'object' && seed !== null ? 'an object that is not a generator from rng()' : seed,
      'an integer or a generator from rng()',
    );
  return rng(seed);
}

/**
 * Seeds everything: the default seed for our generators and Math.random, which TF.js draws from
 * for unseeded ops (weight initialisers without a seed, dropout masks). Same seed → same run.
 */
export function seedEverything(seed: number): void {
  setGlobalSeed(seed);
  seedrandom(`global:${seed}`, { global: true });
}
