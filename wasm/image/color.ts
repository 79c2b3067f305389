// Colour kernels on 0-255 bytes (see wasm/image.ts for the conventions).

/**
 * dst = clamp(round(a·src + b)) for every byte, a and b in 8.8 fixed point (a in [0, 8), b in
 * pixel units ×256). Sixteen bytes per step: widen to 16-bit lanes, multiply-add, narrow with
 * saturation.
 */
export function linearU8(src: usize, dst: usize, length: i32, a: i32, b: i32): void {
  const va = i16x8.splat(<i16>a);
  const vb = i32x4.splat(b + 128);
  let i = 0;
  for (; i + 16 <= length; i += 16) {
    const x = v128.load(src + i);
    const lo = i16x8.extend_low_i8x16_u(x);
    const hi = i16x8.extend_high_i8x16_u(x);
    // 16-bit products can overflow (255·a up to 2040·256): widen once more to 32 bits
    const l0 = i32x4.shr_s(i32x4.add(i32x4.extmul_low_i16x8_s(lo, va), vb), 8);
    const l1 = i32x4.shr_s(i32x4.add(i32x4.extmul_high_i16x8_s(lo, va), vb), 8);
    const h0 = i32x4.shr_s(i32x4.add(i32x4.extmul_low_i16x8_s(hi, va), vb), 8);
    const h1 = i32x4.shr_s(i32x4.add(i32x4.extmul_high_i16x8_s(hi, va), vb), 8);
    const lo16 = i16x8.narrow_i32x4_s(l0, l1);
    const hi16 = i16x8.narrow_i32x4_s(h0, h1);
    v128.store(dst + i, i8x16.narrow_i16x8_u(lo16, hi16));
  }
  for (; i < length; i++) {
    const v = (<i32>load<u8>(src + i) * a + b + 128) >> 8;
    store<u8>(dst + i, <u8>(v < 0 ? 0 : v > 255 ? 255 : v));
  }
}
