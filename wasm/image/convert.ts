// Conversions between the tensor API's int32 pixels and the kernels' bytes (see wasm/image.ts).

/** dst[i] = clamp(src[i], 0, 255) for `length` i32 values into bytes: two saturating narrows per 16. */
export function i32ToU8(src: usize, dst: usize, length: i32): void {
  let i = 0;
  for (; i + 16 <= length; i += 16) {
    const p = src + (<usize>i << 2);
    const lo = i16x8.narrow_i32x4_s(v128.load(p), v128.load(p, 16));
    const hi = i16x8.narrow_i32x4_s(v128.load(p, 32), v128.load(p, 48));
    v128.store(dst + i, i8x16.narrow_i16x8_u(lo, hi));
  }
  for (; i < length; i++) {
    const v = load<i32>(src + (<usize>i << 2));
    store<u8>(dst + i, <u8>(v < 0 ? 0 : v > 255 ? 255 : v));
  }
}

/** dst[i] = src[i] for `length` bytes widened to i32: zero-extending twice per 16. */
export function u8ToI32(src: usize, dst: usize, length: i32): void {
  let i = 0;
  for (; i + 16 <= length; i += 16) {
    const v = v128.load(src + i);
    const lo = i16x8.extend_low_i8x16_u(v), hi = i16x8.extend_high_i8x16_u(v);
    const p = dst + (<usize>i << 2);
    v128.store(p, i32x4.extend_low_i16x8_u(lo));
    v128.store(p, i32x4.extend_high_i16x8_u(lo), 16);
    v128.store(p, i32x4.extend_low_i16x8_u(hi), 32);
    v128.store(p, i32x4.extend_high_i16x8_u(hi), 48);
  }
  for (; i < length; i++) store<i32>(dst + (<usize>i << 2), load<u8>(src + i));
}
