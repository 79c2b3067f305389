// acc + a·b on four f32 lanes, the step every GEMM and convolution inner loop repeats.
// The relaxed-SIMD build (wasm/build.js builds every module with and without it) emits
// f32x4.relaxed_madd, which V8 turns into one fused multiply-add where the CPU has FMA (rounded
// once instead of twice: at least as accurate), and into mul + add where it has not. The SIMD128
// build keeps mul + add. ASC_FEATURE_RELAXED_SIMD is a compile-time constant: no branch remains.

// @ts-ignore: decorator
@inline export function madd(a: v128, b: v128, acc: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, acc);
  return f32x4.add(acc, f32x4.mul(a, b));
}
