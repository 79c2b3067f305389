// One Adam step for one variable, fused: what tf.train.adam does with ~10 tensor ops per variable
// (src/lib/backend/fused-adam.ts), in one pass over memory.

/**
 * Writes the new moments and value for n float32s, with tfjs's operations in tfjs's order, each
 * rounded to f32 as a tfjs tensor op would round it (so results match tf.train.adam bit for bit):
 *   m' = m·β1 + g·(1−β1)       v' = v·β2 + g²·(1−β2)
 *   x' = (m'/(1−β1ᵗ)) / (√(v'/(1−β2ᵗ)) + ε) · (−lr) + x
 * Outputs may alias inputs (element i is read before it is written).
 */
export function adamUpdate(x: usize, m: usize, v: usize, g: usize, n: i32, xOut: usize, mOut: usize, vOut: usize, beta1: f32, oneMinusBeta1: f32, beta2: f32, oneMinusBeta2: f32, oneMinusAccBeta1: f32, oneMinusAccBeta2: f32, epsilon: f32, negLr: f32): void {
  const b1 = f32x4.splat(beta1);
  const c1 = f32x4.splat(oneMinusBeta1);
  const b2 = f32x4.splat(beta2);
  const c2 = f32x4.splat(oneMinusBeta2);
  const d1 = f32x4.splat(oneMinusAccBeta1);
  const d2 = f32x4.splat(oneMinusAccBeta2);
  const eps = f32x4.splat(epsilon);
  const step = f32x4.splat(negLr);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const gv = v128.load(g + o);
    const mv = f32x4.add(f32x4.mul(v128.load(m + o), b1), f32x4.mul(gv, c1));
    const vv = f32x4.add(f32x4.mul(v128.load(v + o), b2), f32x4.mul(f32x4.mul(gv, gv), c2));
    const mHat = f32x4.div(mv, d1);
    const vHat = f32x4.div(vv, d2);
    const xv = f32x4.add(f32x4.mul(f32x4.div(mHat, f32x4.add(f32x4.sqrt(vHat), eps)), step), v128.load(x + o));
    v128.store(mOut + o, mv);
    v128.store(vOut + o, vv);
    v128.store(xOut + o, xv);
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const gs = load<f32>(g + o);
    const ms = load<f32>(m + o) * beta1 + gs * oneMinusBeta1;
    const vs = load<f32>(v + o) * beta2 + gs * gs * oneMinusBeta2;
    const xs = (ms / oneMinusAccBeta1) / (Mathf.sqrt(vs / oneMinusAccBeta2) + epsilon) * negLr + load<f32>(x + o);
    store<f32>(mOut + o, ms);
    store<f32>(vOut + o, vs);
    store<f32>(xOut + o, xs);
  }
}
