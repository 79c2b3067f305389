// Column sums: the bias gradient of every Dense/Conv layer is dy summed over all leading axes.

/**
 * dst[c] = Σ_r src[r·cols + c] for an f32 [rows, cols] matrix. Eight columns at a time in four
 * f64x2 accumulators (f64: tens of thousands of rows are summed, and float32 running sums would
 * drift), so each block is one streaming pass down the rows.
 */
export function columnSums(src: usize, rows: i32, cols: i32, dst: usize): void {
  const stride = <usize>cols << 2;
  let c = 0;
  for (; c + 8 <= cols; c += 8) {
    let a0 = f64x2.splat(0);
    let a1 = f64x2.splat(0);
    let a2 = f64x2.splat(0);
    let a3 = f64x2.splat(0);
    let p = src + (<usize>c << 2);
    for (let r = 0; r < rows; r++, p += stride) {
      const lo = v128.load(p);
      const hi = v128.load(p, 16);
      a0 = f64x2.add(a0, f64x2.promote_low_f32x4(lo));
      a1 = f64x2.add(a1, f64x2.promote_low_f32x4(i32x4.shuffle(lo, lo, 2, 3, 0, 1)));
      a2 = f64x2.add(a2, f64x2.promote_low_f32x4(hi));
      a3 = f64x2.add(a3, f64x2.promote_low_f32x4(i32x4.shuffle(hi, hi, 2, 3, 0, 1)));
    }
    const q = dst + (<usize>c << 2);
    store<f32>(q, <f32>f64x2.extract_lane(a0, 0));
    store<f32>(q, <f32>f64x2.extract_lane(a0, 1), 4);
    store<f32>(q, <f32>f64x2.extract_lane(a1, 0), 8);
    store<f32>(q, <f32>f64x2.extract_lane(a1, 1), 12);
    store<f32>(q, <f32>f64x2.extract_lane(a2, 0), 16);
    store<f32>(q, <f32>f64x2.extract_lane(a2, 1), 20);
    store<f32>(q, <f32>f64x2.extract_lane(a3, 0), 24);
    store<f32>(q, <f32>f64x2.extract_lane(a3, 1), 28);
  }
  for (; c < cols; c++) {
    let acc: f64 = 0;
    let p = src + (<usize>c << 2);
    for (let r = 0; r < rows; r++, p += stride) acc += <f64>load<f32>(p);
    store<f32>(dst + (<usize>c << 2), <f32>acc);
  }
}
