// Blending kernels on 0-255 bytes (see wasm/image.ts for the conventions).

/**
 * dst = round((a·l + b·(256 - l)) / 256) for a weight l in [1, 255] (λ in 8.8 fixed point; the
 * caller copies a or b for λ = 1 or 0). Both products are u8·u8 widening multiplies and their sum
 * is at most 255·256, so the whole blend stays in unsigned 16-bit lanes.
 */
export function blendU8(a: usize, b: usize, dst: usize, length: i32, l: i32): void {
  const wa = i8x16.splat(<i8>l);
  const wb = i8x16.splat(<i8>(256 - l));
  const half = i16x8.splat(128);
  let i = 0;
  for (; i + 16 <= length; i += 16) {
    const x = v128.load(a + i), y = v128.load(b + i);
    const lo = i16x8.add(i16x8.add(i16x8.extmul_low_i8x16_u(x, wa), i16x8.extmul_low_i8x16_u(y, wb)), half);
    const hi = i16x8.add(i16x8.add(i16x8.extmul_high_i8x16_u(x, wa), i16x8.extmul_high_i8x16_u(y, wb)), half);
    v128.store(dst + i, i8x16.narrow_i16x8_u(i16x8.shr_u(lo, 8), i16x8.shr_u(hi, 8)));
  }
  for (; i < length; i++) store<u8>(dst + i, <u8>((<i32>load<u8>(a + i) * l + <i32>load<u8>(b + i) * (256 - l) + 128) >> 8));
}
