// Copying and zeroing short runs of floats (im2col rows, padded image rows). Runs are often short
// (an output row: 14 floats for the reference CNN's second conv; 28 for a 28×28×1 image row), and
// V8 turns memory.copy/fill into calls, so small runs are moved with inline v128 loads and stores.

// @ts-ignore: decorator
@inline export function copyRun(dst: usize, src: usize, bytes: usize): void {
  if (bytes > 256) {
    memory.copy(dst, src, bytes);
    return;
  }
  let o: usize = 0;
  for (; o + 16 <= bytes; o += 16) v128.store(dst + o, v128.load(src + o));
  for (; o < bytes; o += 4) store<f32>(dst + o, load<f32>(src + o));
}

// @ts-ignore: decorator
@inline export function zeroRun(dst: usize, bytes: usize): void {
  if (bytes > 256) {
    memory.fill(dst, 0, bytes);
    return;
  }
  let o: usize = 0;
  for (; o + 16 <= bytes; o += 16) v128.store(dst + o, i32x4.splat(0));
  for (; o < bytes; o += 4) store<f32>(dst + o, 0);
}
