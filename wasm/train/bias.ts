// Adding a bias: x [rows, cols] + v [cols] (a row vector broadcast down the rows), which is how
// tfjs-layers adds every Conv2D bias (x + reshape(bias, [1, 1, 1, C])). The stock wasm Add takes
// its general broadcasting path there, at about 2.5× the time of a same-shape add.

/** out[r·cols + c] = x[r·cols + c] + v[c] for f32 x, out [rows, cols] and v [cols]; out may be x. */
export function addRowVector(x: usize, v: usize, out: usize, rows: i32, cols: i32): void {
  const row = <usize>cols << 2;
  for (let r = 0; r < rows; r++, x += row, out += row) {
    let c: usize = 0;
    for (; c + 16 <= row; c += 16) v128.store(out + c, f32x4.add(v128.load(x + c), v128.load(v + c)));
    for (; c < row; c += 4) store<f32>(out + c, load<f32>(x + c) + load<f32>(v + c));
  }
}
