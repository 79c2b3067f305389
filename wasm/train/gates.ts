// The LSTM's gate activations on four f32 lanes (and one, for the tail of a row), for
// wasm/train/lstm.ts. AssemblyScript's Mathf.exp reads a lookup table (a data segment, which this
// module must not have: see wasm/train.ts), so exp is computed here: e^x = 2^n · e^r with
// n = round(x·log2 e) and |r| ≤ ln2/2, e^r by its degree-6 Taylor polynomial (relative error
// ≈ 1e-7, one f32 ulp), 2^n by writing n into the exponent bits. The scalar and vector forms are
// the same arithmetic, so a row's tail gets the values its vector part would.

const LOG2E: f32 = 1.4426950408889634;
const LN2_HI: f32 = 0.693359375; // ln 2 split in two so n·LN2_HI is exact for |n| ≤ 127
const LN2_LO: f32 = -2.12194440e-4;
const X_MAX: f32 = 88.0; // e^88 < f32 max, and n stays ≤ 127 (a normal exponent)
const X_MIN: f32 = -87.0; // n ≥ -126

// @ts-ignore: decorator
@inline function expV(x: v128): v128 {
  x = f32x4.min(f32x4.max(x, f32x4.splat(X_MIN)), f32x4.splat(X_MAX));
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(LOG2E)));
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(n, f32x4.splat(LN2_HI))), f32x4.mul(n, f32x4.splat(LN2_LO)));
  let p = f32x4.splat(<f32>(1.0 / 720.0));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(<f32>(1.0 / 120.0)));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(<f32>(1.0 / 24.0)));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(<f32>(1.0 / 6.0)));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(<f32>0.5));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(<f32>1.0));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(<f32>1.0));
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(p, scale);
}

// @ts-ignore: decorator
@inline function expS(x: f32): f32 {
  x = min(max(x, X_MIN), X_MAX);
  const n = nearest<f32>(x * LOG2E);
  const r = x - n * LN2_HI - n * LN2_LO;
  let p: f32 = <f32>(1.0 / 720.0);
  p = p * r + <f32>(1.0 / 120.0);
  p = p * r + <f32>(1.0 / 24.0);
  p = p * r + <f32>(1.0 / 6.0);
  p = p * r + <f32>0.5;
  p = p * r + <f32>1.0;
  p = p * r + <f32>1.0;
  return p * reinterpret<f32>((<i32>n + 127) << 23);
}

/** tanh x = 1 − 2 / (e^{2x} + 1): exact limits ±1, absolute error ~1e-7 near 0. */
// @ts-ignore: decorator
@inline export function tanhV(x: v128): v128 {
  const one = f32x4.splat(1);
  return f32x4.sub(one, f32x4.div(f32x4.splat(2), f32x4.add(expV(f32x4.add(x, x)), one)));
}

// @ts-ignore: decorator
@inline export function tanhS(x: f32): f32 {
  return <f32>1 - <f32>2 / (expS(x + x) + <f32>1);
}

/**
 * The recurrent (gate) activation: hardSigmoid, clip(0.2·x + 0.5, 0, 1) computed as tfjs-layers
 * computes it (tf.layers.lstm's default), or the logistic sigmoid 1 / (1 + e^{−x}).
 */
// @ts-ignore: decorator
@inline export function gateV(x: v128, hard: bool): v128 {
  if (hard)
    return f32x4.min(f32x4.max(f32x4.add(f32x4.splat(0.5), f32x4.mul(f32x4.splat(0.2), x)), f32x4.splat(0)), f32x4.splat(1));
  const one = f32x4.splat(1);
  return f32x4.div(one, f32x4.add(one, expV(f32x4.neg(x))));
}

// @ts-ignore: decorator
@inline export function gateS(x: f32, hard: bool): f32 {
  if (hard) return min(max(<f32>0.5 + <f32>0.2 * x, <f32>0), <f32>1);
  return <f32>1 / (<f32>1 + expS(-x));
}

/**
 * The gate activation's derivative from its output a: hardSigmoid 0.2 where 0 < a < 1 (its clip
 * passes the gradient), else 0; sigmoid a·(1 − a). (tfjs's clip also passes it at exactly a = 0 or
 * 1, which the output alone cannot tell from beyond the clip: inputs of exactly ±2.5 only.)
 */
// @ts-ignore: decorator
@inline export function gateGradV(a: v128, hard: bool): v128 {
  if (hard) {
    const inside = v128.and(f32x4.gt(a, f32x4.splat(0)), f32x4.lt(a, f32x4.splat(1)));
    return v128.and(inside, f32x4.splat(0.2));
  }
  return f32x4.mul(a, f32x4.sub(f32x4.splat(1), a));
}

// @ts-ignore: decorator
@inline export function gateGradS(a: f32, hard: bool): f32 {
  if (hard) return a > 0 && a < 1 ? <f32>0.2 : <f32>0;
  return a * (<f32>1 - a);
}
