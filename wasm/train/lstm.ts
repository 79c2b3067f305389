// A whole LSTM sequence in one call, forward and back (src/lib/backend/kernels/lstm-sequence.ts).
// tf.layers.lstm runs ~15 tensor ops per time step, each a JS dispatch, an allocation and a pass
// over memory, and the backward pass as many again; here the time loop, the recurrent product
// (our SIMD GEMM, wasm/train/gemm.ts) and the gate arithmetic stay inside wasm. The input
// product x·W + b for all steps at once, and the weight gradients, are single large GEMMs the
// caller runs as tensor ops (threaded: src/lib/backend/kernels/parallel.ts).
//
// Layout: time-major, row-major f32. T steps, B sequences, U units, G = 4U gate columns in
// tfjs-layers' order [input i | forget f | candidate g | output o], so the weights are
// tf.layers.lstm's own: kernel [D, 4U], recurrent kernel R [U, 4U], bias [4U].

import { matmul } from './gemm';
import { gateGradS, gateGradV, gateS, gateV, tanhS, tanhV } from './gates';

/**
 * Forward over T steps from a zero state. xw [T, B, G] holds x_t·W + b; writes the activated
 * gates [T, B, G] (i, f, g, o: what the backward pass needs), the cell states cs [T, B, U] and the
 * outputs hs [T, B, U]. Per step: z = xw_t + h_{t−1}·R, c_t = f⊙c_{t−1} + i⊙g, h_t = o⊙tanh(c_t).
 * `hard`: hardSigmoid gates (tf.layers.lstm's default), else sigmoid.
 */
export function lstmForward(xw: usize, r: usize, gates: usize, cs: usize, hs: usize, T: i32, B: i32, U: i32, hard: bool): void {
  const G = 4 * U;
  const stepG = (<usize>B * G) << 2;
  const stepU = (<usize>B * U) << 2;
  for (let t = 0; t < T; t++) {
    const z = gates + <usize>t * stepG;
    const x = xw + <usize>t * stepG;
    const c = cs + <usize>t * stepU;
    const h = hs + <usize>t * stepU;
    const first = t == 0;
    if (!first) matmul(h - stepU, r, z, B, U, G); // z = h_{t−1}·R, then + xw_t below
    for (let b = 0; b < B; b++) {
      const zb = z + ((<usize>b * G) << 2);
      const xb = x + ((<usize>b * G) << 2);
      const cb = c + ((<usize>b * U) << 2);
      const hb = h + ((<usize>b * U) << 2);
      const gi = <usize>0, gf = <usize>U << 2, gg = <usize>(2 * U) << 2, go = <usize>(3 * U) << 2;
      let j = 0;
      for (; j + 4 <= U; j += 4) {
        const o = <usize>j << 2;
        const zi = first ? v128.load(xb + gi + o) : f32x4.add(v128.load(zb + gi + o), v128.load(xb + gi + o));
        const zf = first ? v128.load(xb + gf + o) : f32x4.add(v128.load(zb + gf + o), v128.load(xb + gf + o));
        const zg = first ? v128.load(xb + gg + o) : f32x4.add(v128.load(zb + gg + o), v128.load(xb + gg + o));
        const zo = first ? v128.load(xb + go + o) : f32x4.add(v128.load(zb + go + o), v128.load(xb + go + o));
        const ig = gateV(zi, hard), fg = gateV(zf, hard), gg_ = tanhV(zg), og = gateV(zo, hard);
        const cPrev = first ? f32x4.splat(0) : v128.load(cb - stepU + o);
        const cv = f32x4.add(f32x4.mul(fg, cPrev), f32x4.mul(ig, gg_));
        v128.store(zb + gi + o, ig);
        v128.store(zb + gf + o, fg);
        v128.store(zb + gg + o, gg_);
        v128.store(zb + go + o, og);
        v128.store(cb + o, cv);
        v128.store(hb + o, f32x4.mul(og, tanhV(cv)));
      }
      for (; j < U; j++) {
        const o = <usize>j << 2;
        const zi = first ? load<f32>(xb + gi + o) : load<f32>(zb + gi + o) + load<f32>(xb + gi + o);
        const zf = first ? load<f32>(xb + gf + o) : load<f32>(zb + gf + o) + load<f32>(xb + gf + o);
        const zg = first ? load<f32>(xb + gg + o) : load<f32>(zb + gg + o) + load<f32>(xb + gg + o);
        const zo = first ? load<f32>(xb + go + o) : load<f32>(zb + go + o) + load<f32>(xb + go + o);
        const ig = gateS(zi, hard), fg = gateS(zf, hard), gg_ = tanhS(zg), og = gateS(zo, hard);
        const cPrev: f32 = first ? 0 : load<f32>(cb - stepU + o);
        const cv = fg * cPrev + ig * gg_;
        store<f32>(zb + gi + o, ig);
        store<f32>(zb + gf + o, fg);
        store<f32>(zb + gg + o, gg_);
        store<f32>(zb + go + o, og);
        store<f32>(cb + o, cv);
        store<f32>(hb + o, og * tanhS(cv));
      }
    }
  }
}

/**
 * Backpropagation through time. dhs [T, B, U]: the loss's gradient with respect to each output
 * h_t, or with `lastOnly` [B, U], the gradient of the last output alone (the others unused: a
 * classifier reading the last state); gates, cs from lstmForward; rT = Rᵀ [G, U]. Writes the
 * gradient with respect to the pre-activations, dz [T, B, G]; the caller turns it into dx = dz·Wᵀ,
 * dW = xᵀ·dz, dR = h_{t−1}ᵀ·dz and db = Σ dz with four large GEMMs/sums. dh and dc are scratch
 * [B, U] each (the gradient flowing to the previous step's h and c).
 */
export function lstmBackward(dhs: usize, gates: usize, cs: usize, rT: usize, dz: usize, dh: usize, dc: usize, T: i32, B: i32, U: i32, hard: bool, lastOnly: bool): void {
  const G = 4 * U;
  const stepG = (<usize>B * G) << 2;
  const stepU = (<usize>B * U) << 2;
  for (let t = T - 1; t >= 0; t--) {
    const last = t == T - 1;
    const first = t == 0;
    const a = gates + <usize>t * stepG;
    const d = dz + <usize>t * stepG;
    const c = cs + <usize>t * stepU;
    const dy = lastOnly ? dhs : dhs + <usize>t * stepU;
    for (let b = 0; b < B; b++) {
      const ab = a + ((<usize>b * G) << 2);
      const db = d + ((<usize>b * G) << 2);
      const rowU = (<usize>b * U) << 2;
      const gi = <usize>0, gf = <usize>U << 2, gg = <usize>(2 * U) << 2, go = <usize>(3 * U) << 2;
      let j = 0;
      for (; j + 4 <= U; j += 4) {
        const o = <usize>j << 2;
        const hGrad = last ? v128.load(dy + rowU + o) : lastOnly ? v128.load(dh + rowU + o) : f32x4.add(v128.load(dy + rowU + o), v128.load(dh + rowU + o));
        const ig = v128.load(ab + gi + o), fg = v128.load(ab + gf + o), gg_ = v128.load(ab + gg + o), og = v128.load(ab + go + o);
        const tc = tanhV(v128.load(c + rowU + o));
        const one = f32x4.splat(1);
        let cGrad = f32x4.mul(f32x4.mul(hGrad, og), f32x4.sub(one, f32x4.mul(tc, tc)));
        if (!last) cGrad = f32x4.add(cGrad, v128.load(dc + rowU + o));
        const cPrev = first ? f32x4.splat(0) : v128.load(c - stepU + rowU + o);
        v128.store(db + gi + o, f32x4.mul(f32x4.mul(cGrad, gg_), gateGradV(ig, hard)));
        v128.store(db + gf + o, f32x4.mul(f32x4.mul(cGrad, cPrev), gateGradV(fg, hard)));
        v128.store(db + gg + o, f32x4.mul(f32x4.mul(cGrad, ig), f32x4.sub(one, f32x4.mul(gg_, gg_))));
        v128.store(db + go + o, f32x4.mul(f32x4.mul(hGrad, tc), gateGradV(og, hard)));
        v128.store(dc + rowU + o, f32x4.mul(cGrad, fg));
      }
      for (; j < U; j++) {
        const o = <usize>j << 2;
        const hGrad = last ? load<f32>(dy + rowU + o) : lastOnly ? load<f32>(dh + rowU + o) : load<f32>(dy + rowU + o) + load<f32>(dh + rowU + o);
        const ig = load<f32>(ab + gi + o), fg = load<f32>(ab + gf + o), gg_ = load<f32>(ab + gg + o), og = load<f32>(ab + go + o);
        const tc = tanhS(load<f32>(c + rowU + o));
        let cGrad = hGrad * og * (<f32>1 - tc * tc);
        if (!last) cGrad += load<f32>(dc + rowU + o);
        const cPrev: f32 = first ? 0 : load<f32>(c - stepU + rowU + o);
        store<f32>(db + gi + o, cGrad * gg_ * gateGradS(ig, hard));
        store<f32>(db + gf + o, cGrad * cPrev * gateGradS(fg, hard));
        store<f32>(db + gg + o, cGrad * ig * (<f32>1 - gg_ * gg_));
        store<f32>(db + go + o, hGrad * tc * gateGradS(og, hard));
        store<f32>(dc + rowU + o, cGrad * fg);
      }
    }
    if (!first) matmul(d, rT, dh, B, G, U); // dh ← dz_t·Rᵀ, the gradient reaching h_{t−1}
  }
}
