/**
 * Per-pixel noise needs hundreds of thousands of random numbers per image, too many for the
 * seedrandom generator behind random.ts to deliver fast. So each image draws one seed from its
 * Rng and expands it with xorshift32 here: still fully determined by the caller's seed.
 */
import { Rng } from '../../lib/random';

/** Fills `out` with standard normal values (Box–Muller on xorshift32 uniforms), seeded from r. */
export function fillNormal(r: Rng, out: Float32Array): void {
  let s = r.seed() | 1;
  const uniform = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return ((s >>> 0) + 0.5) / 4294967296; // in (0, 1): log is safe
  };
  for (let i = 0; i < out.length; i += 2) {
    const mag = Math.sqrt(-2 * Math.log(uniform()));
    const angle = 2 * Math.PI * uniform();
    out[i] = mag * Math.cos(angle);
    if (i + 1 < out.length) out[i + 1] = mag * Math.sin(angle);
  }
}

/** Fills `out` with uniform values in [0, 1), seeded from r. */
export function fillUniform(r: Rng, out: Float32Array): void {
  let s = r.seed() | 1;
  for (let i = 0; i < out.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = (s >>> 0) / 4294967296;
  }
}
